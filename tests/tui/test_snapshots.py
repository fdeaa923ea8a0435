"""How every screen looks at 80x24 and 120x40: fixed seed, frozen clock, no cursor blink.

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update`` and look
at the report before committing.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import on, saved_game, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def until(name: str, *keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: type(app.screen).__name__ in ("CabinetScreen", "TitleScreen"))
        if keys:
            await pilot.press(*keys)
        await wait_for(pilot, on(app, name))
        await pilot.pause()

    return run_before


def after_turn(name: str, *keys: str):
    """Play turn 1 with no action, then go on to a screen."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, on(app, "CabinetScreen"))
        await pilot.press("ctrl+e")
        await wait_for(pilot, on(app, "EndTurnDialog"))
        app.screen.query_one("#endturn-memo").value = "Hold the line."
        await pilot.press("enter")
        await wait_for(pilot, on(app, "TurnResultScreen"))
        if name != "TurnResultScreen":
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: type(app.screen).__name__ in ("CabinetScreen", "EventDialog")
            )
            if name != "EventDialog":
                while on(app, "EventDialog")():
                    await pilot.press("enter")
                    await pilot.pause()
            if keys:
                await pilot.press(*keys)
        await wait_for(pilot, on(app, name))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, make_app, size):
    app = make_app()

    async def run_before(pilot) -> None:
        await wait_for(
            pilot,
            lambda: (
                on(app, "TitleScreen")()
                and app.screen.latest is None
                and "no autosave"
                in str(app.screen.query_one("#title-menu").get_option("continue").prompt)
            ),
        )

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_new_game(snap_compare, make_app, size):
    app = make_app()

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "TitleScreen"))
        await pilot.press("n")
        await wait_for(pilot, lambda: on(app, "NewGameScreen")() and app.screen.scenarios)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_briefing(snap_compare, make_app, size):
    assert snap_compare(make_app("new"), terminal_size=size, run_before=until("CabinetScreen"))


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_actions(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "CabinetScreen"))
        s = app.session
        s.choose(next(o.id for o in s.options() if o.available and not o.params))
        await pilot.press("a")
        app.screen.refresh_view()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_economy(snap_compare, make_app, size):
    assert snap_compare(make_app("new"), terminal_size=size, run_before=until("CabinetScreen", "s"))


@pytest.mark.parametrize("size", SIZES)
def test_cabinet_washington(snap_compare, make_app, size):
    assert snap_compare(make_app("new"), terminal_size=size, run_before=until("CabinetScreen", "w"))


@pytest.mark.parametrize("size", SIZES)
def test_action_dialog(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "CabinetScreen"))
        await pilot.press("a")
        actions = app.screen.query_one("#action-list")
        first = next(o for o in app.session.options() if o.params)
        actions.highlighted = actions.get_option_index(first.id)
        await pilot.press("enter")
        await wait_for(pilot, on(app, "ActionDialog"))
        await pilot.press("down")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_end_turn_dialog(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "CabinetScreen"))
        s = app.session
        s.choose(next(o.id for o in s.options() if o.available and not o.params))
        await pilot.press("ctrl+e")
        await wait_for(pilot, on(app, "EndTurnDialog"))
        app.screen.query_one("#endturn-memo").value = "Talk first."
        await pilot.pause()

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
        make_app("new"), terminal_size=size, run_before=until("SaveDialog", "ctrl+s")
    )


@pytest.mark.parametrize("size", SIZES)
def test_load_list_with_damaged_save(snap_compare, make_app, play_dir, size):
    saves = play_dir / "saves"
    good = saved_game(saves / "midway.json", turns=3)
    (saves / "damaged.json").write_text(good.read_text()[:500])
    app = make_app()

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: on(app, "LoadScreen")() and len(app.screen.saves) == 2)
        table = app.screen.query_one("#load-table")
        table.move_cursor(row=[i.name for i in app.screen.saves].index("damaged"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_ending(snap_compare, make_app, play_dir, size):
    path = saved_game(play_dir / "saves" / "done.json", turns=0)
    app = make_app("load", path=path)

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "EndingScreen"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, make_app, size):
    assert snap_compare(
        make_app("new"), terminal_size=size, run_before=until("HelpScreen", "question_mark")
    )


@pytest.mark.parametrize("size", SIZES)
def test_quit_confirmation(snap_compare, make_app, size):
    app = make_app("new")

    async def run_before(pilot) -> None:
        await wait_for(pilot, on(app, "CabinetScreen"))
        app.session.choose(
            next(o.id for o in app.session.options() if o.available and not o.params)
        )
        await pilot.press("ctrl+q")
        await wait_for(pilot, on(app, "ChoiceDialog"))

    assert snap_compare(app, terminal_size=size, run_before=run_before)
