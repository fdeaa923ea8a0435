"""The Supreme Court's IEEPA ruling comes in any game whose weeks meet its window (13 January
to 2 June 2026), whether the hearing of 5 November 2025 is news in that game or history."""

from __future__ import annotations

import re
from pathlib import Path

from diplomacy_game.content import load_content, load_ruleset
from diplomacy_game.sim.batch import simulate
from tests.content.test_author_mistakes import WINTER  # seven turns, December to March


def test_the_ruling_comes_in_a_scenario_that_starts_after_the_hearing(tmp_path: Path):
    pack = tmp_path / "lesson"
    pack.mkdir()
    (pack / "winter.toml").write_text(WINTER, encoding="utf-8")
    ruleset = load_ruleset("cls-winter", extra=[pack])
    hearing = ruleset.events["scotus_ieepa_hearing"].spec.date
    assert hearing is not None and hearing < ruleset.scenario.start  # history here
    data = simulate(ruleset, "random", 40, 1, extra=[pack]).to_json(ruleset)
    # four turns in the window, an 18% chance each time the event is weighed: about 3 games
    # in 4 (152 of 200 from seed 1)
    assert 15 <= data["event_games"].get("scotus_ruling", 0) <= 38, data["event_games"]


# fired('x') > 0, fired('x') >= 1 or fired('x') alone: the event x must have fired in the game.
FIRED = re.compile(r"fired\('([^']+)'\)\s*(?:>\s*0|>=\s*1)?(?!\s*[<>=!])")


def test_no_built_in_event_waits_for_a_dated_event_to_have_fired():
    """A dated event fires only in a game whose weeks hold its date: in one that starts later
    it is history, and an event that needs it to have fired never comes. What a later event
    needs of the past is a flag the scenario can set at its start."""
    events = load_content().entities["event"]
    waits = [
        (event.id, needed)
        for event in events.values()
        for condition in [event.condition, *(o.condition for o in event.options)]
        for needed in FIRED.findall(str(condition))
        if needed in events and events[needed].date is not None
    ]
    assert waits == []
