"""A first screen while the game is prepared in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static


class LoadingScreen(Screen):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(self.message, id="loading-text", markup=False)
            yield LoadingIndicator()
        yield Footer()
