"""Debrief speed, as a teacher meets it: the `report` command run as a user would, in a fresh
interpreter. Goals: one save's report in under 2 s; a class of 30 (`report handed-in/ -o
reports/`, every student's report and the class page) in under 30 s.

Set-up, not timed: `assign` a class of 30 on review-sprint (seed 2026) and play each
student's game headless with one of the built-in strategies, memos and all. The comparison
games are cached per scenario, seed and content; "cold" runs start from an empty cache
folder, "warm" runs find it filled.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common

ROOT = Path(__file__).resolve().parent.parent
STRATEGIES = ("steady", "advisor", "hardline", "appease", "random", "passive", "flatter-then-firm")


def _cli(args: list[str], cache: Path, cwd: Path) -> float:
    env = {**os.environ, "ELBOWS_UP_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "diplomacy_game", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"report failed: {done.stderr.strip()}")
    return took


def make_class(folder: Path, students: int, scenario: str) -> Path:
    from diplomacy_game.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / "roster.txt"
    roster.write_text("\n".join(f"Student {i + 1:02d}" for i in range(students)) + "\n")
    out = folder / "assignments"
    argv = ["assign", "--scenario", scenario, "--seed", "2026", "--class", "Civics 11B"]
    assert main([*argv, "--students", str(roster), "-o", str(out)]) == 0
    handed = folder / "handed-in"
    handed.mkdir()
    for i, path in enumerate(sorted(out.glob("*.json"))):
        policy = STRATEGIES[i % len(STRATEGIES)]
        save = handed / path.name
        assert main(["play", "--load", str(path), "--policy", policy, "--save", str(save)]) == 0
    return handed


def measure(students: int = 30) -> dict:
    import contextlib
    import io

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with contextlib.redirect_stdout(io.StringIO()):
            handed = make_class(folder, students, "review-sprint")
        one = sorted(handed.glob("*.json"))[0]
        caches = [folder / f"cache{i}" for i in range(3)]
        one_cold = _cli(["report", str(one), "-o", "one.html"], caches[0], folder)
        one_warm = _cli(["report", str(one), "-o", "one.html"], caches[0], folder)
        class_cold = _cli(["report", str(handed), "-o", "reports"], caches[1], folder)
        class_warm = _cli(["report", str(handed), "-o", "reports"], caches[1], folder)
        # The longest scenario, for scale: 20 turns instead of 9.
        with contextlib.redirect_stdout(io.StringIO()):
            long_class = make_class(folder / "long", 1, "second-visit")
        long_one = sorted(long_class.glob("*.json"))[0]
        long_cold = _cli(["report", str(long_one), "-o", "long.html"], caches[2], folder)
        pages = len(list((folder / "reports").glob("*.html")))
    return {
        "students": students,
        "pages": pages,
        "one_cold_s": round(one_cold, 2),
        "one_warm_s": round(one_warm, 2),
        "class_cold_s": round(class_cold, 2),
        "class_warm_s": round(class_warm, 2),
        "second_visit_one_cold_s": round(long_cold, 2),
    }


def summary(result: dict) -> list[dict]:
    return [
        _common.row(
            "report",
            f"one save {result['one_cold_s']} s (empty cache; {result['one_warm_s']} s cached; "
            f"second-visit {result['second_visit_one_cold_s']} s)",
            "< 2 s",
            result["one_cold_s"] < 2,
        ),
        _common.row(
            "class report",
            f"{result['students']} students + index.html {result['class_cold_s']} s "
            f"(empty cache; {result['class_warm_s']} s cached)",
            "< 30 s",
            result["class_cold_s"] < 30,
        ),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.students)
    if args.json:
        print(json.dumps(result))
    else:
        print(_common.machine())
        for key, value in result.items():
            print(f"{key:26} {value}")
