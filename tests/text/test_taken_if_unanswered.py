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
        """What the briefings and the ledgers say of the answers over six turns, the events
        left unanswered, or answered with the very option the default would take."""
        s = GameSession.new("review-sprint", 3, SaveLibrary(tmp_path))
        out = []
        for _ in range(6):
            if answer:
                for event in s.unanswered():
                    s.answers[event["id"]] = taken_if_unanswered(event["options"])
            outcome = s.resolve()
            s.commit(outcome)
            paragraphs = briefing(s.ruleset, s.state, outcome.report)
            out += [p.text for p in paragraphs if p.kind == "you"]
            changes = outcome.report.changes.values()
            out += [c.label for ch in changes for c, _ in ch.causes if c.kind == "answer"]
        return out

    left, answered = said(False), said(True)
    assert any(" unanswered, so it went as it does then: " in text for text in left), left
    assert not any(text.startswith(("You answered", "Your answer")) for text in left), left
    assert any(text.startswith("You answered ") for text in answered), answered
    assert any(" left unanswered: " in text for text in left), left  # the ledger's cause too
    assert any(text.startswith("Your answer to ") for text in answered), answered
