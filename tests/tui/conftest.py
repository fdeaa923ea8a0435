"""Fixtures for the terminal UI tests: the app built by the CLI's factory, a fixed seed and
size, a frozen clock, no cursor blink, and a throwaway saves folder."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from diplomacy_game.tui.launch import LaunchConfig, build_app

SCENARIO = "second-visit"
SEED = 42
FROZEN = dt.datetime(2025, 10, 21, 9, 30, tzinfo=dt.UTC)


class _FrozenDateTime(dt.datetime):
    @classmethod
    def now(cls, tz=None):  # noqa: D102
        return FROZEN if tz is not None else FROZEN.replace(tzinfo=None)


class _FrozenDT:
    """Stands in for the datetime module inside the save store: saved_at is fixed."""

    UTC = dt.UTC
    date = dt.date
    timedelta = dt.timedelta
    datetime = _FrozenDateTime


@pytest.fixture
def play_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder with a relative ./saves, UTC, a frozen save clock and game ids
    drawn in order (000001, 000002, ...) instead of at random, so screens that show a game's
    id look the same on every run."""
    import itertools

    import diplomacy_game.saves.store as store
    import diplomacy_game.tui.session as session

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ELBOWS_UP_SAVES", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):
        time.tzset()
    monkeypatch.setattr(store, "dt", _FrozenDT)
    ids = itertools.count(1)
    monkeypatch.setattr(session, "new_game_id", lambda: f"{next(ids):06x}")
    yield tmp_path
    if hasattr(time, "tzset"):
        os.environ.pop("TZ", None)
        time.tzset()


@pytest.fixture
def make_app(play_dir: Path):
    def factory(mode: str = "title", **kwargs):
        config = LaunchConfig(
            mode=mode,
            scenario=kwargs.pop("scenario", SCENARIO if mode == "new" else None),
            seed=kwargs.pop("seed", SEED),
            saves_dir=Path("saves"),
            blink=False,
            **kwargs,
        )
        app = build_app(config)
        app.animation_level = "none"  # no tab or scroll animations: faster, stable tests
        return app

    return factory


async def wait_for(pilot, predicate: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let the app run until the predicate holds (workers report back asynchronously).

    Never a wait for time: the timeout is only a ceiling for a test that has gone wrong, set
    high enough for a machine whose cores are all busy.
    """
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            why = getattr(predicate, "why", None)  # what the predicate saw, if it can say
            seen = f"; {why()}" if why is not None else ""
            raise AssertionError(f"timed out; screen is {pilot.app.screen!r}{seen}")
        await pilot.pause()


def on(app, name: str) -> Callable[[], bool]:
    return lambda: type(app.screen).__name__ == name


def settled(app, name: str) -> Callable[[], bool]:
    """The screen ``name`` is on top and built, and nothing is still on its way: no worker is
    loading, listing, saving or playing a turn, and over the cabinet room no flow of dialogs
    is about to open one (a dialog's own flow waits for it, and may)."""

    def check() -> bool:
        screen = app.screen
        if type(screen).__name__ != name or not screen.is_mounted:
            return False
        pending = [w for w in app.workers if not w.is_finished]
        if name == "CabinetScreen":
            return not pending
        return all(w.group == "flow" for w in pending)

    return check


def cabinet_shows(app, tab: str) -> Callable[[], bool]:
    """The cabinet room has settled on ``tab`` (Washington is the briefing when the window is
    wide), with its actions listed and the tab's widget focused."""
    from diplomacy_game.tui.screens.cabinet import FOCUS

    def check() -> bool:
        if not settled(app, "CabinetScreen")():
            return False
        screen = app.screen
        shown = "briefing" if tab == "washington" and screen.wide else tab
        focused = screen.focused
        return (
            screen.query_one("#cabinet-tabs").active == shown
            and screen.query_one("#action-list").option_count > 0
            and focused is not None
            and focused is screen.query_one(FOCUS[shown])
        )

    def why() -> str:
        screen = app.screen
        if not settled(app, "CabinetScreen")():
            return f"not settled (workers: {[w.name for w in app.workers if not w.is_finished]})"
        tabs = screen.query_one("#cabinet-tabs")
        actions = screen.query_one("#action-list").option_count
        return f"tab {tabs.active!r}, {actions} actions listed, focus on {screen.focused!r}"

    check.why = why  # type: ignore[attr-defined]
    return check


def hold(monkeypatch: pytest.MonkeyPatch, owner, name: str) -> threading.Event:
    """Make a worker wait, in its own thread, until the test lets it go."""
    gate = threading.Event()
    work = getattr(owner, name)

    def held(*args, **kwargs):
        assert gate.wait(timeout=300), "the test never let the worker go"
        return work(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return gate


def gone(app, screen) -> Callable[[], bool]:
    """The screen is no longer the one on top (it was dismissed, or another covers it)."""

    def check() -> bool:
        return app.screen is not screen

    def why() -> str:
        stack = [type(s).__name__ for s in app.screen_stack]
        workers = [f"{w.name or w.group} ({w.state.name})" for w in app.workers]
        return f"screens {stack}; focused {app.screen.focused!r}; workers {workers}"

    check.why = why  # type: ignore[attr-defined]
    return check


async def answer_events(pilot) -> None:
    """Answer every event dialog that opens (with its highlighted option) until the cabinet
    room has settled."""
    app = pilot.app
    while True:
        await wait_for(
            pilot, lambda: settled(app, "CabinetScreen")() or settled(app, "EventDialog")()
        )
        if not on(app, "EventDialog")():
            return
        dialog = app.screen
        await pilot.press("enter")
        await wait_for(pilot, gone(app, dialog))


async def open_end_turn(pilot) -> None:
    """From the settled cabinet room, ask to end the turn (ctrl+e) and answer the event dialogs
    that come first, until the end-turn box has settled."""
    app = pilot.app
    await pilot.press("ctrl+e")
    while True:
        await wait_for(
            pilot, lambda: settled(app, "EndTurnDialog")() or settled(app, "EventDialog")()
        )
        if on(app, "EndTurnDialog")():
            return
        dialog = app.screen
        await pilot.press("enter")
        await wait_for(pilot, gone(app, dialog))


async def open_first_action_dialog(pilot) -> None:
    """From the cabinet room, the dialog of the first action with settings, settled."""
    app = pilot.app
    await pilot.press("a")
    await wait_for(pilot, cabinet_shows(app, "actions"))
    actions = app.screen.query_one("#action-list")
    first = next(o for o in app.session.options() if o.params)
    actions.highlighted = actions.get_option_index(first.id)
    await pilot.press("enter")
    await wait_for(pilot, settled(app, "ActionDialog"))


_SAVES_CACHE: dict[tuple[int, str, int], bytes] = {}


def saved_game(path: Path, turns: int = 2, policy: str = "passive", seed: int = SEED) -> Path:
    """A save of a game played headless for some turns (or to the end with turns=0).

    Played once per test run and copied (the frozen clock makes the bytes identical).
    """
    key = (turns, policy, seed)
    if key in _SAVES_CACHE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_SAVES_CACHE[key])
        return path
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.saves.store import save_game
    from diplomacy_game.sim.headless import play_through
    from diplomacy_game.sim.policies import get_policy

    ruleset = load_ruleset(SCENARIO)
    state = new_game(ruleset, seed)
    state = play_through(ruleset, state, policy=get_policy(policy), max_turns=turns or None)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_game(path, ruleset, state)
    _SAVES_CACHE[key] = path.read_bytes()
    return path


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if asyncio.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None


def text_of(widget) -> str:
    """The plain text a Static shows (its Rich content printed without styles)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(widget.content)
    return console.file.getvalue()
