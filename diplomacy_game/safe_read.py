"""Read a file a user handed us without letting it hang or flood the process.

A content pack, a strategy or a save may be a FIFO (opening it for reading would wait for a
writer forever), a device (``/dev/zero`` never ends), a symlink to either, or simply huge.
``read_limited`` opens without blocking, checks that what it opened is a regular file, and
reads at most ``limit`` bytes; anything else is a ``FileProblem`` whose message names the
file and what is wrong, ready to show as one line.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["FileProblem", "read_limited"]


class FileProblem(Exception):
    """A file that cannot be read as asked; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; else ``FileProblem``.

    ``what`` says what the file is meant to be ("content file", "strategy file", "save"),
    for the message.
    """
    # Look before opening: opening a device can have effects of its own (a terminal would
    # become the controlling one); the check after opening still covers a swap in between.
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None  # reported by the open below, with its own reason
    if mode is not None and not stat.S_ISREG(mode):
        raise FileProblem(path, f"is {_kind(mode)}, not a {what}")
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_NOCTTY", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileProblem(path, f"no such {what}") from None
    except IsADirectoryError:
        raise FileProblem(path, f"is a folder, not a {what}") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO or socket with nobody on the other end
            raise FileProblem(path, f"is not a regular file, so not a {what}") from None
        raise FileProblem(path, f"cannot read this {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, f"is {_kind(info.st_mode)}, not a {what}")
        if info.st_size > limit:
            raise FileProblem(
                path, f"this {what} is {info.st_size:,} bytes; the limit is {limit:,}"
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            # The file may grow while it is read: never take more than one byte past the limit.
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileProblem(path, f"this {what} is more than {limit:,} bytes")
        return b"".join(chunks)
    except BlockingIOError:
        raise FileProblem(path, f"cannot read this {what} without waiting") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read this {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
