"""Load a game from the saves folder; a damaged save says what is wrong and the list stays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from diplomacy_game import fmt
from diplomacy_game.saves.store import generations
from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameModal
from diplomacy_game.tui.session import scenario_ends
from diplomacy_game.tui.view import one_per_game, save_label
from diplomacy_game.tui.widgets.footer import GameFooter

if TYPE_CHECKING:
    from diplomacy_game.saves.library import SaveInfo


# The most characters of a save's name the list shows, so that its other columns (scenario,
# date, turn, approval, saved) stay in view at 120 and 80 columns.
NAME_WIDE, NAME_NARROW = 30, 24


def previous_generation(path: Path) -> Path | None:
    """The newest older generation of a save (NAME.1.json, NAME.2.json), which loading a
    damaged save falls back to; None when there is none."""
    return next(iter(list(generations(path))[1:]), None)


class LoadScreen(GameModal[None]):
    BINDINGS = [
        Binding("escape", "close", "Back", id="load.back"),
        Binding("ctrl+r", "refresh_list", "Refresh", id="load.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saves: list[SaveInfo] = []
        self.wide = True
        self.ours = ""  # the digest of the content this game runs with (when known)
        self.ends: dict[str, dt.date] = {}  # each scenario's end date (when the content loads)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="load-box"):
            yield Static("Load a saved game", classes="dialog-title")
            folder = self.app.library.folder  # type: ignore[attr-defined]
            yield Static(Text(f"From {folder}/", style="dim"), markup=False)
            table: DataTable = DataTable(id="load-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static("Looking for saves…", id="load-status")
        yield GameFooter()

    def on_mount(self) -> None:
        table = self.query_one("#load-table", DataTable)
        self.wide = self.app.size.width >= 100
        columns = ["Name", "Scenario", "Date", "Turn", "Approval", "Saved"]
        if not self.wide:
            columns.remove("Scenario")  # at 80 columns the name and the date come first
        table.add_columns(*columns)
        table.focus()
        self.action_refresh_list()

    def action_refresh_list(self) -> None:
        self.list_saves()

    @work(thread=True, exclusive=True, group="saves")
    def list_saves(self) -> None:
        from diplomacy_game.content.files import content_digest

        saves = one_per_game(self.app.library.list())  # type: ignore[attr-defined]
        config = self.app.config  # type: ignore[attr-defined]
        self.ours = content_digest(config.content, config.builtin)
        self.ends = scenario_ends(config.content, config.builtin)
        self.app.call_from_thread(self._show, saves)

    def other_version(self, info: SaveInfo) -> bool:
        """A sound save of another version of the content: loading it offers to play it again."""
        return bool(self.ours and info.content_digest and info.content_digest != self.ours)

    def _show(self, saves: list[SaveInfo]) -> None:
        table = find(self, "#load-table", DataTable)
        status = find(self, "#load-status", Static)
        if table is None or status is None:
            return  # the screen was closed (or is closing) while the folder was being read
        self.saves = saves
        table.clear()
        most = NAME_WIDE if self.wide else NAME_NARROW
        for info in saves:
            if info.error:
                cells = [
                    Text(save_label(info, most, self.wide), style="red"),
                    Text("damaged", style="red"),
                ]
                cells += [Text("") for _ in range(4 if self.wide else 3)]
                table.add_row(*cells, key=str(info.path))
                continue
            # the turn the game is at, as its header shows it (turns played + 1), or its end
            turn = (
                "end" if info.finished else f"{min(info.turn + 1, info.last_turn)}/{info.last_turn}"
            )
            shown_date = info.date
            end = self.ends.get(info.scenario)
            if info.finished and info.ended is not None and end is not None:
                shown_date = min(info.ended, end)  # "Game over · 1 Jul", as the header says
            saved = ""
            if info.saved_at:
                moment = info.saved_at.astimezone()
                saved = f"{moment.day} {moment.strftime('%b %H:%M')}"
            # Text cells throughout: a name or a scenario from a file is never read as markup.
            older = "yellow" if self.other_version(info) else ""  # see the status line
            cells = [Text(save_label(info, most, self.wide), style=older)]
            if self.wide:
                cells.append(Text(info.scenario))
            cells += [
                Text(fmt.date(shown_date) if shown_date else ""),
                Text(turn),
                Text(fmt.shown("approval", info.approval) if info.approval is not None else ""),
                Text(saved),
            ]
            table.add_row(*cells, key=str(info.path))
        if not saves:
            status.update(Text("No saves yet. Save a game with Ctrl+S.", style="dim"))
        else:
            status.update(Text("Enter to load · Esc to go back", style="dim"))
            self._describe(0)

    def _describe(self, row: int) -> None:
        if not 0 <= row < len(self.saves):
            return
        info = self.saves[row]
        status = find(self, "#load-status", Static)
        if status is None:
            return
        if info.error:
            older = previous_generation(info.path)
            then = (
                f" · Enter loads the save before it, {older.name} (this one is kept aside)"
                if older is not None
                else ""
            )
            status.update(Text(f"{info.name} cannot be loaded: {info.error}{then}", style="red"))
        elif self.other_version(info):
            status.update(
                Text(
                    f"{info.name} was played with another version of the game or its content · Enter "
                    "offers to play it again under this one · Esc to go back",
                    style="yellow",
                )
            )
        else:
            status.update(Text(f"{info.name} · Enter to load · Esc to go back", style="dim"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = event.cursor_row
        if not 0 <= row < len(self.saves):
            return
        info = self.saves[row]
        if info.error and previous_generation(info.path) is None:
            self.show_error(fmt.sentence_end(f"{info.name} cannot be loaded: {info.error}"))
            return
        # a damaged save with an older generation: loading falls back to it and says so
        status = find(self, "#load-status", Static)
        if status is not None:
            status.update(Text(f"Loading {info.name}…"))
        self.app.open_save(info.path, on_error=self.show_error)  # type: ignore[attr-defined]

    def show_error(self, message: str) -> None:
        self.app.bell()
        status = find(self, "#load-status", Static)
        if status is not None:  # (the screen may have closed while the save was read)
            status.update(Text(message, style="bold red"))

    def action_close(self) -> None:
        self.dismiss(None)
