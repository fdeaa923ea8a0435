"""The briefing's last line: which events still wait for an answer, and which are answered."""

from __future__ import annotations

from diplomacy_game.tui.widgets.briefing import _answers_line

PENDING = [
    {"id": "ev_review", "title": "One month to the review"},
    {"id": "ev_business", "title": "Business wants a deal"},
]


def test_events_not_yet_answered_are_awaited() -> None:
    line = _answers_line(PENDING, set()).plain
    assert line.startswith("Awaiting your answer: One month to the review; Business wants")
    assert "Answered" not in line and "✔" not in line
    assert line.endswith("press r to answer.")


def test_answered_events_are_not_said_to_be_awaited() -> None:
    some = _answers_line(PENDING, {"ev_review"}).plain
    assert some.startswith("Awaiting your answer: Business wants a deal ")
    assert "Answered: ✔ One month to the review" in some
    every = _answers_line(PENDING, {"ev_review", "ev_business"}).plain
    assert "Awaiting" not in every
    assert every.startswith("Answered: ✔ One month to the review; ✔ Business wants a deal")
    assert every.endswith("press r to change an answer.")
