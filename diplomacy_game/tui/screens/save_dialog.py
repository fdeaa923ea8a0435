"""Save under a name; asks before replacing a save of the same name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from diplomacy_game.saves.library import SUFFIX, safe_name
from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameModal
from diplomacy_game.tui.widgets.inputs import GameInput

if TYPE_CHECKING:
    from diplomacy_game.saves.library import SaveLibrary


class SaveDialog(GameModal[str | None]):
    """Dismisses with the name to save under (a safe file stem), or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save.cancel")]

    def __init__(self, library: SaveLibrary, suggested: str) -> None:
        super().__init__()
        self.library = library
        self.suggested = suggested
        self.confirming: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-box"):
            yield Static("Save the game", classes="dialog-title")
            yield Label(f"Name (saved in {self.library.folder}/)")
            yield GameInput(self.suggested, id="save-name", max_length=80)
            yield Static("", id="save-file")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        name = find(self, "#save-name", GameInput)
        if name is None:  # closed as it was being built (keys typed fast on a busy machine)
            return
        name.focus()
        self._show_file(self.suggested)

    def on_input_changed(self, event: GameInput.Changed) -> None:
        self.confirming = None
        self._show_file(event.value)

    def _show_file(self, name: str) -> None:
        stem = safe_name(name)
        text = Text(f"File: {stem}{SUFFIX}", style="dim")
        if self.library.problem(stem):
            text.append("  — this name is taken by something that is not a save", style="red")
        elif self.library.exists(stem):
            text.append("  — a save with this name exists", style="yellow")
        shown = find(self, "#save-file", Static)
        if shown is not None:
            shown.update(text)

    def on_input_submitted(self, event: GameInput.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._confirm()
        else:
            self.action_cancel()

    def _confirm(self) -> None:
        stem = safe_name(self.query_one("#save-name", GameInput).value)
        problem = self.library.problem(stem)
        if problem:
            self.app.bell()
            self.query_one("#save-file", Static).update(
                Text(f"{problem}: choose another name.", style="bold red")
            )
            return
        if self.library.exists(stem) and self.confirming != stem:
            self.confirming = stem
            self.query_one("#save-file", Static).update(
                Text(f"{stem}{SUFFIX} exists: press Enter again to replace it.", style="yellow")
            )
            return
        self.dismiss(stem)

    def action_cancel(self) -> None:
        self.dismiss(None)
