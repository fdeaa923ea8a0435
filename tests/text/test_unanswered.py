"""An event that asks for an answer in the turn the game ends is told as news, and its question
is never heard: the White House visit taken on the last turn ends on the President's "He wants
to hear a number." The story says the question stayed open, where a question asked mid-game is
shown as awaiting the player's answer."""

from __future__ import annotations

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.text.turns import UNANSWERED, briefing, turn_lines


def test_a_question_the_game_ended_before_hearing_says_so() -> None:
    ruleset = load_ruleset("second-visit")
    turns = list(play_game(ruleset, new_game(ruleset, 6), policy=get_policy("steady")))
    state, report = turns[-1]
    assert state.over and state.turn == state.last_turn
    asked = [e for e in report.events if e.get("options")]
    assert [e["id"] for e in asked] == ["oval_office_meeting"]
    story = briefing(ruleset, state, report)
    told = [p for p in story if p.title == asked[0]["title"]]
    assert [p.kind for p in told] == ["event"]
    assert told[0].text.endswith(f"He wants to hear a number. {UNANSWERED}"), told[0].text
    assert sum(UNANSWERED in p.text for p in story) == 1
    assert UNANSWERED in " ".join(line.strip() for line in turn_lines(ruleset, state, report))
    # mid-game, the same kind of question waits for the answer, with no such line
    waiting = 0
    for state, report in turns[:-1]:
        for p in briefing(ruleset, state, report):
            assert UNANSWERED not in p.text
            waiting += p.kind == "await"
    assert waiting
