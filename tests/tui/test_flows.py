"""Every flow of the UI, driven with Textual's Pilot: new game, actions, events, end turn,
save, load, damaged save, ending, help, quit.

After a key, a test waits for what the key must bring about (a screen, a worker's result, a
widget's content), never for time: a busy machine runs the same steps, only slower.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import (
    SCENARIO,
    SEED,
    answer_events,
    cabinet_shows,
    hold,
    on,
    open_end_turn,
    saved_game,
    settled,
    text_of,
    wait_for,
)

SIZE = (100, 30)


async def start_new(app, pilot):
    await wait_for(pilot, cabinet_shows(app, "briefing"))
    return app.session


def either(app, *names: str):
    return lambda: any(settled(app, name)() for name in names)


async def play_turn(app, pilot, memo: str = "") -> None:
    """End the turn from the settled cabinet room and come back to it (or to the ending),
    answering events."""
    await wait_for(pilot, settled(app, "CabinetScreen"))
    await open_end_turn(pilot)
    if memo:
        await pilot.press(*memo)
    await pilot.press("enter")
    await wait_for(pilot, settled(app, "TurnResultScreen"))
    if app.session.over:  # the last result says why the game is over, not only that it is
        title = app.session.state.ending["title"]
        shown = " ".join(text_of(app.screen.query_one("#result-story")).split())
        assert f"The game is over: {title}. Press Enter for the ending." in shown
    await pilot.press("enter")
    await wait_for(pilot, lambda: not on(app, "TurnResultScreen")())
    if not app.session.over:
        await answer_events(pilot)
    else:
        await wait_for(pilot, settled(app, "EndingScreen"))


async def test_title_to_new_game_with_seed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("enter")  # New game
        await wait_for(pilot, lambda: settled(app, "NewGameScreen")() and app.screen.scenarios)
        seed_input = app.screen.query_one("#new-seed")
        assert seed_input.value == str(SEED)  # the seed is shown before the game starts
        seed_input.value = "7"
        await pilot.press("ctrl+g")
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        assert app.session.state.seed == 7
        assert app.session.state.turn == 0


def footer_keys(app) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in app.screen.query(FooterKey)]


async def test_choose_actions_and_parameters(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        actions = app.screen.query_one("#action-list")
        assert actions.has_focus
        # find an action with parameters and one without
        with_params = next(o for o in s.options() if o.params and o.available)
        plain = next(o for o in s.options() if not o.params and o.available and o.cost <= 1)
        actions.highlighted = actions.get_option_index(plain.id)
        # the list's footer offers "Drop action" only for an action in the plan
        assert "Drop action" not in footer_keys(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: plain.id in s.plan)
        await wait_for(pilot, lambda: "Drop action" in footer_keys(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: plain.id not in s.plan)
        await wait_for(pilot, lambda: "Drop action" not in footer_keys(app))
        # x on an action not chosen said nothing at all: it now says there is nothing to drop
        notes: list[str] = []
        shown = app.notify
        app.screen.notify = lambda message, **kw: (notes.append(message), shown(message, **kw))[1]
        await pilot.press("x")
        await wait_for(pilot, lambda: bool(notes))
        assert notes == [f"{plain.name} is not chosen this turn: nothing to drop."]
        del app.screen.notify
        actions.highlighted = actions.get_option_index(with_params.id)
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "ActionDialog"))
        dialog = app.screen
        # no "Drop action" in the footer of an action not chosen (it only closed the dialog)
        await wait_for(pilot, lambda: "Cancel" in footer_keys(app))
        assert "Drop action" not in footer_keys(app)
        defaults = dict(dialog.params)
        await pilot.press("down")  # choose another value with the keyboard
        await wait_for(pilot, lambda: dialog.params != defaults)
        await pilot.press("enter")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        if with_params.id in s.plan:
            _, reason = s.check(with_params.id, s.plan[with_params.id])
            assert reason == ""
            await pilot.press("enter")  # opened again, chosen: it can be dropped
            await wait_for(pilot, settled(app, "ActionDialog"))
            await wait_for(pilot, lambda: "Drop action" in footer_keys(app))
            await pilot.press("escape")
            await wait_for(pilot, cabinet_shows(app, "actions"))
        # an unavailable action is refused with its reason (and a bell), nothing is added
        blocked = next((o for o in s.options() if not o.available and not o.params), None)
        if blocked is not None:
            bells: list[None] = []
            app.bell = lambda: bells.append(None)
            actions.highlighted = actions.get_option_index(blocked.id)
            await pilot.press("enter")
            await wait_for(pilot, lambda: bells)
            assert blocked.id not in s.plan
        assert s.capital_left >= 0


async def test_enter_and_x_act_on_the_highlighted_action_wherever_the_focus_is(make_app):
    """Played in tmux: clicked to scroll it, the details pane took the focus and said "Enter
    to add it to this turn", and Enter did nothing; in the browser an Enter that came before
    the list's focus landed was lost the same way."""
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        actions = app.screen.query_one("#action-list")
        plain = next(o for o in s.options() if not o.params and o.available)
        actions.highlighted = actions.get_option_index(plain.id)
        await pilot.click("#action-details")
        await wait_for(pilot, lambda: app.screen.focused is not actions)
        await pilot.press("enter")
        await wait_for(pilot, lambda: plain.id in s.plan)
        await pilot.click("#action-details")
        await wait_for(pilot, lambda: app.screen.focused is not actions)
        await pilot.press("x")
        await wait_for(pilot, lambda: plain.id not in s.plan)
        app.screen.set_focus(None)  # the key before any focus
        await pilot.press("enter")
        await wait_for(pilot, lambda: plain.id in s.plan)
        assert actions.has_focus
        # on another tab Enter chooses nothing
        await pilot.press("b")
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("x", "enter")
        await pilot.pause()
        assert plain.id in s.plan and len(s.plan) == 1


async def test_tab_keys_leave_the_actions_list(make_app, monkeypatch):
    """From the focused actions list, s, w and b show their tabs, and nothing takes the tabs
    back to the actions: when a focused widget's pane is hidden, Textual focuses the next
    widget it can, and a widget of the same pane (the details beside the list) would post that
    pane's "focused" message after the switch. In a real terminal that message often landed
    last, and the key did nothing."""
    from textual.widgets import TabbedContent

    panes: list[str] = []
    original = TabbedContent._on_tab_pane_focused

    def record(self, event):  # type: ignore[no-untyped-def]
        panes.append(event.tab_pane.id)
        return original(self, event)

    monkeypatch.setattr(TabbedContent, "_on_tab_pane_focused", record)
    app = make_app("new")
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: Washington is a tab
        await start_new(app, pilot)
        for key, tab in (("s", "economy"), ("w", "washington"), ("b", "briefing")):
            await pilot.press("a")
            await wait_for(pilot, cabinet_shows(app, "actions"))
            panes.clear()
            await pilot.press(key)
            await wait_for(pilot, cabinet_shows(app, tab))
            await pilot.pause()
            assert "actions" not in panes, (key, panes)
            assert app.screen.query_one("#cabinet-tabs").active == tab


@pytest.mark.parametrize(
    "late",
    ["the bar's first activation", "the briefing's focus", "the briefing's focus asked twice"],
)
async def test_a_tab_key_is_not_undone_by_news_of_the_tab_before(make_app, late: str):
    """Textual shows the tab its tab bar activated, and the tab of the widget focused; both are
    said by messages that travel through the widgets' queues, and a tab key can act before
    one of them lands. In the browser, a student's "a" typed as the cabinet room first showed
    switched to the actions, and the bar's first activation (the briefing, posted as the bar
    was mounted) then took the room back to the briefing for good; on a busy machine a "w"
    pressed just after the briefing was focused was undone the same way by that focus's
    message. A message about a tab other than the one chosen since must change nothing.

    The room's mount and its bar's first activation each give the briefing its focus; when a
    focus was only asked for, to land on the app's next turn, a "w" that came between the
    first landing and the second was undone by the second (a CI run at full load)."""
    from textual.widgets import Tabs

    from diplomacy_game.tui.mounted import focus_shown_tab
    from diplomacy_game.tui.screens.cabinet import FOCUS

    app = make_app("new")
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: Washington is a tab
        await start_new(app, pilot)
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        screen = app.screen
        tabs = screen.query_one("#cabinet-tabs")
        if late == "the bar's first activation":
            bar = tabs.query_one(Tabs)
            bar.post_message(Tabs.TabActivated(bar, tabs.get_tab("briefing")))
        elif late == "the briefing's focus":
            pane = tabs.get_pane("briefing")
            pane.post_message(pane.Focused(pane))
        else:
            screen.set_focus(None)
            focus_shown_tab(tabs, FOCUS)  # as the room's mount does
            focus_shown_tab(tabs, FOCUS)  # as the bar's first activation does
            # given at once, not asked for: no request is left on its way to land after the key
            assert screen.focused is screen.query_one(FOCUS["briefing"])
        screen.action_tab("washington")  # the key comes before the message has landed
        await wait_for(pilot, cabinet_shows(app, "washington"))
        for _ in range(5):
            await pilot.pause()
        assert tabs.active == "washington"
        assert screen.focused is screen.query_one(FOCUS["washington"])


async def test_a_screen_asked_to_close_from_under_another_stays_closable(make_app):
    """Textual's dismiss pops the screen on top, and a screen seen behind a dialog counts as
    current. A help screen asked to close from under the turn's result (an Escape pressed as
    the help was built, acting once it was) popped the result unseen, and then ignored every
    Escape as a second dismissal (a random-keys run at full load)."""
    from textual.screen import ModalScreen

    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await start_new(app, pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, settled(app, "HelpScreen"))
        help_screen = app.screen
        over = ModalScreen()
        await app.push_screen(over)
        help_screen.dismiss(None)
        await pilot.pause()
        assert app.screen is over and help_screen in app.screen_stack  # nothing popped
        over.dismiss(None)
        await wait_for(pilot, lambda: app.screen is help_screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: help_screen not in app.screen_stack)


async def test_end_turn_answer_event_and_autosave(make_app, play_dir: Path):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        option = next(o for o in s.options() if o.available and not o.params)
        s.choose(option.id)
        await play_turn(app, pilot, memo="keep calm")
        assert s.state.turn == 1
        assert s.state.decisions[0]["memo"] == "keep calm"
        assert s.state.decisions[0]["actions"][0]["id"] == option.id
        # every game autosaves under its own name: scenario, seed and the game's id
        assert len(list((play_dir / "saves").glob(f"autosave-second-visit-seed{SEED}-*.json"))) == 1
        # events that waited got answers through the dialogs, or there were none
        assert not s.unanswered()
        await play_turn(app, pilot)
        assert s.state.turn == 2


async def test_end_turn_can_be_cancelled(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, settled(app, "EndTurnDialog"))
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert s.state.turn == 0


async def test_memo_required(make_app):
    """An assignment that asks for memos: the box says so before the turn is refused."""
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        s.state.assignment = {"student": "Amira Haddad", "memo_required": True}
        await pilot.press("ctrl+e")
        await wait_for(pilot, settled(app, "EndTurnDialog"))
        label = text_of(app.screen.query_one("#endturn-memo-label"))
        assert "(required by your assignment)" in label and "optional" not in label
        error = app.screen.query_one("#endturn-error")
        await pilot.press("enter")  # empty memo: refused
        await wait_for(pilot, lambda: "Your assignment asks for a memo" in text_of(error))
        assert on(app, "EndTurnDialog")()
        await pilot.press(*"why", "enter")
        await wait_for(pilot, settled(app, "TurnResultScreen"))
        assert s.state.decisions[-1]["memo"] == "why"


async def test_save_then_load_from_list(make_app, play_dir: Path):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        await play_turn(app, pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, settled(app, "SaveDialog"))
        name = app.screen.query_one("#save-name")
        name.value = "../../etc/My Game"  # typed names cannot leave the folder
        await pilot.press("enter")
        await wait_for(pilot, lambda: (play_dir / "saves" / "etc-My-Game.json").exists())
        assert not s.unsaved
        # load it back from the list
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and app.screen.saves)
        names = [i.name for i in app.screen.saves]
        assert "etc-My-Game" in names
        table = app.screen.query_one("#load-table")
        table.move_cursor(row=names.index("etc-My-Game"))
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                app.session is not s
                and type(app.screen).__name__ in ("CabinetScreen", "EventDialog")
            ),
        )  # waiting events open at once
        assert app.session.state.turn == 1
        assert app.session.save_path.name == "etc-My-Game.json"


async def test_ctrl_e_pressed_while_the_game_is_saved_ends_the_turn_once_it_is(
    make_app, play_dir: Path, monkeypatch
):
    """The save box closed, the game still being written, the cabinet room in view: Ctrl+E did
    nothing at all. It opens the end of the turn once the game is saved."""
    from diplomacy_game.tui.session import GameSession

    gate = hold(monkeypatch, GameSession, "save")
    app = make_app("new")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await start_new(app, pilot)
            await pilot.press("ctrl+s")
            await wait_for(pilot, settled(app, "SaveDialog"))
            app.screen.query_one("#save-name").value = "Before the turn"
            await pilot.press("enter")
            await wait_for(pilot, on(app, "CabinetScreen"))  # the game is still being written
            await pilot.press("ctrl+e")
            assert on(app, "CabinetScreen")() and not app.session.state.decisions
            gate.set()
            await wait_for(pilot, either(app, "EndTurnDialog", "EventDialog"))
            assert (play_dir / "saves" / "Before-the-turn.json").exists()
    finally:
        gate.set()


async def test_the_load_list_dates_a_finished_game_as_its_header_does(make_app, play_dir: Path):
    """The list dated a finished game at the start of its last turn (30 Jun 2026) while its
    header said "Game over · 1 Jul 2026"."""
    from diplomacy_game import fmt
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.saves.store import load_game

    path = saved_game(play_dir / "saves" / "done.json", turns=0)
    ruleset = load_ruleset(SCENARIO)
    state = load_game(path, ruleset)
    assert state.over
    header_date = fmt.date(min(state.date, ruleset.scenario.end))  # as the GameHeader says it
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and app.screen.saves)
        table = app.screen.query_one("#load-table")
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert header_date in cells, cells
        assert "end" in cells


async def test_damaged_save_keeps_the_list_usable(make_app, play_dir: Path):
    saves = play_dir / "saves"
    good = saved_game(saves / "good.json", turns=1)
    bad = saves / "broken.json"
    bad.write_text(good.read_text()[:-200])  # cut short
    edited = saves / "edited.json"
    edited.write_text(good.read_text().replace('"turn": 1', '"turn": 2', 1))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and len(app.screen.saves) == 3)
        infos = {i.name: i for i in app.screen.saves}
        assert infos["broken"].error and infos["edited"].error and not infos["good"].error
        table = app.screen.query_one("#load-table")
        table.move_cursor(row=list(infos).index("broken"))
        status = app.screen.query_one("#load-status")
        bells: list[None] = []
        app.bell = lambda: bells.append(None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bells)  # refused, with a bell and the reason
        assert "broken cannot be loaded" in text_of(status)
        assert on(app, "LoadScreen")()  # still here, still usable
        table.move_cursor(row=list(infos).index("good"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.session is not None)
        assert app.session.state.turn == 1


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_very_long_save_name_leaves_the_other_columns_in_view(make_app, play_dir, size):
    """One save named with 130 characters pushed every other column of the list (scenario,
    date, turn, approval, saved, the 'damaged' label) off the screen: names are cut with "…"
    and the whole name is in the line under the list."""
    saves = play_dir / "saves"
    long_name = "a-very-long-save-name-" + "x" * 108
    saved_game(saves / f"{long_name}.json", turns=1)
    saved_game(saves / "short.json", turns=1)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and len(app.screen.saves) == 2)
        await pilot.pause()
        table = app.screen.query_one("#load-table")
        assert table.virtual_size.width <= table.scrollable_content_region.width
        row = [i.name for i in app.screen.saves].index(long_name)
        table.move_cursor(row=row)
        await pilot.pause()
        assert long_name in text_of(app.screen.query_one("#load-status")).replace("\n", "")


async def test_cli_load_of_damaged_file_shows_message(make_app, play_dir: Path):
    bad = play_dir / "nonsense.json"
    bad.write_text("{not json")
    app = make_app("load", path=bad)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "MessageDialog"))
        assert "not valid JSON" in app.screen.body
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "TitleScreen"))


async def test_continue_latest_autosave(make_app, play_dir: Path):
    saved_game(play_dir / "saves" / f"autosave-second-visit-seed{SEED}.json", turns=2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: settled(app, "TitleScreen")() and app.screen.latest is not None
        )
        menu = app.screen.query_one("#title-menu")
        # the scenario by the title the new-game list gives it, not its file id
        assert "The Second Visit" in str(menu.get_option("continue").prompt)
        await pilot.press("c")
        await wait_for(pilot, lambda: app.session is not None)
        assert app.session.state.turn == 2


async def test_a_turn_half_planned_is_there_when_the_game_is_continued(make_app, play_dir: Path):
    """A game closed mid-turn (the window shut, no quit dialog) takes up its plan again: the
    answers given, the action chosen with a key, the memo typed so far, and a note saying
    so."""
    save = saved_game(play_dir / "saves" / f"autosave-second-visit-seed{SEED}.json", turns=2)
    app = make_app("load", path=save)
    async with app.run_test(size=SIZE) as pilot:
        await answer_events(pilot)
        s = app.session
        answers = dict(s.answers)
        assert answers, "the test needs an event waiting for an answer"
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        actions = app.screen.query_one("#action-list")
        plain = next(o for o in s.options() if not o.params and o.available and o.cost <= 1)
        actions.highlighted = actions.get_option_index(plain.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: plain.id in s.plan)
        await open_end_turn(pilot)
        await pilot.press(*"Talk first")
        await wait_for(pilot, lambda: s.memo == "Talk first")
    app = make_app("load", path=save)
    notes: list[str] = []
    shown = app.notify
    app.notify = lambda message, **kw: (notes.append(message), shown(message, **kw))[1]
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)  # no event asked again: its answer was kept
        assert s.plan == {plain.id: {}} and s.memo == "Talk first" and s.answers == answers
        assert any(n.startswith("Your plan for this turn was kept: 1 action:") for n in notes)
        await open_end_turn(pilot)
        assert app.screen.query_one("#endturn-memo").value == "Talk first"
        # typing goes on after the kept memo (it came back selected, and a key replaced it)
        await pilot.press(*", then act")
        await wait_for(pilot, lambda: s.memo == "Talk first, then act")


async def test_ending_screen_of_a_finished_game(make_app, play_dir: Path):
    path = saved_game(play_dir / "saves" / "done.json", turns=0)
    app = make_app("load", path=path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "EndingScreen"))
        text = text_of(app.screen.query_one("#ending-text"))
        ending = app.session.state.ending
        assert ending["title"] in text and f" {ending['grade']} " in text
        await pilot.press("h")
        await wait_for(pilot, settled(app, "HistoryScreen"))
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "EndingScreen"))
        await pilot.press("ctrl+e")  # nothing to end
        await wait_for(pilot, settled(app, "EndingScreen"))
        await pilot.press("r")  # the after-action report, written beside the saves
        s = app.session
        report = play_dir / "saves" / f"report-second-visit-seed{s.state.seed}-{s.game_id}.html"
        await wait_for(pilot, lambda: report.exists() and settled(app, "EndingScreen")())
        assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


async def test_last_turn_leads_to_the_ending(make_app, play_dir: Path):
    state_turns = 19
    path = saved_game(play_dir / "saves" / "late.json", turns=state_turns)
    app = make_app("load", path=path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        if app.session.over:  # the game ended early (it can): the ending shows at once
            await wait_for(pilot, settled(app, "EndingScreen"))
            return
        await answer_events(pilot)
        while not app.session.over:
            await play_turn(app, pilot)
        await wait_for(pilot, settled(app, "EndingScreen"))


async def test_history_and_help(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await start_new(app, pilot)
        await play_turn(app, pilot)
        await pilot.press("h")
        await wait_for(pilot, settled(app, "HistoryScreen"))
        tabs = app.screen.query_one("#history-tabs")
        await pilot.press("l")
        await wait_for(pilot, lambda: tabs.active == "log")
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        await pilot.press("question_mark")
        await wait_for(pilot, settled(app, "HelpScreen"))
        tabs = app.screen.query_one("#help-tabs")
        await pilot.press("g")
        await wait_for(pilot, lambda: tabs.active == "glossary")
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "CabinetScreen"))


async def ask_to_quit_with_a_plan(app, pilot) -> None:
    """A new game with an action chosen, and the quit question open over it."""
    s = await start_new(app, pilot)
    s.choose(next(o.id for o in s.options() if o.available and not o.params))
    await pilot.press("ctrl+q")
    await wait_for(pilot, settled(app, "ChoiceDialog"))


async def test_quit_asks_for_an_unsaved_game(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await ask_to_quit_with_a_plan(app, pilot)
        await pilot.press("escape")  # cancel
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, settled(app, "ChoiceDialog"))
        app.screen.query_one("#quit").press()
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_leaving_a_new_game_says_only_what_is_true_of_it(make_app):
    """Played in tmux: quitting a new game with nothing chosen said "This turn's choices would
    be lost", and leaving it for another (the palette's New game) said it "has moved on since it
    was last saved", of a game never saved and never played."""
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:

        def body() -> str:
            return " ".join(text_of(app.screen.query_one(".dialog-body")).split())

        s = await start_new(app, pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, settled(app, "ChoiceDialog"))
        assert body() == (
            "This game has not been saved under a name. No turn has been played yet, so there"
            " is no autosave of this game."
        ), body()
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        app._leave_game_then(lambda: None)
        await wait_for(pilot, settled(app, "ConfirmDialog"))
        assert "moved on" not in body() and body().startswith("This game has not been saved")
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        s.choose(next(o.id for o in s.options() if o.available and not o.params))
        await pilot.press("ctrl+q")
        await wait_for(pilot, settled(app, "ChoiceDialog"))
        assert body().endswith("This turn's choices would be lost."), body()


async def test_a_question_shows_its_own_keys_in_the_footer(make_app):
    """Played in tmux: under the quit question the footer still offered the cabinet's keys
    ("^e End turn  r Answer events"), which do nothing while the question is open."""
    from textual.widgets._footer import FooterKey

    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await ask_to_quit_with_a_plan(app, pilot)
        await wait_for(pilot, lambda: bool(app.screen.query(FooterKey)))
        shown = [key.description for key in app.screen.query(FooterKey)]
        assert "Cancel" in shown and "End turn" not in shown, shown


async def test_the_quit_question_says_what_enter_does(make_app):
    """Played in tmux: the quit question opened on "Cancel" with nothing saying so, and a
    player who pressed Enter to quit got nothing (one who meant to cancel could not be sure).
    Its line says what Enter does, for the button highlighted as it moves; Enter still cancels
    as it opens, so a stray Enter never loses a game."""
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:

        def keys() -> str:
            return " ".join(text_of(app.screen.query_one("#dialog-keys")).split())

        await ask_to_quit_with_a_plan(app, pilot)
        assert keys().startswith("Enter: Cancel · Esc: Cancel"), keys()
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert app.is_running and app.return_code is None
        await pilot.press("ctrl+q")
        await wait_for(pilot, settled(app, "ChoiceDialog"))
        await pilot.press("left")
        await wait_for(pilot, lambda: keys().startswith("Enter: Quit ·"))
        await pilot.press("left")
        await wait_for(pilot, lambda: keys().startswith("Enter: Save and quit ·"))
        await pilot.press("right")
        await wait_for(pilot, lambda: keys().startswith("Enter: Quit ·"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_quit_without_a_game_is_immediate(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_command_palette_lists_game_commands(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await start_new(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Save the game", "Load a game", "End the turn", "History", "Help", "Quit"):
            assert title in titles
        assert len(titles) == len(set(titles)), titles  # "Quit" and "Screenshot" were twice


async def test_bindings_have_ids_and_descriptions(make_app):
    from diplomacy_game.tui.app import ElbowsUpApp
    from diplomacy_game.tui.screens.cabinet import CabinetScreen

    keys = {b.key: b for b in ElbowsUpApp.BINDINGS}
    for key in ("question_mark", "ctrl+s", "ctrl+o", "ctrl+q"):
        assert keys[key].id and keys[key].description
    cabinet = {b.key: b for b in CabinetScreen.BINDINGS}
    assert cabinet["ctrl+e"].id and cabinet["ctrl+e"].description


async def test_a_load_screen_closing_takes_late_answers_quietly(make_app, play_dir: Path):
    # The list of saves and a failed load come back from worker threads; on a busy machine
    # they can arrive while the screen is closing, its widgets already gone.
    saved_game(play_dir / "saves" / "good.json", turns=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and app.screen.saves)
        screen, saves = app.screen, app.screen.saves
        await screen.query_one("#load-box").remove()
        await screen.query_one("Footer").remove()
        screen._show(saves)  # the list arriving late
        screen._describe(0)
        screen.show_error("good cannot be loaded: a late answer")
        await pilot.pause()
        assert app.is_running


async def test_long_action_names_keep_their_second_line(make_app):
    """A name that wraps keeps both its lines after the list is refilled (a choice, a new
    turn). The list measured each option's height before its scrollbar took two columns, so a
    name that fitted one line then was cut to one line when drawn: "Tighten Buy-Canadian"
    without "procurement"."""
    app = make_app("new", scenario="hawks-table", seed=7)
    async with app.run_test(size=(120, 40)) as pilot:
        s = await start_new(app, pilot)
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        actions = app.screen.query_one("#action-list")
        first = next(o for o in s.options() if o.available and not o.params)
        actions.highlighted = actions.get_option_index(first.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: first.id in s.plan)
        await pilot.pause()
        padding = actions.get_component_styles("option-list--option").padding
        width = actions.scrollable_content_region.width - actions._get_left_gutter_width()
        for index, option in enumerate(actions.options):
            visual = actions._get_visual(option)
            needed = visual.get_height(actions.styles, width - padding.width)
            assert actions._heights[index] == needed, option.id


async def test_a_phone_sized_screen_keeps_the_capital_in_the_header(make_app):
    """At 48 columns (a phone held upright, in the browser) the header was cut at "Cap ●●●":
    it now says the capital left in a tighter line."""
    app = make_app("new")
    async with app.run_test(size=(48, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None and settled(app, "CabinetScreen")())
        await pilot.pause()
        header = app.screen.query_one("GameHeader")
        shown = text_of(header).strip()
        assert shown.endswith("Cap 3/3") and len(shown) <= 48, shown


async def test_on_a_phone_sized_screen_an_actions_details_go_under_the_list(make_app):
    """Beside the list at 48 columns the details had 11 columns ("Buy-Canadi / an procuremen"):
    under 70 columns they go under the list, the screen's width."""
    app = make_app("new")
    async with app.run_test(size=(48, 40)) as pilot:
        await start_new(app, pilot)  # the briefing shown and focused: keys reach the screen
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        await pilot.pause()
        side = app.screen.query_one("#action-side")
        listed = app.screen.query_one("#action-list")
        assert side.region.width >= 40 and side.region.y >= listed.region.bottom


async def test_a_turn_that_content_runs_away_with_is_refused_with_a_message(
    make_app, monkeypatch, play_dir: Path
):
    """An event that schedules itself several times a turn stops the turn with a message
    naming it (engine/events.py); the full-screen game says so and keeps the game as it was,
    instead of stopping with a traceback, and names the command that checks the packs it
    was played with."""
    from diplomacy_game.engine.events import RunawayEvents
    from diplomacy_game.tui import session as session_module

    def runaway(*_args, **_kwargs):
        raise RunawayEvents("loop_a", 201, 1)

    pack = Path("my-pack.toml")  # in the folder the game runs in (play_dir)
    pack.write_text(
        '[[glossary]]\nid = "loop"\nterm = "Loop"\ntext = "A test term."\n', encoding="utf-8"
    )
    app = make_app("new", content=[pack])
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        monkeypatch.setattr(session_module, "resolve_turn", runaway)
        await open_end_turn(pilot)
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "MessageDialog"))
        shown = " ".join(" ".join(text_of(w) for w in app.screen.query("Static")).split())
        assert "This turn cannot be played" in shown and "'loop_a'" in shown, shown
        assert "Nothing was applied" in shown
        assert "'diplomacy-game validate my-pack.toml --with-builtin'" in shown, shown
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        assert s.state.turn == 0


async def test_the_talks_line_says_broken_off_instead_of_vanishing(make_app):
    """Once Washington broke the talks off, the indicators' "Talks ... (advisors)" line went
    blank; it now says they are broken off."""
    from diplomacy_game.tui.widgets.dashboard import IndicatorsPanel

    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        panel = app.screen.query(IndicatorsPanel).first()
        panel.show(s)
        assert "(advisors)" in text_of(panel)
        s.state.values["talks.stalled"] = 1.0
        panel.show(s)
        assert "Talks broken off" in text_of(panel)


def test_the_endings_keys_line_names_every_key_of_the_screen():
    """The line at the foot of the ending named h, t and Ctrl+Q, not r, which writes the
    after-action report: a player reading to the end did not learn of it there."""
    from diplomacy_game.tui.screens.ending import EndingScreen

    for binding in EndingScreen.BINDINGS:
        assert f"{binding.key}: " in EndingScreen.KEYS_LINE, binding.key


async def test_the_endings_note_on_patience_reads_as_a_paragraph_at_80_columns(
    make_app, play_dir: Path
):
    """At 80 columns the note under "The President's patience" wrapped inside the labels'
    column: 13 lines of two or three words. It is now told under the table, full width."""
    import io

    from rich.console import Console

    path = saved_game(play_dir / "saves" / "done.json", turns=0)
    app = make_app("load", path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, settled(app, "EndingScreen"))
        widget = app.screen.query_one("#ending-text")
        console = Console(file=io.StringIO(), width=widget.content_region.width, color_system=None)
        console.print(widget.content)
        lines = console.file.getvalue().splitlines()
    first = next(i for i, line in enumerate(lines) if "It measures how long" in line)
    last = next(i for i in range(first, len(lines)) if "after he has escalated." in lines[i])
    assert last - first + 1 <= 4, "\n".join(lines[first : last + 1])
    assert "The President's patience" in lines[first], lines[first]


async def test_the_talks_line_keeps_its_trend_on_its_own_line(make_app):
    """With the advisors' words for the talks long ("near a text"), the trend after
    "(advisors)" wrapped onto a line of its own at 120x40; it now takes what the line leaves."""
    import io

    from rich.console import Console

    from diplomacy_game.tui.widgets.dashboard import IndicatorsPanel

    app = make_app("new")
    async with app.run_test(size=(120, 40)) as pilot:
        s = await start_new(app, pilot)
        panel = app.screen.query(IndicatorsPanel).first()
        views = [r for r in s.state.readings if r["variable"] == "talks.progress"]
        assert views
        for view in views:
            view["band"] = "near a text"
        s.talks_seen.update({turn: 20.0 + 4 * turn for turn in range(-12, 0)})  # a long trend
        panel.show(s)
        await pilot.pause()
        width = panel.size.width
        console = Console(file=io.StringIO(), width=width, color_system=None)
        console.print(panel.content)
        lines = console.file.getvalue().splitlines()
        talks = next(i for i, line in enumerate(lines) if "(advisors)" in line)
        assert talks == len(lines) - 1, lines  # nothing wrapped under it
        assert set(lines[talks].split("(advisors)")[1].strip()) <= set("▁▂▃▄▅▆▇█"), lines
        assert lines[talks].split("(advisors)")[1].strip(), lines  # the trend is there
