"""What the turn changed, and why, before the next one starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.view import (
    biggest_changes,
    briefing,
    posture_words,
    reading_changes,
)
from diplomacy_game.tui.widgets.header import GameHeader

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession, TurnOutcome

MOOD = {"good": "green", "bad": "red", "": ""}


class TurnResultScreen(GameScreen[None]):
    BINDINGS = [
        Binding("enter,escape,space", "done", "Continue", id="result.continue"),
        Binding("h", "app.history", "History", id="result.history"),
    ]

    def __init__(self, session: GameSession, outcome: TurnOutcome) -> None:
        super().__init__()
        self.session = session
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        yield GameHeader(id="result-header")
        with VerticalScroll(id="result-body", can_focus=True):
            yield Static(self._story(), id="result-story")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(GameHeader).show(self.session)
        self.query_one("#result-body").focus()

    def _story(self) -> Table:
        s, o = self.session, self.outcome
        report = o.report
        grid = Table.grid(expand=True)
        grid.add_column()
        head = Text(f"Turn {report.turn} is over", style="bold underline")
        grid.add_row(head)
        grid.add_row(Text(""))
        grid.add_row(
            Text("Washington: ", style="bold magenta")
            + Text(posture_words(s.ruleset, report.posture))
        )
        grid.add_row(Text(""))
        changes = biggest_changes(s.ruleset, o.before, o.state)[:8]
        table = Table(box=None, header_style="bold", expand=False, pad_edge=False)
        table.add_column("What changed")
        table.add_column("Before", justify="right")
        table.add_column("Now", justify="right")
        table.add_column("Change", justify="right")
        for c in changes:
            table.add_row(c.label, c.before, c.after, Text(c.delta, style=MOOD[c.mood]))
        if not changes:
            table.add_row(Text("Nothing a briefing would show moved this turn.", style="italic"))
        grid.add_row(table)
        grid.add_row(Text(""))
        why = Text("Why\n", style="bold")
        for p in briefing(s.ruleset, o.state, report)[1:]:
            if p.kind == "posture":
                continue
            if p.kind in ("event", "await"):
                why.append("■ " + p.title, style="bold yellow" if p.kind == "await" else "bold")
                if p.kind == "await":
                    why.append("  (needs your answer)", style="yellow")
                why.append("\n")
                if p.text:
                    why.append(p.text + "\n")
            elif p.kind == "you":
                why.append(p.text + "\n", style="italic cyan")
            else:
                why.append(p.text + "\n")
        grid.add_row(why)
        notes = reading_changes(s.ruleset, o.before, o.state)
        if notes:
            grid.add_row(
                Text("Your advisors' reading changed\n", style="bold") + Text("\n".join(notes))
            )
            grid.add_row(Text(""))
        if o.autosave is not None:
            grid.add_row(Text(f"Autosaved to {o.autosave}.", style="dim"))
        elif o.autosave_error:
            grid.add_row(Text(f"The autosave failed: {o.autosave_error}", style="red"))
        foot = "Press Enter for the ending." if o.state.over else "Press Enter to continue."
        grid.add_row(Text(foot, style="bold"))
        return grid

    def action_done(self) -> None:
        self.dismiss(None)
