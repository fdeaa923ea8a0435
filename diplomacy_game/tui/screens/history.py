"""The game so far: plots of every public indicator, and the log of decisions and events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from diplomacy_game.text.turns import past_turns
from diplomacy_game.tui.mounted import find, focus_shown_tab, switch_tab, when_built
from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.view import indicator_series
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.plot import Plot
from diplomacy_game.tui.widgets.tabs import GameTabs

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


FOCUS = {"plots": "#history-plots", "log": "#history-log"}


LOG_STYLES = {"answer": "cyan", "memo": "italic", "posture": "magenta"}


class HistoryScreen(GameScreen[None]):
    BINDINGS = [
        Binding("escape,h", "close", "Back", id="history.back"),
        Binding("p", "tab('plots')", "Plots", id="history.plots"),
        Binding("l", "tab('log')", "Log", id="history.log"),
        Binding("c", "ledger", "Causes by turn", id="history.ledger"),
    ]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        yield Static(
            f"History — {s.ruleset.scenario.title}, seed {s.state.seed}",
            id="history-title",
            markup=False,
        )
        with GameTabs(id="history-tabs"):  # the first tab opens (see help.py)
            with TabPane("Plots", id="plots"), VerticalScroll(id="history-plots", can_focus=True):
                with Grid(id="plot-grid"):
                    for series in indicator_series(s.state, s.opening):
                        yield Plot(
                            series.title,
                            series.values,
                            series.min_span,
                            series.now,
                            series.first_turn,
                        )
                yield Static(
                    Text(
                        "The US side is known only through your advisors' estimates; the "
                        "true values are revealed at the end. Press c for what moved each "
                        "figure, turn by turn.",
                        style="dim",
                    )
                )
            with TabPane("Log", id="log"), VerticalScroll(id="history-log", can_focus=True):
                yield Static(self._log())
        yield GameFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(focus_shown_tab, self.query_one(TabbedContent), FOCUS)

    def on_resize(self) -> None:
        self.query_one("#plot-grid").set_class(self.size.width >= 110, "-three")

    def _log(self) -> Group | Text:
        s = self.session
        if not s.state.history:
            return Text("No turn has been played yet.", style="dim")
        out: list[Any] = []
        for past in past_turns(s.ruleset, s.state):
            head = Text(past.heading, style="bold")
            head.append(f"  {past.figures}", style="dim")
            out.append(head)
            for words, kind in past.lines:
                if kind == "you":  # "You:" in the player's colour, then plain
                    text = Text.assemble(("You: ", "cyan"), words.removeprefix("You: "))
                elif kind == "event":
                    text = Text(f"■ {words}")
                else:
                    text = Text(words, style=LOG_STYLES.get(kind, ""))
                # an entry under its turn: indented, and so are the lines it wraps onto
                out.append(Padding(text, (0, 0, 0, 2)))
            out.append(Text(""))
        return Group(*out)

    @when_built
    def action_tab(self, tab: str) -> None:
        """p, l: the plots or the log."""
        tabs = find(self, "#history-tabs", TabbedContent)
        if switch_tab(tabs, tab):
            self.call_after_refresh(focus_shown_tab, tabs, FOCUS)

    def action_ledger(self) -> None:
        """c: the full ledger of the last turn; ← → go to the earlier ones."""
        from diplomacy_game.engine.game import turn_reports
        from diplomacy_game.model.decisions import DecisionError
        from diplomacy_game.tui.screens.ledger import LedgerScreen

        s = self.session
        try:
            reports = [report for _, report in turn_reports(s.ruleset, s.state)]
        except DecisionError:
            self.notify("This game's log does not replay, so its causes cannot be shown.")
            return
        self.app.push_screen(LedgerScreen(s.ruleset, reports))

    def action_close(self) -> None:
        self.dismiss(None)
