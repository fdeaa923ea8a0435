"""The state of the country at a glance: indicators, advisors' readings, sectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from diplomacy_game import fmt
from diplomacy_game.text.figures import (
    ieepa_note,
    indicator_rows,
    reading_views,
    reading_warnings,
    sector_rows,
    support_note,
    talks_estimate,
    talks_trend,
)
from diplomacy_game.tui.phone import is_narrow

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
        self._session = session
        state = session.state
        rows = indicator_rows(state, width=12, opening=session.opening)
        # the sparkline gets the room the other columns leave, so its newest turns (at the
        # right) are never the part cut off
        used = max(len(r.label) for r in rows) + max(len(r.value) for r in rows)
        used += max([5] + [len(r.change) for r in rows]) + 3
        room = (self.size.width or 40) - used
        spark_w = max(3, min(12, room))
        table = Table.grid(padding=(0, 1), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True, min_width=5)
        table.add_column(style="cyan", no_wrap=True, overflow="crop")
        for row in indicator_rows(state, width=spark_w, opening=session.opening):
            table.add_row(row.label, row.value, Text(row.change, style=MOOD[row.mood]), row.trend)
        band, mean = talks_estimate(state)
        if mean is None and band != fmt.BROKEN_OFF:
            self.update(table)  # no advisor reads the talks in this scenario
            return
        # the advisors' words for the talks can be long ("near a text"): a line of their own
        talks = Text("Talks ", style="bold")
        talks.append(band, style="italic")
        if mean is None:  # broken off: what Washington did, not an estimate
            self.update(Group(table, talks))
            return
        talks.append(" (advisors) ", style="dim")
        # on the same line, as wide as the line leaves (it wrapped "near a text" at 120x40)
        room = min(spark_w, (self.size.width or 40) - talks.cell_len)
        if room >= 3:
            talks.append(talks_trend(session_log(session), room), style="cyan")
        self.update(Group(table, talks))

    def on_resize(self) -> None:
        session = getattr(self, "_session", None)
        if session is not None:
            self.show(session)


def session_log(session: GameSession) -> list[float]:
    """The advisors' mean estimate of the talks, turn by turn: kept in the game's history, so
    a loaded game shows its whole past (games saved before it was kept start where they were
    loaded)."""
    _, mean = talks_estimate(session.state)
    if mean is not None:
        session.talks_seen[session.state.turn] = mean
    if session.state.history and 0 not in session.talks_seen:  # a loaded game: as it opened
        _, first = talks_estimate(session.opening_state)
        if first is not None:
            session.talks_seen[0] = first
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
        self._session = session
        self._narrow = narrow = is_narrow(self.app.size.width)
        views = reading_views(session.ruleset, session.state)
        table = Table.grid(padding=(0, 1), expand=True)
        if self.detailed and narrow:  # a phone: each reading under its label, as at the side
            table.add_column()
        elif self.detailed:
            table.add_column(ratio=3, style="bold")
            # beside a label's last line: a word on its first line reads as part of the label
            # ("The President's need for a public moderate")
            table.add_column(ratio=4, vertical="bottom")
        else:
            table.add_column()
        for view in views:
            if self.detailed:
                cell = Text()
                # the advisor's word and name: their number is on the model's internal scale
                for i, (name, band, _) in enumerate(view.views):
                    if i:
                        cell.append("\n")
                    cell.append(band, style="bold" if view.agreed else "bold yellow")
                    cell.append(f"  {name}", style="dim")
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
            if self.detailed and narrow:
                indented = Text("\n").join(Text("  ") + line for line in cell.split("\n"))
                table.add_row(Text(view.label, style="bold") + Text("\n") + indented)
            elif self.detailed:
                table.add_row(view.label, cell)
            else:  # the narrow side panel: the label above its reading
                table.add_row(Text(view.label, style="bold") + Text("\n  ") + cell)
        if not views:
            table.add_row(Text("Your advisors have nothing to report.", style="dim"))
        # a value running low, in words: what it does and what moves it
        warnings = [
            Text(warning, style="yellow")
            for warning in reading_warnings(session.ruleset, session.state)
        ]
        self.update(Group(table, *(Group(Text(""), w) for w in warnings)) if warnings else table)

    def on_resize(self) -> None:
        session = getattr(self, "_session", None)
        narrow = is_narrow(self.app.size.width)
        if self.detailed and session is not None and narrow != self._narrow:
            self.show(session)


class SectorsPanel(Static):
    """Exports, US tariff, counter-tariff, jobs and their change, sector by sector.

    On a phone (``phone.NARROW``) the exports go, the headers shorten and a long sector's
    name takes two lines: the tariffs, theirs and ours, are what a player acts
    on, and the jobs what it costs; the size of a sector's trade is background."""

    DEFAULT_CSS = """
    SectorsPanel { height: auto; }
    """

    def show(self, session: GameSession) -> None:
        self._session = session
        self._narrow = narrow = self.narrow
        table = Table(
            expand=True,
            box=None,
            header_style="bold",
            pad_edge=False,
            show_edge=False,
        )
        if narrow:
            table.add_column("Sector", ratio=1, overflow="fold")
        else:
            table.add_column("Sector", ratio=3, no_wrap=True, overflow="ellipsis")
            table.add_column("Exports", justify="right", no_wrap=True)
        table.add_column("US" if narrow else "US tariff", justify="right", no_wrap=True)
        table.add_column("Ours", justify="right", no_wrap=True)
        table.add_column("Jobs k", justify="right", no_wrap=True)
        table.add_column("Δ" if narrow else "Δ jobs", justify="right", no_wrap=True)
        for row in sector_rows(session.ruleset, session.state):
            table.add_row(
                row.name,
                *([] if narrow else [row.exports]),
                Text(row.us_tariff, style="red" if row.us_tariff != "0%" else ""),
                row.counter_tariff,
                row.jobs,
                Text(row.change, style=MOOD[row.mood]),
            )
        notes = [
            Text(note, style="dim")
            for note in (
                ieepa_note(session.ruleset, session.state),
                support_note(session.ruleset, session.state),
            )
            if note
        ]
        spaced = [part for note in notes for part in (Text(""), note)]
        self.update(Group(table, *spaced) if notes else table)

    @property
    def narrow(self) -> bool:
        """Laid out for a phone (the terminal's width, as the screens' -narrow class)."""
        return is_narrow(self.app.size.width)

    def on_resize(self) -> None:
        session = getattr(self, "_session", None)
        if session is not None and self.narrow != self._narrow:
            self.show(session)
