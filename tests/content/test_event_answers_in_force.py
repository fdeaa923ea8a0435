"""An answer offered to an event is one the player can still give in their own game: played
(The Hawks' Table, seed 9), Canada dropped every counter-tariff on turn 1, and the business
council's event then offered to "widen remission of counter-tariffs" and to keep "the
leverage" (a little less bite to the counter-tariffs) that no longer existed."""

from __future__ import annotations

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game, pending_events
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import ActionChoice, Decision

COUNTER_TARIFF_ANSWERS = {"remission", "leverage_stays"}


def _business_council(scenario: str, seed: int, actions: list[ActionChoice]) -> dict[str, bool]:
    ruleset = load_ruleset(scenario)
    state, _ = resolve_turn(ruleset, new_game(ruleset, seed), Decision(actions=actions))
    event = next(e for e in pending_events(ruleset, state) if e["id"] == "dom_business_council")
    return {o["id"]: o["available"] for o in event["options"]}


def test_no_counter_tariff_answer_once_every_counter_tariff_is_dropped():
    drop = [ActionChoice(id="drop_counter_tariffs"), ActionChoice(id="flatter_president")]
    options = _business_council("hawks-table", 9, drop)
    assert not any(options[o] for o in COUNTER_TARIFF_ANSWERS), options
    assert options["advisory_council"]


def test_the_counter_tariff_answers_stay_open_while_counter_tariffs_are_in_force():
    hit_back = [
        ActionChoice(id="counter_tariff", params={"sector": "agrifood", "level": 25.0}),
        ActionChoice(id="electricity_surcharge"),
    ]
    options = _business_council("second-visit", 21, hit_back)
    assert all(options[o] for o in COUNTER_TARIFF_ANSWERS), options
