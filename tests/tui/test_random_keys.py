"""Thousands of seeded random key presses: no unhandled exception, and a save that loads.

A quick typist plays on a quiet machine at 80x24 and at 120x40. On a slowed machine every
worker (opening the game, a turn, a save, the saves list, the scenarios, the glossary)
finishes late, the keys start while the game is still loading, and the terminal is resized
halfway without waiting, so that keys land while screens change, tabs are shown and hidden
and turns resolve. Targeted tests then press keys before a screen is built, after it has
gone, and while a turn is held in the middle of being played.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import time
from collections.abc import Callable

import pytest

from tests.tui.conftest import (
    SCENARIO,
    answer_events,
    cabinet_shows,
    gone,
    hold,
    on,
    open_end_turn,
    saved_game,
    settled,
    wait_for,
)

KEYS = (
    [
        "tab",
        "shift+tab",
        "up",
        "down",
        "left",
        "right",
        "enter",
        "space",
        "escape",
        "pageup",
        "pagedown",
        "home",
        "end",
        "backspace",
        "delete",
    ]
    * 3
    + ["a", "b", "s", "w", "r", "h", "x", "n", "c", "l", "p", "g", "k", "t", "y", "1", "7"]
    + ["question_mark", "ctrl+e", "ctrl+e", "ctrl+s", "ctrl+o", "ctrl+r", "ctrl+g"]
)
# the keys that switch tabs or open and close screens, for the targeted tests
TAB_KEYS = ["b", "a", "s", "w", "h", "p", "l", "escape", "question_mark", "k", "t", "g"]
PRESSES = 400  # per seed
SMALL, LARGE = (80, 24), (120, 40)
QUICK = [(1, SMALL), (2, LARGE), (3, SMALL)]  # seed, terminal size
SLOW = [(4, SMALL, LARGE), (5, LARGE, SMALL), (6, SMALL, LARGE)]  # seed, size, resized to
LATE = 0.2  # seconds each slowed worker takes longer, spent in its own thread
CHARS = {"space": " ", "question_mark": "?"}


def send_keys(app, keys: list[str]) -> None:
    """Queue keys as a fast typist would, without waiting for the app to take any of them."""
    from textual import events

    for key in keys:
        event = events.Key(key, CHARS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)


async def press_fast(pilot, keys: list[str]) -> None:
    """Send keys one by one, yielding to the app between them but never waiting for idle.

    (Pilot.press waits for the screen to process each key, which would make thousands of
    presses take minutes and would never land a key in the middle of a screen change.)
    """
    for key in keys:
        send_keys(pilot.app, [key])
        await asyncio.sleep(0)  # a yield to the app, not a wait for time
    await pilot.pause()


def slow_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker of the UI finishes late, as on a machine whose cores are all busy."""
    import diplomacy_game.content as content
    import diplomacy_game.tui.session as session_module
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.session import GameSession

    def late(work):
        @functools.wraps(work)
        def slowly(*args, **kwargs):
            result = work(*args, **kwargs)
            time.sleep(LATE)  # in the worker's thread: the app and the test run on meanwhile
            return result

        return slowly

    for name in ("new", "load"):
        monkeypatch.setattr(
            GameSession, name, classmethod(late(getattr(GameSession, name).__func__))
        )
    for name in ("resolve", "save"):
        monkeypatch.setattr(GameSession, name, late(getattr(GameSession, name)))
    for name in ("list", "latest_autosave"):
        monkeypatch.setattr(SaveLibrary, name, late(getattr(SaveLibrary, name)))
    monkeypatch.setattr(session_module, "scenarios", late(session_module.scenarios))
    monkeypatch.setattr(content, "load_content", late(content.load_content))


def quits_recorded(app, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """The app's exits, recorded instead of made: random keys can play a short game to its
    end, take the ending's "t" to the title and choose Quit there, a deliberate quit that
    would end the test's app with keys still coming. The keys go on; the test checks each
    quit was a clean one."""
    quits: list[tuple] = []
    monkeypatch.setattr(app, "exit", lambda *args, **kwargs: quits.append((args, kwargs)))
    return quits


def assert_clean_quits(quits: list[tuple]) -> None:
    assert all(args in ((), (0,)) and not kwargs for args, kwargs in quits), quits


async def check_the_game_still_saves(app, pilot, play_dir, seed: int) -> None:
    """No worker is left hanging, the game saves and loads, and so does every autosave."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.saves.store import load_game

    assert app.is_running, "a random key must never end the app"
    await wait_for(pilot, lambda: all(w.is_finished for w in app.workers if w.group != "flow"))
    session = app.session
    ruleset = session.ruleset if session is not None else load_ruleset(SCENARIO)
    if session is not None:
        path = session.save(f"random-{seed}")
        state = load_game(path, ruleset)
        assert state.turn == session.state.turn
        assert state.decisions == session.state.decisions
    for path in (play_dir / "saves").glob("*.json"):
        load_game(path, ruleset)


@pytest.mark.parametrize("seed, size", QUICK, ids=[f"{s}-{w}x{h}" for s, (w, h) in QUICK])
async def test_random_keys(make_app, play_dir, monkeypatch, seed, size):
    rng = random.Random(seed)
    app = make_app("new", seed=seed)
    quits = quits_recorded(app, monkeypatch)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        for _ in range(PRESSES // 20):
            await press_fast(pilot, [rng.choice(KEYS) for _ in range(20)])
            assert app.is_running, "a random key must never end the app"
        await check_the_game_still_saves(app, pilot, play_dir, seed)
    assert app.return_code in (None, 0)
    assert_clean_quits(quits)


@pytest.mark.parametrize(
    "seed, size, resized", SLOW, ids=[f"{s}-{a[0]}to{b[0]}" for s, a, b in SLOW]
)
async def test_random_keys_on_a_slow_machine(make_app, play_dir, monkeypatch, seed, size, resized):
    slow_down(monkeypatch)
    rng = random.Random(seed)
    app = make_app("new", seed=seed)
    quits = quits_recorded(app, monkeypatch)
    bursts = PRESSES // 20
    async with app.run_test(size=size) as pilot:
        resizing = None
        for burst in range(bursts):  # from the first frame, while the game is still loading
            if burst == bursts // 2:  # the terminal changes size while the keys keep coming
                resizing = asyncio.ensure_future(pilot.resize_terminal(*resized))
            await press_fast(pilot, [rng.choice(KEYS) for _ in range(20)])
            assert app.is_running, "a random key must never end the app"
        assert resizing is not None
        await resizing
        assert app.size == resized
        await check_the_game_still_saves(app, pilot, play_dir, seed)
    assert app.return_code in (None, 0)
    assert_clean_quits(quits)


async def test_keys_before_a_screen_is_built_and_after_it_has_gone(make_app):
    """Every key bound on a screen, pressed while it is being built (it is on top at once,
    built a moment later): the tab keys act once it is built, the others do nothing. A
    worker's answer or a refresh reaching a screen not built yet or already closed does
    nothing. Nothing raises."""
    from textual.widgets import TabbedContent

    from diplomacy_game.tui.screens.cabinet import CabinetScreen
    from diplomacy_game.tui.screens.help import HelpScreen
    from diplomacy_game.tui.screens.history import HistoryScreen
    from diplomacy_game.tui.screens.load_screen import LoadScreen
    from diplomacy_game.tui.screens.new_game import NewGameScreen
    from diplomacy_game.tui.screens.save_dialog import SaveDialog

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session

        def answer(screen) -> None:
            """What a worker, a timer or a dialog's callback may call on these screens."""
            if isinstance(screen, CabinetScreen):
                screen.refresh_view()
                screen._layout(LARGE[0])
            elif isinstance(screen, HelpScreen):
                screen._show_glossary([])
            elif isinstance(screen, NewGameScreen):
                screen._show_scenarios([])
                screen._content_error("broken")

        screens = [
            CabinetScreen(s),
            HistoryScreen(s),
            HelpScreen(),
            NewGameScreen(1),
            LoadScreen(),
            SaveDialog(app.library, "name"),
        ]
        last_tab = {CabinetScreen: "washington", HistoryScreen: "log", HelpScreen: "glossary"}
        for screen in screens:
            app.push_screen(screen)  # on top at once, built later
            for binding in type(screen).BINDINGS:
                if not binding.action.startswith("app."):
                    await app.run_action(binding.action, screen)
            answer(screen)
            await wait_for(pilot, settled(app, type(screen).__name__))
            assert app.screen is screen  # not closed by its escape key, pressed too early
            if type(screen) in last_tab:  # the tab keys pressed meanwhile acted once it was built
                tabs = screen.query_one(TabbedContent)
                await wait_for(pilot, lambda t=tabs, s=screen: t.active == last_tab[type(s)])
            await app.pop_screen()
            await wait_for(pilot, lambda closed=screen: not closed.is_attached)
            answer(screen)
        assert app.is_running
        assert on(app, "CabinetScreen")()


async def test_screens_closed_or_replaced_while_they_are_built(make_app):
    """Escape pressed on a screen still being built closes it once it is built; a game that
    opens while help is being built waits for it before replacing every screen."""
    from diplomacy_game.tui.screens.dialogs import MessageDialog
    from diplomacy_game.tui.screens.help import HelpScreen
    from diplomacy_game.tui.screens.history import HistoryScreen
    from diplomacy_game.tui.screens.new_game import NewGameScreen

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        for screen in (HelpScreen(), HistoryScreen(s), NewGameScreen(1), MessageDialog("a", "b")):
            app.push_screen(screen)
            screen.action_close()  # escape, before the screen is built
            await wait_for(pilot, lambda closed=screen: not closed.is_attached)
            await wait_for(pilot, cabinet_shows(app, "briefing"))
        help_screen = HelpScreen()
        app.push_screen(help_screen)
        await app._enter_game(s)  # as when a loaded game arrives from its worker
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        assert not help_screen.is_attached
        assert app.is_running


async def test_a_screen_that_comes_on_top_while_a_game_opens_is_built_before_it_goes(
    make_app, monkeypatch
):
    """A game opening replaces every screen, each once it is built. A screen that comes on
    top while the one under it is waited for (an event's dialog, a key's help) was removed
    mid-build, and its own mount found none of its widgets: the app stopped with "No nodes
    match '#event-options'" (seen once in some hundred random-key runs on a busy machine)."""
    from diplomacy_game.tui import mounted
    from diplomacy_game.tui.screens.event_dialog import EventDialog
    from diplomacy_game.tui.screens.help import HelpScreen

    event = {
        "id": "late",
        "title": "A dialog that comes late",
        "options": [{"id": "yes", "label": "Yes", "available": True}],
    }
    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        waited_for = mounted.built
        late: list[EventDialog] = []

        async def built_then_another_on_top(screen) -> None:
            await waited_for(screen)
            if not late:  # once: on top at once, built a moment later
                late.append(EventDialog(event, "It arrives as the game is left.", "domestic"))
                app.push_screen(late[0])

        monkeypatch.setattr(mounted, "built", built_then_another_on_top)
        app.push_screen(HelpScreen())
        await app._enter_game(app.session)  # as when a loaded game arrives from its worker
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        assert late and not late[0].is_attached
        assert [type(screen).__name__ for screen in app.screen_stack[1:]] == ["CabinetScreen"]
        assert app.is_running


async def test_a_key_that_arrives_when_no_screen_is_left(make_app):
    """A key still on its way as the app closes (Quit chosen on the title, keys typed after
    it) finds no screen: it is dropped, where Textual's handling of it stopped the app with
    "No screens on stack" (seen once in some hundred random-key runs on a busy machine)."""
    from textual import events

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        stack = app._screen_stack  # emptied as when the app closes, and put back
        screens = stack[:]
        stack.clear()
        try:
            for forwarded in (False, True):
                key = events.Key("a", "a")
                if forwarded:
                    key._set_forwarded()  # on its way back up from a widget
                await app.on_event(key)
        finally:
            stack.extend(screens)
        await pilot.press("w")  # and the keys act again once there is a screen
        await wait_for(pilot, cabinet_shows(app, "washington"))
        assert app.is_running


def shown(app, name: str):
    """The screen is on top and built (while a held worker keeps the app from settling)."""
    return lambda: on(app, name)() and app.screen.is_mounted


async def end_turn_and_hold(app, pilot) -> None:
    """From the settled cabinet room, confirm the end of the turn; it stays in play."""
    await wait_for(pilot, cabinet_shows(app, "briefing"))
    await open_end_turn(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen.has_class("-busy"))


@contextlib.asynccontextmanager
async def a_turn_held(make_app, monkeypatch, size):
    """A new game whose first turn is confirmed and held in the middle of being played: the
    app, its pilot and the gate that lets the turn go (let go at the end in any case)."""
    from diplomacy_game.tui.session import GameSession

    gate = hold(monkeypatch, GameSession, "resolve")
    app = make_app("new")
    try:
        async with app.run_test(size=size) as pilot:
            await end_turn_and_hold(app, pilot)
            yield app, pilot, gate
    finally:
        gate.set()


def notes_of(node) -> list[str]:
    """The messages ``node`` (the app, a screen) is asked to show from now on."""
    notes: list[str] = []
    shown = node.notify
    node.notify = lambda message, **kw: (notes.append(message), shown(message, **kw))[1]
    return notes


async def back_to_the_cabinet(app, pilot) -> None:
    """Close whatever the keys left open (help, history, the turn's result) and answer the
    events, until the cabinet room has settled. Each key is pressed once the keys typed before
    it have acted (as the game waits before it opens a screen: ``_after_the_keys``): a "?"
    still on its way would open a help over the screen the key was meant
    to close, and the key would close that help instead."""
    while not settled(app, "CabinetScreen")():
        await wait_for(pilot, lambda: app.screen.is_mounted and not app._keys_pending())
        screen = app.screen
        if on(app, "CabinetScreen")():
            await wait_for(
                pilot, lambda seen=screen: settled(app, "CabinetScreen")() or app.screen is not seen
            )
        else:
            await close(pilot, screen, "enter" if on(app, "EventDialog")() else "escape")


async def close(pilot, screen, key: str) -> None:
    """Press ``key`` once: ``screen`` must go. If it stays, the failure gives the stack, the
    focus and the workers. (On busy machines an Escape on the turn's result used to be lost:
    the keys typed on the help as the turn came back were looked up against the result pushed
    over it; see test_a_key_passed_back_up_while_the_game_waits_for_it.)

    Unless the game opened a screen as the key was pressed: an event's dialog, opened by the
    flow of the turn once its result was closed, lands on top of the help between the look at
    the screen and the key's arrival. It is on top when the key comes, so it takes the key, as
    it would a player's, and the help is back on top; the caller looks again. (This test
    waited for the help to go, and no key was coming: 2 runs in 14 timed out beside three
    busy loops.)"""
    app = pilot.app
    opened = app._screens_opened
    went = gone(app, screen)

    def check() -> bool:
        return went() or app._screens_opened != opened

    check.why = went.why  # type: ignore[attr-defined]
    await pilot.press(key)
    await wait_for(pilot, check)


async def test_keys_while_a_turn_is_played(make_app, monkeypatch):
    """Tab keys, help, history and a resize from 80x24 to 120x40 (which hides the Washington
    tab) while the turn is held in mid-resolution; then the next turn can be ended."""
    async with a_turn_held(make_app, monkeypatch, SMALL) as (app, pilot, gate):
        turn = app.session.state.turn
        await press_fast(pilot, TAB_KEYS + ["ctrl+e", "ctrl+s", "r", "x", "enter", "w"])
        resizing = asyncio.ensure_future(pilot.resize_terminal(*LARGE))
        await press_fast(pilot, TAB_KEYS * 2)
        await resizing
        assert app.session.state.turn == turn  # still held
        gate.set()
        send_keys(app, TAB_KEYS)  # and more as the turn comes back
        await wait_for(pilot, lambda: app.session.state.turn == turn + 1)
        await back_to_the_cabinet(app, pilot)
        await pilot.press("ctrl+e")  # the flow of the last turn is over: this one starts
        await wait_for(
            pilot, lambda: settled(app, "EndTurnDialog")() or settled(app, "EventDialog")()
        )


async def test_a_key_on_its_way_when_the_turn_comes_back(make_app, monkeypatch):
    """Escape pressed on the help while a turn is played, and still on its way up from the
    help's widgets when the turn comes back: it closes the help, and the turn's result is shown
    after it. (Textual looks up a key's bindings once it is back up at the app, against the
    screen on top by then: the result, had it been pushed meanwhile, would have taken the key.)"""
    from diplomacy_game.tui.screens.help import HelpScreen
    from diplomacy_game.tui.session import GameSession

    gate = hold(monkeypatch, GameSession, "resolve")
    app = make_app("new")
    caught = []

    async def on_key(screen, event) -> None:
        """The Escape has reached the help screen, one step from the app: the turn comes back."""
        if event.key != "escape" or caught:
            return
        caught.append(event)
        gate.set()
        end = time.monotonic() + 120
        while any(not w.is_finished for w in app.workers if w.group == "turn"):
            assert time.monotonic() < end, "the turn never came back"
            await asyncio.sleep(0)
        for _ in range(50):  # a game that did not wait for the key would show the result now
            if on(app, "TurnResultScreen")():
                break
            await asyncio.sleep(0)

    monkeypatch.setattr(HelpScreen, "on_key", on_key, raising=False)
    try:
        names = await over_the_help(app, lambda: send_keys(app, ["escape"]))
        assert caught
        assert names == ["CabinetScreen", "TurnResultScreen"]
    finally:
        gate.set()


async def over_the_help(app, let_go: Callable[[], None]) -> list[str]:
    """With the turn held, open the help and call ``let_go``; once the turn is back and a
    screen has settled on top, the screens above the base one."""
    async with app.run_test(size=SMALL) as pilot:
        await end_turn_and_hold(app, pilot)
        turn = app.session.state.turn
        await pilot.press("question_mark")
        await wait_for(pilot, shown(app, "HelpScreen"))
        let_go()
        await wait_for(pilot, lambda: app.session.state.turn == turn + 1)
        await wait_for(
            pilot,
            lambda: any(
                settled(app, name)() for name in ("TurnResultScreen", "HelpScreen", "EventDialog")
            ),
        )
        return [type(s).__name__ for s in app.screen_stack[1:]]


async def test_a_key_passed_back_up_while_the_game_waits_for_it(make_app, monkeypatch):
    """An Escape typed on the help, in the app's queue when the turn comes back: the game waits
    for it, the help handles it and passes it back up to the app, and only once the app has
    looked up its bindings (against the help: it closes it) is the result shown. On a busy
    machine the help once passed a burst of keys back up while the game waited, and the game
    took keys passed up for handled: it pushed the result, and the keys were looked up against
    it ("h" opened the history over the result, "?" a second help, and the Escape meant for
    the help was lost)."""
    from textual import events

    from diplomacy_game.tui.app import ElbowsUpApp
    from diplomacy_game.tui.screens.help import HelpScreen
    from diplomacy_game.tui.session import GameSession

    gate = hold(monkeypatch, GameSession, "resolve")
    app = make_app("new")
    waited, round_trip = ElbowsUpApp._after_the_keys, ElbowsUpApp._round_trip
    typed: list[events.Key] = []
    held: list[asyncio.Task[None]] = []

    async def after_the_keys(self: ElbowsUpApp) -> None:
        if gate.is_set() and not typed and isinstance(self.screen, HelpScreen):
            self.screen.set_focus(None)  # the key goes to the help screen, one step from the app
            key = events.Key("escape", None)
            key.set_sender(self)
            typed.append(key)
            self.post_message(key)  # in the app's queue as the game starts waiting
        await waited(self)

    async def slow_round_trip(self: ElbowsUpApp) -> None:
        """The first time, as on a busy machine: right after the round trip's own callback the
        app is held up for a while, and the help passes the key back up meanwhile, behind the
        hold. (A game that shows its result then does so before the app goes on.)"""
        if not typed or held:
            await round_trip(self)
            return
        done = asyncio.get_running_loop().create_future()
        release = asyncio.Event()
        self.call_later(lambda: done.done() or done.set_result(None))  # as _round_trip does
        self.call_later(release.wait)

        async def go_on() -> None:
            for _ in range(200):
                if on(self, "TurnResultScreen")():
                    break
                await asyncio.sleep(0)
            release.set()

        held.append(asyncio.create_task(go_on()))
        await done
        while not typed[0]._stop_propagation:
            await asyncio.sleep(0)

    monkeypatch.setattr(ElbowsUpApp, "_after_the_keys", after_the_keys)
    monkeypatch.setattr(ElbowsUpApp, "_round_trip", slow_round_trip)
    try:
        names = await over_the_help(app, gate.set)
        assert typed and held
        assert names == ["CabinetScreen", "TurnResultScreen"]
    finally:
        gate.set()


async def test_leaving_a_game_while_its_turn_is_played(make_app, play_dir, monkeypatch):
    """Load another game while a turn is held: when it comes back, its result is not shown
    over the new game, and the new game's turn can be ended."""
    from diplomacy_game.tui.session import GameSession

    saved_game(play_dir / "saves" / "other.json", turns=2)
    gate = hold(monkeypatch, GameSession, "resolve")
    app = make_app("new")
    try:
        async with app.run_test(size=SMALL) as pilot:
            await end_turn_and_hold(app, pilot)
            first = app.session
            await pilot.press("ctrl+o")
            await wait_for(pilot, shown(app, "ConfirmDialog"))  # the game is not saved
            await pilot.press("y")
            await wait_for(pilot, lambda: shown(app, "LoadScreen")() and app.screen.saves)
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.session is not first)
            gate.set()  # the old game's turn comes back now
            await wait_for(
                pilot, lambda: all(w.is_finished for w in app.workers if w.group != "flow")
            )
            await answer_events(pilot)
            assert app.session.state.turn == 2
            assert not [s for s in app.screen_stack if type(s).__name__ == "TurnResultScreen"]
            await pilot.press("ctrl+e")
            await wait_for(
                pilot, lambda: settled(app, "EndTurnDialog")() or settled(app, "EventDialog")()
            )
    finally:
        gate.set()


async def test_an_action_chosen_while_the_turn_is_played_is_refused_not_lost(make_app, monkeypatch):
    """Enter on the actions list while the turn was being played added the action to a plan
    the turn had already taken: "Chosen: ..." was said, and the choice was gone when the turn
    came back. It is refused with a word instead."""
    async with a_turn_held(make_app, monkeypatch, LARGE) as (app, pilot, gate):
        s = app.session
        turn = s.state.turn
        await pilot.press("a")
        actions = app.screen.query_one("#action-list")
        await wait_for(pilot, lambda: actions.has_focus)  # (the turn's worker still runs)
        plain = next(o for o in s.options() if not o.params and o.available)
        actions.highlighted = actions.get_option_index(plain.id)
        notes = notes_of(app.screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(notes))
        assert s.plan == {} and "The turn is being played" in notes[0], notes
        gate.set()
        await wait_for(pilot, lambda: app.session.state.turn == turn + 1)
        assert not s.state.decisions[-1]["actions"]  # the turn played the plan it took


async def test_cabinet_keys_while_the_turn_is_played_say_to_wait(make_app, monkeypatch):
    """Ctrl+E, r and Ctrl+S in the cabinet room while the turn is being played did nothing at
    all; each says why, and none acts later over the turn's result."""
    async with a_turn_held(make_app, monkeypatch, SMALL) as (app, pilot, gate):
        turn = app.session.state.turn
        notes = notes_of(app)
        for key in ("ctrl+e", "r", "ctrl+s"):
            await pilot.press(key)
        await wait_for(pilot, lambda: len(notes) == 3)
        assert notes == [
            "The turn is being played: end the next one once it is over.",
            "The turn is being played: answer the events once it is over.",
            "The turn is being played: save the game once it is over.",
        ]
        opened: list[str] = []
        push = app.push_screen
        app.push_screen = lambda screen, *a, **kw: (
            opened.append(type(screen).__name__),
            push(screen, *a, **kw),
        )[1]
        gate.set()
        await wait_for(pilot, lambda: app.session.state.turn == turn + 1)
        await back_to_the_cabinet(app, pilot)
        assert "TurnResultScreen" in opened
        assert not {"EndTurnDialog", "SaveDialog"} & set(opened), opened
