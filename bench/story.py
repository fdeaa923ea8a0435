"""How often one game repeats itself: the most times any event's body text is shown in one game.

Plays every built-in policy on every built-in scenario with the single-game engine (the one
that renders texts) and counts, per game, how often each event body text is shown. Two
counts: the exact text, and the text with its figures masked (a jobs report that differs only
by "7.1%" against "7.2%" reads as the same report). Goal: at most twice in any game.

    python bench/story.py               # 200 games per policy and scenario
    python bench/story.py --games 20    # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.batch import game_seed
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import REGISTRY, get_policy

import _common  # noqa: F401

SCENARIOS = ("second-visit", "review-sprint", "hawks-table")
GOAL = 2
_FIGURE = re.compile(r"\d[\d,.]*")


def masked(text: str) -> str:
    return _FIGURE.sub("#", text)


def game_counts(ruleset, policy, seed: int) -> tuple[Counter, Counter, dict[str, str]]:
    exact: Counter = Counter()
    loose: Counter = Counter()
    owner: dict[str, str] = {}
    for _, report in play_game(ruleset, new_game(ruleset, seed), policy=policy):
        for event in report.events:
            exact[event["text"]] += 1
            key = masked(event["text"])
            loose[key] += 1
            owner[key] = event["id"]
    return exact, loose, owner


def measure_one(job: tuple[str, str, int]) -> dict:
    scenario, policy_name, games = job
    ruleset = load_ruleset(scenario)
    policy = get_policy(policy_name)
    worst_exact = worst_loose = 0
    over: Counter = Counter()  # event id -> games in which one of its texts was shown > GOAL
    worst_event = ""
    for i in range(games):
        exact, loose, owner = game_counts(ruleset, policy, game_seed(7, i))
        worst_exact = max(worst_exact, max(exact.values(), default=0))
        top = max(loose.values(), default=0)
        if top > worst_loose:
            worst_loose = top
            worst_event = next(owner[k] for k, n in loose.items() if n == top)
        for key, n in loose.items():
            if n > GOAL:
                over[owner[key]] += 1
    return {
        "scenario": scenario,
        "policy": policy_name,
        "games": games,
        "max_exact": worst_exact,
        "max_masked": worst_loose,
        "worst_event": worst_event,
        "over_goal": dict(over.most_common()),
    }


def measure(games: int = 200, workers: int | None = None) -> dict:
    jobs = [(s, p, games) for s in SCENARIOS for p in sorted(REGISTRY)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        rows = list(pool.map(measure_one, jobs))
    offenders: Counter = Counter()
    for r in rows:
        offenders.update(r["over_goal"])
    return {
        "games_per_policy_and_scenario": games,
        "seconds": round(time.perf_counter() - t0, 1),
        "max_exact": max(r["max_exact"] for r in rows),
        "max_masked": max(r["max_masked"] for r in rows),
        "goal_met": max(r["max_masked"] for r in rows) <= GOAL,
        "offenders": dict(offenders.most_common()),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = measure(args.games, args.workers)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"{_common.machine()}; {args.games} games per policy and scenario in {out['seconds']} s")
    for r in out["rows"]:
        print(
            f"{r['scenario']:14} {r['policy']:22} exact {r['max_exact']:2}  masked "
            f"{r['max_masked']:2}  ({r['worst_event']})"
        )
    print(
        f"most times one body text is shown in one game: {out['max_exact']} exactly, "
        f"{out['max_masked']} with figures masked (goal: at most {GOAL})"
    )
    if out["offenders"]:
        print("events shown more than twice (games):", out["offenders"])


if __name__ == "__main__":
    main()
