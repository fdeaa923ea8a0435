"""The ending: the outcome, the grade, the explanation, and the decisions that led there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from diplomacy_game import fmt
from diplomacy_game.text.figures import revealed
from diplomacy_game.text.turns import key_decisions
from diplomacy_game.tui.paths import path_note
from diplomacy_game.tui.phone import is_narrow
from diplomacy_game.tui.widgets.footer import GameFooter

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


class EndingScreen(Screen[None]):
    KEYS_LINE = (
        "r: write the after-action report · h: the history of your game · t: the title screen"
        " · Ctrl+Q: quit"
    )
    BINDINGS = [
        Binding("r", "write_report", "Write the report", id="ending.report"),
        Binding("h", "app.history", "History", id="ending.history"),
        Binding("t", "app.to_title", "Title screen", id="ending.title"),
    ]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ending-body", can_focus=True):
            yield Static(self._text(), id="ending-text")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#ending-body").focus()
        self._narrow = is_narrow(self.app.size.width)

    def on_resize(self) -> None:
        if is_narrow(self.app.size.width) != getattr(self, "_narrow", None):
            self._narrow = is_narrow(self.app.size.width)
            self.query_one("#ending-text", Static).update(self._text())

    def action_write_report(self) -> None:
        self.notify("Writing the after-action report…", title="Report")
        self.write_report()

    @work(thread=True, exclusive=True, group="report")
    def write_report(self) -> None:
        """The debrief as one HTML page beside the saves (it simulates games, so in a worker)."""
        from diplomacy_game.classroom.report import build_report, render_html
        from diplomacy_game.saves.store import atomic_write

        s = self.session
        # the game's own id, as its autosave has: two games of one seed get two reports
        name = f"report-{s.state.scenario_id}-seed{s.state.seed}-{s.game_id}.html"
        path = s.library.folder / name
        try:
            data = build_report(s.ruleset, s.state, games_per_policy=100)
            atomic_write(path, render_html(data).encode("utf-8"))
        except OSError as exc:
            self.app.call_from_thread(
                self.notify,
                path_note("Could not write", path, self.app.size.width, f": {exc}"),
                severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify,
            path_note("Open", path, self.app.size.width, " in a browser; it prints well too."),
            title="Report written",
            markup=False,
        )

    def _text(self) -> Table:
        s = self.session
        ending = s.state.ending or {}
        grid = Table.grid(expand=True)
        grid.add_column()
        title = Text(ending.get("title", "The end"), style="bold underline")
        grid.add_row(title)
        grade = Text("Grade ", style="bold")
        grade.append(f" {ending.get('grade', '?')} ", style="bold reverse")
        if ending.get("grade_text"):
            grade.append("  " + ending["grade_text"])
        grid.add_row(grade)
        if ending.get("score") is not None:
            score = Text("Outcome score ", style="bold")
            score.append(fmt.shown("score", ending["score"]))
            score.append(
                "  the ending sets the band; approval, GDP, jobs, fiscal room and"
                " concessions place you in it",
                style="dim",
            )
            grid.add_row(score)
        grid.add_row(Text(f"CUSMA: {ending.get('cusma_status', '')}", style="cyan"))
        grid.add_row(Text(""))
        grid.add_row(Text(ending.get("explanation", "")))
        grid.add_row(Text(""))
        decisions = key_decisions(s.ruleset, s.state)
        grid.add_row(Text("The decisions that led here", style="bold"))
        grid.add_row(Text("\n".join(decisions) if decisions else "You took no action at all."))
        grid.add_row(Text(""))
        grid.add_row(self._reveal())
        if s.ruleset.scenario.discussion:
            grid.add_row(Text(""))
            grid.add_row(Text("To discuss", style="bold"))
            grid.add_row(Text("\n".join(f"• {q}" for q in s.ruleset.scenario.discussion)))
        grid.add_row(Text(""))
        grid.add_row(Text(self.KEYS_LINE, style="dim"))
        return grid

    def _reveal(self) -> Group:
        """Now that the game is over: what the advisors said next to the true values, and
        under the table what a value's note says it measures (a note in a row of its own
        wrapped in the labels' column: at 80 columns, 13 lines of two or three words)."""
        s = self.session
        table = Table(
            title="What Washington was really thinking",
            title_justify="left",
            title_style="bold",
            box=None,
            header_style="bold",
            pad_edge=False,
        )
        rows = revealed(s.ruleset, s.state)
        if is_narrow(self.app.size.width):
            # a phone: three columns would wrap each label into a word a line
            lines = [Text("What Washington was really thinking", style="bold")]
            for label, said, truth, _ in rows:
                line = Text(label, style="bold")
                line.append("\n  advisors said ", style="dim")
                line.append(said)
                line.append("\n  truth ", style="dim")
                line.append(truth, style="bold")
                lines.append(line)
            notes = [
                Text(f"{label}: {truth}. {note}", style="dim")
                for label, _, truth, note in rows
                if note
            ]
            return Group(*lines, *notes)
        table.add_column("")
        table.add_column("Advisors said")
        table.add_column("Truth", justify="right")
        notes = []
        for label, said, truth, note in rows:
            table.add_row(label, said, truth)
            if note:
                notes.append(Text(f"{label}: {truth}. {note}", style="dim"))
        return Group(table, *notes)
