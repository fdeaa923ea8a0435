"""The story of a turn in words: the briefing, what moved and why, and the game's end.

The TUI, plain mode and headless play all tell a turn from here; ``turn_lines`` and
``ending_lines`` are the plain-text telling.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt
from diplomacy_game.text.figures import advisor_name, reading_views, reading_word

if TYPE_CHECKING:
    from collections.abc import Mapping

    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState
    from diplomacy_game.engine.turn import TurnReport


# --- the briefing --------------------------------------------------------------------------


@dataclass
class Paragraph:
    kind: str  # "heading", "text", "event", "posture", "you", "await"
    text: str
    title: str = ""
    options: tuple[str, ...] = ()  # an event awaiting an answer: its options' labels
    event: str = ""  # the event's id, for an event awaiting an answer


def posture_words(ruleset: Ruleset, posture: str, event_ids: Sequence[str] = ()) -> str:
    """The President's posture in general terms (no claim about this turn's tariffs), with
    what it was when none of the turn's events (``event_ids``) was its own: "offers a deal"
    alone reads as an offer made."""
    p = ruleset.postures.get(posture)
    if p is None:
        return "Washington's intentions are unclear."
    own = any(
        (e := ruleset.events.get(i)) is not None and e.spec.posture == posture for i in event_ids
    )
    return " ".join(
        filter(None, (f"The President {p.spec.name}.", "" if own else fmt.posture_claim(p)))
    )


def washington_line(
    ruleset: Ruleset, report: TurnReport, values: Mapping[str, float] | None = None
) -> str:
    """The US line of a turn, from what actually changed (see fmt.posture_line); ``values``:
    the figures at the turn's end, when known."""
    return fmt.posture_line(
        ruleset, report.posture, report.changes, report.events, report.news, values
    )


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
                f"{fmt.date(sc.end)}. Choose your actions, then end the turn.",
            )
        )
        return out
    if report is None:
        out.append(Paragraph("heading", f"Turn {state.turn} of {state.last_turn} is behind you"))
        if state.history:
            h = state.history[-1]
            posture = h.get("us_posture", "")
            if posture:
                said = posture_words(ruleset, posture, h.get("events", []))
                out.append(Paragraph("posture", said))
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
            f"Turn {report.turn}: {fmt.date(report.start)} to {fmt.date(last_day)}",
        )
    )
    taken = [a for a in report.actions if "action" in a]
    for a in report.actions:
        if "answer" in a:
            event = ruleset.events.get(a["answer"])
            title = event.spec.title if event else a["answer"]
            if a.get("default"):  # the player gave no answer: the briefing never says they did
                said = f"You left {fmt.quoted(title)} unanswered, so it went as it does then: "
            else:
                said = f"You answered {fmt.quoted(title)}: "
            out.append(Paragraph("you", f"{said}{a['label']}."))
    if taken:
        names = "; ".join(
            a["name"]
            + (f" ({t})" if (t := fmt.params_text(ruleset, a["action"], a["params"])) else "")
            for a in taken
        )
        out.append(Paragraph("you", f"You: {names}."))
    else:
        out.append(Paragraph("you", "You took no action."))
    out.extend(Paragraph("text", line) for line in report.lines if line.strip())
    out.append(Paragraph("posture", washington_line(ruleset, report, state.values)))
    for event in told_in_order(ruleset, report.events, last_day):
        if event.get("options") and not state.over:
            labels = tuple(o["label"] for o in event["options"])
            out.append(Paragraph("await", event["text"], event["title"], labels, event["id"]))
        elif event.get("options"):  # it asked a question the game ended before hearing
            out.append(Paragraph("event", f"{event['text']} {UNANSWERED}", event["title"]))
        else:
            out.append(Paragraph("event", event["text"], event["title"]))
    return out


# Told after an event that asked for an answer in the turn the game ended (a White House visit
# on the last turn, an ultimatum falling due then, or any event of a turn that ends the game
# early): its question stays open, and its text ends on it.
UNANSWERED = "There was no time left to answer."


def told_in_order(
    ruleset: Ruleset, fired: list[dict[str, Any]], last_day: dt.date
) -> list[dict[str, Any]]:
    """A turn's events in the order a reader takes them: news dated on the turn's last day
    (the CUSMA joint review of 1 July) comes after the fortnight's other news, which happened
    before it, though the rules fire dated news first. The order is otherwise the rules'."""

    def on_last_day(event: dict[str, Any]) -> bool:
        compiled = ruleset.events.get(event["id"])
        return compiled is not None and compiled.spec.date == last_day

    return sorted(fired, key=on_last_day)  # stable: the rest keep their order


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
# Causes named beyond a list's ``top`` while what is left over is larger than the least named.
MORE_CAUSES = 3


def cause_list(
    ruleset: Ruleset,
    figure: str,
    causes: list[tuple[Any, float]],
    top: int = 3,
    finer: int = 1,
    total: float | None = None,
) -> list[tuple[str, str]]:
    """(label, share) for a figure's main causes, largest first, ``finer`` places finer than
    the figure; the rest are summed as "other". Causes too small to show at that precision go
    into "other" too. The shares are apportioned (``fmt.contributions``) so that they add up
    to the change (``total``, else the causes' sum) rounded as they are."""
    ranked = sorted(causes, key=lambda item: -abs(item[1]))
    showable = [
        k
        for k, (_, delta) in enumerate(ranked)
        if fmt.contribution(figure, delta, ruleset, finer) != "±0"
    ]
    named = showable[:top]

    def rest_of(named: list[int]) -> float:
        return sum(delta for k, (_, delta) in enumerate(ranked) if k not in named)

    # "other" larger than a cause named beside it explains nothing: name the next largest
    # too, up to MORE_CAUSES more (many small causes pulling one way may stay larger still)
    while (
        named
        and len(named) < min(len(showable), top + MORE_CAUSES)
        and abs(rest_of(named)) > abs(ranked[named[-1]][1])
    ):
        named.append(showable[len(named)])
    main = [ranked[k] for k in named]
    rest = rest_of(named)
    left = [cause for k, (cause, _) in enumerate(ranked) if k not in named]  # summed in the rest
    labels = [cause.label for cause, _ in main]
    values = [delta for _, delta in main]
    if left:
        # one cause left over is named, not called "other"
        labels.append(
            left[0].label if len(left) == 1 else "other" if main else "small causes together"
        )
        values.append(rest)
    shares = fmt.contributions(figure, values, ruleset, finer, total)
    return [(label, share) for label, share in zip(labels, shares, strict=True) if share != "±0"]


def _shown_change(
    ruleset: Ruleset, name: str, a: float, b: float, causes: bool = False, least: int = 0
) -> tuple[str, str, str, int] | None:
    """A figure's (before, after, change, places finer) as a row shows them: ``least``
    places finer than the figure, or finer when its rounded values' difference would
    disagree with the change, or with the ``causes`` shown beside it
    (``fmt.finer_for_change``), at most ``fmt.FINEST`` places; None when no change a player
    could see shows. A change that moved the figure's rounded value and shows none even
    finer (-1.4% to -1.3% for -1.351 to -1.349) is ``fmt.ABOUT_UNCHANGED``, as the
    dashboard's step says it: "-1.35% to -1.35%, ≈0", never "-1.351% to -1.349%, +0.002"."""
    if not fmt.change(name, a, b, ruleset, least):
        return None  # no change a player could see at the precision shown
    finer = fmt.finer_for_change(name, a, b, ruleset, causes, least)
    delta = fmt.row_change(name, a, b, ruleset, finer)
    return fmt.shown(name, a, ruleset, finer), fmt.shown(name, b, ruleset, finer), delta, finer


def _change_row(
    ruleset: Ruleset,
    name: str,
    a: float,
    b: float,
    causes: str | list[tuple[Any, float]],
    least: int = 0,
) -> Change | None:
    """A result row, with its causes as text or as the ledger books them (cause, amount),
    which ``cause_list`` shows at the row's precision, adding up to the row's change: a
    single cause is the whole change and reads exactly as the row's change does ("-2" of
    approval beside "The economy -2", not "-2.0"). ``least``: places finer than the figure
    the row is shown at, at the least."""
    shown = _shown_change(ruleset, name, a, b, bool(causes), least)
    if shown is None:
        return None
    before, after, delta, finer = shown
    if not isinstance(causes, str):
        total = fmt.shown_change(name, a, b, ruleset, finer)
        listed = cause_list(ruleset, name, causes, finer=fmt.cause_places(finer), total=total)
        if len(listed) == 1:
            listed = [(listed[0][0], delta)]
        causes = ", ".join(f"{label} {share}" for label, share in listed)
    return Change(
        fmt.figure(name, ruleset).label,
        before,
        after,
        delta,
        "" if delta == fmt.ABOUT_UNCHANGED else fmt.mood(name, a, b, ruleset),
        abs(b - a) / SCALES.get(name, 0.2),
        causes,
    )


def in_force_causes(ledger: dict[str, Any], rate_name: str) -> list[tuple[Any, float]]:
    """Each cause's part of a turn's change of the tariff in force (rate x share in force):
    a move of the share counted at the rate the turn began with, a move of the rate at the
    share it ended with, which add up to the whole change. A ruling that ends the layer
    (share 1 to 0) and a surcharge that puts a lower one in its place in the same turn (share
    0 to 1, rate 35 to 10) are -35 and +10, not one cause of -25."""
    rate, scale = ledger.get(rate_name), ledger.get(fmt.IEEPA_SCALE)
    parts: dict[Any, float] = {}
    if scale is not None and rate is not None:
        for cause, d in scale.causes:
            parts[cause] = parts.get(cause, 0.0) + d * rate.start
    if rate is not None:
        share = scale.end if scale is not None else 1.0
        for cause, d in rate.causes:
            parts[cause] = parts.get(cause, 0.0) + d * share
    return [(c, d) for c, d in parts.items() if d]  # (``cause_list`` orders them)


def _least_places(ruleset: Ruleset, name: str, a: float, b: float) -> int:
    """One place finer for a public indicator whose two values round alike while the change
    beside it on the dashboard does not ("Approval 49%, -1 since last turn" for 49.4 to
    48.5, ``fmt.step``): the turn result then shows it ("49.4% to 48.5%, -0.9") instead of
    leaving it out as a change nobody could see; else the figure's own places."""
    if name not in SHOWN_FIGURES or fmt.change(name, a, b, ruleset):
        return 0
    return 1 if fmt.step(name, a, b, ruleset) != "±0" else 0


def biggest_changes(
    ruleset: Ruleset, before: GameState, after: GameState, report: TurnReport | None = None
) -> list[Change]:
    """Tariffs, then public indicators, then sector jobs that visibly moved, largest first
    within each; with the turn's report, each with its main causes from the ledger."""
    ledger = report.changes if report is not None else {}
    out: list[Change] = []
    names = list(SHOWN_FIGURES)
    for sector in ruleset.sectors:
        names += [
            f"sector.{sector.id}.us_tariff",
            f"sector.{sector.id}.cusma_share",
            f"sector.{sector.id}.counter_tariff",
        ]
    for name in names:
        a = float(before.values.get(name, 0.0))
        b = float(after.values.get(name, 0.0))
        entry = ledger.get(name)
        causes = entry.causes if entry is not None else []
        row = _change_row(ruleset, name, a, b, causes, _least_places(ruleset, name, a, b))
        if row is not None:
            if name.startswith("sector."):
                row.rank = 0
            if name.endswith(".us_tariff"):  # claiming CUSMA or not: say what the others pay on top
                row.label += fmt.on_top(after.values, name.split(".")[1], ruleset)
            out.append(row)
    # The tariff on goods not claiming CUSMA as it is in force (fmt.in_force): moved by its
    # rate or by the share of it in force, or both.
    for sector in ruleset.sectors:
        name = f"sector.{sector.id}.ieepa_rate"
        a, b = (fmt.in_force(state.values, sector.id) for state in (before, after))
        row = _change_row(ruleset, name, a, b, in_force_causes(ledger, name))
        if row is not None:
            row.rank = 0
            out.append(row)
    for sector in ruleset.sectors:
        key = f"sector.{sector.id}.jobs"
        a = float(before.values.get(key, 0.0))
        b = float(after.values.get(key, 0.0))
        entry = ledger.get(key)
        row = _change_row(ruleset, key, a, b, entry.causes if entry else [])
        if row is not None:
            row.mood = "good" if b > a else "bad"
            row.size = abs(b - a) / max(1.0, a) * 50
            row.rank = 2  # the sectors' jobs follow the headline figures they feed
            out.append(row)
    out.sort(key=lambda c: (c.rank, -c.size))
    return out


def headline_changes(changes: list[Change], most: int) -> list[Change]:
    """The first ``most`` of ``biggest_changes``, and every public indicator after them: a
    turn that moved many tariffs (the IEEPA ruling moves eight) cut approval from a result of
    five rows, while the dashboard said it moved."""
    return changes[:most] + [c for c in changes[most:] if c.rank == 1]


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
    the shares add up to the change. That is as fine as any change is shown (``fmt.FINEST``,
    by the turn result's rule, ``fmt.finer_for_change``): a change that shows none there
    while the figure's value moved is ``fmt.ABOUT_UNCHANGED``, as in the result. A row is
    left out when nothing moved and no cause shows: a change never shows without a cause."""
    out = []
    hidden = {r.variable for r in ruleset.readings}  # known only through the advisors
    for name, change in report.changes.items():
        if name in hidden:
            continue
        a, b = change.start, change.end
        finer = fmt.finer_for_change(name, a, b, ruleset, True, least=1)
        total = fmt.shown_change(name, a, b, ruleset, finer)
        causes = cause_list(ruleset, name, change.causes, len(change.causes), finer, total)
        delta = fmt.row_change(name, a, b, ruleset, finer)
        if not delta and not causes:
            continue
        shows = delta not in ("", fmt.ABOUT_UNCHANGED)
        if len(causes) == 1 and shows:  # the whole change, read as the row reads it
            causes = [(causes[0][0], delta)]
        out.append(
            LedgerEntry(
                fmt.figure(name, ruleset).label,
                fmt.shown(name, change.start, ruleset, finer),
                fmt.shown(name, change.end, ruleset, finer),
                delta or "±0",
                fmt.mood(name, change.start, change.end, ruleset) if shows else "",
                causes,
            )
        )
    return out


def reading_changes(ruleset: Ruleset, before: GameState, after: GameState) -> list[str]:
    """Sentences for advisors' readings whose words changed."""
    old = {(r["advisor"], r["variable"]): reading_word(before, r) for r in before.readings}
    out = []
    for r in after.readings:
        was, now = old.get((r["advisor"], r["variable"])), reading_word(after, r)
        if was and now and was != now:
            name = advisor_name(ruleset, r["advisor"])
            out.append(f"{name}: {fmt.in_sentence(r['label'])} now {now} (was {was}).")
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
            t = fmt.params_text(ruleset, a["id"], a.get("params", {}))
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


# --- as plain text ---------------------------------------------------------------------------

HEADLINE_FIGURES = ("approval", "gdp_gap", "unemployment", "inflation", "capital", "fiscal_room")


@dataclass
class PastTurn:
    """A turn played, as the history's log tells it: its heading, its figures, then what the
    player did and what happened, each line with its kind ("you", "answer", "memo",
    "posture", "event") for the screen's colours."""

    heading: str  # "Turn 3 · 4 Nov 2025"
    figures: str  # "approval 47% · GDP gap -0.8%"
    lines: list[tuple[str, str]]


def past_turns(ruleset: Ruleset, state: GameState) -> list[PastTurn]:
    """The game so far, turn by turn: the history screen's log, and plain mode's."""
    decisions = {d.get("turn"): d for d in state.decisions}
    out = []
    for h in state.history:
        turn = h["turn"]
        lines: list[tuple[str, str]] = []
        d = decisions.get(turn, {})
        names = []
        for a in d.get("actions", []):
            action = ruleset.actions.get(a["id"])
            detail = fmt.params_text(ruleset, a["id"], a.get("params", {}))
            names.append(
                (action.spec.name if action else a["id"]) + (f" ({detail})" if detail else "")
            )
        lines.append(("You: " + ("; ".join(names) or "no action"), "you"))
        for event_id, option_id in d.get("answers", {}).items():
            event = ruleset.events.get(event_id)
            if event is not None:
                label = next((o.label for o in event.options if o.id == option_id), option_id)
                lines.append((f"Answered {fmt.quoted(event.spec.title)}: {label}", "answer"))
        if d.get("memo"):
            lines.append((f"Memo: {d['memo']}", "memo"))
        posture = ruleset.postures.get(h.get("us_posture", ""))
        if posture is not None:
            lines.append((f"Washington {posture.spec.name}.", "posture"))
        for event_id in h.get("events", []):
            event = ruleset.events.get(event_id)
            lines.append((event.spec.title if event else event_id, "event"))
        out.append(
            PastTurn(
                f"Turn {turn} · {fmt.date(dt.date.fromisoformat(h['date']))}",
                f"approval {fmt.shown('approval', h['approval'])} · "
                f"GDP gap {fmt.shown('gdp_gap', h['gdp_gap_pct'])}",
                lines,
            )
        )
    return out


def wrap(text: str, width: int) -> list[str]:
    """The text's paragraphs wrapped to ``width``, an empty line where a paragraph was empty."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    return lines


def opening_lines(ruleset: Ruleset, state: GameState) -> list[str]:
    """The first lines of a game played at the command line: the scenario, or where a
    continued game stands."""
    sc = ruleset.scenario
    if state.turn > 0:
        return [f"{sc.title} — seed {state.seed}, continuing after turn {state.turn}"]
    return [f"{sc.title} — seed {state.seed}", *(f"  {p}" for p in wrap(sc.description, 92))]


def figures_line(report: TurnReport, state: GameState) -> str:
    """The headline figures after a turn, approval with its change."""
    v = state.values
    parts = []
    for name in HEADLINE_FIGURES:
        label = fmt.figure(name).label
        text = f"{label if not parts else fmt.in_sentence(label)} {fmt.shown(name, v[name])}"
        if name == "approval":
            text += f" ({fmt.change(name, report.before[name], v[name]) or '±0'})"
        parts.append(text)
    return " · ".join(parts)


def advisors_line(ruleset: Ruleset, state: GameState, most: int = 3) -> str:
    """The advisors' first readings in one sentence ("" when they have none)."""
    notes = []
    for view in reading_views(ruleset, state):
        name, band = next(((n, b) for n, b, _ in view.views if b != "?"), ("", ""))
        if band:
            # "grievances the White House is nursing: none to speak of", not run together
            notes.append(f"{fmt.in_sentence(view.label)}: {band} ({name})")
    return "Advisors read " + "; ".join(notes[:most]) + "." if notes else ""


def turn_lines(ruleset: Ruleset, state: GameState, report: TurnReport) -> list[str]:
    """A played turn as the command line prints it: the briefing, the headline figures and
    the advisors' readings."""
    last_day = report.end - dt.timedelta(days=1)
    out = [
        "",
        f"== Turn {report.turn} of {state.last_turn} · "
        f"{fmt.date(report.start)} to {fmt.date(last_day)} ==",
    ]
    for par in briefing(ruleset, state, report)[1:]:  # the heading is the line above
        if par.kind == "posture":
            out.append(f"  Washington: {par.text}")
        elif par.kind in ("event", "await"):
            out.append(f"  * {par.title}")
            out.extend(f"      {line}" for line in wrap(par.text, 88))
            if par.options:
                out.append(f"      Awaiting your answer: {' / '.join(par.options)}")
        else:
            out.append(f"  {par.text}")
    out.append("  " + figures_line(report, state))
    advisors = advisors_line(ruleset, state)
    if advisors:
        out.append("  " + advisors)
    return out


def ending_lines(state: GameState, width: int | None = 92) -> list[str]:
    """How the game ended, with its grade and what it means for CUSMA ([] while it goes on);
    the explanation wrapped at ``width``, or one line (plain mode: the reader wraps)."""
    ending = state.ending
    if ending is None:
        return []
    score = ending.get("score")
    scored = f", outcome score {fmt.shown('score', score)}" if score is not None else ""
    out = ["", f"== The end: {ending['title']} — grade {ending['grade']}{scored} =="]
    if width is None:
        out.append(" ".join(ending["explanation"].split()))
    else:
        out.extend(f"  {paragraph}" for paragraph in wrap(ending["explanation"], width))
    lead = "  " if width is not None else ""
    if ending["grade_text"]:
        out.append(f"{lead}{ending['grade_text']}")
    out.append(f"{lead}CUSMA: {ending['cusma_status']}.")
    return out
