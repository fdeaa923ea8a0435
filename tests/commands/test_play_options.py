"""``play`` options that cannot work are said before the game is played, never after."""

from __future__ import annotations

import pytest

from diplomacy_game.cli import main
from diplomacy_game.commands import play as play_command
from diplomacy_game.saves import store

BASE = ["play", "--scenario", "second-visit", "--policy", "passive", "--turns", "1"]


@pytest.mark.parametrize("where", ["folder", "file/x.json", "/proc/x.json", "link.json"])
def test_a_save_path_that_cannot_be_written_is_refused_before_playing(tmp_path, capsys, where):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    (tmp_path / "link.json").symlink_to(tmp_path / "file")
    target = where if where.startswith("/") else str(tmp_path / where)
    code = main([*BASE, "--json", "--save", target])
    out, err = capsys.readouterr()
    assert code == 2 and "--save: " in err and "Traceback" not in err
    assert out == ""  # nothing was played


def test_a_save_that_fails_at_the_end_still_prints_the_result(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise store.SaveError("could not write x: No space left on device")

    monkeypatch.setattr(store, "save_game", refuse)
    code = main([*BASE, "--json", "--save", str(tmp_path / "g.json")])
    out, err = capsys.readouterr()
    assert code == 1 and "the game was not saved" in err and "No space left" in err
    assert '"turns_played": 1' in out
    assert play_command.EXIT_ERROR == 1
