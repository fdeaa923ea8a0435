"""The actions' details pane says what an action costs only when there is a cost to pay."""

from __future__ import annotations

from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.tui.session import GameSession
from diplomacy_game.tui.widgets.actions import details_text

ONCE = "dairy_trq_administration"  # can be taken once in a game


def _after_taking(tmp_path, action_id: str) -> GameSession:
    s = GameSession.new("second-visit", 11, SaveLibrary(tmp_path))
    assert s.choose(action_id, {}) == ""
    s.commit(s.resolve())
    return s


def test_an_action_used_up_shows_no_cost_and_says_why(tmp_path):
    s = _after_taking(tmp_path, ONCE)
    shown = details_text(s, ONCE).plain
    assert "Cost:" not in shown  # it was "Cost: 0 political capital", for an action of 2
    assert "Not now: already used once, the most allowed." in shown


def test_an_action_that_can_be_taken_shows_its_cost(tmp_path):
    s = _after_taking(tmp_path, ONCE)
    other = next(o for o in s.options() if o.available)
    assert f"Cost: {other.cost:g} political capital" in details_text(s, other.id).plain
