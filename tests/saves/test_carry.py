"""A save of another version of the content is carried over: its decisions played again under
this version, choices that cannot be taken left out and named, the old file never changed."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import ActionChoice, Decision
from diplomacy_game.saves.carry import carry_over
from diplomacy_game.saves.reading import ContentVersionError, SaveError
from diplomacy_game.saves.store import generation_path, load_game, save_game

# What an older version had and this one has not: an action of its own.
OLDER = """
[[action]]
id = "test_old_gesture"
name = "An old gesture"
family = "diplomacy"
description = "Only in the older version."
hint = "Gone since."
cost = 1
effects = ["us.rapport += 1"]
"""

CALL = ActionChoice(id="call_president")
GESTURE = ActionChoice(id="test_old_gesture")
PLAN = [
    Decision(actions=[CALL], memo="Keep the line open."),
    Decision(actions=[GESTURE]),
    Decision(),
    Decision(actions=[GESTURE, ActionChoice(id="white_house_visit")], memo="Go in person."),
]


@pytest.fixture
def old_save(ruleset, write_pack, tmp_path):
    older = load_ruleset(ruleset.scenario.id, extra=[write_pack(OLDER)])
    assert older.content_digest != ruleset.content_digest
    state = new_game(older, 31)
    for decision in PLAN:
        state, _ = resolve_turn(older, state, decision)
    return save_game(tmp_path / "mine.json", older, state)


def test_a_save_of_another_version_is_replayed_under_this_one(ruleset, old_save):
    before = old_save.read_bytes()
    with pytest.raises(ContentVersionError):
        load_game(old_save, ruleset)

    carried = carry_over(old_save, ruleset)

    assert old_save.read_bytes() == before  # the old game is kept as it was
    assert carried.state.turn == len(PLAN) and not carried.ended_early
    assert [(d.turn, d.what) for d in carried.dropped] == [
        (2, "'test_old_gesture'"),
        (4, "'test_old_gesture'"),
    ]
    # the same game as playing the choices that hold, from the same seed, under this version
    state = new_game(ruleset, 31)
    for decision in PLAN:
        kept = [a for a in decision.actions if a.id != GESTURE.id]
        state, _ = resolve_turn(ruleset, state, decision.model_copy(update={"actions": kept}))
    assert carried.state.to_dict() == state.to_dict()
    # the memos the player wrote are carried with their turns
    assert [d["memo"] for d in carried.state.decisions] == [p.memo for p in PLAN]
    # and it saves and loads as a game of this version
    path = save_game(old_save.with_name("carried.json"), ruleset, carried.state)
    assert load_game(path, ruleset).to_dict() == carried.state.to_dict()


def test_the_notes_say_what_was_left_out(ruleset, old_save):
    notes = carry_over(old_save, ruleset).notes()
    assert notes[0].startswith("Your 4 turns were played again under this version")
    assert "mine.json is kept as it was" in notes[0]
    assert "turn 2: 'test_old_gesture' (there is no such action now)" in notes[1]


def test_a_damaged_newest_file_falls_back_to_the_one_before(ruleset, old_save):
    older = generation_path(old_save, 1)
    older.write_bytes(old_save.read_bytes())
    old_save.write_bytes(old_save.read_bytes()[:-40])
    carried = carry_over(old_save, ruleset)
    assert carried.source == older and carried.state.turn == 4


def test_a_damaged_save_is_not_carried(ruleset, old_save):
    data = old_save.read_bytes().replace(b'"Go in person."', b'"Went in person"')
    old_save.write_bytes(data)
    with pytest.raises(SaveError, match="checksum"):
        carry_over(old_save, ruleset)


def test_a_save_of_another_scenario_is_not_carried(old_save):
    other = load_ruleset("review-sprint")
    with pytest.raises(SaveError, match="not of 'review-sprint'"):
        carry_over(old_save, other)


def test_an_unplayed_file_of_other_content_points_to_the_packs_first(ruleset, write_pack, tmp_path):
    """An assignment file made with a pack and opened without it: nothing to play again; the
    player is told to open it with the packs, or that it can start under this version."""
    from diplomacy_game.saves.carry import offer_words

    older = load_ruleset(ruleset.scenario.id, extra=[write_pack(OLDER)])
    path = save_game(tmp_path / "assigned.json", older, new_game(older, 4))
    words = offer_words(path)
    assert "open it with them (--content PACK)" in words
    assert "No turn of it has been played" in words and "turns can be played" not in words
    assert carry_over(path, ruleset).state.to_dict() == new_game(ruleset, 4).to_dict()
