"""Where a command's -o / --csv / --turns file goes: a device or a pipe is written into as it
is, a link's target is written (the link stays), a folder or a bad path gets one clean line."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from diplomacy_game.cli import main
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy

SCENARIO = "second-visit"
root_only = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="device nodes need root"
)


def _null(folder: Path) -> Path:
    node = folder / "mynull"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


@pytest.fixture
def saved(tmp_path: Path, ruleset) -> Path:
    state = new_game(ruleset, 3)
    for played, _ in play_game(ruleset, new_game(ruleset, 3), None, get_policy("passive"), 2):
        state = played
    folder = tmp_path / "class"
    folder.mkdir()
    return store.save_game(folder / "ada.json", ruleset, state)


def _outputs(tmp_path: Path, saved: Path, target: Path) -> list[list[str]]:
    return [
        ["actions", "--scenario", SCENARIO, "-o", str(target)],
        ["report", str(saved), "--games", "0", "-o", str(target)],
        ["class-summary", str(saved.parent), "-o", str(target)],
        ["class-summary", str(saved.parent), "--turns", str(target)],
        [
            "tournament",
            "--scenario",
            SCENARIO,
            "--games",
            "1",
            "--policy",
            "passive",
            "--csv",
            str(target),
        ],
    ]


@root_only
def test_a_device_is_written_into_never_replaced(tmp_path, saved, capsys):
    null = _null(tmp_path)
    for argv in _outputs(tmp_path, saved, null):
        code = main(argv)
        _, err = capsys.readouterr()
        assert code == 0, (argv, err)
        assert stat.S_ISCHR(os.lstat(null).st_mode), argv


def test_a_link_is_followed_and_kept(tmp_path, saved, capsys):
    for argv in _outputs(tmp_path, saved, tmp_path / "link.txt"):
        real = tmp_path / "real.txt"
        real.write_text("old")
        link = tmp_path / "link.txt"
        link.unlink(missing_ok=True)
        link.symlink_to(real)
        assert main(argv) == 0, argv
        capsys.readouterr()
        assert link.is_symlink(), argv
        assert real.read_text() != "old", argv


def test_a_pipe_is_written_into_when_read_and_refused_when_not(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code = main(["actions", "--scenario", SCENARIO, "-o", str(fifo)])
    _, err = capsys.readouterr()
    assert code == 1 and "no program is reading" in err and "Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    while True:  # the reader has the pipe open once a writer can open it
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            break
        except OSError:
            continue
    reader.join(5)
    reader = threading.Thread(target=read)
    got.clear()
    reader.start()
    code = main(["actions", "--scenario", SCENARIO, "-o", str(fifo)])
    reader.join(10)
    assert code == 0 and b"action" in got[0].lower()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("where", ["folder", "file/x.csv", "/proc/x.csv"])
def test_tournament_csv_to_a_bad_path_is_one_line_and_keeps_the_league(tmp_path, capsys, where):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    target = where if where.startswith("/") else str(tmp_path / where)
    argv = ["tournament", "--scenario", SCENARIO, "--games", "1", "--policy", "passive"]
    code = main([*argv, "--json", "--csv", target])
    out, err = capsys.readouterr()
    assert code == 1 and "could not write" in err and "Traceback" not in err
    assert '"league"' in out


def test_tournament_of_one_game_prints_json(capsys):
    argv = ["tournament", "--scenario", SCENARIO, "--games", "1", "--policy", "passive", "--json"]
    assert main(argv) == 0
    assert '"grade_ci95": null' in capsys.readouterr().out
