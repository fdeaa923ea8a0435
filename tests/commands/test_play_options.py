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


@pytest.mark.parametrize(
    "extra", [["--save", "g.json"], ["--turns", "2"], ["--json"], ["--policy", "passive"]]
)
def test_interactive_refuses_the_options_of_play_without_prompts(capsys, extra):
    code = main(["play", "--interactive", "--scenario", "second-visit", *extra])
    err = capsys.readouterr().err
    assert code == 2 and f"--interactive cannot take {extra[0]}" in err


@pytest.mark.parametrize("turn", ['"1"', "true", "1.0"])
def test_a_decisions_file_turn_is_a_whole_number(tmp_path, capsys, turn):
    decisions = tmp_path / "d.jsonl"
    decisions.write_text(f'{{"turn": {turn}, "actions": []}}\n')
    code = main(["play", "--scenario", "second-visit", "--decisions", str(decisions)])
    err = capsys.readouterr().err
    assert code == 1 and "d.jsonl:1: turn: " in err and "not a whole number" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", ""],
        ["report", ""],
        ["class-summary", ""],
        ["actions", "--scenario", "x", "-o", ""],
    ],
)
def test_an_empty_path_is_refused(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and "an empty path" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["simulate", "tournament"])
@pytest.mark.parametrize("seed", ["-1", str(2**63)])
def test_simulate_and_tournament_check_the_seed_as_play_does(capsys, command, seed):
    argv = [command, "--scenario", "second-visit", "--policy", "passive", "--games", "2"]
    assert main([*argv, "--seed", seed]) == 2
    err = capsys.readouterr().err
    assert "the seed must be a whole number from 0 to" in err and "Traceback" not in err


def test_workers_beyond_the_games_are_capped_and_said(capsys):
    argv = ["simulate", "--scenario", "second-visit", "--policy", "passive", "--games", "2"]
    assert main([*argv, "--workers", "1000", "--json"]) == 0
    assert "--workers 1000: using " in capsys.readouterr().err


def test_the_save_path_is_printed_on_a_line_of_its_own(tmp_path, capsys):
    """A terminal folds a long path wherever the line ends: alone on its line, it is folded
    only where it must be, and copied whole."""
    deep = tmp_path / "students" / "period-3-economics" / "elbows-up-saves" / "my-game.json"
    deep.parent.mkdir(parents=True)
    assert main([*BASE, "--save", str(deep)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Saved at turn 1 of 20 to:" in lines
    assert lines[lines.index("Saved at turn 1 of 20 to:") + 1] == str(deep)
