"""A student's game as the browser runs it, driven with Textual's Pilot: the name box, the
student's own file, and what a student's game does not offer."""

from __future__ import annotations

from pathlib import Path

from diplomacy_game.web.class_app import ClassroomApp
from diplomacy_game.web.lab import read_lab
from tests.tui.conftest import settled, text_of, wait_for
from tests.web.helpers import write_class

SIZE = (120, 40)


def make_app(tmp_path: Path) -> ClassroomApp:
    lab = read_lab(write_class(tmp_path), tmp_path / "handed-in")
    lab.hand_in.mkdir(exist_ok=True)
    app = ClassroomApp(lab, blink=False)
    app.animation_level = "none"
    return app


async def type_name(pilot, name: str, key: str = "") -> None:
    """The name, and the game's key when it asks for one (a game started before)."""
    await wait_for(pilot, settled(pilot.app, "StudentNameScreen"))
    await pilot.press(*name, "enter")
    if key:
        box = pilot.app.screen.query_one("#student-key")
        await wait_for(pilot, lambda: box.display and box.has_focus)
        await pilot.press(*key, "enter")


def recorded_notes(app: ClassroomApp) -> list[str]:
    """The notices the app shows from now on, as they are shown."""
    notes: list[str] = []
    shown = app.notify
    app.notify = lambda message, **kw: (notes.append(message), shown(message, **kw))[1]
    return notes


def key_of(own: Path) -> str:
    """The key of the game in ``own``, as the teacher finds it beside the hand-in."""
    return own.with_name(f".{own.stem}.key").read_text(encoding="ascii").strip()


async def test_a_name_not_on_the_roster_opens_nothing(tmp_path: Path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Zed")
        message = app.screen.query_one("#student-message")
        await wait_for(pilot, lambda: "not on the class list" in str(message.render()))
        assert app.session is None
        assert list((tmp_path / "handed-in").glob("*.json")) == []


async def test_the_students_game_is_theirs_alone(tmp_path: Path):
    app = make_app(tmp_path)
    own = tmp_path / "handed-in" / "Ben-O-Connor.json"
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "ben o'connor")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert own.exists()  # written at once: the teacher sees who has started
        assert app.session.state.assignment["student"] == "Ben O'Connor"
        # no loading, no new game, no title screen: the keys do nothing, the palette lacks them
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert type(app.screen).__name__ == "CabinetScreen"
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Load a game", "New game", "Title screen"}.isdisjoint(titles)
        assert "Save the game" in titles
        # the palette says where saving and screenshots go in a class (never "under a name")
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Save the game"].startswith("Save now, for your teacher")
        assert "downloads" in helps["Screenshot"]
        # saving asks for no name: it is the student's own file
        before = own.stat().st_mtime_ns
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: own.stat().st_mtime_ns != before)
        assert sorted(p.name for p in own.parent.iterdir() if not p.name.startswith(".")) == [
            own.name
        ]


async def test_a_tab_closed_mid_turn_keeps_the_students_plan(tmp_path: Path):
    """From the first turn on (the hand-in file is written when the game opens), what the
    student has chosen is kept beside it, out of the teacher's listing, and taken up again
    when they come back."""
    from diplomacy_game.classroom.handin import expand

    own = tmp_path / "handed-in" / "Ben-O-Connor.json"
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Ben O'Connor")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        s = app.session
        action = next(o for o in s.options() if not o.params and o.available)
        assert s.choose(action.id) == ""
        s.set_memo("Premiers first.")
    app._lock.release()  # as the game's process ending does when the tab is closed
    assert expand([own.parent]) == [own]  # the plan is no hand-in
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Ben O'Connor", key_of(own))
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert app.session.plan == {action.id: {}}
        assert app.session.memo == "Premiers first."


def test_the_help_of_a_students_game_says_what_it_does():
    from diplomacy_game.web.class_app import ClassHelpScreen

    keys = dict(ClassHelpScreen.KEYS)
    assert "Ctrl+O" not in keys
    assert "now" in keys["Ctrl+S"]
    assert "title screen" not in ClassHelpScreen.TURN
    assert "type your name" in ClassHelpScreen.TURN


async def test_the_copy_key_never_closes_a_students_game(tmp_path: Path):
    """Ctrl+C, pressed to copy a memo in a browser, closed the game at once."""
    app = make_app(tmp_path)
    notes = recorded_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "ben o'connor")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "CabinetScreen"
        assert any(n.startswith("Ctrl+C does not close your game") for n in notes)


async def test_only_the_key_given_at_the_start_opens_a_students_game_again(tmp_path: Path):
    """Anyone could type a classmate's name and play their game: the first opening gives the
    student a key (and keeps it beside the hand-in for the teacher); coming back takes the
    name and the key, and a wrong key opens nothing."""
    own = tmp_path / "handed-in" / "Ben-O-Connor.json"
    app = make_app(tmp_path)
    notes = recorded_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Ben O'Connor")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        key = key_of(own)
        await wait_for(pilot, lambda: any(f"Your game's key is {key}." in n for n in notes))
    app._lock.release()
    assert len(key) == 4 and key.isalnum()
    before = own.read_bytes()
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "ben o'connor")
        message = app.screen.query_one("#student-message")
        await wait_for(pilot, lambda: "game has a key" in str(message.render()))
        wrong = "AAAA" if key != "AAAA" else "BBBB"
        await pilot.press(*wrong, "enter")
        await wait_for(pilot, lambda: "not the key" in str(message.render()))
        assert app.session is None and own.read_bytes() == before
        await pilot.press(*key.lower(), "enter")  # case does not matter
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert app.session.state.assignment["student"] == "Ben O'Connor"
        assert key_of(own) == key  # the same key, not a new one


async def test_a_game_key_can_be_found_again_and_wrong_keys_are_held_back(tmp_path: Path):
    """The key was shown once, in a notice a click hides; the help shows it again. Wrong keys
    were taken at 25 a second: after ten in ten minutes, from any browser, none is taken."""
    from diplomacy_game.web.lab import MOST_WRONG_KEYS

    own = tmp_path / "handed-in" / "Ben-O-Connor.json"
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Ben O'Connor")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ClassHelpScreen")
        # above the tabs: the help opens on its Keys tab, and the key is read there too
        note = text_of(app.screen.query_one("#help-note"))
        assert note.startswith(f"Your game's key is {key_of(own)}:"), note
        assert app.screen.query_one("#help-note").region.height >= 1
    app._lock.release()
    lab, student = app.lab, app.lab.find("Ben O'Connor")
    for _ in range(MOST_WRONG_KEYS):
        assert not lab.key_fits(student, "XXXX")
    assert lab.keys_held_back(student)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "ben o'connor")
        message = app.screen.query_one("#student-message")
        await wait_for(pilot, lambda: "Too many wrong keys" in str(message.render()))
        assert app.session is None


async def test_a_game_of_the_version_before_an_update_is_played_again(tmp_path: Path):
    """The game was updated between lessons: the student's game is played again under this
    version, the file as it was kept hidden beside it (out of the teacher's listing)."""
    from diplomacy_game.classroom.handin import expand
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import ActionChoice, Decision
    from diplomacy_game.saves.store import save_game

    app = make_app(tmp_path)
    lab = app.lab
    student = next(s for s in lab.students if s.name == "Ben O'Connor")
    pack = tmp_path / "older.toml"
    pack.write_text(
        '[[action]]\nid = "test_old_gesture"\nname = "An old gesture"\nfamily = "diplomacy"\n'
        'description = "Gone since."\nhint = "Gone."\ncost = 1\neffects = ["us.rapport += 1"]\n',
        encoding="utf-8",
    )
    older = load_ruleset(lab.scenario, extra=[pack])
    state = lab.new_state(older, student)
    for actions in ([ActionChoice(id="call_president")], [ActionChoice(id="test_old_gesture")]):
        state, _ = resolve_turn(older, state, Decision(actions=actions, memo="Why."))
    own = lab.hand_in_path(student)
    save_game(own, older, state, generations=1)
    before = own.read_bytes()
    notes = recorded_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Ben O'Connor")
        await wait_for(pilot, lambda: app.session is not None)
        assert app.session.state.turn == 2
        assert app.session.state.assignment["student"] == "Ben O'Connor"
        await wait_for(pilot, lambda: any("Left out" in n for n in notes))
    kept = [p for p in own.parent.iterdir() if p.name.startswith(f".{own.stem}.content-")]
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert any(f"{kept[0].name} is kept as it was" in n for n in notes)
    assert own.read_bytes() != before
    assert expand([own.parent]) == [own]  # the teacher's listing has the one game


async def test_a_turns_result_says_it_was_saved_for_the_teacher_in_words(tmp_path: Path):
    """The student's screen never shows a path on the teacher's computer; a save that failed
    says what to do (tell the teacher), not the bare error."""
    from tests.tui.conftest import answer_events, open_end_turn

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Amira Haddad")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        await open_end_turn(pilot)
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "ClassTurnResultScreen"))
        story = text_of(app.screen.query_one("#result-story"))
        assert "Saved for your teacher." in story
        assert str(tmp_path) not in " ".join(story.split()).replace(" ", "")
        await pilot.press("enter")

        def full_disk(*args: object) -> None:
            raise OSError(28, "No space left on device")

        app.session.library.autosave = full_disk
        await answer_events(pilot)
        await open_end_turn(pilot)
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "ClassTurnResultScreen"))
        story = " ".join(text_of(app.screen.query_one("#result-story")).split())
        assert "could not be saved for your teacher. Tell your teacher now" in story
        assert "No space left on device" in story


async def test_a_finished_game_says_it_is_handed_in(tmp_path: Path):
    """A student at the ending looks for how to hand the game in: it says it is done."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.saves.store import save_game
    from diplomacy_game.sim.headless import play_through
    from diplomacy_game.sim.policies import get_policy

    app = make_app(tmp_path)
    student = app.lab.find("Amira Haddad")
    ruleset = load_ruleset(app.lab.scenario)
    state = play_through(ruleset, app.lab.new_state(ruleset, student), policy=get_policy("passive"))
    save_game(app.lab.hand_in_path(student), ruleset, state)
    notes = recorded_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await type_name(pilot, "Amira Haddad")
        await wait_for(pilot, settled(app, "ClassEndingScreen"))
        await wait_for(pilot, lambda: any("Your game is handed in" in n for n in notes))
