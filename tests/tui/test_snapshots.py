"""How every screen looks at 80x24 and 120x40: fixed seed, frozen clock, no cursor blink.

Each ``run_before`` waits until the screen has settled (built, no worker in flight, the
content it shows in place), never for time, so a busy machine takes the same picture.
Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update`` (it runs in
one process, tests/conftest.py sees to it, so that the pictures of a renamed or removed test
are deleted too) and look at the report before committing.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from tests.tui.conftest import (
    answer_events,
    cabinet_shows,
    open_first_action_dialog,
    saved_game,
    settled,
    text_of,
    wait_for,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def in_cabinet(tab: str = "briefing", *keys: str):
    """The cabinet room of a new game, settled on a tab after the keys."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        if keys:
            await pilot.press(*keys)
        await wait_for(pilot, cabinet_shows(app, tab))

    return run_before


def from_cabinet(name: str, *keys: str):
    """Keys pressed in the settled cabinet room of a new game, then the screen they open."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press(*keys)
        await wait_for(pilot, settled(app, name))

    return run_before


def after_turn(name: str, *keys: str):
    """Play turn 1 with no action, then go on to a screen."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("ctrl+e")
        await wait_for(pilot, settled(app, "EndTurnDialog"))
        app.screen.query_one("#endturn-memo").value = "Hold the line."
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "TurnResultScreen"))
        if name != "TurnResultScreen":
            await pilot.press("enter")
            if name == "EventDialog":
                await wait_for(pilot, settled(app, "EventDialog"))
                return
            await answer_events(pilot)
            if keys:
                await pilot.press(*keys)
        await wait_for(pilot, settled(app, name))

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, make_app, size):
    app = make_app()

    async def run_before(pilot) -> None:
        await wait_for(
            pilot,
            lambda: (
                settled(app, "TitleScreen")()
                and app.screen.latest is None
                and "no game in progress"
                in str(app.screen.query_one("#title-menu").get_option("continue").prompt)
            ),
        )

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_new_game(snap_compare, make_app, size):
    app = make_app()

    async def run_before(pilot) -> None:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("n")
        await wait_for(
            pilot,
            lambda: (
                settled(app, "NewGameScreen")()
                and app.screen.scenarios
                and "Loading" not in text_of(app.screen.query_one("#new-description"))
            ),
        )

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_briefing(snap_compare, make_app, size):
    assert snap_compare(make_app("new"), terminal_size=size, run_before=in_cabinet("briefing"))


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_actions(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        s.choose(next(o.id for o in s.options() if o.available and not o.params))
        await pilot.press("a")
        app.screen.refresh_view()
        await wait_for(pilot, cabinet_shows(app, "actions"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_economy(snap_compare, make_app, size):
    assert snap_compare(make_app("new"), terminal_size=size, run_before=in_cabinet("economy", "s"))


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_washington(snap_compare, make_app, size):
    assert snap_compare(
        make_app("new"), terminal_size=size, run_before=in_cabinet("washington", "w")
    )


@pytest.mark.parametrize("size", SIZES)
def test_action_dialog(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await open_first_action_dialog(pilot)
        dialog = app.screen
        chosen = dict(dialog.params)
        await pilot.press("down")
        await wait_for(pilot, lambda: dialog.params != chosen)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_end_turn_dialog(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        s.choose(next(o.id for o in s.options() if o.available and not o.params))
        await pilot.press("ctrl+e")
        await wait_for(pilot, settled(app, "EndTurnDialog"))
        app.screen.query_one("#endturn-memo").value = "Talk first."

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_turn_result(snap_compare, make_app, size):
    assert snap_compare(
        make_app("new"), terminal_size=size, run_before=after_turn("TurnResultScreen")
    )


@pytest.mark.parametrize("size", SIZES)
def test_event_dialog(snap_compare, make_app, size):
    assert snap_compare(make_app("new"), terminal_size=size, run_before=after_turn("EventDialog"))


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, make_app, size):
    assert snap_compare(
        make_app("new"), terminal_size=size, run_before=after_turn("HistoryScreen", "h")
    )


@pytest.mark.parametrize("size", SIZES)
def test_save_dialog(snap_compare, make_app, size):
    assert snap_compare(
        make_app("new"), terminal_size=size, run_before=from_cabinet("SaveDialog", "ctrl+s")
    )


@pytest.mark.parametrize("size", SIZES)
def test_load_list_with_damaged_save(snap_compare, make_app, play_dir, size):
    saves = play_dir / "saves"
    good = saved_game(saves / "midway.json", turns=3)
    (saves / "damaged.json").write_text(good.read_text()[:500])
    app = make_app()

    async def run_before(pilot) -> None:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and len(app.screen.saves) == 2)
        table = app.screen.query_one("#load-table")
        table.move_cursor(row=[i.name for i in app.screen.saves].index("damaged"))
        status = app.screen.query_one("#load-status")
        await wait_for(pilot, lambda: "damaged cannot be loaded" in text_of(status))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_ending(snap_compare, make_app, play_dir, size):
    path = saved_game(play_dir / "saves" / "done.json", turns=0)
    app = make_app("load", path=path)

    async def run_before(pilot) -> None:
        await wait_for(pilot, settled(app, "EndingScreen"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, make_app, size):
    assert snap_compare(
        make_app("new"), terminal_size=size, run_before=from_cabinet("HelpScreen", "question_mark")
    )


@pytest.mark.parametrize("size", SIZES)
def test_quit_confirmation(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        app.session.choose(
            next(o.id for o in app.session.options() if o.available and not o.params)
        )
        await pilot.press("ctrl+q")
        await wait_for(pilot, settled(app, "ChoiceDialog"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_every_picture_belongs_to_a_test():
    """No picture is left behind by a renamed or removed test. The snapshot plugin checks
    this itself only when the tests run in one process: under pytest-xdist each worker sees
    some of the tests, and the check is skipped."""
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    tests = [
        name
        for name, test in globals().items()
        if name.startswith("test_") and "snap_compare" in inspect.signature(test).parameters
    ]
    expected = {f"{name}[{size.id}].svg" for name in tests for size in SIZES}
    assert {path.name for path in folder.iterdir()} == expected
