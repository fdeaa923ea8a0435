"""The teacher's window as a keyboard: Enter there prints the class's count at once.

Only a terminal is listened to. Standard input that is a file, a pipe, /dev/null (``nohup``,
``< /dev/null``, a service manager, a test) or closed is left alone, and the key is not
offered. The terminal is read by the server's event loop when it has a line (no thread, and
the terminal's settings are not changed: the shell shares them); only while the server is
the terminal's foreground job, since a background job that reads its terminal is stopped by
the system (``diplomacy-game serve &``). Ctrl+D ends the listening.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import Any

BACKGROUND_CHECK_SECONDS = 1.0  # how often a server in the background looks whether it is back


class EnterKey:
    """Calls ``on_enter`` for each line typed in the terminal the server runs in."""

    def __init__(self, stream: Any, on_enter: Callable[[], None]) -> None:
        self.stream = stream
        self.on_enter = on_enter
        self._fd: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reading = False
        self._later: asyncio.TimerHandle | None = None

    def start(self) -> bool:
        """Listen, from the running event loop; whether the key can be offered."""
        try:
            fd = self.stream.fileno()
            if not os.isatty(fd):
                return False
        except (AttributeError, ValueError, OSError):  # None, closed, or not a real file
            return False
        self._fd = fd
        self._loop = asyncio.get_running_loop()
        if not self._listen():
            self._fd = None
            return False
        return True

    def stop(self) -> None:
        if self._later is not None:
            self._later.cancel()
            self._later = None
        if self._reading and self._loop is not None and self._fd is not None:
            with contextlib.suppress(Exception):
                self._loop.remove_reader(self._fd)
        self._reading = False
        self._fd = None

    @property
    def listening(self) -> bool:
        return self._fd is not None

    def _listen(self) -> bool:
        assert self._loop is not None and self._fd is not None
        try:
            self._loop.add_reader(self._fd, self._readable)
        except (NotImplementedError, OSError, ValueError, RuntimeError):  # Windows' loop
            return False
        self._reading = True
        return True

    def _readable(self) -> None:
        assert self._loop is not None and self._fd is not None
        if not self._in_foreground():
            # Not read now (reading would stop the server); what is typed is the shell's.
            self._loop.remove_reader(self._fd)
            self._reading = False
            self._later = self._loop.call_later(BACKGROUND_CHECK_SECONDS, self._again)
            return
        try:
            data = os.read(self._fd, 4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # the terminal went away
            self.stop()
            return
        if not data:  # Ctrl+D
            self.stop()
            return
        if b"\n" in data or b"\r" in data:
            self.on_enter()

    def _again(self) -> None:
        self._later = None
        if self._fd is None:
            return
        if self._in_foreground():
            if not self._listen():
                self._fd = None
        else:
            assert self._loop is not None
            self._later = self._loop.call_later(BACKGROUND_CHECK_SECONDS, self._again)

    def _in_foreground(self) -> bool:
        """Whether reading the terminal is safe: the server is its foreground job, or it is
        not the server's controlling terminal (then no job control applies)."""
        tcgetpgrp = getattr(os, "tcgetpgrp", None)
        if tcgetpgrp is None or self._fd is None:
            return True
        try:
            return bool(tcgetpgrp(self._fd) == os.getpgrp())
        except OSError:
            return True
