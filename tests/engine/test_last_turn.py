"""The last turn draws no event that asks for an answer: the game ends at that turn's end, so
an offer or a demand drawn then could never be answered (before this rule, a random player's
last turn of the Review Sprint drew one in 77 games of 100, a deal framework among them).
Dated news and the follow-ups of the player's own moves still fire; the President's posture is
still told by one of its events."""

from __future__ import annotations

import datetime as dt

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy


def _last_turns(ruleset, seeds, policy="random"):
    """Each game's last report, when the game lasted to the scenario's last turn."""
    for seed in seeds:
        last = None
        for state, report in play_game(ruleset, new_game(ruleset, seed), None, get_policy(policy)):
            last = state, report
        if last is not None and last[0].turn == ruleset.turns:
            yield last[1]


@pytest.mark.parametrize("scenario", ["review-sprint", "second-visit"])
def test_no_event_drawn_on_the_last_turn_asks_for_an_answer(scenario):
    ruleset = load_ruleset(scenario)
    events = ruleset.events
    reports = list(_last_turns(ruleset, range(40)))
    assert len(reports) >= 20  # enough games reach the review to show the rule
    drawn_asking, told_posture = [], 0
    for report in reports:
        for fired in report.events:
            spec = events[fired["id"]].spec
            drawn = spec.date is None and not spec.triggered_only
            if drawn and fired["options"]:
                drawn_asking.append(spec.id)
            told_posture += bool(spec.posture)
    assert drawn_asking == []
    # The posture is still expressed: most last turns tell it by an event that asks nothing.
    assert told_posture >= len(reports) // 2


def test_the_last_turns_pools_keep_dated_news_and_drop_only_what_asks_for_an_answer():
    ruleset = load_ruleset("second-visit")
    pools = ruleset.event_pools
    days = dt.timedelta(days=ruleset.scenario.turn_days)
    for k in range(ruleset.turns):
        begin = ruleset.scenario.start + k * days
        end = begin + days
        usual, last = pools.for_turn(begin, end), pools.for_turn(begin, end, final=True)
        assert last.dated == usual.dated
        assert last.random == [e for e in usual.random if not e.options]
        for posture, pool in last.by_posture.items():
            assert pool == [e for e in usual.by_posture[posture] if not e.options]
        asking = [e for pool in usual.by_posture.values() for e in pool if e.options]
        assert asking and not [e for pool in last.by_posture.values() for e in pool if e.options]


# A scenario whose days divide into whole turns: seven turns of 14 days, 2 December 2025 to
# 10 March 2026, with its own review on the end date.
WHOLE_TURNS = """[[scenario]]
id = "cls-whole"
title = "Seven Whole Turns"
description = "Seven turns of two weeks, ending on the day of the review."
start = 2025-12-02
end = 2026-03-10
difficulty = "introductory"

[[event]]
id = "cls_review_day"
title = "Review day"
category = "domestic"
text = "The review sits today."
date = 2026-03-10
"""


def test_the_last_turn_ends_on_the_scenarios_end_date_when_the_turns_are_whole(write_pack):
    """The last turn ended the day before the end date when the days divided into whole turns
    (a short last turn ended on it), so an event dated on the end date, the review itself,
    never fired, and validate warned it was outside the scenario's dates."""
    from diplomacy_game.content import load_content, validate

    pack = write_pack(WHOLE_TURNS)
    assert [str(i) for i in validate(load_content([pack]))] == []
    ruleset = load_ruleset("cls-whole", extra=[pack])
    assert ruleset.turns == 7
    reports = [r for _, r in play_game(ruleset, new_game(ruleset, 1), None, get_policy("steady"))]
    assert len(reports) == 7
    last = reports[-1]
    assert (last.start, last.end) == (dt.date(2026, 2, 24), dt.date(2026, 3, 11))
    fired = [r.turn for r in reports for e in r.events if e["id"] == "cls_review_day"]
    assert fired == [7]
