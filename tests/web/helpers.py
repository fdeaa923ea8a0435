"""A class served on a loopback port, as a teacher starts it: ``diplomacy-game serve``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from diplomacy_game.classroom.assign import write_assignments
from diplomacy_game.content import load_ruleset

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.web.lab import Lab

ROOT = Path(__file__).resolve().parents[2]
ROSTER = ["Amira Haddad", "Ben O'Connor", "Chloé Tremblay"]
SCENARIO = "review-sprint"
START_SECONDS = 60.0


def play(lab: Lab, ruleset: Ruleset, name: str, turns: int) -> None:
    """The student's hand-in file as their game writes it: at turn 0 when it opens, then at
    the end of every turn (to the ending, when it comes first)."""
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import Decision
    from diplomacy_game.saves.store import save_game

    student = lab.find(name)
    assert student is not None, name
    state = lab.new_state(ruleset, student)
    save_game(lab.hand_in_path(student), ruleset, state, generations=1)
    while state.turn < turns and state.ending is None:
        state, _ = resolve_turn(ruleset, state, Decision())
        save_game(lab.hand_in_path(student), ruleset, state, generations=1)


def write_class(folder: Path, per_student: bool = True) -> Path:
    """The files ``assign --students`` writes for a class of three; returns their folder."""
    out = folder / "assignments"
    write_assignments(load_ruleset(SCENARIO), "Civics 11B", 2026, ROSTER, out, per_student)
    return out


def _is_replay_helper(pid: int) -> bool:
    try:
        return b"diplomacy_game.web.replay" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


class Served:
    """``diplomacy-game serve ARGS --port 0`` in its own process; ``address`` is the printed
    one (with the code). The log is read as it is written. Its standard input is /dev/null,
    as under ``nohup``, unless ``stdin`` gives another (a terminal's file descriptor)."""

    def __init__(
        self, *args: str, cwd: Path | None = None, stdin: int | None = subprocess.DEVNULL
    ) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "diplomacy_game", "serve", "--port", "0", *args],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=cwd,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.address = self._wait_for_address()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            for line in self.lines:
                if line.startswith("Open in a browser:"):
                    return line.split()[-1]
            if self.process.poll() is not None:
                time.sleep(0.1)  # let the reader take the last lines
                raise RuntimeError("the server did not start:\n" + self.log)
            time.sleep(0.05)
        raise RuntimeError("the server printed no address:\n" + self.log)

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    @property
    def base(self) -> str:
        return self.address.split("/?", 1)[0]

    @property
    def code(self) -> str:
        return self.address.split("code=", 1)[1]

    def wait_for_log(self, text: str, timeout: float = 30.0, times: int = 1) -> None:
        """Until the server has logged ``text`` (in ``times`` lines)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(text in line for line in self.lines) >= times:
                return
            time.sleep(0.05)
        raise AssertionError(f"the server never logged {text!r}:\n{self.log}")

    def children(self) -> list[int]:
        """The game processes the server has running now (Linux)."""
        return [pid for pid in self._children() if not _is_replay_helper(pid)]

    def replay_helpers(self) -> list[int]:
        """The process replaying finished games for the teacher's window (Linux)."""
        return [pid for pid in self._children() if _is_replay_helper(pid)]

    def _children(self) -> list[int]:
        pid = self.process.pid
        found: list[int] = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    found += [int(p) for p in f.read().split()]
        except OSError:
            pass
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        if self.process.stdout is not None and not self._reader.is_alive():
            self.process.stdout.close()
        return self.process.returncode

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
