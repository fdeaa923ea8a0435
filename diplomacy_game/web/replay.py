"""Each finished game replayed before the teacher's window gives its ending and grade.

The ending a save holds is what the file says; ``verify`` replays the game from its seed and
decisions to see whether the engine gives the same game. When a student's game ends, the
server has it replayed with the code ``verify`` uses (``classroom.verdicts.checked``) and says
the ending with the verdict: "verified", or what is wrong.

The replays run in one helper process of their own (``python -m diplomacy_game.web.replay``),
started with the server and kept until it stops. It loads the game and the class's scenario
when it starts (about half a second of processor, while the class is still arriving), so
that a replay at the end of a game takes a hundredth of a second. It runs at a lower
priority than the students' games, one replay at a time, so it takes only what the games
leave of the processor; and in a session of its own, so that a Ctrl+C at the teacher's
console goes to the server, which ends it. The server sends it a path a line and reads a
verdict a line; its event loop only waits on the pipe. The verdicts are recorded as
``verify`` records them, so ``verify`` and ``class-summary`` after the lesson do not replay
those games again.

The server side imports neither the engine nor the content: the helper does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

NICE = 10  # the helper's priority below the games': it takes what they leave
REPLY_SECONDS = 120.0  # a verdict must come within this (the content loads first)
MAX_REPLY = 64 * 1024  # bytes of one verdict line
MOST_FAILURES = 3  # helpers that failed one after another before replays stop for the lesson


def replay_command(scenario: str, content: Sequence[Path] = ()) -> list[str]:
    """The helper's argument list (run without a shell), made from the teacher's options."""
    argv = [sys.executable, "-m", "diplomacy_game.web.replay", "--scenario", scenario]
    for pack in content:
        argv += ["--content", str(Path(pack).resolve())]
    return argv


class ReplayError(Exception):
    """The helper could not give a verdict (it did not start, ended, or took too long)."""


class Replayer:
    """The server's end of the helper: ``verdict(path)``, one at a time."""

    def __init__(self, argv: list[str], reply_seconds: float = REPLY_SECONDS) -> None:
        self.argv = argv
        self.reply_seconds = reply_seconds
        self._process: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()
        self.failures = 0  # one after another; a verdict sets it back to 0

    @property
    def given_up(self) -> bool:
        return self.failures >= MOST_FAILURES

    async def start(self) -> None:
        """Start the helper ahead of the first ending (it loads the game meanwhile); a helper
        that cannot start is told at the first ending."""
        async with self._lock:
            with contextlib.suppress(ReplayError):
                await self._started()

    async def verdict(self, path: Path) -> dict[str, Any]:
        """The verdict on a save, as the helper gives it: ``ok``, ``kind``, ``message``,
        ``turn``, ``where``. Raises ReplayError (the helper is then ended; the next call
        starts one)."""
        async with self._lock:
            try:
                reply = await asyncio.wait_for(self._ask(path), self.reply_seconds)
            except TimeoutError:
                await self._end()
                self.failures += 1
                raise ReplayError(
                    f"the replay took more than {self.reply_seconds:.0f} seconds"
                ) from None
            except ReplayError:
                await self._end()
                self.failures += 1
                raise
            self.failures = 0
            return reply

    async def _ask(self, path: Path) -> dict[str, Any]:
        process = await self._started()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write((json.dumps(str(path)) + "\n").encode("utf-8"))
            await process.stdin.drain()
            line = await process.stdout.readline()
        except OSError:  # its end of the pipe closed: it ended
            line = b""
        except ValueError:  # a line beyond the limit
            raise ReplayError("the replay gave no verdict") from None
        if not line:
            raise ReplayError("the replay stopped unexpectedly")
        try:
            reply = json.loads(line)
        except ValueError:
            reply = None
        if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
            raise ReplayError("the replay gave no verdict")
        return reply

    async def _started(self) -> asyncio.subprocess.Process:
        process = self._process
        if process is not None and process.returncode is None:
            return process
        try:
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl+C at the teacher's console goes to the server
                limit=MAX_REPLY,
            )
        except OSError as exc:
            raise ReplayError(f"the replay could not start ({exc.strerror or exc})") from None
        return self._process

    async def close(self) -> None:
        """End the helper (it ends by itself when its input closes)."""
        await self._end()

    async def _end(self) -> None:
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 2.0)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(Exception):
                await process.wait()


# --- the helper --------------------------------------------------------------------------


def brief(verdict: Any) -> dict[str, Any]:
    """What the server is told of a verdict (``classroom.verdict.Verdict``)."""
    from diplomacy_game.saves.safe_json import one_line

    return {
        "ok": bool(verdict.ok),
        "kind": str(verdict.kind),
        "message": one_line(verdict.message, 400),
        "turn": verdict.turn if isinstance(verdict.turn, int) else None,
        "where": str(verdict.where),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="diplomacy_game.web.replay")
    parser.add_argument("--scenario", default="")
    parser.add_argument("--content", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(NICE)
    from diplomacy_game.classroom.verdicts import checked

    if args.scenario:  # loaded now, before the first game ends (as ``verify_save`` loads it)
        from diplomacy_game.classroom import verify  # noqa: F401  (the engine)
        from diplomacy_game.content import ContentError, cache, load_ruleset_once

        with contextlib.suppress(ContentError):
            load_ruleset_once(args.scenario, args.content)
        cache.game_digest()

    for line in sys.stdin:
        try:
            path = json.loads(line)
        except ValueError:
            path = None
        if not isinstance(path, str) or not path:
            reply = {"ok": False, "kind": "unreadable", "message": "no file named", "turn": None}
        else:
            reply = brief(checked(Path(path), args.content))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
