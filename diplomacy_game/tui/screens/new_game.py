"""New game: pick a scenario, see or set the seed, start."""

from __future__ import annotations

import random
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from diplomacy_game import fmt
from diplomacy_game.tui.mounted import find, focus
from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.inputs import GameInput
from diplomacy_game.tui.widgets.option_list import GameOptionList

MAX_SEED = 2**63 - 1


class NewGameScreen(GameScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="new.back"),
        Binding("ctrl+r", "reroll", "New seed", id="new.reroll"),
        Binding("ctrl+g", "start", "Start", id="new.start"),
    ]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = seed if seed is not None else random.randrange(1, 100_000)
        self.scenarios: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("New game", id="new-title")
        with Horizontal(id="new-body"):
            with Vertical(id="new-left"):
                yield Label("Scenario")
                yield GameOptionList(id="new-scenarios")
                yield Label("Seed (same seed, same game)")
                yield GameInput(str(self.seed), id="new-seed", type="integer")
                yield Button("Start the game", id="new-start", variant="primary")
            with VerticalScroll(id="new-details"):
                yield Static("Loading the scenarios…", id="new-description")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#new-scenarios", OptionList).focus()
        self.load_scenarios()

    @work(thread=True, exclusive=True, group="scenarios")
    def load_scenarios(self) -> None:
        from diplomacy_game.tui.session import ContentError, scenarios

        config = self.app.config  # type: ignore[attr-defined]
        try:
            found = scenarios(config.content, builtin=config.builtin)
        except ContentError as exc:
            self.app.call_from_thread(self._content_error, str(exc))
            return
        self.app.call_from_thread(self._show_scenarios, found)

    def _content_error(self, message: str) -> None:
        description = find(self, "#new-description", Static)
        if description is None:
            return  # the player went back before the content was read
        description.update(
            Text("The game content has errors and cannot be played:\n\n" + message, style="red")
            + Text("\n\nRun 'diplomacy-game validate' for the full list.")
        )

    def _show_scenarios(self, found: list[Any]) -> None:
        menu = find(self, "#new-scenarios", OptionList)
        if menu is None:
            return  # the player went back before the scenarios were read
        self.scenarios = found
        menu.clear_options()
        for sc in found:
            prompt = Text(sc.title, style="bold")
            prompt.append(f"\n{sc.turns} turns · {sc.difficulty}", style="dim")
            menu.add_option(Option(prompt, id=sc.id))
        if found:
            menu.highlighted = 0
            self._describe(found[0])

    def _describe(self, sc: Any) -> None:
        text = Text()
        text.append(sc.title + "\n", style="bold underline")
        text.append(
            f"{fmt.date(sc.start)} to {fmt.date(sc.end)} · {sc.turns} turns of {sc.turn_days} "
            f"days · {sc.difficulty}\n",
            style="cyan",
        )
        if sc.memo_required:
            text.append(
                "Classroom: a memo explaining each turn's decisions is required.\n", style="yellow"
            )
        text.append("\n" + sc.description.strip() + "\n")
        if sc.discussion:
            text.append("\nTo think about as you play:\n", style="bold")
            for q in sc.discussion:
                text.append(f"• {q}\n")
        description = find(self, "#new-description", Static)
        if description is not None:
            description.update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        sc = next((s for s in self.scenarios if s.id == event.option.id), None)
        if sc is not None:
            self._describe(sc)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        focus(self, "#new-seed")

    def on_input_submitted(self, event: GameInput.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reroll(self) -> None:
        seed = find(self, "#new-seed", GameInput)
        if seed is not None:
            seed.value = str(random.randrange(1, 100_000))

    def action_start(self) -> None:
        menu = find(self, "#new-scenarios", OptionList)
        seed_input = find(self, "#new-seed", GameInput)
        if not self.scenarios or menu is None or seed_input is None or menu.highlighted is None:
            self.notify("No scenario to start yet.", severity="warning")
            return
        scenario = self.scenarios[menu.highlighted]
        raw = seed_input.value.strip()
        try:
            seed = int(raw) if raw else self.seed
        except ValueError:
            seed = -1
        if not 0 <= seed <= MAX_SEED:
            self.notify(f"The seed must be a whole number from 0 to {MAX_SEED}.", severity="error")
            return
        self.app.start_game(scenario.id, seed)  # type: ignore[attr-defined]
