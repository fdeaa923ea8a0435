"""The game's commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from diplomacy_game.tui.app import ElbowsUpApp


def game_commands(app: ElbowsUpApp) -> Iterable[SystemCommand]:
    in_game = app.session is not None
    playing = in_game and not app.session.over  # type: ignore[union-attr]
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
