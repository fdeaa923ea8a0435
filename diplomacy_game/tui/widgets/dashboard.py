"""The state of the country at a glance: indicators, advisors' readings, sectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from diplomacy_game.tui.view import (
    indicator_rows,
    reading_views,
    sector_rows,
    sparkline,
    talks_estimate,
)

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession

MOOD = {"good": "green", "bad": "red", "": ""}


class IndicatorsPanel(Static):
    """Approval, GDP gap, unemployment, inflation, fiscal room, talks: value, change, trend."""

    DEFAULT_CSS = """
    IndicatorsPanel { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)

    def show(self, session: GameSession) -> None:
        state = session.state
        table = Table.grid(padding=(0, 1), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True, min_width=5)
        table.add_column(style="cyan", no_wrap=True)
        for row in indicator_rows(state, width=10, opening=session.opening):
            table.add_row(row.label, row.value, Text(row.change, style=MOOD[row.mood]), row.trend)
        band, mean = talks_estimate(state)
        if mean is not None:
            log = session_log(session)
            table.add_row("Talks", Text(band, style="italic"), "", sparkline(log, 10))
        self.update(table)


def session_log(session: GameSession) -> list[float]:
    """The advisors' mean estimate of the talks, turn by turn: kept in the game's history, so
    a loaded game shows its whole past (games saved before it was kept start where they were
    loaded)."""
    _, mean = talks_estimate(session.state)
    if mean is not None:
        session.talks_seen[session.state.turn] = mean
    for record in session.state.history:
        estimate = record.get("talks_estimate")
        if estimate is not None:
            session.talks_seen.setdefault(record["turn"], float(estimate))
    return [session.talks_seen[t] for t in sorted(session.talks_seen)]


class AdvisorsPanel(Static):
    """What the advisors think the White House is thinking (estimates, never true values)."""

    DEFAULT_CSS = """
    AdvisorsPanel { height: auto; }
    """

    def __init__(self, detailed: bool = False, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.detailed = detailed

    def show(self, session: GameSession) -> None:
        views = reading_views(session.ruleset, session.state)
        table = Table.grid(padding=(0, 1), expand=True)
        if self.detailed:
            table.add_column(ratio=3, style="bold")
            table.add_column(ratio=4)
        else:
            table.add_column()
        for view in views:
            if self.detailed:
                cell = Text()
                for i, (name, band, estimate) in enumerate(view.views):
                    if i:
                        cell.append("\n")
                    cell.append(band, style="bold" if view.agreed else "bold yellow")
                    cell.append(f"  {name}, about {estimate}", style="dim")
            elif view.agreed:
                names = ", ".join(n for n, _, _ in view.views)
                cell = Text(view.views[0][1], style="bold")
                cell.append(f"  {names}", style="dim")
            else:
                cell = Text()
                for i, (name, band, _) in enumerate(view.views):
                    if i:
                        cell.append(" / ", style="dim")
                    cell.append(band, style="bold yellow")
                    cell.append(f" {name}", style="dim")
            if self.detailed:
                table.add_row(view.label, cell)
            else:  # the narrow side panel: the label above its reading
                table.add_row(Text(view.label, style="bold") + Text("\n  ") + cell)
        if not views:
            table.add_row(Text("Your advisors have nothing to report.", style="dim"))
        self.update(table)


class SectorsPanel(Static):
    """Exports, US tariff, counter-tariff, jobs and their change, sector by sector."""

    DEFAULT_CSS = """
    SectorsPanel { height: auto; }
    """

    def show(self, session: GameSession) -> None:
        table = Table(
            expand=True,
            box=None,
            header_style="bold",
            pad_edge=False,
            show_edge=False,
        )
        table.add_column("Sector", ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column("Exports", justify="right", no_wrap=True)
        table.add_column("US tariff", justify="right", no_wrap=True)
        table.add_column("Ours", justify="right", no_wrap=True)
        table.add_column("Jobs k", justify="right", no_wrap=True)
        table.add_column("Δ jobs", justify="right", no_wrap=True)
        for row in sector_rows(session.ruleset, session.state):
            table.add_row(
                row.name,
                row.exports,
                Text(row.us_tariff, style="red" if row.us_tariff != "0%" else ""),
                row.counter_tariff,
                row.jobs,
                Text(row.change, style=MOOD[row.mood]),
            )
        self.update(table)
