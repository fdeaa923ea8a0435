"""Content whose events schedule themselves several times a turn (valid, with delays of a
turn) stops with a message naming the event instead of growing until the game hangs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from diplomacy_game.cli import main
from diplomacy_game.tui.config import LaunchConfig
from diplomacy_game.tui.plain import run_plain

PACK = """[[event]]
id = "starter"
title = "Start"
category = "media"
date = 2025-10-08
text = "s"
effects = ["schedule('loop_a', 1)"]

[[event]]
id = "loop_a"
title = "Loop"
category = "media"
once = false
triggered_only = true
text = "a"
effects = ["schedule('loop_a', 1)", "schedule('loop_a', 1)", "schedule('loop_a', 1)"]
"""


@pytest.fixture
def pack(write_pack) -> Path:
    return write_pack(PACK)


def test_play_stops_with_the_event_named(pack, capsys):
    argv = ["play", "--scenario", "second-visit", "--content", str(pack), "--policy", "passive"]
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and "'loop_a'" in err and "Nothing of turn" in err
    assert f"then run 'diplomacy-game validate {pack} --with-builtin'" in err  # with the pack
    assert '"turns_played"' in out


def test_plain_mode_says_so_and_keeps_the_game(pack, tmp_path):
    config = LaunchConfig(
        mode="new", scenario="second-visit", seed=1, content=[pack], saves_dir=tmp_path / "s"
    )
    out = io.StringIO()
    script = ("7\n" + "1\n" * 6 + "memo\n") * 10 + "9\n1\n"
    assert run_plain(config, io.StringIO(script), out) == 0
    assert "This turn cannot be played: the content's event 'loop_a'" in out.getvalue()


@pytest.mark.parametrize("command", ["simulate", "tournament"])
def test_many_games_stop_with_the_event_named(pack, capsys, command):
    argv = [command, "--scenario", "second-visit", "--content", str(pack), "--policy", "passive"]
    assert main([*argv, "--games", "2"]) == 1
    err = capsys.readouterr().err
    assert "'loop_a'" in err and f"'diplomacy-game validate {pack} --with-builtin'" in err
