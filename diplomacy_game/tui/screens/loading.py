"""A first screen while the game is prepared in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from diplomacy_game.tui.widgets.footer import GameFooter


class LoadingScreen(Screen):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(self.message, id="loading-text", markup=False)
            yield LoadingIndicator()
        yield GameFooter()
