"""A file's path as a player reads it in a narrow space: broken after a folder separator,
never in the middle of a name when the name fits on a line of its own.

Terminals and Textual wrap text at spaces; a path has none, so they fold it wherever the
line ends ("report-second-vi" / "sit-seed42.html"). ``path_lines`` breaks it where a reader
expects, and ``with_path`` puts it on lines of its own after a sentence that leads to it.
"""

from __future__ import annotations

import os
import re

# Where a path may break: after a separator (both kinds: a Windows path read on any machine),
# and inside a name too long for a line, after a hyphen or an underscore (a name's extension
# stays with it).
_AFTER_SEPARATOR = re.compile(r"[^/\\]*[/\\]|[^/\\]+$")
_INSIDE_NAME = re.compile(r"[^-_]*[-_]|[^-_]+$")


def path_lines(path: str | os.PathLike[str], width: int) -> list[str]:
    """The path in lines of at most ``width`` characters, each ending after a separator
    where it can; a name longer than a line starts a line and breaks after '-' or '_', and
    only a run of letters longer than a line is cut where the line ends."""
    text = str(path)
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for part in _AFTER_SEPARATOR.findall(text):
        if line and len(part) > width:  # a name too long for a line starts one
            lines.append(line)
            line = ""
        for piece in _pieces(part, width):
            if line and len(line) + len(piece) > width:
                lines.append(line)
                line = ""
            line += piece
    if line or not lines:
        lines.append(line)
    return lines


def _pieces(part: str, width: int) -> list[str]:
    """A path's component as it may be placed: whole when it fits a line, else in pieces
    that do (after '-' or '_', then every ``width`` characters)."""
    if len(part) <= width:
        return [part]
    out: list[str] = []
    for piece in _INSIDE_NAME.findall(part):
        out.extend(piece[i : i + width] for i in range(0, len(piece), width))
    return out


def with_path(lead: str, path: str | os.PathLike[str], width: int, tail: str = "") -> str:
    """``lead``, the path and ``tail`` as one text of lines at most ``width`` wide: on one
    line when it fits, else the path on lines of its own, broken by ``path_lines``."""
    text = str(path)
    one_line = f"{lead} {text}{tail}" if lead else f"{text}{tail}"
    if len(one_line) <= width:
        return one_line
    lines = path_lines(text, width)
    if tail and len(lines[-1]) + len(tail) <= width:
        lines[-1] += tail
        tail = ""
    out = ([lead] if lead else []) + lines + ([tail.strip()] if tail.strip() else [])
    return "\n".join(out)
