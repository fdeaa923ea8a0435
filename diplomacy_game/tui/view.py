"""What the player sees, as plain data and words: shared by the Textual UI and plain mode.

Nothing here imports Textual or numpy. Hidden US values and the true talks progress are never
read from ``state.values``: only the advisors' readings (``state.readings``) reach the player.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt

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
    return fmt.date(date)


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
    return fmt.signed(value, digits)


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
            change_text = fmt.change(spec.key, series[-2], value) or "±0"
            mood = fmt.mood(spec.key, series[-2], value)
        rows.append(
            IndicatorRow(
                spec.label,
                fmt.shown(spec.key, value),
                change_text,
                sparkline(series, width),
                mood,
                spec.help,
            )
        )
    return rows


# The least range each chart shows, so that a move of a point or two does not fill its height.
PLOT_SPANS = {
    "approval": 10.0,
    "gdp_gap": 2.0,
    "unemployment": 2.0,
    "inflation": 2.0,
    "fiscal_room": 10.0,
    "capital": 6.0,
    "exports_us": 50.0,
    "jobs_lost": 50.0,
}


@dataclass
class Series:
    title: str
    values: list[float]
    min_span: float
    now: str = ""  # the latest value as the rest of the game shows it


def indicator_series(state: GameState) -> list[Series]:
    """Every plotted indicator over the turns played (public values only), titled with its
    unit."""
    out: list[Series] = []
    for spec in INDICATORS:
        unit = "C$B" if spec.key == "fiscal_room" else "%"
        values = [float(h.get(spec.history, 0.0)) for h in state.history]
        now = fmt.shown(spec.key, values[-1]) if values else ""
        out.append(Series(f"{spec.label} ({unit})", values, PLOT_SPANS[spec.key], now))
    for key, title in (
        ("capital", "Political capital"),
        ("exports_us", "US exports (C$B/yr)"),
        ("jobs_lost", "Jobs lost (thousands)"),
    ):
        values = [float(h.get(key, 0.0)) for h in state.history]
        now = fmt.shown(key, values[-1]) if values else ""
        out.append(Series(title, values, PLOT_SPANS[key], now))
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
                fmt.number(float(v.get(p + "exports", 0.0)), 1),
                fmt.shown(p + "us_tariff", float(v.get(p + "us_tariff", 0.0)), ruleset),
                fmt.shown(p + "counter_tariff", float(v.get(p + "counter_tariff", 0.0)), ruleset),
                fmt.number(float(v.get(p + "jobs", 0.0)), 1),
                fmt.signed(change, 1) if state.history else "",
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
    """The President's posture in general terms (no claim about this turn's tariffs)."""
    p = ruleset.postures.get(posture)
    if p is None:
        return "Washington's intentions are unclear."
    return f"The President {p.spec.name}."


def washington_line(ruleset: Ruleset, report: TurnReport) -> str:
    """The US line of a turn, from what actually changed (see fmt.posture_line)."""
    return fmt.posture_line(ruleset, report.posture, report.changes, report.events)


def params_text(ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> str:
    """'Steel, 50%' — the parameters of an action in words (see fmt.params_text)."""
    return fmt.params_text(ruleset, action_id, params)


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
                f"You have {fmt.number(state.values.get('capital', 0), 0)} political capital to "
                f"spend this turn. Each turn is {fmt.days(state.turn_days)}; the CUSMA joint review is on "
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
            out.append(Paragraph("you", f"You answered {fmt.quoted(title)}: {a['label']}."))
    if taken:
        names = "; ".join(
            a["name"] + (f" ({t})" if (t := params_text(ruleset, a["action"], a["params"])) else "")
            for a in taken
        )
        out.append(Paragraph("you", f"You: {names}."))
    else:
        out.append(Paragraph("you", "You took no action."))
    out.extend(Paragraph("text", line) for line in report.lines if line.strip())
    out.append(Paragraph("posture", washington_line(ruleset, report)))
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
    causes: str = ""  # the main causes from the turn's ledger, "" when not known
    rank: int = 1  # 0 tariffs, 1 the public indicators, 2 a sector's jobs: the order shown


# How much of each figure counts as a big move, to order the turn result.
SCALES = {"approval": 2.0, "fiscal_room": 2.0, "capital": 2.0, "talks.progress": 10.0}
SHOWN_FIGURES = ("approval", "gdp_gap", "unemployment", "inflation", "fiscal_room")


def cause_list(
    ruleset: Ruleset, figure: str, causes: list[tuple[Any, float]], top: int = 3
) -> list[tuple[str, str]]:
    """(label, share) for a figure's main causes, largest first; the rest are summed as
    "other". Causes too small to show at the figure's precision go into "other" too."""
    ranked = sorted(causes, key=lambda item: -abs(item[1]))
    out: list[tuple[str, str]] = []
    rest = 0.0
    for cause, delta in ranked:
        text = fmt.contribution(figure, delta, ruleset)
        if len(out) < top and text != "±0":
            out.append((cause.label, text))
        else:
            rest += delta
    if fmt.contribution(figure, rest, ruleset) != "±0":
        out.append(
            ("other" if out else "small causes together", fmt.contribution(figure, rest, ruleset))
        )
    return out


def causes_text(ruleset: Ruleset, figure: str, causes: list[tuple[Any, float]]) -> str:
    """ "Counter-tariffs on steel -1.5, Domestic politics -0.8, other -0.2"."""
    return ", ".join(f"{label} {share}" for label, share in cause_list(ruleset, figure, causes))


def _change_row(ruleset: Ruleset, name: str, a: float, b: float, causes: str) -> Change | None:
    delta = fmt.change(name, a, b, ruleset)
    if not delta:
        return None  # no change a player could see at the precision shown
    return Change(
        fmt.figure(name, ruleset).label,
        fmt.shown(name, a, ruleset),
        fmt.shown(name, b, ruleset),
        delta,
        fmt.mood(name, a, b, ruleset),
        abs(b - a) / SCALES.get(name, 0.2),
        causes,
    )


def biggest_changes(
    ruleset: Ruleset, before: GameState, after: GameState, report: TurnReport | None = None
) -> list[Change]:
    """Tariffs, then public indicators, then sector jobs that visibly moved, largest first
    within each; with the turn's report, each with its main causes from the ledger."""
    ledger = report.changes if report is not None else {}
    out: list[Change] = []
    names = list(SHOWN_FIGURES)
    for sector in ruleset.sectors:
        names += [f"sector.{sector.id}.us_tariff", f"sector.{sector.id}.counter_tariff"]
    for name in names:
        a = float(before.values.get(name, 0.0))
        b = float(after.values.get(name, 0.0))
        entry = ledger.get(name)
        causes = causes_text(ruleset, name, entry.causes) if entry is not None else ""
        row = _change_row(ruleset, name, a, b, causes)
        if row is not None:
            if name.startswith("sector."):
                row.rank = 0
            out.append(row)
    for sector in ruleset.sectors:
        key = f"sector.{sector.id}.jobs"
        a = float(before.values.get(key, 0.0))
        b = float(after.values.get(key, 0.0))
        delta = fmt.change(key, a, b, ruleset)
        if delta:
            out.append(
                Change(
                    f"{sector.name}: jobs",
                    fmt.shown(key, a, ruleset),
                    fmt.shown(key, b, ruleset),
                    delta,
                    "good" if b > a else "bad",
                    abs(b - a) / max(1.0, a) * 50,
                    rank=2,  # the sectors' jobs follow the headline figures they feed
                )
            )
    out.sort(key=lambda c: (c.rank, -c.size))
    return out


@dataclass
class LedgerEntry:
    """One figure of the full ledger of a turn: where it went and every cause."""

    label: str
    before: str
    after: str
    delta: str
    mood: str
    causes: list[tuple[str, str]]


def ledger_entries(ruleset: Ruleset, report: TurnReport) -> list[LedgerEntry]:
    """Every figure that moved in a turn with every cause, in the ledger's order, one place
    finer than the figure is shown elsewhere (as its causes are), so the arithmetic shows:
    the shares add up to the change, give or take the last digit."""
    out = []
    hidden = {r.variable for r in ruleset.readings}  # known only through the advisors
    for name, change in report.changes.items():
        if name in hidden:
            continue
        causes = cause_list(ruleset, name, change.causes, top=len(change.causes))
        delta = fmt.change(name, change.start, change.end, ruleset, finer=1)
        if not delta and not causes:
            continue
        out.append(
            LedgerEntry(
                fmt.figure(name, ruleset).label,
                fmt.shown(name, change.start, ruleset, finer=1),
                fmt.shown(name, change.end, ruleset, finer=1),
                delta or "±0",
                fmt.mood(name, change.start, change.end, ruleset),
                causes,
            )
        )
    return out


def reading_changes(ruleset: Ruleset, before: GameState, after: GameState) -> list[str]:
    """Sentences for advisors' readings whose words changed."""
    old = {(r["advisor"], r["variable"]): r["band"] for r in before.readings}
    out = []
    for r in after.readings:
        was = old.get((r["advisor"], r["variable"]))
        if was and r["band"] and was != r["band"]:
            name = advisor_name(ruleset, r["advisor"])
            out.append(f"{name}: {fmt.in_sentence(r['label'])} now {r['band']} (was {was}).")
    return out


# --- the ending ----------------------------------------------------------------------------


def key_decisions(ruleset: Ruleset, state: GameState, limit: int = 0) -> list[str]:
    """The decisions of the game, one line per turn that did something, most recent last
    (all of them unless ``limit`` is given)."""
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
            parts.append(f"answered {fmt.quoted(event.spec.title)}: {label}")
        if parts:
            lines.append(f"Turn {d.get('turn', '?')}: " + "; ".join(parts))
    if limit and len(lines) > limit:
        lines = lines[: limit // 2] + ["…"] + lines[-(limit // 2) :]
    return lines


def action_cost_text(cost: float) -> str:
    return fmt.number(cost, 1, trim=True)


# --- an action before it is chosen -----------------------------------------------------------

_EFFECT = re.compile(r"^\s*([\w.$]+)\s*(\+=|-=|\*=|=)\s*(.+?)\s*$")
_WAIT = re.compile(r"can be taken again in (\d+) turn")


def _literal(text: str, params: dict[str, Any]) -> float | None:
    """A number written in an effect, or the chosen value of a ``param.X``; else None."""
    text = text.strip()
    if text.startswith("param.") and isinstance(params.get(text[6:]), int | float):
        return float(params[text[6:]])
    try:
        return float(text)
    except ValueError:
        return None


def _fill(effect: str, ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> str:
    action = ruleset.actions[action_id]
    for p in action.spec.params:
        if p.kind != "number" and p.name in params:
            effect = effect.replace(f"${p.name}", str(params[p.name]))
    return effect


def cooling_text(state: GameState, reason: str) -> str:
    """ "Back in 2 turns (turn 7)" for an action resting after use; "" for any other reason."""
    match = _WAIT.search(reason)
    if match is None:
        return ""
    wait = int(match.group(1))
    return f"back in {fmt.turns(wait)} (turn {state.turn + 1 + wait})"


def action_facts(
    ruleset: Ruleset, state: GameState, action_id: str, params: dict[str, Any]
) -> list[str]:
    """What the content says an action does to the figures a player sees, in words: money
    out of fiscal room, support paid to sectors and for how long, the visible figures it
    sets or moves, and how often it can be taken. Its effects on Washington and on groups
    at home are left to the advisors' words (the hint)."""
    action = ruleset.actions.get(action_id)
    if action is None:
        return []
    spec = action.spec
    out: list[str] = []
    ends = {}
    for delayed in spec.delayed:
        for effect in delayed.effects:
            m = _EFFECT.match(_fill(effect, ruleset, action_id, params))
            if m and m.group(1).endswith(".support") and m.group(2) == "-=":
                ends[m.group(1)] = delayed.after
    support: dict[str, list[str]] = {}  # how long -> "Steel C$2.0B"
    for effect in spec.effects:
        m = _EFFECT.match(_fill(effect, ruleset, action_id, params))
        if m is None:
            continue
        target, op, rhs = m.groups()
        value = _literal(rhs, params)
        parts = target.split(".")
        if target == "fiscal_room" and op in ("+=", "-=") and value is not None:
            way = "Costs" if op == "-=" else "Adds"
            out.append(f"{way} {fmt.money(value)} {'of' if op == '-=' else 'to'} fiscal room.")
        elif len(parts) == 3 and parts[0] == "sector" and parts[2] == "support" and value:
            if op != "+=":
                continue
            lasting = (
                f" for {fmt.turns(ends[target])} ({fmt.days(ends[target] * state.turn_days)})"
                if target in ends
                else ""
            )
            sector = fmt.sector_name(ruleset, parts[1])
            support.setdefault(lasting, []).append(f"{sector} {fmt.money(value)}")
        elif len(parts) == 3 and parts[0] == "sector" and parts[2] in fmt.SECTOR_FIGURES:
            what = f"{fmt.SECTOR_FIGURES[parts[2]].label} on {fmt.sector_name(ruleset, parts[1])}"
            if op == "=" and value is not None:
                out.append(f"Sets the {what} to {fmt.shown(target, value, ruleset)}.")
            elif floor := re.match(r"max\(.*,\s*([\d.]+)\s*\)$", rhs):
                level = fmt.shown(target, float(floor.group(1)), ruleset)
                out.append(f"Raises the {what} to at least {level}.")
            else:
                out.append(f"Changes the {what}.")
        elif target in fmt.FIGURES and target not in {r.variable for r in ruleset.readings}:
            label = fmt.figure(target, ruleset).label
            if op in ("+=", "-=") and value is not None:
                shift = value if op == "+=" else -value
                out.append(f"{label} {fmt.signed(shift, fmt.figure(target, ruleset).digits)}.")
            else:
                out.append(f"Moves {fmt.in_sentence(label)}.")
    for lasting, items in support.items():
        out.append(f"Support a year, paid from fiscal room: {', '.join(items)}{lasting}.")
    if spec.max_uses == 1:
        out.append("Can be taken once in a game.")
    elif spec.max_uses:
        out.append(f"Can be taken {spec.max_uses} times in a game.")
    if spec.cooldown:
        out.append(f"After it is taken, it rests {fmt.turns(spec.cooldown)}.")
    return out


# --- political capital ---------------------------------------------------------------------


def capital_refill(ruleset: Ruleset, state: GameState, approval: float | None = None) -> float:
    """The capital the scenario adds at the end of a turn, at today's approval (or at the
    approval given), before the cap."""
    from diplomacy_game.engine.game import preview_context

    ctx = preview_context(ruleset, state)
    if approval is not None:
        ctx.values["approval"] = float(approval)
    return max(0.0, float(ruleset.capital_per_turn(ctx)))


def capital_rule(ruleset: Ruleset, state: GameState) -> str:
    """How political capital refills, read from the scenario's own rule: the refill at each
    level of approval where it changes, and the cap."""
    steps: list[tuple[int, float]] = []
    for approval in range(0, 101):
        refill = capital_refill(ruleset, state, approval)
        if not steps or refill != steps[-1][1]:
            steps.append((approval, refill))
    parts = []
    for i, (start, refill) in enumerate(steps):
        amount = action_cost_text(refill)
        if len(steps) == 1:
            parts.append(amount)
        elif i == 0:
            parts.append(f"{amount} below {steps[1][0]}% approval")
        else:
            parts.append(f"{amount} from {start}%")
    cap = action_cost_text(ruleset.scenario.capital.max)
    now = action_cost_text(capital_refill(ruleset, state))
    approval = fmt.shown("approval", float(state.values.get("approval", 0.0)))
    return (
        f"Political capital (◆) pays for actions. At the end of every turn it refills by "
        f"{', '.join(parts)}; what you do not spend is kept, but you can never hold more than "
        f"{cap}. The header shows what is left of this turn's capital: when approval falls, "
        f"the refill falls with it, so the next turn starts with less. At {approval} approval "
        f"the refill is {now}."
    )


# --- the saves folder ----------------------------------------------------------------------

_GENERATION = re.compile(r"^(.*)\.(\d+)$")


def one_per_game(saves: list[Any]) -> list[Any]:
    """The saves to list: one row per game. ``NAME.1`` and ``NAME.2`` are the previous
    versions that loading falls back to, so they are shown only when ``NAME`` is gone."""
    names = {info.name for info in saves}
    out = []
    for info in saves:
        match = _GENERATION.match(info.name)
        if match and match.group(1) in names:
            continue
        out.append(info)
    return out


def latest_unfinished(saves: list[Any]) -> Any | None:
    """The newest autosave of a game that is not over: never an older version of a game
    whose newest save is its ending."""
    for info in one_per_game(saves):
        if info.autosave and info.ok and not info.finished and not _GENERATION.match(info.name):
            return info
    return None


def save_label(info: Any) -> str:
    """A save's name as the list shows it: an autosave without the scenario it repeats."""
    prefix = f"autosave-{info.scenario}-" if info.scenario else "autosave-"
    if info.autosave and info.name.startswith(prefix):
        return "autosave " + info.name[len(prefix) :]
    return info.name


def autosave_words(turns_played: int) -> str:
    """What the autosave holds, in the header's turn numbers (the autosave is written when a
    turn ends, so it holds the start of the next one)."""
    if turns_played <= 0:
        return "No turn has been played yet, so there is no autosave of this game."
    return f"The autosave holds the start of turn {turns_played + 1}."


def unsaved_words(saved_turn: int | None, turns_played: int) -> str:
    """Why quitting would lose something, in the header's turn numbers."""
    if saved_turn is None:
        since = "This game has not been saved under a name."
    else:
        since = f"This game was last saved by name at the start of turn {saved_turn + 1}."
    return f"{since} {autosave_words(turns_played)} This turn's choices would be lost."
