"""Start the terminal UI from the command line; Textual and the game load lazily.

Only what the first screen needs is imported before it is drawn: the engine, numpy and the
content are loaded afterwards, in a worker.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from diplomacy_game.tui.config import LaunchConfig

if TYPE_CHECKING:
    from diplomacy_game.tui.app import ElbowsUpApp

__all__ = ["LaunchConfig", "build_app", "run_app"]


def build_app(config: LaunchConfig) -> ElbowsUpApp:
    """The app as the command line builds it (tests use the same factory)."""
    from diplomacy_game.tui.app import ElbowsUpApp

    return ElbowsUpApp(config)


def run_app(config: LaunchConfig) -> int:
    """Run the UI as ``config`` asks; returns the exit code."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()) and not os.environ.get("TEXTUAL"):
        # No terminal to draw in (output piped, or no keyboard): play the same game as plain
        # numbered prompts instead, which also suits screen readers.
        sys.stderr.write(
            "diplomacy-game: no terminal to draw in; playing in plain text (--plain)\n"
        )
        from diplomacy_game.tui.plain import run_plain

        return run_plain(config)
    app = build_app(config)
    result = app.run()
    if app.return_code not in (None, 0):
        return int(app.return_code or 1)
    return int(result or 0)
