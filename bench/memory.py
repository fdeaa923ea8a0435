"""Peak memory of a 10,000-game tournament (results stream into running summaries, they do
not pile up), measured in a fresh process, against the same process after loading the game
and before playing (the baseline). Goal: under 300 MB.

The terminal UI's figure (goal: under 150 MB after a full game) is measured by
bench/startup.py's companion when the UI is installed: see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

import _common  # noqa: F401

HERE = Path(__file__).resolve().parent

CHILD = r"""
import resource, sys, json
sys.path.insert(0, {root!r})
from diplomacy_game.content import load_ruleset
from diplomacy_game.sim.tournament import run_tournament
ruleset = load_ruleset("second-visit")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
run_tournament(ruleset, {policies!r}, {games}, 1, workers=1)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"baseline_kb": base, "peak_kb": peak}}))
"""


def measure(games: int, policies: list[str]) -> dict:
    code = CHILD.format(root=str(HERE.parent), policies=policies, games=games // len(policies))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb = data["peak_kb"] / 1024
    base_mb = data["baseline_kb"] / 1024
    return {
        "games": games,
        "baseline_mb": round(base_mb, 1),
        "peak_mb": round(peak_mb, 1),
        "growth_mb": round(peak_mb - base_mb, 1),
        "goal_met": peak_mb < 300,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.games, ["passive", "steady", "hardline", "random"])
    if args.json:
        print(json.dumps(r))
        return
    print(f"memory: tournament of {r['games']} games, one process ({_common.machine()})")
    print(f"  peak {r['peak_mb']} MB (goal: under 300 MB); after loading, before playing: {r['baseline_mb']} MB; growth {r['growth_mb']} MB")


if __name__ == "__main__":
    resource.getrusage(resource.RUSAGE_SELF)
    main()
