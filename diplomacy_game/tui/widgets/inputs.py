"""Text input that follows the app's cursor-blink setting (off in tests, for stable snapshots)."""

from __future__ import annotations

from textual.widgets import Input


class GameInput(Input):
    def on_mount(self) -> None:
        if not getattr(self.app, "blink", True):
            self.cursor_blink = False
