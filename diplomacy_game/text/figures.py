"""The figures a player reads: the public indicators, the sectors, the advisors' readings.

Hidden US values and the true talks progress are never read from ``state.values``: only the
advisors' readings (``state.readings``) reach the player.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from diplomacy_game import fmt

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState

REVIEW_DATE = dt.date(2026, 7, 1)
SPARK = "▁▂▃▄▅▆▇█"
FAMILY_TITLES = {
    "retaliation": "Retaliation",
    "concession": "Concessions",
    "diplomacy": "Diplomacy",
    "domestic": "At home",
}
CATEGORY_TITLES = {
    "us": "Washington",
    "domestic": "At home",
    "world": "The world",
    "media": "In the media",
    "milestone": "On the calendar",
}


def days_to_review(state: GameState, ruleset: Ruleset | None = None) -> int:
    review = ruleset.scenario.end if ruleset is not None else REVIEW_DATE
    return max(0, (review - state.date).days)


def sparkline(values: list[float], width: int = 12, least: float = 0.0) -> str:
    """One block character per value (the last ``width`` values), scaled to their range, or
    to ``least`` around their middle when the range is smaller: a figure that moved by less
    than anyone can see (7.293% to 7.299%, "±0") draws a flat line, not a full-height swing."""
    values = [float(v) for v in values][-width:]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    top = len(SPARK) - 1
    if hi - lo < max(least, 1e-9):
        if least <= 0:
            return SPARK[3] * len(values)
        # the middle of the values on the fourth block (as a flat line is), a block a step
        middle = (hi + lo) / 2
        lo, hi = middle - least * 3 / top, middle + least * (top - 3) / top
    return "".join(SPARK[round((v - lo) / (hi - lo) * top)] for v in values)


# The least range a trend line is drawn over: one block of height for each step the figure is
# shown in (a point of approval, a tenth of a point of unemployment).
SPARK_STEPS = len(SPARK) - 1


# --- indicators ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    key: str  # variable in state.values
    history: str  # key in a history record
    label: str
    unit: str
    digits: int
    better: int  # +1 when up is good, -1 when down is good
    help: str


INDICATORS = (
    IndicatorSpec("approval", "approval", "Approval", "%", 0, 1, "share who approve of you"),
    IndicatorSpec("gdp_gap", "gdp_gap_pct", "GDP gap", "%", 1, 1, "output vs. no trade war"),
    IndicatorSpec("unemployment", "unemployment_pct", "Unemployment", "%", 1, -1, "jobless rate"),
    IndicatorSpec("inflation", "inflation_pct", "Inflation", "%", 1, -1, "consumer prices, y/y"),
    IndicatorSpec("fiscal_room", "fiscal_room", "Fiscal room", " B$", 1, 1, "money left to spend"),
)


@dataclass
class IndicatorRow:
    label: str
    value: str
    change: str
    trend: str
    mood: str  # "good", "bad" or "" for the change since last turn
    help: str


def indicator_rows(
    state: GameState, width: int = 12, opening: dict[str, float] | None = None
) -> list[IndicatorRow]:
    """The public indicators now, their change over the last turn and their trend (from the
    opening values, when given, so the first turn shows its changes too)."""
    rows = []
    for spec in INDICATORS:
        value = float(state.values.get(spec.key, 0.0))
        start = [float(opening[spec.key])] if opening and spec.key in opening else []
        series = start + [float(h.get(spec.history, value)) for h in state.history] or [value]
        change_text = ""
        mood = ""
        if len(series) >= 2:
            change_text = fmt.step(spec.key, series[-2], value)
            mood = fmt.mood(spec.key, series[-2], value)
        rows.append(
            IndicatorRow(
                spec.label,
                fmt.shown(spec.key, value),
                change_text,
                sparkline(series, width, SPARK_STEPS * 10.0**-spec.digits),
                mood,
                spec.help,
            )
        )
    return rows


# --- advisors ------------------------------------------------------------------------------


@dataclass
class ReadingView:
    variable: str
    label: str
    views: list[tuple[str, str, int]]  # (advisor short name, band, estimate)

    @property
    def agreed(self) -> bool:
        return len({band for _, band, _ in self.views}) <= 1

    def summary(self) -> str:
        if not self.views:
            return "no reading"
        if self.agreed:
            names = ", ".join(n for n, _, _ in self.views)
            return f"{self.views[0][1]} ({names})"
        return "; ".join(f"{band} ({name})" for name, band, _ in self.views)


def advisor_name(ruleset: Ruleset, advisor_id: str) -> str:
    for a in ruleset.advisors:
        if a.id == advisor_id:
            return a.name.split()[-1]
    return advisor_id


def reading_views(ruleset: Ruleset, state: GameState) -> list[ReadingView]:
    """The advisors' readings, one entry per variable, in the content's order."""
    order = {r.variable: i for i, r in enumerate(ruleset.readings)}
    by_var: dict[str, ReadingView] = {}
    for r in state.readings:
        view = by_var.setdefault(r["variable"], ReadingView(r["variable"], r["label"], []))
        word = reading_word(state, r) or "?"
        view.views.append((advisor_name(ruleset, r["advisor"]), word, int(r["estimate"])))
    return sorted(by_var.values(), key=lambda v: order.get(v.variable, 99))


def reading_word(state: GameState, reading: dict[str, Any]) -> str:
    """An advisor's reading in words, as every screen shows it: its band, or "broken off" for
    the talks while Washington has broken them off (``fmt.talks_off``)."""
    if fmt.talks_off(reading["variable"], state.values):
        return fmt.BROKEN_OFF
    return str(reading["band"] or "")


class Revealed(NamedTuple):
    """A hidden value once the game is over: its label, what the advisors said, the truth in
    the advisors' own words (never the model's 0-100 number), and the content's note on what
    it measures ("" when none)."""

    label: str
    said: str
    truth: str
    note: str


def revealed(ruleset: Ruleset, state: GameState) -> list[Revealed]:
    """Once the game is over, each hidden value the advisors read, beside the truth."""
    out = []
    for view in reading_views(ruleset, state):
        truth = state.values.get(view.variable)
        words = (
            "" if truth is None else fmt.hidden_words(ruleset, view.variable, truth, state.values)
        )
        note = fmt.hidden_note(ruleset, view.variable)
        out.append(Revealed(view.label, view.summary(), words or "?", note))
    return out


def talks_trend(estimates: list[float], width: int = 12) -> str:
    """The advisors' estimates of the talks as a trend line, a point of the 0-100 scale a
    block: half a point between two readings (two advisors' mean) is no full-height swing."""
    return sparkline(estimates, width, SPARK_STEPS * 1.0)


def talks_estimate(state: GameState) -> tuple[str, float | None]:
    """The advisors' view of the technical talks (band words, mean estimate)."""
    views = [r for r in state.readings if r["variable"] == "talks.progress"]
    if not views:
        return "no reading", None
    if fmt.talks_off("talks.progress", state.values):
        return fmt.BROKEN_OFF, None
    bands = sorted({r["band"] for r in views})
    mean = sum(float(r["estimate"]) for r in views) / len(views)
    return " / ".join(bands), mean


# --- sectors -------------------------------------------------------------------------------


@dataclass
class SectorRow:
    id: str
    name: str
    exports: str
    us_tariff: str
    counter_tariff: str
    jobs: str
    change: str
    mood: str


def sector_rows(ruleset: Ruleset, state: GameState) -> list[SectorRow]:
    v = state.values
    rows = []
    for sector in ruleset.sectors:
        p = f"sector.{sector.id}."
        jobs = float(v.get(p + "jobs", 0.0))
        # the turn's change as the turn result lists it ("-20" jobs beside "22.5k to 22.4k"),
        # not in thousands at one place ("±0" beside it)
        before = jobs - float(v.get(p + "jobs_change", 0.0))
        name = p + "jobs"
        change = fmt.listed_change(name, before, jobs, ruleset) if state.history else ""
        rows.append(
            SectorRow(
                sector.id,
                sector.name,
                fmt.number(float(v.get(p + "exports", 0.0)), 1),
                fmt.shown(p + "us_tariff", float(v.get(p + "us_tariff", 0.0)), ruleset),
                fmt.shown(p + "counter_tariff", float(v.get(p + "counter_tariff", 0.0)), ruleset),
                fmt.number(jobs, 1),
                change,
                ""
                if change in ("±0", fmt.ABOUT_UNCHANGED)
                else fmt.mood(name, before, jobs, ruleset),
            )
        )
    return rows


def ieepa_note(ruleset: Ruleset, state: GameState) -> str:
    """What the sectors' "US tariff" (the Section 232 tariffs) leaves out: the IEEPA layer on
    goods that do not claim CUSMA (or a surcharge in its place), as in force, by rate; "" when
    none is."""
    by_rate: dict[str, list[str]] = {}
    for sector in ruleset.sectors:
        name = f"sector.{sector.id}.ieepa_rate"
        rate = fmt.in_force(state.values, sector.id)
        if fmt.moved(name, 0.0, rate, ruleset):
            by_rate.setdefault(fmt.shown(name, rate, ruleset), []).append(sector.name)
    if not by_rate:
        return ""
    rates = "; ".join(f"{rate} on {fmt.listed(names)}" for rate, names in by_rate.items())
    return (
        "Goods that do not claim CUSMA also pay a US tariff: "
        f"{rates}. Most trade claims CUSMA and does not pay it."
    )


def support_note(ruleset: Ruleset, state: GameState) -> str:
    """The support paid to sectors, which the fiscal room pays every turn whether or not the
    player chose it (a scenario can open with support in place); "" when none is paid."""
    paid = []
    for sector in ruleset.sectors:
        name = f"sector.{sector.id}.support"
        amount = float(state.values.get(name, 0.0))
        if amount > 0:
            paid.append(f"{sector.name} {fmt.money(amount)}")
    if not paid:
        return ""
    return (
        f"Support to sectors and their workers, a year: {fmt.listed(paid)}. It keeps jobs and "
        "is paid from the fiscal room every turn."
    )


def reading_warnings(ruleset: Ruleset, state: GameState) -> list[str]:
    """What a hidden value does and what moves it, said while an advisor reads it in one of
    the bands its content warns in ("Anand reads the President's patience as thin: the lower
    it runs, ..."): from the advisors' words, never the true value."""
    specs = {r.variable: r for r in ruleset.readings if r.warn_bands and r.warning}
    out = []
    for view in reading_views(ruleset, state):
        spec = specs.get(view.variable)
        if spec is None:
            continue
        by_band: dict[str, list[str]] = {}
        for name, band, _ in view.views:
            if band in spec.warn_bands:
                by_band.setdefault(band, []).append(name)
        for band, names in by_band.items():
            who = fmt.listed(names)
            out.append(
                f"{who} {'reads' if len(names) == 1 else 'read'} {fmt.in_sentence(view.label)} "
                f"as {band}: {spec.warning.strip()}"
            )
    return out
