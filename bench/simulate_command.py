"""10,000 games of second-visit timed as a user runs them: the whole command.

Each run is a fresh ``python -m diplomacy_game simulate --scenario second-visit --policy
random --games N [--workers K]``: interpreter start, imports, content load, the process pool
and the summary are all in the figure. Baseline in the same run, alternated with it so that
both see the same machine: ``python -c "import numpy, pydantic"`` (the least any command of
the game costs). The summaries of every worker count must be identical; the script says so.
Goal: 10,000 games in at most 4 s on a 2-core machine (2,500 games/s).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import _common

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "second-visit"
GOAL_SECONDS = 4.0


def _env(code: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def timed(argv: list[str], code: Path = ROOT) -> tuple[float, str]:
    """Wall seconds of one command from launch to exit (the game's code taken from
    ``code``), and what it printed."""
    t0 = time.perf_counter()
    done = subprocess.run(
        argv, capture_output=True, text=True, env=_env(code), cwd=code, check=False
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.strip()}")
    return seconds, done.stdout


def simulate_argv(games: int, workers: int | None, policy: str) -> list[str]:
    argv = [sys.executable, "-m", "diplomacy_game", "simulate", "--scenario", SCENARIO]
    argv += ["--policy", policy, "--games", str(games), "--json"]
    if workers is not None:
        argv += ["--workers", str(workers)]
    return argv


BASELINE = [sys.executable, "-c", "import numpy, pydantic"]


def measure(
    games: int = 10_000, runs: int = 3, policy: str = "random", reference: Path | None = None
) -> dict:
    """Medians of ``runs`` runs of each command; ``reference``: another checkout of the game
    whose command is timed too (the code before a change, say)."""
    cores = os.cpu_count() or 1
    worker_counts: list[int | None] = [None, 1] + ([cores] if cores > 1 else [])
    times: dict[str, list[float]] = {"baseline": []}
    outputs: dict[str, set[str]] = {}
    for _ in range(runs):
        for workers in worker_counts:
            times.setdefault(str(workers or "default"), [])
            seconds, out = timed(simulate_argv(games, workers, policy))
            times[str(workers or "default")].append(seconds)
            outputs.setdefault(str(workers or "default"), set()).add(out)
            times["baseline"].append(timed(BASELINE)[0])
        if reference is not None:
            times.setdefault("reference", []).append(
                timed(simulate_argv(games, None, policy), reference)[0]
            )
    medians = {k: statistics.median(v) for k, v in times.items()}
    summaries = {out for group in outputs.values() for out in group}
    command = medians["default"]
    return {
        "games": games,
        "policy": policy,
        "runs": runs,
        "machine": _common.machine(),
        "median_seconds": {k: round(v, 2) for k, v in medians.items()},
        "games_per_s_default": round(games / command, 1),
        "seconds_for_10000_games": round(command * 10_000 / games, 2),
        "baseline_ratio": round(command / medians["baseline"], 1),
        "reference_ratio": round(medians["reference"] / command, 2) if reference else None,
        "same_results_for_every_worker_count": len(summaries) == 1,
        "goal_met": command * 10_000 / games <= GOAL_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--policy", default="random")
    parser.add_argument(
        "--reference", type=Path, help="another checkout of the game to time the same command of"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.games, args.runs, args.policy, args.reference)
    if args.json:
        print(json.dumps(r))
        return
    m = r["median_seconds"]
    print(f"simulate command: {r['games']} games of {SCENARIO}, {r['policy']} ({r['machine']})")
    print(
        f"  median of {r['runs']}: {m['default']} s with the default workers "
        f"({r['games_per_s_default']} games/s), {m['1']} s on 1 worker"
        + (f", {m[str(os.cpu_count())]} s on {os.cpu_count()}" if str(os.cpu_count()) in m else "")
    )
    print(f"  baseline python -c 'import numpy, pydantic': {m['baseline']} s")
    if r["reference_ratio"] is not None:
        print(f"  reference checkout: {m['reference']} s ({r['reference_ratio']}x this one's time)")
    print(f"  same summary for every worker count: {r['same_results_for_every_worker_count']}")
    verdict = "meets" if r["goal_met"] else "misses"
    print(f"  10,000 games: {r['seconds_for_10000_games']} s (goal: at most 4 s): {verdict}")


if __name__ == "__main__":
    main()
