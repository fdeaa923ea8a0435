"""The game's commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from textual.app import SystemCommand


class GameApp(Protocol):
    """What the palette needs of the app: whether a game is open, and the app's actions."""

    session: Any  # the open game (a GameSession), or None

    def action_new_game(self) -> Any: ...
    def action_load(self) -> Any: ...
    def action_save(self) -> Any: ...
    def action_history(self) -> Any: ...
    def action_end_turn(self) -> Any: ...
    def action_answer_events(self) -> Any: ...
    def action_help(self) -> Any: ...
    def action_screenshot(self) -> Any: ...
    def action_to_title(self) -> Any: ...
    def action_request_quit(self) -> Any: ...


def game_commands(app: GameApp) -> Iterable[SystemCommand]:
    """The palette's game commands; those of a game in progress only while one is open."""
    in_game = app.session is not None
    playing = in_game and not app.session.over
    yield SystemCommand("New game", "Choose a scenario and a seed", app.action_new_game)
    yield SystemCommand("Load a game", "Open a saved game (Ctrl+O)", app.action_load)
    if in_game:
        yield SystemCommand("Save the game", "Save under a name (Ctrl+S)", app.action_save)
        yield SystemCommand("History", "Plots and the log of this game (h)", app.action_history)
    if playing:
        yield SystemCommand(
            "End the turn", "Confirm and play this turn (Ctrl+E)", app.action_end_turn
        )
        yield SystemCommand(
            "Answer events", "The events waiting for your answer (r)", app.action_answer_events
        )
    yield SystemCommand("Help", "Keys, how a turn works, glossary (?)", app.action_help)
    yield SystemCommand("Screenshot", "Save an SVG picture of the screen", app.action_screenshot)
    yield SystemCommand("Title screen", "Back to the title screen", app.action_to_title)
    yield SystemCommand("Quit", "Leave the game (Ctrl+Q)", app.action_request_quit)
