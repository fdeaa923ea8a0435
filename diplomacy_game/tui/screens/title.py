"""The title screen: new game, continue, load, how to play, quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.view import latest_unfinished
from diplomacy_game.tui.widgets.option_list import GameOptionList

if TYPE_CHECKING:
    from diplomacy_game.saves.library import SaveInfo

BANNER = r"""
 ___ _ _                      _   _
| __| | |__  _____ __ _____  | | | |_ __
| _|| | '_ \/ _ \ V  V (_-<  | |_| | '_ \
|___|_|_.__/\___/\_/\_//__/   \___/| .__/
                                   |_|
""".strip("\n")
# short lines: a line that wraps by itself leaves "2026." alone on the next; on a phone too
# narrow for the first line, the words wrap where they fall (or "2025" would stand alone)
TAGLINE = (
    "Canada and the United States, October 2025\n"
    "to the CUSMA review on 1 July 2026.\n"
    "You are the prime minister."
)
BANNER_WIDTH = max(len(line) for line in BANNER.splitlines())


def banner_fits(width: int) -> bool:
    """Whether the drawn banner fits a screen ``width`` wide with a cell to spare on each
    side; under it (a small phone) the screens show the name in plain letters."""
    return width >= BANNER_WIDTH + 2


class TitleScreen(Screen):
    BINDINGS = [
        Binding("n", "app.new_game", "New game", id="title.new"),
        Binding("c", "continue_game", "Continue", id="title.continue"),
        Binding("l", "app.load", "Load", id="title.load"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.latest: SaveInfo | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(BANNER, id="title-banner", markup=False)
            yield Static("ELBOWS UP", id="title-plain")
            yield Static(TAGLINE, id="title-tagline")
            with Center():
                yield GameOptionList(
                    Option("New game", id="new"),
                    Option("Continue (looking for an autosave…)", id="continue", disabled=True),
                    Option("Load a saved game", id="load"),
                    Option("How to play", id="help"),
                    Option("Quit", id="quit"),
                    id="title-menu",
                )
            yield Static("↑ ↓ and Enter · ? help · Ctrl+P commands · Ctrl+Q quit", id="title-keys")

    def on_mount(self) -> None:
        self.query_one("#title-menu", OptionList).focus()
        self._fit(self.size.width)
        self.set_timer(0.3, self.find_latest)  # after the first frame: it imports the engine

    def on_resize(self) -> None:
        self._fit(self.size.width)

    def _fit(self, width: int) -> None:
        """The banner and the tagline for a screen ``width`` wide (0: not measured yet)."""
        if not width:
            return
        self.set_class(not banner_fits(width), "-no-banner")
        lines = TAGLINE.splitlines()
        fits = max(len(line) for line in lines) <= width
        self.query_one("#title-tagline", Static).update(TAGLINE if fits else " ".join(lines))

    @work(thread=True, exclusive=True, group="title")
    def find_latest(self) -> None:
        latest = latest_unfinished(self.app.library.list())  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_latest, latest, self._scenario_title(latest))

    def _scenario_title(self, latest: SaveInfo | None) -> str:
        """The scenario's title as the new-game list shows it; its id if content will not load."""
        if latest is None:
            return ""
        from diplomacy_game.tui.session import scenario_title

        config = self.app.config  # type: ignore[attr-defined]
        return scenario_title(latest.scenario, config.content, config.builtin)

    def _show_latest(self, latest: SaveInfo | None, title: str = "") -> None:
        menu = find(self, "#title-menu", OptionList)
        if menu is None:
            return  # the title screen went away while the saves were being read
        self.latest = latest
        if latest is None:
            # no autosave, or only of games already over (or unreadable): none to take up
            prompt = Text("Continue (no game in progress)", style="dim")
            menu.replace_option_prompt("continue", prompt)
            return
        prompt = Text("Continue ")
        turn = min(latest.turn + 1, latest.last_turn)  # the turn to play, as the header says
        prompt.append(
            f"(turn {turn} of {latest.last_turn}, {title or latest.scenario})", style="dim"
        )
        menu.replace_option_prompt("continue", prompt)
        menu.enable_option("continue")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        if choice == "new":
            self.app.action_new_game()  # type: ignore[attr-defined]
        elif choice == "continue":
            self.action_continue_game()
        elif choice == "load":
            self.app.action_load()  # type: ignore[attr-defined]
        elif choice == "help":
            self.app.action_help()  # type: ignore[attr-defined]
        elif choice == "quit":
            self.app.action_request_quit()  # type: ignore[attr-defined]

    def action_continue_game(self) -> None:
        if self.latest is not None:
            self.app.open_save(self.latest.path)  # type: ignore[attr-defined]
        else:
            self.notify("There is no autosave to continue yet.", severity="warning")
