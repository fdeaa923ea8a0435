"""The first screen of a class game in the browser: the student types their name, and the
game's key when they come back to a game they started (``Lab.key_of``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from diplomacy_game.classroom.assign import MAX_NAME
from diplomacy_game.tui.screens.title import BANNER, banner_fits
from diplomacy_game.tui.widgets.inputs import GameInput

if TYPE_CHECKING:
    from diplomacy_game.web.lab import Lab, Student


class StudentNameScreen(Screen[None]):
    """Asks for a name on the class's roster and hands the student to the app."""

    def __init__(self, lab: Lab) -> None:
        super().__init__()
        self.lab = lab
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="student-box"):
            yield Static(BANNER, id="student-banner", markup=False)
            yield Static("ELBOWS UP", id="student-plain")
            yield Static(self.lab.class_name, id="student-class", markup=False)
            yield Label("Your name, as it is on the class list")
            yield GameInput(id="student-name", max_length=MAX_NAME)
            yield Label("Your game's key (you were given it when you started)", id="key-label")
            yield GameInput(id="student-key", max_length=12)
            yield Static("", id="student-message")
            yield Button("Start", id="student-start", variant="primary")
            yield Static(
                "Your game is saved for your teacher at the end of every turn. "
                "Closed the tab? Open the address again and type the same name, and your game's key.",
                id="student-note",
            )

    def on_mount(self) -> None:
        self.set_class(not banner_fits(self.size.width or 80), "-no-banner")
        self._asking_key(False)
        self.query_one("#student-name", GameInput).focus()

    def on_resize(self) -> None:
        self.set_class(not banner_fits(self.size.width), "-no-banner")

    def _asking_key(self, asking: bool) -> None:
        for part in ("#key-label", "#student-key"):
            self.query_one(part).display = asking

    def on_input_submitted(self, event: GameInput.Submitted) -> None:
        event.stop()
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._start()

    def _start(self) -> None:
        if self.busy:
            return
        typed = self.query_one("#student-name", GameInput).value
        student = self.lab.find(typed)
        if student is None:
            self._asking_key(False)
            self.app.bell()
            self.say(
                "That name is not on the class list. Type it as your teacher wrote it."
                if typed.strip()
                else "Type your name first.",
                error=True,
            )
            return
        if self.lab.key_of(student):  # a game started before: only its key opens it
            key = self.query_one("#student-key", GameInput)
            if self.lab.keys_held_back(student):
                self.app.bell()
                self.say(
                    f"Too many wrong keys were typed for {student.name}'s game: try again in "
                    "ten minutes, or ask your teacher to delete the file "
                    f".{student.stem}.tries beside it in the hand-in folder.",
                    error=True,
                )
                return
            if not key.display or not key.value.strip():
                self._asking_key(True)
                key.focus()
                self.say(f"{student.name}'s game has a key: type it, then press Enter.")
                return
            if not self.lab.key_fits(student, key.value):
                self.app.bell()
                key.value = ""
                self.say(
                    f"That is not the key of {student.name}'s game. Lost it? Your teacher can "
                    "find it beside your game in the hand-in folder.",
                    error=True,
                )
                return
        self.busy = True
        self.say(f"Opening {student.name}'s game…")
        self.app.open_student(student)  # type: ignore[attr-defined]

    def show_scenario(self, title: str) -> None:
        self.query_one("#student-class", Static).update(Text(f"{self.lab.class_name}: {title}"))

    def refused(self, student: Student, message: str) -> None:
        """The app could not open the game: say why and let the student try again."""
        self.busy = False
        self.say(message, error=True)

    def say(self, message: str, error: bool = False) -> None:
        text = Text(message, style="bold red" if error else "")
        self.query_one("#student-message", Static).update(text)
