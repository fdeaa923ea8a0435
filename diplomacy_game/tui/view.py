"""What the player sees, as plain data and words: shared by the Textual UI and plain mode.

Nothing here imports Textual or numpy. Hidden US values and the true talks progress are never
read from ``state.values``: only the advisors' readings (``state.readings``) reach the player.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diplomacy_game.content.ruleset import Ruleset
    from diplomacy_game.engine.state import GameState
    from diplomacy_game.engine.turn import TurnReport

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


def fmt_date(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%b %Y')}"


def days_to_review(state: GameState, ruleset: Ruleset | None = None) -> int:
    review = ruleset.scenario.end if ruleset is not None else REVIEW_DATE
    return max(0, (review - state.date).days)


def sparkline(values: list[float], width: int = 12) -> str:
    """One block character per value (the last ``width`` values), scaled to their range."""
    values = [float(v) for v in values][-width:]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        return SPARK[3] * len(values)
    return "".join(SPARK[round((v - lo) / (hi - lo) * (len(SPARK) - 1))] for v in values)


def signed(value: float, digits: int = 1) -> str:
    text = f"{value:+.{digits}f}"
    return "±0" if float(text) == 0 else text


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
        change = value - series[-2] if len(series) >= 2 else 0.0
        change_text = signed(change, spec.digits) if len(series) >= 2 else ""
        mood = ""
        if change_text and abs(change) >= 0.5 * 10**-spec.digits:
            mood = "good" if change * spec.better > 0 else "bad"
        if spec.key == "fiscal_room":
            text = f"C${value:.{spec.digits}f}B"
        else:
            text = f"{value:.{spec.digits}f}{spec.unit}"
        rows.append(
            IndicatorRow(spec.label, text, change_text, sparkline(series, width), mood, spec.help)
        )
    return rows


def indicator_series(state: GameState) -> dict[str, list[float]]:
    """Every plotted indicator over the turns played (public values only)."""
    out: dict[str, list[float]] = {}
    for spec in INDICATORS:
        out[spec.label] = [float(h.get(spec.history, 0.0)) for h in state.history]
    out["Political capital"] = [float(h.get("capital", 0.0)) for h in state.history]
    out["Exports to US (C$B/yr)"] = [float(h.get("exports_us", 0.0)) for h in state.history]
    out["Jobs lost (thousands)"] = [float(h.get("jobs_lost", 0.0)) for h in state.history]
    return out


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
        view.views.append(
            (advisor_name(ruleset, r["advisor"]), r["band"] or "?", int(r["estimate"]))
        )
    return sorted(by_var.values(), key=lambda v: order.get(v.variable, 99))


def talks_estimate(state: GameState) -> tuple[str, float | None]:
    """The advisors' view of the technical talks (band words, mean estimate)."""
    views = [r for r in state.readings if r["variable"] == "talks.progress"]
    if not views:
        return "no reading", None
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
        change = float(v.get(p + "jobs_change", 0.0))
        rows.append(
            SectorRow(
                sector.id,
                sector.name,
                f"{v.get(p + 'exports', 0.0):.1f}",
                f"{v.get(p + 'us_tariff', 0.0):.0f}%",
                f"{v.get(p + 'counter_tariff', 0.0):.0f}%",
                f"{v.get(p + 'jobs', 0.0):.1f}",
                signed(change, 1) if state.history else "",
                ("good" if change > 0.05 else "bad" if change < -0.05 else ""),
            )
        )
    return rows


# --- the briefing --------------------------------------------------------------------------


@dataclass
class Paragraph:
    kind: str  # "heading", "text", "event", "posture", "you", "await"
    text: str
    title: str = ""


def posture_words(ruleset: Ruleset, posture: str) -> str:
    p = ruleset.postures.get(posture)
    if p is None:
        return "Washington's intentions are unclear."
    return f"The President {p.spec.name}. {p.spec.description}".strip()


def params_text(ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> str:
    """'steel, 50%' — the parameters of an action in words."""
    action = ruleset.actions.get(action_id)
    if action is None or not params:
        return ""
    sectors = {s.id: s.name for s in ruleset.sectors}
    parts = []
    for p in action.spec.params:
        value = params.get(p.name)
        if value is None:
            continue
        if p.kind == "sector":
            parts.append(sectors.get(str(value), str(value)))
        elif p.kind == "number":
            label = (p.label or p.name).lower()
            unit = "%" if "%" in label else ""
            parts.append(f"{float(value):g}{unit}" if unit else f"{p.label or p.name} {value:g}")
        else:
            parts.append(str(value).replace("_", " "))
    return ", ".join(parts)


def briefing(ruleset: Ruleset, state: GameState, report: TurnReport | None) -> list[Paragraph]:
    """This turn's story: the scenario at the start, else what the last turn brought."""
    out: list[Paragraph] = []
    sc = ruleset.scenario
    if report is None and state.turn == 0:
        out.append(Paragraph("heading", sc.title))
        out.extend(Paragraph("text", p.strip()) for p in sc.description.split("\n\n") if p.strip())
        out.append(
            Paragraph(
                "text",
                f"You have {state.values.get('capital', 0):g} political capital to spend this "
                f"turn. Each turn is {state.turn_days} days; the CUSMA joint review is on "
                f"{fmt_date(sc.end)}. Choose your actions, then end the turn.",
            )
        )
        return out
    if report is None:
        out.append(Paragraph("heading", f"Turn {state.turn} of {state.last_turn} is behind you"))
        if state.history:
            h = state.history[-1]
            posture = h.get("us_posture", "")
            if posture:
                out.append(Paragraph("posture", posture_words(ruleset, posture)))
            for event_id in h.get("events", []):
                event = ruleset.events.get(event_id)
                if event is not None:
                    out.append(Paragraph("event", "", event.spec.title))
        out.append(Paragraph("text", "The full story of earlier turns is in the history (h)."))
        return out
    last_day = report.end - dt.timedelta(days=1)
    out.append(
        Paragraph(
            "heading",
            f"Turn {report.turn}: {fmt_date(report.start)} to {fmt_date(last_day)}",
        )
    )
    taken = [a for a in report.actions if "action" in a]
    for a in report.actions:
        if "answer" in a:
            event = ruleset.events.get(a["answer"])
            title = event.spec.title if event else a["answer"]
            out.append(Paragraph("you", f"You answered “{title}”: {a['label']}."))
    if taken:
        names = "; ".join(
            a["name"] + (f" ({t})" if (t := params_text(ruleset, a["action"], a["params"])) else "")
            for a in taken
        )
        out.append(Paragraph("you", f"You: {names}."))
    else:
        out.append(Paragraph("you", "You took no action."))
    out.extend(Paragraph("text", line) for line in report.lines if line.strip())
    out.append(Paragraph("posture", posture_words(ruleset, report.posture)))
    for event in report.events:
        kind = "await" if event.get("options") and not state.over else "event"
        out.append(Paragraph(kind, event["text"], event["title"]))
    return out


# --- the turn result -----------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str
    delta: str
    mood: str
    size: float


def biggest_changes(ruleset: Ruleset, before: GameState, after: GameState) -> list[Change]:
    """Public indicators and sector jobs, largest relative movement first."""
    out: list[Change] = []
    for spec in INDICATORS:
        a = float(before.values.get(spec.key, 0.0))
        b = float(after.values.get(spec.key, 0.0))
        d = b - a
        if signed(d, spec.digits) == "±0":
            continue  # no change a player could see at this precision
        unit = "" if spec.key == "fiscal_room" else spec.unit
        scale = {"approval": 2.0, "fiscal_room": 2.0}.get(spec.key, 0.2)
        out.append(
            Change(
                spec.label,
                f"{a:.{spec.digits}f}{unit}",
                f"{b:.{spec.digits}f}{unit}",
                signed(d, spec.digits),
                "good" if d * spec.better > 1e-9 else "bad" if d * spec.better < -1e-9 else "",
                abs(d) / scale,
            )
        )
    for sector in ruleset.sectors:
        key = f"sector.{sector.id}."
        for field, label, unit, better in (
            ("us_tariff", "US tariff", "%", -1),
            ("counter_tariff", "counter-tariff", "%", 0),
        ):
            a = float(before.values.get(key + field, 0.0))
            b = float(after.values.get(key + field, 0.0))
            if abs(b - a) > 1e-9:
                out.append(
                    Change(
                        f"{sector.name}: {label}",
                        f"{a:.0f}{unit}",
                        f"{b:.0f}{unit}",
                        signed(b - a, 0),
                        "good" if (b - a) * better > 0 else "bad" if (b - a) * better < 0 else "",
                        100.0,
                    )
                )
        a = float(before.values.get(key + "jobs", 0.0))
        b = float(after.values.get(key + "jobs", 0.0))
        if abs(b - a) >= 0.1:
            out.append(
                Change(
                    f"{sector.name}: jobs (k)",
                    f"{a:.1f}",
                    f"{b:.1f}",
                    signed(b - a, 1),
                    "good" if b > a else "bad",
                    abs(b - a) / max(1.0, a) * 50,
                )
            )
    out.sort(key=lambda c: -c.size)
    return out


def reading_changes(ruleset: Ruleset, before: GameState, after: GameState) -> list[str]:
    """Sentences for advisors' readings whose words changed."""
    old = {(r["advisor"], r["variable"]): r["band"] for r in before.readings}
    out = []
    for r in after.readings:
        was = old.get((r["advisor"], r["variable"]))
        if was and r["band"] and was != r["band"]:
            name = advisor_name(ruleset, r["advisor"])
            out.append(f"{name}: {r['label'].lower()} now {r['band']} (was {was}).")
    return out


# --- the ending ----------------------------------------------------------------------------


def key_decisions(ruleset: Ruleset, state: GameState, limit: int = 12) -> list[str]:
    """The decisions of the game, one line per turn that did something, most recent last."""
    lines = []
    for d in state.decisions:
        parts = []
        for a in d.get("actions", []):
            action = ruleset.actions.get(a["id"])
            name = action.spec.name if action else a["id"]
            t = params_text(ruleset, a["id"], a.get("params", {}))
            parts.append(name + (f" ({t})" if t else ""))
        for event_id, option_id in d.get("answers", {}).items():
            event = ruleset.events.get(event_id)
            if event is None:
                continue
            label = next((o.label for o in event.options if o.id == option_id), option_id)
            parts.append(f"answered “{event.spec.title}”: {label}")
        if parts:
            lines.append(f"Turn {d.get('turn', '?')}: " + "; ".join(parts))
    if len(lines) > limit:
        lines = lines[: limit // 2] + ["…"] + lines[-(limit // 2) :]
    return lines


def action_cost_text(cost: float) -> str:
    return f"{cost:g}"
