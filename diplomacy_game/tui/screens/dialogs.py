"""Small typed dialogs: a question with buttons, and a message."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameModal
from diplomacy_game.tui.widgets.footer import GameFooter


def keys_line(enter: str, others: list[tuple[str, str]]) -> str:
    """What a question's keys do, as its line under the text says it: "Enter: Cancel  ·  Esc:
    Cancel  ·  ← →: another button". Enter presses the highlighted button, and a player who
    cannot see which one that is (the highlight is a colour) must not have to guess whether it
    quits."""
    parts = [f"Enter: {enter}", *(f"{key}: {what}" for key, what in others)]
    return "  ·  ".join([*parts, "← →: another button"])


R = TypeVar("R")


class Question(GameModal[R], Generic[R]):
    """A question with buttons, whose line under its text (``#dialog-keys``) says what Enter
    does now (the button highlighted: it changes as the highlight moves) and what its other
    keys do."""

    # Each question focuses the button it opens on itself (``on_mount``): Textual's own first
    # focus, on the first button, said "Enter: Play it again" until the second landed.
    AUTO_FOCUS = ""

    def others(self) -> list[tuple[str, str]]:
        """The keys besides Enter and the arrows, with what each does."""
        return []

    def opening(self) -> str:
        """The label of the button the question opens on (Enter's, until another is)."""
        return ""

    def keys(self) -> str:
        focused = self.focused
        enter = str(focused.label) if isinstance(focused, Button) else self.opening()
        return keys_line(enter, self.others()) if enter else ""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        line = find(self, "#dialog-keys", Static)
        if line is not None:
            line.update(self.keys())


class ChoiceDialog(Question[str]):
    """A question with buttons; dismisses with the chosen button's id (escape: the last)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("left,shift+tab", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, title: str, body: str, choices: list[tuple[str, str]], focus: int = 0):
        super().__init__()
        self.title_text = title
        self.body = body
        self.choices = choices
        self.focus_index = focus

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-body", markup=False)
            yield Static(self.keys(), id="dialog-keys", classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for i, (cid, label) in enumerate(self.choices):
                    yield Button(
                        label, id=cid, variant="primary" if i == self.focus_index else "default"
                    )
        # its own keys, not those of the screen under it, which do nothing while it is open
        yield GameFooter()

    def on_mount(self) -> None:
        self.query(Button)[self.focus_index].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "")

    def action_cancel(self) -> None:
        self.dismiss(self.choices[-1][0])

    def opening(self) -> str:
        return self.choices[self.focus_index][1]

    def others(self) -> list[tuple[str, str]]:
        return [("Esc", self.choices[-1][1])]


class ConfirmDialog(Question[bool]):
    """Yes or no; escape means no."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("left,right", "app.focus_next", "Switch", show=False),
    ]

    def __init__(self, title: str, body: str, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.title_text, self.body, self.yes, self.no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-body", markup=False)
            yield Static(self.keys(), id="dialog-keys", classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def opening(self) -> str:
        return self.no

    def others(self) -> list[tuple[str, str]]:
        return [("Y", self.yes), ("N or Esc", self.no)]


class MessageDialog(GameModal[None]):
    """A message to read; any of enter, escape or space closes it."""

    BINDINGS = [Binding("escape,enter,space", "close", "Close", id="message.close")]

    def __init__(self, title: str, body: str, error: bool = False):
        super().__init__()
        self.title_text, self.body, self.error = title, body, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" error" if self.error else "")):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
