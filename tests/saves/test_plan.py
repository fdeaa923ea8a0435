"""The plan of a turn in progress, kept beside the game's file (saves/plan.py): taken up again
when the game is continued, set aside when it no longer fits, never shown as a save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplomacy_game.classroom.handin import expand
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import list_actions, new_game
from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.saves.plan import KeptPlan, keep_plan, plan_path, read_plan
from diplomacy_game.saves.store import save_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.tui.session import GameSession

SCENARIO = "second-visit"


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(SCENARIO)


def played(ruleset, turns: int, seed: int = 5):
    state = new_game(ruleset, seed)
    return play_through(ruleset, state, policy=get_policy("passive"), max_turns=turns)


def autosave(tmp_path: Path, ruleset, turns: int = 2, seed: int = 5) -> Path:
    folder = tmp_path / "saves"
    path = folder / f"autosave-{SCENARIO}-seed{seed}-00000a.json"
    save_game(path, ruleset, played(ruleset, turns, seed))
    return path


def open_actions(session: GameSession, count: int) -> list[str]:
    """Ids of actions that can be chosen together this turn."""
    chosen: list[str] = []
    for option in list_actions(session.ruleset, session.state, 0.0):
        if len(chosen) == count:
            break
        if not option.reason and not session.choose(option.id):
            chosen.append(option.id)
    assert len(chosen) == count, "the test needs actions open on this turn"
    return chosen


def test_a_plan_is_read_back_for_its_own_turn_only(tmp_path: Path, ruleset):
    save = tmp_path / "game.json"
    state = played(ruleset, 2)
    plan = KeptPlan({"a": {"sector": "steel"}}, {"e": "o"}, "Hold the line.")
    keep_plan(save, state, plan)
    assert plan_path(save) == tmp_path / ".game.plan"
    assert read_plan(save, state) == (plan, "")
    # another turn of the same game, or the same turn of another game: not this plan
    assert read_plan(save, played(ruleset, 3)) == (None, "")
    assert read_plan(save, played(ruleset, 2, seed=6)) == (None, "")
    # an empty plan leaves no file
    keep_plan(save, state, KeptPlan())
    assert not plan_path(save).exists()
    assert read_plan(save, state) == (None, "")


@pytest.mark.parametrize(
    "text, why",
    [
        ("{not json", "cannot be read"),
        ('{"format": "elbows-up-save"}', "not a plan of this game"),
        ("[1, 2]", "not a plan of this game"),
    ],
)
def test_a_damaged_plan_is_set_aside_with_a_reason(tmp_path: Path, ruleset, text, why):
    save = tmp_path / "game.json"
    plan_path(save).write_text(text, encoding="utf-8")
    kept, problem = read_plan(save, played(ruleset, 2))
    assert kept is None and why in problem


def test_a_plan_of_this_turn_with_damaged_parts_is_set_aside(tmp_path: Path, ruleset):
    save = tmp_path / "game.json"
    state = played(ruleset, 2)
    keep_plan(save, state, KeptPlan({"a": {}}, {}, "memo"))
    doc = json.loads(plan_path(save).read_text(encoding="utf-8"))
    doc["actions"] = [{"id": 3, "params": []}]
    plan_path(save).write_text(json.dumps(doc), encoding="utf-8")
    assert read_plan(save, state) == (None, "the plan kept for this turn is damaged")


def test_plans_are_not_listed_as_saves_nor_handed_in(tmp_path: Path, ruleset):
    save = autosave(tmp_path, ruleset)
    keep_plan(save, played(ruleset, 2), KeptPlan(memo="Hold the line."))
    assert [i.path for i in SaveLibrary(save.parent).list()] == [save]
    assert expand([save.parent]) == [save]


def test_a_game_continued_takes_up_its_plan(tmp_path: Path, ruleset):
    save = autosave(tmp_path, ruleset)
    library = SaveLibrary(save.parent)
    first = GameSession.load(save, library)
    assert first.autosave_path == save and first.plan_kept
    chosen = open_actions(first, 2)
    first.set_memo("Keep the autos talks open.")
    assert plan_path(save).exists()

    # the game is closed mid-turn (nothing else happens) and continued
    again = GameSession.load(save, library)
    assert again.plan == {} and again.memo == ""
    note = again.resume_plan()
    assert list(again.plan) == chosen and again.plan == first.plan
    assert again.memo == "Keep the autos talks open."
    assert note.startswith("Your plan for this turn was kept: 2 actions")
    assert "your memo" in note and "Not taken up" not in note
    # the turn played, its plan goes
    again.commit(again.resolve())
    assert not plan_path(save).exists()
    assert GameSession.load(save, library).resume_plan() == ""


def test_a_save_by_name_sharing_its_autosave_brings_back_its_own_plan(tmp_path: Path, ruleset):
    """Loading a save by name goes on writing to the game's autosave when that holds the same
    point; the plan saved with the name comes back, not one made after it and kept beside
    the autosave."""
    library = SaveLibrary(tmp_path / "saves")
    session = GameSession.load(autosave(tmp_path, ruleset), library)
    first = open_actions(session, 1)
    session.set_memo("Saved with the name.")
    path = session.save("before the change")
    session.set_memo("Written after it.")
    later = open_actions(session, 2)
    assert later != first and session.planned
    session.keep_plan()
    loaded = GameSession.load(path, library)
    assert loaded.autosave_path == session.autosave_path  # one game, one autosave
    assert loaded.resume_plan().startswith("Your plan for this turn was kept: 1 action")
    assert list(loaded.plan) == first and loaded.memo == "Saved with the name."
    # continuing from the autosave then finds the plan of the game last open: the named one's
    again = GameSession.load(session.autosave_path, library)
    again.resume_plan()
    assert list(again.plan) == first and again.memo == "Saved with the name."


def test_a_game_saved_by_name_mid_turn_takes_up_its_plan_when_loaded(tmp_path: Path, ruleset):
    """ctrl+s mid-turn, then loading that save: the plan comes back (it used to be lost, though
    the quit dialog said this turn's choices are kept). Also on turn 1, before any autosave."""
    library = SaveLibrary(tmp_path / "saves")
    for session in (
        GameSession.load(autosave(tmp_path, ruleset), library),
        GameSession.new(SCENARIO, 5, library),
    ):
        chosen = open_actions(session, 1)
        session.set_memo("Hold the line on dairy.")
        path = session.save(f"my game turn {session.state.turn}")
        loaded = GameSession.load(path, library)
        assert loaded.autosave_path != path  # a save by name starts an autosave of its own
        note = loaded.resume_plan()
        assert list(loaded.plan) == chosen and loaded.memo == "Hold the line on dairy."
        assert note.startswith("Your plan for this turn was kept: 1 action")
    # saved again with nothing planned: no plan of the old one comes back
    empty = GameSession.load(path, library)
    empty.save(path.stem)
    assert GameSession.load(path, library).resume_plan() == ""


def test_what_no_longer_fits_is_named_and_left_out(tmp_path: Path, ruleset):
    save = autosave(tmp_path, ruleset)
    library = SaveLibrary(save.parent)
    session = GameSession.load(save, library)
    chosen = open_actions(session, 1)
    kept = KeptPlan(
        {
            **session.plan,
            "no_such_action": {},
            "counter_tariff": {"sector": "bananas"},  # a value the parameter does not take
            "file_dispute": {"forum": ["wto"]},  # not text or a number at all
        },
        {"no_such_event": "yes"},
        "Why I decided.",
    )
    keep_plan(save, session.state, kept)
    again = GameSession.load(save, library)
    note = again.resume_plan()
    assert list(again.plan) == chosen
    assert again.answers == {}  # an answer to an event that is not waiting is dropped
    assert "Not taken up: no_such_action (not in this game); Raise a counter-tariff " in note
    assert "(parameter 'sector' must be one of: steel, " in note
    assert note.endswith("File a trade dispute (its settings are damaged).")
    # what was taken up is kept as taken up
    assert read_plan(save, again.state)[0] == KeptPlan(again.plan, {}, "Why I decided.")


def test_no_plan_is_kept_without_a_file_to_continue_from(tmp_path: Path, ruleset):
    library = SaveLibrary(tmp_path / "saves")
    session = GameSession.new(SCENARIO, 5, library)
    assert session.autosave_path is not None and not session.plan_kept  # no turn played yet
    open_actions(session, 1)
    assert not plan_path(session.autosave_path).exists()


def test_a_damaged_plan_does_not_stop_the_game(tmp_path: Path, ruleset):
    save = autosave(tmp_path, ruleset)
    plan_path(save).write_bytes(b"\x00\xff garbage")
    session = GameSession.load(save, SaveLibrary(save.parent))
    note = session.resume_plan()
    assert note.startswith("The plan kept for this turn cannot be read")
    assert note.endswith("; it was left out.")
    assert session.plan == {} and session.memo == ""


def test_quitting_with_the_plan_kept_asks_nothing(tmp_path: Path, ruleset):
    from diplomacy_game.tui.view import unsaved_words

    save = autosave(tmp_path, ruleset)
    session = GameSession.load(save, SaveLibrary(save.parent))
    open_actions(session, 1)
    session.set_memo("Half a thought")
    assert not session.unsaved  # continued from its autosave, the rest kept beside it
    words = unsaved_words(
        session.saved_turn, session.state.turn, session.plan_kept, session.saved_by_name
    )
    assert words.startswith("This game was continued from its autosave at the start of turn 3.")
    assert words.endswith("This turn's choices are kept, and come back when you continue.")
    fresh = GameSession.new(SCENARIO, 5, SaveLibrary(tmp_path / "other"))
    fresh.set_memo("Half a thought")
    assert fresh.unsaved and not fresh.plan_kept


def test_a_plan_is_written_back_whole_once_taken_up(tmp_path: Path, ruleset, monkeypatch):
    """Taking a plan up writes it back once, whole: never a file holding the actions without
    the memo, should the game close half-way."""
    import diplomacy_game.tui.session as session_module

    save = autosave(tmp_path, ruleset)
    library = SaveLibrary(save.parent)
    first = GameSession.load(save, library)
    open_actions(first, 2)
    first.set_memo("Keep it whole.")
    written: list[KeptPlan] = []
    real = session_module.keep_plan
    monkeypatch.setattr(session_module, "keep_plan", lambda *a: (written.append(a[2]), real(*a))[1])
    again = GameSession.load(save, library)
    again.resume_plan()
    assert [p.memo for p in written] == ["Keep it whole."]
    assert written[0].actions == first.plan
