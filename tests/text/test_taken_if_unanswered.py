"""The answer a waiting event takes when the player gives none, as the event's dialog marks it
and opens on it, is the one the turn engine takes: the default if it is open, else the first
open answer (docs/content.md: "no default: the first option")."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.turn import option_chosen, waiting_entry
from diplomacy_game.text.actions import taken_if_unanswered


@pytest.mark.parametrize("scenario", ["second-visit", "review-sprint", "hawks-table"])
def test_the_answer_taken_unanswered_is_the_engines(scenario: str) -> None:
    ruleset = load_ruleset(scenario)
    checked = 0
    for event in ruleset.events.values():
        if not event.options:
            continue
        for code in range(1 << len(event.options)):  # every pattern of open answers
            entry = waiting_entry(event, code)
            k = option_chosen(event, None, lambda j, code=code: code >> j & 1, 1)
            expected = event.options[k].id if k >= 0 else None
            assert taken_if_unanswered(entry["options"]) == expected, (event.spec.id, code)
            checked += 1
    assert checked


def test_no_default_marked_takes_the_first_open_answer() -> None:
    options = [
        {"id": "a", "available": False},
        {"id": "b", "available": True},
        {"id": "c", "available": True},
    ]
    assert taken_if_unanswered(options) == "b"
    options[0]["available"] = True
    assert taken_if_unanswered(options) == "a"
    assert taken_if_unanswered([]) is None
    assert taken_if_unanswered([{"id": "a", "available": False, "default": True}]) is None


def test_the_briefing_says_an_event_left_unanswered_was_not_answered(tmp_path) -> None:
    """The briefing said "You answered “The President muses about letting CUSMA lapse”: Say
    nothing new" of a turn whose decision gave no answer at all: the default had stood."""
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.text.turns import briefing
    from diplomacy_game.tui.session import GameSession

    def said(answer: bool) -> list[str]:
        s = GameSession.new("review-sprint", 3, SaveLibrary(tmp_path))
        while not s.unanswered():
            s.commit(s.resolve())
        event = s.unanswered()[0]
        taken = taken_if_unanswered(event["options"])
        if answer:  # the very option the default would take, chosen by the player
            s.answers[event["id"]] = taken
        outcome = s.resolve()
        s.commit(outcome)
        return [p.text for p in briefing(s.ruleset, s.state, outcome.report) if p.kind == "you"]

    left, answered = said(False), said(True)
    assert any(" unanswered, so it went as it does then: " in text for text in left), left
    assert not any(text.startswith("You answered") for text in left), left
    assert any(text.startswith("You answered ") for text in answered), answered
