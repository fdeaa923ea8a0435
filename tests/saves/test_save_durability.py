"""Saves under abuse: a saving process killed at random moments, and thousands of corruptions."""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.saves.store import SaveError
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
def test_kill_loop_never_loses_a_save(ruleset, tmp_path):
    """A child saves over and over; it is killed at random moments. Every time, the save
    folder holds a game that loads and is one of the games being saved."""
    games = []
    state = new_game(ruleset, 31)
    for _ in range(4):
        state = play_through(ruleset, state, policy=get_policy("random"), max_turns=1)
        games.append(state)
    known = [g.to_dict() for g in games]
    path = tmp_path / "kill.json"
    store.save_game(path, ruleset, games[0])
    rng = random.Random(99)
    for _ in range(200):
        pid = os.fork()
        if pid == 0:  # the child: save forever
            try:
                i = 0
                while True:
                    store.save_game(path, ruleset, games[i % len(games)])
                    i += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.012))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        loaded = store.load_game_report(path, ruleset).state
        assert loaded.to_dict() in known
    leftovers = [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert leftovers == []
    # The kills left temporary files behind; once they are old, listing the folder (or the
    # next save into it) removes them, and only them.
    temporary = [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".link"))]
    old = time.time() - 2 * store.STALE_AFTER
    for leftover in temporary:
        os.utime(leftover, (old, old))
    SaveLibrary(tmp_path).list()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".link"))]
    assert store.load_game_report(path, ruleset).state.to_dict() in known


def _corruptions(data: bytes, other: bytes, rng: random.Random):
    for _ in range(800):
        cut = rng.randrange(len(data))
        yield data[:cut]
    for _ in range(800):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        yield bytes(buf)
    for _ in range(400):
        a, b = rng.randrange(len(data)), rng.randrange(len(other))
        yield data[:a] + other[b:]


def test_corruption_fuzz_gives_a_checked_game_or_a_clear_error(ruleset):
    state_a = play_through(ruleset, new_game(ruleset, 40), policy=get_policy("random"), max_turns=7)
    state_b = play_through(
        ruleset, new_game(ruleset, 41), policy=get_policy("hardline"), max_turns=3
    )
    data, other = store.encode(ruleset, state_a), store.encode(ruleset, state_b)
    rng = random.Random(2026)
    loaded = refused = 0
    for blob in _corruptions(data, other, rng):
        try:
            state = store.decode(blob, ruleset)
        except SaveError as exc:
            assert str(exc)
            refused += 1
            continue
        # A flip inside insignificant whitespace leaves the game intact: it must be one of the two.
        assert state.to_dict() in (state_a.to_dict(), state_b.to_dict())
        loaded += 1
    assert refused + loaded == 2000 and refused > 1900
