"""What the turn changed, and why, before the next one starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from diplomacy_game.text.turns import (
    biggest_changes,
    briefing,
    headline_changes,
    reading_changes,
    washington_line,
)
from diplomacy_game.tui.paths import PathText
from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.screens.ledger import LedgerScreen
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.header import GameHeader

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession, TurnOutcome

MOOD = {"good": "green", "bad": "red", "": ""}


class TurnResultScreen(GameScreen[None]):
    BINDINGS = [
        Binding("enter,escape,space", "done", "Continue", id="result.continue"),
        Binding("c", "ledger", "Every cause", id="result.ledger"),
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
        yield GameFooter()

    def on_mount(self) -> None:
        # the cabinet's "Chosen: …" notes are about the turn that is over: not over its result
        self.app.clear_notifications()
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
            + Text(washington_line(s.ruleset, report, o.state.values))
        )
        grid.add_row(Text(""))
        changes = headline_changes(biggest_changes(s.ruleset, o.before, o.state, report), 8)
        grid.add_row(Text("What changed, and the main causes", style="bold"))
        for c in changes:
            moved = Text(c.label, style="bold")
            moved.append(f"  {c.before} → {c.after}  ")
            moved.append(c.delta, style=MOOD[c.mood])
            grid.add_row(moved)
            if c.causes:  # indented, a long list of causes wrapping under itself
                grid.add_row(Padding(Text(c.causes, style="dim"), (0, 0, 0, 2)))
        if not changes:
            grid.add_row(Text("Nothing a briefing would show moved this turn.", style="italic"))
        grid.add_row(Text("Press c for every figure and every cause.", style="dim"))
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
        saved = self.saved_line()
        if saved is not None:
            grid.add_row(saved)
        foot = "Press Enter to continue."
        if o.state.over:
            # say why here: before the last turn, a game can end on any turn
            title = (o.state.ending or {}).get("title")
            foot = (
                f"The game is over: {title}. Press Enter for the ending."
                if title
                else ("Press Enter for the ending.")
            )
        grid.add_row(Text(foot, style="bold"))
        return grid

    def saved_line(self) -> RenderableType | None:
        """Where the turn was saved, or why it was not."""
        o = self.outcome
        if o.autosave is not None:
            return PathText("Autosaved to", o.autosave, ".", style="dim")
        if o.autosave_error:
            return Text(f"The autosave failed: {o.autosave_error}", style="red")
        return None

    def action_ledger(self) -> None:
        self.app.push_screen(LedgerScreen(self.session.ruleset, [self.outcome.report]))

    def action_done(self) -> None:
        self.dismiss(None)
