"""Complete games per second of second-visit, on one worker and on all cores.

Baseline in the same run: the passive policy on one worker (the cheapest possible game).
Goal: 10,000 games (random policy) in under 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from diplomacy_game.content import load_ruleset
from diplomacy_game.sim.batch import simulate_many

import _common  # noqa: F401


def rate(policy: str, games: int, workers: int) -> float:
    t0 = time.perf_counter()
    simulate_many([("second-visit", policy, games)], 1, workers=workers)
    return games / (time.perf_counter() - t0)


def measure(games: int = 2000) -> dict:
    load_ruleset("second-visit")  # warm the file cache
    cores = os.cpu_count() or 1
    passive_one = rate("passive", max(100, games // 4), 1)
    random_one = rate("random", games, 1)
    random_all = rate("random", games, cores)
    seconds_10k = 10_000 / random_all
    return {
        "games": games,
        "passive_games_per_s_1_worker": round(passive_one, 1),
        "random_games_per_s_1_worker": round(random_one, 1),
        "random_games_per_s_all_cores": round(random_all, 1),
        "cores": cores,
        "seconds_for_10000_games": round(seconds_10k, 1),
        "ratio_to_passive": round(random_one / passive_one, 2),
        "goal_met": seconds_10k < 10.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--games", type=int, default=2000, help="games per measurement (10000 for the full figure)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.games)
    if args.json:
        print(json.dumps(r))
        return
    print(f"simulate: {r['games']} games of second-visit ({_common.machine()})")
    print(
        f"  random policy: {r['random_games_per_s_1_worker']} games/s on 1 worker, {r['random_games_per_s_all_cores']} on {r['cores']} cores"
    )
    print(f"  10,000 games would take {r['seconds_for_10000_games']} s (goal: under 10 s)")
    print(
        f"  baseline: passive policy {r['passive_games_per_s_1_worker']} games/s on 1 worker; random runs at {r['ratio_to_passive']}x of it"
    )


if __name__ == "__main__":
    main()
