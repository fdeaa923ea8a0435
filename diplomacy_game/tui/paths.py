"""Paths in the TUI's notifications and screens, broken at folder separators.

Textual wraps text at spaces and folds a path (which has none) wherever the line ends. A
notification's measure is set by Textual's ``Toast`` style: 60 cells wide, at most half the
screen, less its left border and a cell of padding on each side (and one the text keeps
free); a screen's is the width Rich gives a renderable.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.text import Text

from diplomacy_game.text.paths import path_lines, with_path

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

TOAST_WIDTH = 60  # Textual's Toast: width 60, max-width 50%
TOAST_FRAME = 4  # its border, its padding and the cell the text leaves free


def toast_measure(screen_width: int) -> int:
    """How many characters a line of a notification holds on a screen this wide."""
    return max(10, min(TOAST_WIDTH, screen_width // 2) - TOAST_FRAME)


def path_note(lead: str, path: str | os.PathLike[str], screen_width: int, tail: str = "") -> str:
    """A notification's text that names a path (sent with ``markup=False``: a folder may be
    called '[1]'): on one line when it fits, else the path on lines of its own."""
    return with_path(lead, path, toast_measure(screen_width), tail)


class PathText:
    """A Rich renderable: ``lead``, the path and ``tail``, the path broken at separators to
    whatever width the screen gives it."""

    def __init__(
        self, lead: str, path: str | os.PathLike[str], tail: str = "", style: str = ""
    ) -> None:
        self.lead, self.path, self.tail, self.style = lead, str(path), tail, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(with_path(self.lead, self.path, options.max_width, self.tail), style=self.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        whole = len(f"{self.lead} {self.path}{self.tail}")
        longest = max(len(line) for line in path_lines(self.path, options.max_width))
        return Measurement(min(longest, whole), whole).clamp(max_width=options.max_width)
