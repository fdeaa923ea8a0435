"""Shared helpers for the benchmarks: timing and a one-line table row."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def machine() -> str:
    import os

    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def row(name: str, figure: str, goal: str, ok: bool | None) -> dict:
    verdict = "n/a" if ok is None else ("meets goal" if ok else "misses goal")
    return {"bench": name, "figure": figure, "goal": goal, "verdict": verdict}
