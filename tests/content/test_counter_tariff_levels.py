"""A counter-tariff raised to 50% can be lowered to 25%, the level it can be raised to, not
only to 10% or removed."""

from __future__ import annotations

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import check_action, new_game


def test_a_counter_tariff_at_50_can_come_down_to_25():
    ruleset = load_ruleset("second-visit")
    state = new_game(ruleset, 1)
    state.values["sector.aluminum.counter_tariff"] = 50.0
    assert (
        check_action(
            ruleset, state, "remove_counter_tariff", {"sector": "aluminum", "level": 25.0}
        )[1]
        == ""
    )
    state.values["sector.aluminum.counter_tariff"] = 25.0
    reason = check_action(
        ruleset, state, "remove_counter_tariff", {"sector": "aluminum", "level": 25.0}
    )[1]
    assert reason.startswith("The counter-tariff is already at or below that level")
