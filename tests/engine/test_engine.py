"""The turn engine: determinism, purity, illegal decisions, and every policy finishing."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from diplomacy_game.content import load_content, load_ruleset
from diplomacy_game.engine.game import list_actions, new_game, pending_events
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import ActionChoice, Decision, DecisionError
from diplomacy_game.saves.store import decode, encode
from diplomacy_game.sim.headless import play_through, result_json
from diplomacy_game.sim.policies import REGISTRY, get_policy


def play(ruleset, seed, policy="random", turns=None, state=None):
    state = state if state is not None else new_game(ruleset, seed)
    return play_through(ruleset, state, policy=get_policy(policy), max_turns=turns)


def as_json(state) -> str:
    return json.dumps(result_json(state, "", ""), sort_keys=True)


def test_same_seed_same_game(ruleset):
    for seed in (1, 2, 99):
        assert as_json(play(ruleset, seed)) == as_json(play(ruleset, seed))


def test_different_seeds_give_different_games(ruleset):
    games = {as_json(play(ruleset, seed)) for seed in range(6)}
    assert len(games) == 6


@pytest.mark.parametrize("policy", sorted(REGISTRY))
def test_save_midway_then_load_equals_uninterrupted_play(ruleset, policy):
    for seed in range(8):
        whole = play(ruleset, seed, policy)
        half = play(ruleset, seed, policy, turns=1 + seed % 9)
        restored = decode(encode(ruleset, half), ruleset)
        assert restored.to_dict() == half.to_dict()
        finished = play(ruleset, seed, policy, state=restored)
        assert finished.to_dict() == whole.to_dict()


SCENARIOS = sorted(load_content().scenarios)


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("policy", sorted(REGISTRY))
def test_every_policy_finishes_every_scenario_for_many_seeds(scenario, policy):
    ruleset = load_ruleset(scenario) if scenario != "second-visit" else _main_ruleset()
    for seed in range(25):
        state = play(ruleset, seed, policy)
        assert state.over, f"{policy} seed {seed} did not end"
        assert state.ending["grade"]
        assert len(state.history) == state.turn == len(state.decisions)


_CACHE: dict = {}


def _main_ruleset():
    if "main" not in _CACHE:
        _CACHE["main"] = load_ruleset("second-visit")
    return _CACHE["main"]


def test_resolve_turn_does_not_change_its_input(ruleset):
    state = new_game(ruleset, 3)
    before = json.dumps(state.to_dict(), sort_keys=True)
    resolve_turn(ruleset, state, Decision(actions=[ActionChoice(id="call_president")]))
    assert json.dumps(state.to_dict(), sort_keys=True) == before


def test_no_turn_of_a_game_changes_its_input(ruleset):
    # a copied state shares the event and action records (state.GameState.copy)
    state, policy, refired = new_game(ruleset, 5), get_policy("random"), 0
    while not state.over:
        before = json.dumps(state.to_dict(), sort_keys=True)
        decision = policy.decide(ruleset, state, np.random.default_rng(state.turn))
        new, report = resolve_turn(ruleset, state, decision)
        assert json.dumps(state.to_dict(), sort_keys=True) == before
        refired += sum(e["id"] in state.fired for e in report.events)
        state = new
    assert refired  # records already kept were replaced


def _illegal(ruleset, state, decision, fragment):
    before = json.dumps(state.to_dict(), sort_keys=True)
    with pytest.raises(DecisionError) as info:
        resolve_turn(ruleset, state, decision)
    assert fragment in str(info.value)
    assert f"turn {state.turn + 1}" in str(info.value)
    assert json.dumps(state.to_dict(), sort_keys=True) == before  # nothing half-applied


def test_illegal_decisions_are_refused_whole(ruleset):
    state = new_game(ruleset, 5)
    _illegal(
        ruleset,
        state,
        Decision(actions=[ActionChoice(id="call_presidnt")]),
        "did you mean 'call_president'",
    )
    _illegal(
        ruleset,
        state,
        Decision(actions=[ActionChoice(id="call_president"), ActionChoice(id="call_president")]),
        "once per turn",
    )
    _illegal(
        ruleset,
        state,
        Decision(actions=[ActionChoice(id="counter_tariff", params={"sector": "potash"})]),
        "must be one of",
    )
    _illegal(
        ruleset,
        state,
        Decision(actions=[ActionChoice(id="counter_tariff", params={"level": 33})]),
        "must be one of",
    )
    _illegal(
        ruleset,
        state,
        Decision(actions=[ActionChoice(id="counter_tariff", params={"colour": "red"})]),
        "unknown parameter",
    )
    _illegal(ruleset, state, Decision(answers={"lumber_232": "x"}), "not waiting for an answer")
    _illegal(ruleset, state, Decision(turn=4), "marked for turn 4")


def test_not_enough_capital_is_refused_and_nothing_applied(ruleset):
    state = new_game(ruleset, 5)
    state.values["capital"] = 0.0
    _illegal(
        ruleset, state, Decision(actions=[ActionChoice(id="call_president")]), "political capital"
    )


def test_a_condition_not_met_is_refused(ruleset):
    state = new_game(ruleset, 5)
    level = state.values["sector.steel.counter_tariff"]
    choice = ActionChoice(id="counter_tariff", params={"sector": "steel", "level": level})
    _illegal(ruleset, state, Decision(actions=[choice]), "counter_tariff")


def test_list_actions_explains_unavailable_actions(ruleset):
    state = new_game(ruleset, 5)
    options = {a.id: a for a in list_actions(ruleset, state)}
    assert options["call_president"].available
    state.values["capital"] = 0.0
    options = {a.id: a for a in list_actions(ruleset, state)}
    assert "political capital" in options["call_president"].reason


def test_events_with_options_wait_for_an_answer_and_take_the_default(ruleset):
    # Play until some event needs an answer, then check that an explicit answer is accepted.
    for seed in range(30):
        state = new_game(ruleset, seed)
        for _ in range(ruleset.turns - 1):
            state, _ = resolve_turn(ruleset, state, Decision())
            if state.over or state.pending:
                break
        if state.pending and not state.over:
            event = pending_events(ruleset, state)[0]
            option = next(o for o in event["options"] if o["available"])
            new_state, report = resolve_turn(
                ruleset, state, Decision(answers={event["id"]: option["id"]})
            )
            assert {
                "answer": event["id"],
                "option": option["id"],
                "label": option["label"],
            } in report.actions
            assert new_state.pending == [] or new_state.pending != state.pending
            return
    pytest.fail("no event with options fired in 30 seeds")


def test_the_game_ends_at_the_last_turn(ruleset):
    state = play(ruleset, 11, "passive")
    assert state.turn <= ruleset.turns
    with pytest.raises(DecisionError, match="over"):
        resolve_turn(ruleset, state, Decision())


def test_hidden_us_values_are_not_in_the_briefing(ruleset):
    from diplomacy_game.text.turns import turn_lines

    state = new_game(ruleset, 2)
    hidden = {"us.rapport": 73.37, "us.hawks": 81.19, "us.patience": 64.91, "us.need_win": 38.83}
    state.values.update(hidden)
    state, report = resolve_turn(ruleset, state, Decision())
    out = "\n".join(turn_lines(ruleset, state, report))
    assert "Advisors read" in out
    # each reading is its label, a colon, the band and who says it: "grievances the White House
    # is nursing none to speak of" ran the label and the band together
    line = next(x for x in out.splitlines() if "Advisors read" in x)
    readings = line.split("Advisors read ", 1)[1].rstrip(".").split("; ")
    assert readings and all(re.fullmatch(r"[^:]+: [^:]+ \([A-Z][\w-]+\)", r) for r in readings)
    for name in hidden:
        true_value = state.values[name]
        assert f"{true_value:.1f}" not in out, name


def test_every_value_stays_a_float(ruleset):
    """An int that slipped in (a clamp to a bound written as 100) would print as 100, not
    100.0, and a game reloaded from JSON would no longer be the same game byte for byte."""
    for policy in ("hardline", "appease", "random"):
        for seed in range(6):
            state = play(ruleset, seed, policy)
            bad = {k: v for k, v in state.values.items() if type(v) is not float}
            assert not bad, (policy, seed, bad)


def test_reasons_an_action_is_unavailable_are_clauses():
    """Every reason is a clause the screens end with one full stop: a content text that ended
    with its own showed as "... is made only once.." (both ends of a game, every action)."""
    ruleset = load_ruleset("second-visit")
    seen = set()
    for state in (
        new_game(ruleset, 3),
        play_through(ruleset, new_game(ruleset, 3), policy=get_policy("appease"), max_turns=12),
    ):
        for option in list_actions(ruleset, state, 0.0):
            if option.reason:
                seen.add(option.id)
                assert not option.reason.endswith("."), (option.id, option.reason)
    assert "china_canola_deal" in seen or len(seen) >= 5, seen
