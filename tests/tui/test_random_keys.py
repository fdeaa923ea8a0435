"""Thousands of seeded random key presses: no unhandled exception, and a save that loads."""

from __future__ import annotations

import asyncio
import random

import pytest

from tests.tui.conftest import SCENARIO, wait_for

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
PRESSES = 700
SEEDS = [1, 2, 3]
CHARS = {"space": " ", "question_mark": "?"}


async def press_fast(pilot, keys: list[str]) -> None:
    """Send keys as a fast typist would: queued one by one, without waiting for idle.

    (Pilot.press waits about 40 ms per key for the app to go idle, which would make
    thousands of presses take minutes.)
    """
    from textual import events

    app = pilot.app
    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
        await asyncio.sleep(0)
    await pilot.pause()


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys(make_app, play_dir, seed):
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.saves.store import load_game

    rng = random.Random(seed)
    app = make_app("new", seed=seed)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        for _ in range(PRESSES // 20):
            await press_fast(pilot, [rng.choice(KEYS) for _ in range(20)])
            assert app.is_running, "a random key must never end the app"
        await pilot.pause()
        session = app.session
        ruleset = session.ruleset if session is not None else load_ruleset(SCENARIO)
        if session is not None:
            path = session.save(f"random-{seed}")
            state = load_game(path, ruleset)
            assert state.turn == session.state.turn
            assert state.decisions == session.state.decisions
    assert app.return_code in (None, 0)
    # every save the keys produced in the folder (autosaves included) still loads
    for path in (play_dir / "saves").glob("*.json"):
        load_game(path, ruleset)
