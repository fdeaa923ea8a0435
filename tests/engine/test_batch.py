"""The batch engine plays the single-game engine's games, bit for bit, game by game.

Every built-in policy and the example strategies play the same seeds in both engines, in
each scenario; then the whole final state is compared: every variable (hidden ones too,
with ``==`` on floats), events fired and actions taken with their counts and turns, flags,
the posture history, the ending, and each game's generator state, which shows that both
engines drew the same number of random numbers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.batch import game_seed, play_many, play_one, run_batch
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY
from diplomacy_game.sim.strategy_file import resolve_policy

ROOT = Path(__file__).resolve().parents[2]
STRATEGIES = sorted(str(p) for p in (ROOT / "content" / "strategies").glob("*.toml"))
SEEDS = {"second-visit": 10, "hawks-table": 6, "review-sprint": 6}


def assert_same_game(
    batch, i: int, state, where: str, same: Callable[[float, float], bool] = operator.eq
) -> None:
    """Game ``i`` of the batch ends in ``state``: every variable (compared with ``same``),
    events fired and actions taken with their counts and last turns, and the flags set."""
    values = {name: float(batch.vals[k, i]) for name, k in batch.index.items()}
    differ = [n for n in state.values if not same(values[n], state.values[n])]
    assert not differ, f"{where}: values differ: {differ[:5]}"
    fired = {
        e: [int(batch.fired_count[k, i]), int(batch.fired_last[k, i])]
        for e, k in batch.event_row.items()
        if batch.fired_count[k, i]
    }
    assert fired == state.fired, where
    taken = {
        a: [int(batch.taken_count[k, i]), int(batch.taken_last[k, i])]
        for a, k in batch.action_row.items()
        if batch.taken_count[k, i]
    }
    assert taken == state.taken, where
    flags = {name for name, arr in batch._flags.items() if arr[i]}
    assert flags == {k for k, v in state.flags.items() if v}, where


@pytest.fixture(scope="module", params=sorted(SEEDS))
def scenario(request):
    return request.param, load_ruleset(request.param)


@pytest.mark.parametrize("policy_name", [*REGISTRY, *STRATEGIES])
def test_batch_games_equal_single_games(scenario, policy_name):
    scenario_id, ruleset = scenario
    seeds = [game_seed(2026, i) for i in range(SEEDS[scenario_id])]
    policy = resolve_policy(policy_name, ruleset)
    batch = run_batch(ruleset, policy, seeds)
    for i, seed in enumerate(seeds):
        state = play_through(ruleset, new_game(ruleset, seed), policy=policy)
        where = f"{scenario_id}, {policy_name}, game {i} (seed {seed})"
        assert_same_game(batch, i, state, where)
        assert batch.posture_log[i] == [(r["turn"], r["us_posture"]) for r in state.history]
        assert batch.events_log[i] == [e for r in state.history for e in r["events"]], where
        assert batch.actions_log[i] == [a for r in state.history for a in r["actions"]], where
        assert batch.endings[i] == (state.ending["id"], state.ending["grade"]), where
        assert int(batch.ended_turn[i]) == state.turn, where
        assert batch.gens[i].bit_generator.state == state.rng_state, where


def test_play_many_matches_play_one_and_any_batch_split():
    ruleset = load_ruleset("second-visit")
    seeds = [game_seed(7, i) for i in range(12)]
    whole = play_many(ruleset, "random", seeds)
    assert whole == [play_one(ruleset, "random", s) for s in seeds]
    assert play_many(ruleset, "random", seeds[5:9]) == whole[5:9]
    assert len({tuple(r.actions) for r in whole}) > 1  # the games do differ


def test_estimates_match_the_advisors_readings():
    """What the policies read: the advisors' mean estimates, after the opening and a turn."""
    from diplomacy_game.sim.policies import advisor_estimates, get_policy

    ruleset = load_ruleset("second-visit")
    seeds = [game_seed(3, i) for i in range(6)]
    batch = run_batch(ruleset, get_policy("passive"), seeds)
    for i, seed in enumerate(seeds):
        state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy("passive"))
        expected = advisor_estimates(state)
        assert {k: float(v[i]) for k, v in batch.estimates.items()} == expected


def test_a_seed_out_of_range_is_refused():
    from diplomacy_game.engine.batch import BatchGames

    with pytest.raises(ValueError, match="seed"):
        BatchGames(load_ruleset("second-visit"), [1, -1])
    assert np.all(BatchGames(load_ruleset("second-visit"), [1, 2]).alive)


ODD_PACK = """
[[event]]
id = "test_windfall"
title = "Windfall"
category = "domestic"
weight = "40 if flag('test_lucky') else 25"
text = "A windfall."
effects = ["fiscal_room += uniform(0.5, 2.5)", "schedule('test_echo', 0)", "if chance(0.5): set_flag('test_lucky')"]
[[event.options]]
id = "bank"
label = "Bank it"
hint = "h"
effects = ["if chance(0.3): approval += uniform(-1, 1)", "schedule('test_late', 2)"]
stance = "neutral"
default = true
[[event.options]]
id = "spend"
label = "Spend it"
hint = "h"
condition = "capital >= 1"
effects = ["approval += 1", "clear_flag('test_lucky')"]
stance = "conciliatory"

[[event]]
id = "test_echo"
title = "Echo"
category = "domestic"
triggered_only = true
condition = "chance(0.7) and turns_since('test_windfall') < 1"
text = "Echo."
effects = ["uncertainty += 1", "schedule('test_echo_two', 0)"]

[[event]]
id = "test_echo_two"
title = "Echo two"
category = "domestic"
triggered_only = true
cooldown = 2
text = "Echo two."
effects = ["us.rapport -= uniform(0, 2)"]

[[event]]
id = "test_late"
title = "Late"
category = "domestic"
triggered_only = true
text = "Late."
effects = ["fiscal_room -= 0.5"]
"""


@pytest.mark.parametrize("policy_name", ["random", "steady"])
def test_batch_matches_on_content_with_rarer_features(tmp_path, policy_name):
    """Draws in effects and option effects, zero-delay chains, flags, cooldowns: features the
    built-in content uses little, in a pack added to it."""
    pack = tmp_path / "odd"
    pack.mkdir()
    (pack / "events.toml").write_text(ODD_PACK, encoding="utf-8")
    ruleset = load_ruleset("second-visit", extra=[pack])
    seeds = [game_seed(11, i) for i in range(12)]
    results = play_many(ruleset, policy_name, seeds)
    assert results == [play_one(ruleset, policy_name, s) for s in seeds]
    fired = {e for r in results for e in r.events}
    assert {"test_windfall", "test_echo", "test_echo_two", "test_late"} <= fired


def test_an_expression_without_a_vector_form_falls_back_to_the_turn_engine(monkeypatch):
    import diplomacy_game.engine.vexpr as vexpr
    from diplomacy_game.engine.expr import ExprError

    ruleset = load_ruleset("review-sprint")
    seeds = [game_seed(5, i) for i in range(3)]
    expected = [play_one(ruleset, "steady", s) for s in seeds]

    def refuse(compiled):
        raise ExprError("not supported by the vector backend")

    monkeypatch.setattr(vexpr, "build", refuse)  # a fresh ruleset has built no vector form yet
    turns = []
    assert play_many(ruleset, "steady", seeds, on_turn=lambda: turns.append(1)) == expected
    assert len(turns) == len(seeds) * ruleset.turns


@pytest.mark.parametrize("policy_name", ["random", "hardline"])
def test_summary_from_the_arrays_equals_the_summary_of_each_game(policy_name):
    from diplomacy_game.sim.batch import Summary, summarize

    ruleset = load_ruleset("second-visit")
    seeds = [game_seed(4, i) for i in range(40)]
    by_game = Summary("second-visit", policy_name, len(seeds), 4)
    for result in play_many(ruleset, policy_name, seeds):
        by_game.add(result)
    fast = summarize(ruleset, policy_name, seeds, 4)
    assert fast.to_json(ruleset) == by_game.to_json(ruleset)
    assert fast.turns == by_game.turns and fast.finals == by_game.finals
    assert sum(fast.event_counts.values()) > len(seeds)
