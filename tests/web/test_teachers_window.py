"""The teacher's window: each game that ends is replayed before its ending is said (the
verdict ``verify`` would give)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.saves import store
from diplomacy_game.web.lab import Lab, read_lab
from diplomacy_game.web.progress import ClassProgress, Seen
from diplomacy_game.web.replay import MOST_FAILURES, Replayer
from diplomacy_game.web.server import LabServer, ServeOptions
from tests.web.helpers import SCENARIO, Served, play, write_class


@pytest.fixture(scope="module")
def review_sprint():
    return load_ruleset(SCENARIO)


@pytest.fixture
def lab(tmp_path: Path) -> Lab:
    lab = read_lab(write_class(tmp_path), tmp_path / "handed-in")
    lab.hand_in.mkdir()
    return lab


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
