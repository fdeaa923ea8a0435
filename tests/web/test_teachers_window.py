"""The teacher's window: Enter there prints the class's count, and each game that ends is
replayed before its ending is said (the verdict ``verify`` would give)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diplomacy_game.saves import store
from diplomacy_game.web.console import EnterKey
from diplomacy_game.web.lab import Lab, read_lab
from diplomacy_game.web.progress import ClassProgress, Seen
from diplomacy_game.web.replay import MOST_FAILURES, Replayer
from diplomacy_game.web.server import LabServer, ServeOptions
from tests.web.helpers import Served, play, write_class

needs_a_terminal = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX terminal")


def edited_ending(lab: Lab, ruleset, name: str, folder: Path) -> bytes:
    """The student's finished game with turn 7's approval edited and the file sealed again:
    its checksum holds, its ending and grade are untouched, and it does not replay."""
    elsewhere = Lab(**{**lab.__dict__, "hand_in": folder})
    folder.mkdir(exist_ok=True)
    play(elsewhere, ruleset, name, 99)
    student = lab.find(name)
    assert student is not None
    doc = json.loads(elsewhere.hand_in_path(student).read_text(encoding="utf-8"))
    assert doc["state"]["ending"] is not None and len(doc["state"]["history"]) >= 7
    doc["state"]["history"][6]["approval"] = 71.5
    return store.seal(doc)


def hand_in(path: Path, data: bytes) -> None:
    """Written whole, as the game writes its saves."""
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    os.replace(part, path)


# --- replayed endings, as the teacher sees them --------------------------------------------


def test_each_ending_is_replayed_and_said_with_its_verdict(tmp_path: Path, review_sprint):
    """A game played to its end is "verified"; one edited and sealed again (its checksum
    holds) is said not to replay, at the turn that differs. The verdict is the one ``verify``
    gives, and it is recorded: ``verify`` afterwards does not replay the game again."""
    folder = write_class(tmp_path)
    hand_ins = tmp_path / "in"
    lab = read_lab(folder, hand_ins)
    forged = edited_ending(lab, review_sprint, "Ben O'Connor", tmp_path / "elsewhere")
    args = ["--class", str(folder), "--hand-in", str(hand_ins), "--warm", "0"]
    with Served(*args, cwd=tmp_path) as srv:
        if sys.platform == "linux":  # the helper is started with the server, before any ending
            deadline = time.monotonic() + 10
            while not srv.replay_helpers():
                assert time.monotonic() < deadline, "no replay helper was started"
                time.sleep(0.05)
        play(lab, review_sprint, "Amira Haddad", 99)
        srv.wait_for_log("Amira Haddad: finished: ", timeout=60)
        hand_in(hand_ins / "Ben-O-Connor.json", forged)
        srv.wait_for_log("Ben O'Connor: finished: ", timeout=60)
    [amira] = [line for line in srv.lines if "Amira Haddad: finished" in line]
    assert " (grade " in amira and amira.endswith(", verified")
    [ben] = [line for line in srv.lines if "Ben O'Connor: finished" in line]
    assert " (grade " in ben
    assert ", but it does not replay: turn 7: 'approval' is 71.5 in the save but " in ben
    assert ben.endswith(" in the replay")
    assert "2 finished (1 not verified)" in srv.lines[-2]
    assert "Traceback" not in srv.log

    from diplomacy_game.classroom import verdicts

    for name, ok in (("Amira-Haddad", True), ("Ben-O-Connor", False)):
        verdict = verdicts.checked(hand_ins / f"{name}.json")
        assert verdict.ok is ok and verdict.state is None  # recorded, not replayed again


# --- the replay is off the event loop -------------------------------------------------------


def helper(source: str) -> list[str]:
    """A stand-in for the replay helper, as a command line."""
    return [sys.executable, "-c", source]


SLOW = helper(
    "import json, sys, time\n"
    "for line in sys.stdin:\n"
    "    time.sleep(1.5)\n"
    "    print(json.dumps({'ok': True, 'kind': 'consistent', 'message': '', 'turn': None}),"
    " flush=True)\n"
)


async def until(lines: list[str], text: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in line for line in lines):
        assert time.monotonic() < deadline, f"never said {text!r}: {lines}"
        await asyncio.sleep(0.02)


async def test_an_ending_waits_for_its_replay_and_nothing_else_does(lab: Lab, review_sprint):
    """While a replay runs (here one that takes 1.5 s), the other students' turns are said as
    they come; the ending follows once its verdict is in."""
    progress = ClassProgress(lab, review_sprint)
    lines: list[str] = []
    server = LabServer(ServeOptions(), ["true"], lines.append, progress, Replayer(SLOW))
    checker = asyncio.create_task(server._check_endings(progress))
    try:
        play(lab, review_sprint, "Amira Haddad", 99)
        await server._look_at_hand_ins(progress)
        assert lines == []  # not said before its replay
        play(lab, review_sprint, "Ben O'Connor", 2)
        started = time.monotonic()
        await server._look_at_hand_ins(progress)
        assert lines == ["Ben O'Connor: ended turn 2 of 9"]
        assert time.monotonic() - started < 1.0  # not held up by the replay
        await until(lines, "Amira Haddad: finished")
        assert lines[1].endswith(", verified")
    finally:
        checker.cancel()
        await server.replayer.close()


async def test_endings_left_at_stop_are_said_without_a_verdict(lab, review_sprint, monkeypatch):
    from diplomacy_game.web import server as server_module

    monkeypatch.setattr(server_module, "LAST_REPLAYS_SECONDS", 0.2)
    progress = ClassProgress(lab, review_sprint)
    lines: list[str] = []
    server = LabServer(ServeOptions(), ["true"], lines.append, progress, Replayer(SLOW))
    server._checker = asyncio.create_task(server._check_endings(progress))
    play(lab, review_sprint, "Amira Haddad", 99)
    play(lab, review_sprint, "Ben O'Connor", 99)
    await server._look_at_hand_ins(progress)
    await server._last_replays(progress)
    assert sorted(line.split(": finished")[0] for line in lines) == ["Amira Haddad", "Ben O'Connor"]
    assert all(
        line.endswith("(not verified: the server stopped before its replay; 'verify' checks it)")
        for line in lines
    )


async def test_a_replay_that_cannot_run_leaves_the_ending_said(lab, review_sprint):
    """A helper that ends at once: each ending is said with why it is not verified; after a
    few such failures the endings are said at once, as the saves give them."""
    progress = ClassProgress(lab, review_sprint)
    lines: list[str] = []
    replayer = Replayer(helper("pass"))
    server = LabServer(ServeOptions(), ["true"], lines.append, progress, replayer)
    checker = asyncio.create_task(server._check_endings(progress))
    try:
        for name in ("Amira Haddad", "Ben O'Connor", "Chloé Tremblay")[:MOST_FAILURES]:
            play(lab, review_sprint, name, 99)
            await server._look_at_hand_ins(progress)
            await until(lines, f"{name}: finished")
        assert [line.split(": finished", 1)[0] for line in lines if ": finished" in line] == [
            "Amira Haddad",
            "Ben O'Connor",
            "Chloé Tremblay",
        ]
        assert all(
            line.endswith("(not verified: the replay stopped unexpectedly; 'verify' checks it)")
            for line in lines
            if ": finished" in line
        )
        assert lines[-2].startswith("finished games are not replayed here any more (")
        assert not progress.check_endings
        # from now on an ending is said as the save gives it, at once
        play(lab, review_sprint, "Amira Haddad", 99)
        progress.seen["Amira-Haddad"] = Seen()  # read again
        assert progress.take(progress.read_changed())[0].startswith("Amira Haddad: finished: ")
    finally:
        checker.cancel()


# --- Enter in the teacher's window ----------------------------------------------------------


@needs_a_terminal
def test_enter_in_the_teachers_window_prints_the_count(tmp_path: Path, review_sprint):
    import pty

    folder = write_class(tmp_path)
    hand_ins = tmp_path / "in"
    lab = read_lab(folder, hand_ins)
    terminal, its_end = pty.openpty()
    args = ["--class", str(folder), "--hand-in", str(hand_ins), "--warm", "0"]
    try:
        with Served(*args, cwd=tmp_path, stdin=its_end) as srv:
            os.close(its_end)
            assert "Press Enter for the class's count at any time; Ctrl+C stops." in srv.lines
            play(lab, review_sprint, "Amira Haddad", 3)
            os.write(terminal, b"\n")  # at once: not the 3-second look at the files
            srv.wait_for_log("Civics 11B: 1 of 3 students have a game, 0 finished; 0 signed in")
            os.write(terminal, b"how many?\n")  # whatever is typed before it
            srv.wait_for_log("0 signed in now", times=2)
        count = [line for line in srv.lines if "signed in now" in line]
        assert len(count) == 2  # one per Enter; the count at stop has no "now"
        assert "Traceback" not in srv.log
    finally:
        os.close(terminal)


@pytest.mark.parametrize("given", ["devnull", "closed pipe"])
def test_without_a_terminal_enter_is_neither_offered_nor_missed(tmp_path: Path, given: str):
    """Under nohup, ``< /dev/null``, a service or a test, nothing is read and nothing said."""
    folder = write_class(tmp_path)
    stdin = subprocess.DEVNULL if given == "devnull" else subprocess.PIPE
    args = ["--class", str(folder), "--hand-in", str(tmp_path / "in"), "--warm", "0"]
    with Served(*args, cwd=tmp_path, stdin=stdin) as srv:
        if srv.process.stdin is not None:
            srv.process.stdin.close()
        time.sleep(0.5)
        assert srv.process.poll() is None
    assert "Enter" not in srv.log and "Traceback" not in srv.log
    assert srv.lines[-1] == "The server has stopped."
    assert "Civics 11B: 0 of 3 students have a game, 0 finished; not started" in srv.lines[-2]


async def test_enter_is_listened_to_only_on_a_terminal(tmp_path: Path):
    said: list[str] = []
    closed = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    closed.close()
    with open(os.devnull, encoding="utf-8") as devnull:
        for stream in (None, closed, devnull, object()):
            key = EnterKey(stream, lambda: said.append("count"))
            assert key.start() is False and not key.listening
    assert said == []


@needs_a_terminal
async def test_enter_is_read_in_the_foreground_only(monkeypatch):
    """A line typed in the terminal is a count; while the server is a background job the
    terminal is not read (reading would stop the server), and Ctrl+D ends the listening."""
    import pty

    from diplomacy_game.web import console

    monkeypatch.setattr(console, "BACKGROUND_CHECK_SECONDS", 0.05)
    terminal, its_end = pty.openpty()
    said: list[str] = []
    foreground = [True]
    real = os.getpgrp()
    monkeypatch.setattr(os, "tcgetpgrp", lambda fd: real if foreground[0] else real + 1)
    with open(its_end, encoding="utf-8", closefd=True) as stream:
        key = EnterKey(stream, lambda: said.append("count"))
        assert key.start()
        try:
            os.write(terminal, b"\n")
            await until(said, "count", timeout=5)
            foreground[0] = False
            os.write(terminal, b"\n")
            await asyncio.sleep(0.3)
            assert said == ["count"]  # typed while in the background: not read yet
            foreground[0] = True
            for _ in range(250):  # back in the foreground: read
                if len(said) == 2:
                    break
                await asyncio.sleep(0.02)
            assert said == ["count", "count"]
            os.write(terminal, b"\x04")  # Ctrl+D
            for _ in range(100):
                if not key.listening:
                    break
                await asyncio.sleep(0.02)
            assert not key.listening and said == ["count", "count"]
        finally:
            key.stop()
            os.close(terminal)
