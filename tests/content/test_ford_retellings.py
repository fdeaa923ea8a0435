"""Doug Ford's repeated demand reads as the game's history has it: "says it again" only
after he has said it, twice at most, then the variant of his lost patience."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.game import new_game

EVENT = "ford_demands_retaliation"
AGAIN = "says it again, louder"
LOST_PATIENCE = "same message and less patience"


def _told(telling: int, relief_won: bool) -> str:
    """The text of Ford's ``telling``-th demand in a game whose counter-tariffs are gone."""
    ruleset = load_ruleset("second-visit")
    state = new_game(ruleset, 1)
    state.values["effective_ca_tariff"] = 0.0
    state.flags.update(electricity_surcharge=False, ad_pulled_early=False, relief_won=relief_won)
    state.fired[EVENT] = [telling, state.turn + 1]  # as counted when the event fires
    ctx = TurnContext(ruleset, state, None)
    return ruleset.events[EVENT].render(ctx)


@pytest.mark.parametrize("relief_won", [False, True])
def test_ford_says_it_again_only_after_he_has_said_it(relief_won: bool) -> None:
    told = [_told(n, relief_won) for n in range(1, 6)]
    assert AGAIN not in told[0], told[0]
    assert [AGAIN in text for text in told].count(True) <= 2
    assert all(LOST_PATIENCE in text for text in told[3:])


def test_the_first_demand_after_the_counter_tariffs_went_names_what_was_dropped() -> None:
    assert "dropped Canada's counter-tariffs and got nothing" in _told(1, relief_won=False)
