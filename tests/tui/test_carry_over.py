"""A save of another version of the content, opened in each front end: the player is offered
to play its choices again under this version, and the old file is never changed."""

from __future__ import annotations

import io
from pathlib import Path

from diplomacy_game.cli import main
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import ActionChoice, Decision
from diplomacy_game.saves.store import save_game
from diplomacy_game.tui.config import LaunchConfig
from diplomacy_game.tui.plain import run_plain
from tests.saves.test_carry import OLDER  # the older version: one action more
from tests.tui.conftest import SEED, settled, text_of, wait_for

SCENARIO = "second-visit"
SIZE = (100, 30)


def older_save(folder: Path, name: str = "old.json") -> Path:
    """A game of three turns played with a version of the content that had one more action."""
    pack = folder / "older-pack.toml"
    pack.write_text(OLDER, encoding="utf-8")
    older = load_ruleset(SCENARIO, extra=[pack])
    state = new_game(older, SEED)
    plan = [
        [ActionChoice(id="call_president")],
        [ActionChoice(id="test_old_gesture")],
        [],
    ]
    for actions in plan:
        state, _ = resolve_turn(older, state, Decision(actions=actions))
    pack.unlink()
    (folder / "saves").mkdir(exist_ok=True)
    return save_game(folder / "saves" / name, older, state)


def test_plain_mode_offers_to_play_the_game_again_and_does_it(play_dir: Path):
    save = older_save(play_dir)
    before = save.read_bytes()
    out = io.StringIO()
    config = LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves"))
    assert run_plain(config, io.StringIO("y\n9\n"), out) == 0
    text = out.getvalue()
    assert "old.json was played with another version of the game or its content" in text
    assert "Its 3 turns can be played again under this version" in text
    assert "Your 3 turns were played again under this version" in text
    assert "turn 2: 'test_old_gesture' (there is no such action now)" in text
    assert "Playing the replayed game: The Second Visit, after turn 3." in text
    assert "The autosave holds the start of turn 4: saves/autosave-" in text
    assert save.read_bytes() == before
    autosaves = [p.name for p in (play_dir / "saves").glob("autosave-*.json")]
    assert len(autosaves) == 1  # the replayed game is kept at once


def test_plain_mode_leaves_the_save_when_the_player_says_no(play_dir: Path, capsys):
    save = older_save(play_dir)
    before = save.read_bytes()
    out = io.StringIO()
    config = LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves"))
    assert run_plain(config, io.StringIO("\n"), out) == 1
    assert "another version of the game or its content" in capsys.readouterr().err
    assert save.read_bytes() == before
    assert not list((play_dir / "saves").glob("autosave-*.json"))


def test_play_load_says_how_to_play_the_game_again(play_dir: Path, capsys):
    save = older_save(play_dir)
    code = main(["play", "--load", str(save), "--policy", "passive", "--turns", "1"])
    assert code != 0
    err = capsys.readouterr().err
    assert "another version of the game or its content" in err
    assert f"open it in the game: diplomacy-game load {save}" in err


async def test_the_full_screen_game_offers_to_play_it_again(make_app, play_dir: Path):
    save = older_save(play_dir)
    before = save.read_bytes()
    app = make_app("load", path=save)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "ConfirmDialog"))
        assert "Its 3 turns can be played again" in app.screen.body
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("y")
        await wait_for(pilot, lambda: app.session is not None and app.session.state.turn == 3)
        await wait_for(pilot, lambda: any("Left out" in n for n in notes))
        assert any("turn 2: 'test_old_gesture'" in n for n in notes)
    assert save.read_bytes() == before


async def test_the_full_screen_game_leaves_it_on_no(make_app, play_dir: Path):
    save = older_save(play_dir)
    app = make_app("load", path=save)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "ConfirmDialog"))
        # what Enter does (the button highlighted) is said, as are the other keys
        keys = " ".join(text_of(app.screen.query_one("#dialog-keys")).split())
        assert keys.startswith("Enter: Back · Y: Play it again · N or Esc: Back"), keys
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "MessageDialog"))
        assert "old.json was left as it is" in app.screen.body
        # the player said no: not told, in an error's red, that the save "cannot be loaded"
        assert app.screen.title_text == "The game was not played again"
        assert not app.screen.error
        assert app.session is None


async def test_the_question_never_says_enter_does_what_it_does_not(
    make_app, play_dir: Path, monkeypatch
):
    """On a busy machine the question's line said "Enter: Play it again" when read: Textual
    focused the first button as the dialog opened, and the dialog's own focus on "Back" came
    after. The line says what Enter does from the first frame, and never anything else."""
    from diplomacy_game.tui.screens.dialogs import Question

    said: list[str] = []
    original = Question.on_descendant_focus

    def record(self, event):  # type: ignore[no-untyped-def]
        original(self, event)
        said.append(" ".join(text_of(self.query_one("#dialog-keys")).split()))

    monkeypatch.setattr(Question, "on_descendant_focus", record)
    save = older_save(play_dir)
    app = make_app("load", path=save)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "ConfirmDialog"))
        await wait_for(pilot, lambda: bool(said))
        assert all(line.startswith("Enter: Back ·") for line in said), said
        first = " ".join(text_of(app.screen.query_one("#dialog-keys")).split())
        assert first.startswith("Enter: Back · Y: Play it again"), first


async def test_the_load_list_says_which_saves_are_of_another_version(make_app, play_dir: Path):
    older_save(play_dir, "before-update.json")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and app.screen.saves)
        screen = app.screen
        status = screen.query_one("#load-status")
        await wait_for(
            pilot, lambda: "another version of the game or its content" in text_of(status)
        )
        assert "before-update was played with another version" in text_of(status)
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "ConfirmDialog"))
