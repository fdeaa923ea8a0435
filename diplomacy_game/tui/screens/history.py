"""The game so far: plots of every public indicator, and the log of decisions and events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Footer, Static, TabbedContent, TabPane

from diplomacy_game import fmt
from diplomacy_game.tui.mounted import find, focus_shown_tab, switch_tab, when_built
from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.view import indicator_series
from diplomacy_game.tui.widgets.plot import Plot

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


FOCUS = {"plots": "#history-plots", "log": "#history-log"}


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
        with TabbedContent(id="history-tabs", initial="plots"):
            with TabPane("Plots", id="plots"), VerticalScroll(id="history-plots", can_focus=True):
                with Grid(id="plot-grid"):
                    for series in indicator_series(s.state):
                        yield Plot(series.title, series.values, series.min_span, series.now)
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
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(focus_shown_tab, self.query_one(TabbedContent), FOCUS)

    def on_resize(self) -> None:
        self.query_one("#plot-grid").set_class(self.size.width >= 110, "-three")

    def _log(self) -> Text:
        s = self.session
        rs = s.ruleset
        text = Text()
        if not s.state.history:
            text.append("No turn has been played yet.", style="dim")
            return text
        decisions = {d.get("turn"): d for d in s.state.decisions}
        for h in s.state.history:
            turn = h["turn"]
            text.append(f"Turn {turn} · {fmt.date(_date(h['date']))}", style="bold")
            text.append(
                f"  approval {fmt.shown('approval', h['approval'])} · "
                f"GDP gap {fmt.shown('gdp_gap', h['gdp_gap_pct'])}\n",
                style="dim",
            )
            d = decisions.get(turn, {})
            names = []
            for a in d.get("actions", []):
                action = rs.actions.get(a["id"])
                detail = fmt.params_text(rs, a["id"], a.get("params", {}))
                names.append(
                    (action.spec.name if action else a["id"]) + (f" ({detail})" if detail else "")
                )
            text.append("  You: ", style="cyan")
            text.append(("; ".join(names) or "no action") + "\n")
            for event_id, option_id in d.get("answers", {}).items():
                event = rs.events.get(event_id)
                if event is not None:
                    label = next((o.label for o in event.options if o.id == option_id), option_id)
                    text.append(
                        f"  Answered {fmt.quoted(event.spec.title)}: {label}\n", style="cyan"
                    )
            if d.get("memo"):
                text.append(f"  Memo: {d['memo']}\n", style="italic")
            posture = rs.postures.get(h.get("us_posture", ""))
            if posture is not None:
                text.append(f"  Washington {posture.spec.name}.\n", style="magenta")
            for event_id in h.get("events", []):
                event = rs.events.get(event_id)
                text.append(f"  ■ {event.spec.title if event else event_id}\n")
            text.append("\n")
        return text

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


def _date(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)
