"""Time to resolve one turn of the full second-visit scenario: median and p99.

Baseline in the same run: copying the game state (the least any pure turn function must do).
Goal: median under 1 ms, p99 under 5 ms.
"""

from __future__ import annotations

import argparse
import json
import time

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.sim.policies import get_policy, policy_rng

import _common  # noqa: F401  (puts the project on the path)


def measure(games: int = 150) -> dict:
    ruleset = load_ruleset("second-visit")
    policy = get_policy("random")
    turn_times: list[float] = []
    copy_times: list[float] = []
    for seed in range(games):
        state = new_game(ruleset, seed)
        while not state.over:
            decision = policy.decide(ruleset, state, policy_rng(seed, state.turn + 1))
            t0 = time.perf_counter()
            state.copy()
            t1 = time.perf_counter()
            state, _ = resolve_turn(ruleset, state, decision)
            t2 = time.perf_counter()
            copy_times.append(t1 - t0)
            turn_times.append(t2 - t1)
    median = _common.percentile(turn_times, 50) * 1000
    p99 = _common.percentile(turn_times, 99) * 1000
    copy_median = _common.percentile(copy_times, 50) * 1000
    return {
        "turns": len(turn_times),
        "median_ms": round(median, 4),
        "p99_ms": round(p99, 4),
        "copy_median_ms": round(copy_median, 4),
        "ratio_to_copy": round(median / copy_median, 1),
        "goal_met": median < 1.0 and p99 < 5.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=150)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.games)
    if args.json:
        print(json.dumps(result))
        return
    print(f"turn: {result['turns']} turns of second-visit ({_common.machine()})")
    print(
        f"  median {result['median_ms']:.3f} ms, p99 {result['p99_ms']:.3f} ms (goal: median < 1 ms, p99 < 5 ms)"
    )
    print(
        f"  baseline: copying the state takes {result['copy_median_ms']:.3f} ms; a turn is {result['ratio_to_copy']}x that"
    )


if __name__ == "__main__":
    main()
