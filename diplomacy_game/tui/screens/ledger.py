"""The full ledger of a turn: every figure that moved, and every cause that moved it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from diplomacy_game.text.turns import ledger_entries
from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.widgets.footer import GameFooter

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.turn import TurnReport

MOOD = {"good": "green", "bad": "red", "": ""}


def ledger_text(ruleset: Ruleset, report: TurnReport) -> Text:
    """Every figure of the turn with its causes, which add up to its change."""
    text = Text()
    text.append(f"What moved each figure in turn {report.turn}\n", style="bold underline")
    text.append(
        "Figures here are one place finer than on the Economy tab, and the causes' shares, "
        "rounded as the change is, add up to it; ≈0 is a change too small to show even "
        "there.\n\n",
        style="dim",
    )
    entries = ledger_entries(ruleset, report)
    if not entries:
        text.append("Nothing a briefing would show moved this turn.\n", style="italic")
    for entry in entries:
        text.append(entry.label, style="bold")
        text.append(f"  {entry.before} → {entry.after}  ")
        text.append(entry.delta, style=MOOD[entry.mood])
        text.append("\n")
        for label, share in entry.causes:
            text.append(f"  {share:>9}  ", style="cyan")
            text.append(label + "\n")
        text.append("\n")
    text.append(
        "The technical talks are not listed: you see them only through your advisors' estimates.",
        style="dim",
    )
    return text


class LedgerScreen(GameScreen[None]):
    """The causes of every change in one turn; ← → step through the turns when there are
    several (from the history)."""

    BINDINGS = [
        Binding("escape,c", "close", "Back", id="ledger.back"),
        Binding("left,p", "step(-1)", "Earlier turn", id="ledger.earlier", priority=True),
        Binding("right,n", "step(1)", "Later turn", id="ledger.later", priority=True),
    ]

    def __init__(self, ruleset: Ruleset, reports: list[TurnReport], index: int = -1) -> None:
        super().__init__()
        self.ruleset = ruleset
        self.reports = reports
        self.index = index % len(reports) if reports else 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ledger-body", can_focus=True):
            yield Static(self._text(), id="ledger-text")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#ledger-body").focus()

    def _text(self) -> Text:
        if not self.reports:
            return Text("No turn has been played yet.", style="dim")
        text = ledger_text(self.ruleset, self.reports[self.index])
        if len(self.reports) > 1:
            text.append(
                f"\n\nTurn {self.index + 1} of {len(self.reports)} played: "
                "← and → show the others.",
                style="dim",
            )
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return len(self.reports) > 1
        return True

    def action_step(self, by: int) -> None:
        if not self.reports:
            return
        self.index = max(0, min(len(self.reports) - 1, self.index + by))
        static = find(self, "#ledger-text", Static)
        if static is not None:
            static.update(self._text())

    def action_close(self) -> None:
        self.dismiss(None)
