"""Complete games per second of second-visit: 10,000 games on one worker and on all cores.

What is timed is what `diplomacy-game simulate` and `tournament` run: `simulate_many`, the
batch engine in chunks, with a process pool on all cores (its start-up included).
Baseline in the same run: the single-game engine (`play_one`, the reference the batch engine
is proven equal to), on one worker.
Goal: 10,000 games (random policy) in under 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from diplomacy_game.content import load_ruleset
from diplomacy_game.sim.batch import game_seed, play_one, simulate_many

import _common  # noqa: F401

SCENARIO = "second-visit"


def batch_rate(policy: str, games: int, workers: int) -> float:
    t0 = time.perf_counter()
    simulate_many([(SCENARIO, policy, games)], 1, workers=workers)
    return games / (time.perf_counter() - t0)


def single_rate(policy: str, games: int) -> float:
    ruleset = load_ruleset(SCENARIO)
    t0 = time.perf_counter()
    for i in range(games):
        play_one(ruleset, policy, game_seed(1, i))
    return games / (time.perf_counter() - t0)


def measure(games: int = 10_000, policies: tuple[str, ...] = ("random", "passive")) -> dict:
    load_ruleset(SCENARIO)  # warm the file cache
    cores = os.cpu_count() or 1
    out: dict = {"games": games, "cores": cores, "policies": {}}
    for policy in policies:
        baseline = single_rate(policy, max(50, min(300, games // 30)))
        one = batch_rate(policy, games, 1)
        every = batch_rate(policy, games, cores)
        out["policies"][policy] = {
            "single_engine_games_per_s": round(baseline, 1),
            "batch_games_per_s_1_worker": round(one, 1),
            "batch_games_per_s_all_cores": round(every, 1),
            "seconds_all_cores": round(games / every, 2),
            "speedup_1_worker": round(one / baseline, 1),
            "seconds_for_10000_games": round(10_000 / every, 2),
        }
    goal = out["policies"].get("random") or next(iter(out["policies"].values()))
    out["seconds_for_10000_games"] = goal["seconds_for_10000_games"]
    out["goal_met"] = goal["seconds_for_10000_games"] < 10.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=10_000, help="games per measurement")
    parser.add_argument(
        "--policy",
        action="append",
        help="policies to measure (default: random, then passive); the first is the goal's",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.games, tuple(args.policy or ("random", "passive")))
    if args.json:
        print(json.dumps(r))
        return
    print(f"simulate: {r['games']} games of {SCENARIO} ({_common.machine()})")
    for policy, p in r["policies"].items():
        print(
            f"  {policy}: {p['batch_games_per_s_1_worker']} games/s on 1 worker, "
            f"{p['batch_games_per_s_all_cores']} on {r['cores']} cores "
            f"({p['seconds_all_cores']} s for {r['games']} games); "
            f"single-game engine {p['single_engine_games_per_s']} games/s, "
            f"batch {p['speedup_1_worker']}x that on one worker"
        )
    verdict = "meets" if r["goal_met"] else "misses"
    print(
        f"  10,000 games would take {r['seconds_for_10000_games']} s (goal: under 10 s): {verdict}"
    )


if __name__ == "__main__":
    main()
