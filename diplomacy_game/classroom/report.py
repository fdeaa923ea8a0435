"""After-action reports: what happened, why, how it compares, and what one change would have done.

``build_report`` gathers the data from a finished (or unfinished) game; ``render_markdown`` and
``render_html`` lay it out. The HTML is one self-contained file: plots are inline SVG.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.classroom.compare import GAMES_PER_POLICY, comparison, score_of
from diplomacy_game.classroom.discussion import choice_words, questions
from diplomacy_game.classroom.handin import ask_for_the_save as _ask
from diplomacy_game.classroom.scoring import (
    counts_as_given,
    record_parts,
    score_bands,
    shown_scores,
)
from diplomacy_game.classroom.summary import memo_by
from diplomacy_game.engine.game import new_game, replay_what_holds, turn_reports
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.engine.turn import TurnReport
from diplomacy_game.model.decisions import DecisionError
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.text.turns import cause_list

# Each plotted series: its key in the history, its title, and its figure (whose least plotted
# range, fmt.PLOT_SPANS, the history screen uses too).
SERIES = (
    ("approval", "Approval, %", "approval"),
    ("gdp_gap_pct", "Real GDP vs no-tariff path, %", "gdp_gap"),
    ("unemployment_pct", "Unemployment, %", "unemployment"),
    ("inflation_pct", "Inflation, %", "inflation"),
    ("us_rapport", "The President's rapport (hidden during play)", "us.rapport"),
    ("talks_progress", "CUSMA technical talks (hidden during play)", "talks.progress"),
)
# The series of the US side's true values: a game that can still be continued keeps them.
HIDDEN_SERIES = frozenset({"us_rapport", "talks_progress"})
# Above this many single decisions, whole turns are tried first and the decisions of the three
# turns that mattered most are then tried one by one.
MAX_SINGLE_REPLAYS = 24


def outcome_score(state: GameState) -> float | None:
    """The finished game's outcome score (``docs/classroom.md``); None while unfinished."""
    if state.ending is None:
        return None
    return score_of(state.values, state.ending.get("grade", ""))


def replay_lenient(
    ruleset: Ruleset, state0: GameState, decisions: Sequence[dict[str, Any]]
) -> GameState:
    """Replay decisions, dropping any action or answer that is no longer legal."""
    return replay_what_holds(ruleset, state0, decisions).state


def _start(ruleset: Ruleset, state: GameState) -> GameState:
    start = new_game(ruleset, state.seed)
    start.assignment = state.assignment
    return start


def _without(
    decisions: Sequence[dict[str, Any]], index: int, kind: str, key: Any
) -> list[dict[str, Any]]:
    """The decision log with one choice left out: an action (by position), an answer (the
    event then takes its default option), or a whole turn (``kind == "turn"``)."""
    changed = [dict(d) for d in decisions]
    entry = dict(changed[index])
    if kind in ("action", "turn"):
        entry["actions"] = [
            a for j, a in enumerate(entry.get("actions", [])) if kind == "action" and j != key
        ]
    if kind in ("answer", "turn"):
        entry["answers"] = {
            e: o for e, o in entry.get("answers", {}).items() if kind == "answer" and e != key
        }
    changed[index] = entry
    return changed


def _candidates(ruleset: Ruleset, state: GameState) -> list[tuple[int, str, Any]]:
    """Every choice the student made: each action, and each answer that was not the
    event's default option."""
    out: list[tuple[int, str, Any]] = []
    for index, logged in enumerate(state.decisions):
        out.extend((index, "action", j) for j in range(len(logged.get("actions", []))))
        for event_id, option_id in logged.get("answers", {}).items():
            event = ruleset.events.get(event_id)
            default = next((o.id for o in event.options if o.default), None) if event else None
            if option_id != default:
                out.append((index, "answer", event_id))
    return out


def _describe(ruleset: Ruleset, logged: dict[str, Any], kind: str, key: Any) -> str:
    """The choice in words that read the same in a student's report and on the class page:
    an action's name, or "the answer to “Event”: Option" (``choice_words`` makes it the
    student's own)."""
    if kind == "action":
        return _action_name(ruleset, logged["actions"][key])
    if kind == "answer":
        return "the answer to " + _quoted_answer(ruleset, key, logged["answers"][key])
    return "everything done that turn"


def _quoted_answer(ruleset: Ruleset, event_id: str, option_id: str) -> str:
    """“Event title”: the option's label, as the turn results write an answer."""
    event = ruleset.events.get(event_id)
    if event is None:
        return f"{event_id}: {option_id}"
    label = next((o.label for o in event.options if o.id == option_id), option_id)
    return f"{fmt.quoted(event.spec.title)}: {label}"


@functools.lru_cache(maxsize=8)
def follows_from_play(ruleset: Ruleset) -> frozenset[str]:
    """The events whose firing follows from the game's course, not from a draw of the game's
    generator alone:

    - not the world's news (courts, markets, other countries);
    - not decided by a coin toss that reads nothing of the game (``chance(0.4)``), nor by the
      record of news that does not itself follow from play (``fired``, ``turns_since``, a
      flag set by such news or by a draw);
    - dated, or a follow-up that only play can schedule: the player's actions (their effects,
      delayed effects, the reactions to their tags), the scenario's every-turn effects and
      news that itself follows from play, by effects that draw nothing.

    So the follow-up of a random day's news, of the President's posture (a draw) or of a
    coin toss is not one; the answer to a dated event is. A chance weighed by the game's
    figures (``chance(us.affront / 100)``), and a condition reading figures that the day's
    news has moved too, are counted as following from play: the decision moved them."""
    events = ruleset.events
    play: list[tuple[Any, str | None]] = [(ruleset.every_turn, None)]
    for action in ruleset.actions.values():
        for variant in action.variants.values():
            play.append((variant.effects, None))
            play.extend((effects, None) for _, effects, _ in variant.delayed)
    play.extend((r, None) for reactions in ruleset.reactions.values() for r in reactions)
    for event in events.values():
        play.append((event.effects, event.spec.id))
        play.extend((option.effects, event.spec.id) for option in event.options)
    # what can schedule each event, and set each flag: (the event that does, or None for
    # play itself; whether a draw decides it: the effects hold one)
    schedulers: dict[str, list[tuple[str | None, bool]]] = {}
    setters: dict[str, list[tuple[str | None, bool]]] = {}
    for effects, source in play:
        if effects is not None:
            for target, _ in effects.schedules:
                schedulers.setdefault(target, []).append((source, effects.random))
            for flag in effects.flags_set:
                setters.setdefault(flag, []).append((source, effects.random))
    reads: dict[str, tuple[set[str], set[str], bool]] = {}
    for event_id, event in events.items():
        condition = event.condition
        records = {i for name, i in condition.records_read if name in ("fired", "turns_since")}
        reads_game = condition.reads or condition.flags_read or condition.records_read
        reads[event_id] = (records, condition.flags_read, condition.random and not reads_game)
    found: set[str] = set()

    def from_play(by: list[tuple[str | None, bool]]) -> bool:
        return not any(
            drawn or (source is not None and source not in found) for source, drawn in by
        )

    grew = True
    while grew:  # until no more join: a chain of follow-ups is as long as the content's
        grew = False
        for event_id, event in events.items():
            spec = event.spec
            records, flags, coin_toss = reads[event_id]
            if event_id in found or spec.category == "world" or coin_toss:
                continue
            if any(e != event_id and e not in found for e in records):
                continue
            if not all(from_play(setters.get(flag, [])) for flag in flags):
                continue
            if spec.date is None:
                by = schedulers.get(event_id, [])
                if not spec.triggered_only or not by or not from_play(by):
                    continue
            found.add(event_id)
            grew = True
    return frozenset(found)


def causal_chain(
    ruleset: Ruleset, actual: GameState, other: GameState, from_turn: int
) -> dict[str, Any]:
    """What differed from ``from_turn`` on between the game as played and the replay: events
    only the game as played saw (the decision led to them), events only the replay saw by the
    turn the game ended (the decision headed them off), and the first turn the President
    answered differently."""
    events = ruleset.events

    def fired(state: GameState) -> dict[str, int]:
        first: dict[str, int] = {}
        for rec in state.history:
            if rec["turn"] >= from_turn:
                for e in rec["events"]:
                    first.setdefault(e, rec["turn"])
        return first

    mine, theirs = fired(actual), fired(other)

    def named(only: dict[str, int]) -> list[dict[str, Any]]:
        rows = sorted((turn, e) for e, turn in only.items())
        return [{"turn": t, "title": events[e].spec.title if e in events else e} for t, e in rows]

    # Once one choice changes, every later draw from the game's generator falls on something
    # else: the day's news, the posture and its event, a court's ruling, a coin toss, and what
    # follows from any of them. Only news that follows from the game's course (dated news,
    # whose condition reads it, and what play alone sets in motion: ``follows_from_play``) is
    # said to be led to or headed off.
    from_play = follows_from_play(ruleset)

    def caused(event_id: str) -> bool:
        return event_id in from_play

    only_mine = {e: t for e, t in mine.items() if e not in theirs}
    # The replay may go on past the turn the game ended on: what it met there was not headed
    # off by the choice, the game simply never got that far (the endings say how it ended).
    played = max((rec["turn"] for rec in actual.history), default=0)
    only_theirs = {e: t for e, t in theirs.items() if e not in mine and t <= played}
    led_to = named({e: t for e, t in only_mine.items() if caused(e)})
    headed_off = named({e: t for e, t in only_theirs.items() if caused(e)})
    drawn_apart = any(not caused(e) for e in (*only_mine, *only_theirs))
    posture = None
    by_turn = {r["turn"]: r for r in other.history}
    for rec in actual.history:
        alt = by_turn.get(rec["turn"])
        if rec["turn"] < from_turn or alt is None:
            continue
        if rec["us_posture"] != alt["us_posture"]:
            posture = {
                "turn": rec["turn"],
                "was": _posture_name(ruleset, rec["us_posture"]),
                "would": _posture_name(ruleset, alt["us_posture"]),
            }
            break
    return {
        "led_to": led_to[:4],
        "headed_off": headed_off[:4],
        "posture": posture,
        "drawn_apart": drawn_apart,
        "differs": _what_differs(actual, other, from_turn),
    }


# A turn's record beyond its figures: what happened and what was decided, and the record's
# checks, which differ whenever a decision does.
_NOT_FIGURES = frozenset(
    {"turn", "date", "events", "us_posture", "actions", "decision_hash", "chain"}
)


def _what_differs(actual: GameState, other: GameState, from_turn: int) -> str | None:
    """How far the replay's course departs from the game as played from ``from_turn`` on:
    ``"events"`` (other news, or the same news on other turns, or another US answer),
    ``"figures"`` (the same events and answers, other figures), or None (nothing at all)."""

    def course(state: GameState) -> list[tuple[Any, ...]]:
        return [
            (rec["turn"], rec["us_posture"], tuple(rec["events"]))
            for rec in state.history
            if rec["turn"] >= from_turn
        ]

    def figures(state: GameState) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in rec.items() if k not in _NOT_FIGURES}
            for rec in state.history
            if rec["turn"] >= from_turn
        ]

    def ended(state: GameState) -> tuple[Any, Any]:
        return (state.ending or {}).get("id"), (state.ending or {}).get("turn")

    if course(actual) != course(other) or ended(actual) != ended(other):
        return "events"
    if figures(actual) != figures(other) or actual.values != other.values:
        return "figures"
    return None


def _replay_without(
    ruleset: Ruleset,
    state: GameState,
    befores: list[GameState],
    index: int,
    kind: str,
    key: Any,
) -> GameState:
    """The game replayed from just before turn ``index + 1`` without one choice (the turns
    before it are the same game, so they are not played again)."""
    changed = _without(state.decisions, index, kind, key)
    if befores:
        other = replay_lenient(ruleset, befores[index], changed[index:])
    else:  # a log that no longer replays exactly: from the start, leniently
        other = replay_lenient(ruleset, _start(ruleset, state), changed)
    if state.over and not other.over:
        other = play_through(ruleset, other, policy=get_policy("passive"))
    return other


def _befores(ruleset: Ruleset, state: GameState) -> list[GameState]:
    """The state before each turn of the game (the first is the new game)."""
    try:
        return [_start(ruleset, state), *(after for after, _ in turn_reports(ruleset, state))]
    except DecisionError:
        return []


def counterfactual(ruleset: Ruleset, state: GameState) -> dict[str, Any] | None:
    """The single choice whose absence would have changed the outcome score most, replayed
    on the same seed, with what it set in motion (or headed off) and how Washington's answer
    changed. None for an unfinished game or one without choices."""
    base = outcome_score(state)
    if base is None:
        return None
    # Most change to the outcome score first; then the most news and US answers it caused or
    # headed off; then a choice that changed the game's course over one that moved only its
    # figures, and either over one that changed nothing; then the earliest.
    tried: list[tuple[float, int, int, int, str, Any, GameState, dict[str, Any]]] = []
    befores = _befores(ruleset, state)
    reach = {"events": 2, "figures": 1, None: 0}

    def attempt(index: int, kind: str, key: Any) -> None:
        other = _replay_without(ruleset, state, befores, index, kind, key)
        score = outcome_score(other)
        delta = (score if score is not None else base) - base
        chain = causal_chain(ruleset, state, other, index + 1)
        weight = len(chain["led_to"]) + len(chain["headed_off"]) + (1 if chain["posture"] else 0)
        tried.append(
            (-abs(delta), -weight, -reach[chain["differs"]], index, kind, key, other, chain)
        )

    candidates = _candidates(ruleset, state)
    if not candidates:
        return None
    if len(candidates) > MAX_SINGLE_REPLAYS:
        for index in sorted({c[0] for c in candidates}):
            attempt(index, "turn", None)
        top = {t[3] for t in sorted(tried, key=lambda t: t[:4])[:3]}
        tried.clear()
        candidates = [c for c in candidates if c[0] in top]
    for index, kind, key in candidates:
        attempt(index, kind, key)
    *_, index, kind, key, other, chain = min(tried, key=lambda t: t[:4])
    logged = state.decisions[index]
    score = outcome_score(other)
    ending = other.ending or {}
    return {
        "turn": index + 1,
        "what": _describe(ruleset, logged, kind, key),
        "kind": kind,
        "delta": round((score if score is not None else base) - base, 2),
        "ending": ending.get("title", "not finished"),
        "grade": ending.get("grade", ""),
        "score": score,
        "approval": other.values["approval"],
        "gdp_gap_pct": other.values["gdp_gap"],
        "mine": {
            "ending": state.ending["title"] if state.ending else "",
            "grade": state.ending["grade"] if state.ending else "",
            "score": base,
        },
        **chain,
    }


def compare(
    ruleset: Ruleset,
    state: GameState,
    games_per_policy: int = GAMES_PER_POLICY,
    cache: Path | None = None,
) -> dict[str, Any]:
    """The student's outcome among the built-in strategies' games that share the student's
    scenario, seed and content: each strategy plays the student's seed and seeds derived from
    it (computed once per scenario, seed and content, then read from the cache)."""
    games = comparison(ruleset, state.seed, games_per_policy, cache)
    mine = outcome_score(state)
    titles = {e.spec.id: e.spec.title for e in ruleset.endings}
    by_policy = {}
    for name, p in games.policies.items():
        scores = p["scores"]
        by_policy[name] = {
            "mean_score": sum(scores) / len(scores) if scores else 0.0,
            "same_seed_ending": titles.get(p["first"]["ending"], "not finished"),
            "same_seed_grade": p["first"]["grade"],
            "same_seed_score": p["first"]["score"],
            "endings": {
                titles.get(k, "not finished"): v
                for k, v in sorted(p["endings"].items(), key=lambda kv: -kv[1])
            },
        }
    return {
        "score": mine,
        "percentile": games.percentile(mine) if mine is not None else None,
        "games": games.games,
        "games_per_policy": games.games_per_policy,
        "strategies": len(games.policies),
        "seed": games.seed,
        "content": games.digest[:8],
        "policies": by_policy,
    }


def _action_name(ruleset: Ruleset, entry: dict[str, Any]) -> str:
    action = ruleset.actions.get(entry["id"])
    name = action.spec.name if action else entry["id"]
    params = fmt.params_text(ruleset, entry["id"], entry.get("params") or {})
    return f"{name} ({params})" if params else name


def turning_points(
    ruleset: Ruleset, history: list[dict[str, Any]], reports: list[TurnReport] | None = None
) -> list[dict[str, Any]]:
    """The turns where approval moved most, each with its main causes from the turn's ledger
    (as the turn's result lists them: the rest summed as "other", all adding up to the change
    shown), and the turns Washington escalated or offered a deal."""
    by_turn = {r.turn: r for r in reports or ()}
    points = []
    for prev, rec in zip([None, *history], history, strict=False):
        if prev is None:
            continue
        change = rec["approval"] - prev["approval"]
        # as the turn's full ledger shows it (one place finer than approval, half away from 0)
        shown = fmt.change("approval", prev["approval"], rec["approval"], finer=1) or "±0"
        why = f"approval {shown} points"
        report = by_turn.get(rec["turn"])
        ledger = report.changes.get("approval") if report is not None else None
        if ledger is not None and ledger.causes and shown != "±0":
            total = fmt.shown_change("approval", prev["approval"], rec["approval"], ruleset, 1)
            listed = cause_list(ruleset, "approval", ledger.causes, finer=1, total=total)
            why += " (" + "; ".join(f"{label} {share}" for label, share in listed) + ")"
        points.append((abs(change), rec["turn"], why))
    points.sort(reverse=True)
    marks = {turn: why for _, turn, why in points[:3]}
    for rec in history:
        if rec["us_posture"] in ("escalate", "deal") and len(marks) < 6:
            marks.setdefault(
                rec["turn"],
                {"escalate": "Washington escalated", "deal": "Washington offered a deal"}[
                    rec["us_posture"]
                ],
            )
    return [{"turn": t, "why": marks[t]} for t in sorted(marks)]


def _reports(ruleset: Ruleset, state: GameState) -> list[TurnReport]:
    """The game's turn reports (with their ledgers), or none if its log does not replay."""
    try:
        return [report for _, report in turn_reports(ruleset, state)]
    except DecisionError:
        return []


def given_away(ruleset: Ruleset, state: GameState) -> dict[str, list[tuple[int, Any]]]:
    """What the outcome score counted as given away: ``given``, each turn it rose and by how
    much (replayed, so a demand given way to counts too); ``uncounted``, the concession
    actions it does not count, with their turns."""
    befores = _befores(ruleset, state)
    given: list[tuple[int, Any]] = []
    for turn, (before, now) in enumerate(zip(befores, befores[1:], strict=False), 1):
        rise = now.values.get("conceded", 0.0) - before.values.get("conceded", 0.0)
        if rise > 1e-9:
            given.append((turn, rise))
    uncounted: dict[str, list[int]] = {}
    for turn, logged in enumerate(state.decisions, 1):
        for a in logged.get("actions", []):
            action = ruleset.actions.get(a["id"])
            if (
                action
                and action.spec.family == "concession"
                and not counts_as_given(ruleset, a["id"])
            ):
                uncounted.setdefault(action.spec.name, []).append(turn)
    return {"given": given, "uncounted": [(t[0], (name, t)) for name, t in uncounted.items()]}


def _truths(
    ruleset: Ruleset, state: GameState
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The hidden values at the end, in words, and what each advisor last read of them."""
    names = [
        name
        for name, spec in ruleset.variables.items()
        if spec.hidden and name.startswith(("us.", "talks."))
    ]
    hidden = [
        {
            "label": fmt.hidden_label(ruleset, name),
            "words": fmt.hidden_words(ruleset, name, state.values[name], state.values),
            "note": fmt.hidden_note(ruleset, name),
        }
        for name in [*names, "talks.progress"]
    ]
    last_readings = {(r["advisor"], r["variable"]): r for r in state.readings}
    readings = [
        {
            "advisor": next(a.name for a in ruleset.advisors if a.id == advisor),
            "label": r["label"],
            # as every screen shows it: no reading of the talks while they are broken off
            "band": fmt.BROKEN_OFF
            if fmt.talks_off(variable, state.values)
            else r["band"] or fmt.hidden_words(ruleset, variable, float(r["estimate"])),
            "truth": fmt.hidden_words(ruleset, variable, state.values[variable], state.values),
        }
        for (advisor, variable), r in last_readings.items()
    ]
    return hidden, readings


def _note(hidden: dict[str, str]) -> str:
    """A hidden value's note (what it measures), as a sentence after its truth; "" if none."""
    note = hidden.get("note", "")
    return f". {note}" if note else ""


def build_report(
    ruleset: Ruleset,
    state: GameState,
    games_per_policy: int = GAMES_PER_POLICY,
    with_counterfactual: bool = True,
    cache: Path | None = None,
) -> dict[str, Any]:
    """Everything a report shows, as plain data (the renderers and the class page read it)."""
    events = ruleset.events
    timeline = []
    for logged, record in zip(state.decisions, state.history, strict=False):
        timeline.append(
            {
                "turn": record["turn"],
                "date": fmt.date(dt.date.fromisoformat(record["date"])),
                "actions": [_action_name(ruleset, a) for a in logged.get("actions", [])],
                "answers": [  # “Event”: Option, as the turn results write an answer
                    _quoted_answer(ruleset, e, o_id)
                    for e, o_id in logged.get("answers", {}).items()
                    if e in events
                ],
                "memo": logged.get("memo", ""),
                "memo_by": memo_by(logged),
                "families": [
                    ruleset.actions[a["id"]].spec.family
                    for a in logged.get("actions", [])
                    if a["id"] in ruleset.actions
                ],
                "posture": _posture_name(ruleset, record["us_posture"]),
                "events": [events[e].spec.title for e in record["events"] if e in events],
                "approval": fmt.shown("approval", record["approval"]),
                "gdp_gap_pct": fmt.shown("gdp_gap", record["gdp_gap_pct"]),
            }
        )
    # A game that can still be continued keeps its secrets: the US side, what the advisors
    # got wrong and what each strategy makes of this very seed would tell its player how to
    # play the turns left. They are the debrief of a finished game.
    over = state.ending is not None
    hidden, readings = _truths(ruleset, state) if over else ([], [])
    cf = counterfactual(ruleset, state) if with_counterfactual else None
    score = outcome_score(state)
    band = score_bands(ruleset).get(state.ending["id"]) if state.ending else None
    v = state.values
    plotted = [(key, name) for key, _, name in SERIES if over or key not in HIDDEN_SERIES]
    opened = _start(ruleset, state).values
    data: dict[str, Any] = {
        "scenario": ruleset.scenario.title,
        "scenario_id": ruleset.scenario.id,
        "seed": state.seed,
        "student": (state.assignment or {}).get("student", ""),
        "class_name": (state.assignment or {}).get("class", ""),
        "turns": state.turn,
        "last_turn": state.last_turn,
        "ending": state.ending,
        "score": score,
        "band": band,
        "record": {
            "approval": v["approval"],
            "gdp_gap": v["gdp_gap"],
            "unemployment": v["unemployment"],
            "jobs_lost": v["jobs_lost"],
            "fiscal_room": v["fiscal_room"],
            "concessions": sum(
                1
                for d in state.decisions
                for a in d.get("actions", [])
                if a["id"] in ruleset.actions
                and ruleset.actions[a["id"]].spec.family == "concession"
            ),
            # what each figure earned of the record, and what was given away cost it
            "parts": record_parts(ruleset, state.ending["id"], v) if state.ending else None,
            **(given_away(ruleset, state) if state.ending else {"given": [], "uncounted": []}),
        },
        "timeline": timeline,
        "series": {key: [rec.get(key) for rec in state.history] for key, _ in plotted},
        # each series' value as the game opened (before turn 1), where its plot starts
        "series_start": {key: opened[name] for key, name in plotted},
        "hidden": hidden,
        "readings": readings,
        "turning_points": turning_points(ruleset, state.history, _reports(ruleset, state)),
        "comparison": compare(ruleset, state, games_per_policy, cache)
        if games_per_policy and over
        else None,
        "withheld": not over,
        "counterfactual": cf,
        "questions": questions(ruleset, state, cf, readings),
        "discussion": list(ruleset.scenario.discussion),
        "class": None,  # filled in by the class report (classroom/class_page.py)
        "problem": None,  # why it is not the student's counted result (``not_counted``)
        "memos": sum(1 for d in state.decisions if memo_by(d) == "person"),
        "strategy_memos": sum(1 for d in state.decisions if memo_by(d) == "strategy"),
        "choices": len(_candidates(ruleset, state)),  # actions, and answers not the default
    }
    return data


# --- shared wording --------------------------------------------------------------------------


def decisions_text(row: dict[str, Any]) -> str:
    return "; ".join(row["actions"] + [f"answered {a}" for a in row["answers"]]) or "—"


TIMELINE_HEADINGS = (
    "Turn",
    "Date",
    "Your decisions",
    "Memo",
    "Washington",
    "Events",
    "Approval",
    "GDP gap",
)


def timeline_cells(row: dict[str, Any]) -> list[str]:
    """A turn's row of the timeline, as text for either page to escape."""
    return [
        str(row["turn"]),
        str(row["date"]),
        decisions_text(row),
        row["memo"] or "—",
        str(row["posture"]),
        "; ".join(row["events"]) or "—",
        str(row["approval"]),
        str(row["gdp_gap_pct"]),
    ]


def played_text(data: dict[str, Any]) -> str:
    """The report's first line: the seed, the turns played, and whose memos they are when a
    strategy filled some (``play --policy`` on the assignment), so no one grades them."""
    text = f"Seed {data['seed']}, {data['turns']} of {data['last_turn']} turns played."
    by_strategy = data.get("strategy_memos") or 0
    if by_strategy:
        text += (
            f" A strategy played {fmt.count(by_strategy, 'turn')} and filled in their memos "
            f"(marked so in the save): {'those are' if by_strategy > 1 else 'that is'} not "
            f"the student's reasoning."
        )
    return text


def score_text(data: dict[str, Any]) -> str:
    """The outcome score in a sentence: the ending's range, and where the record put it."""
    if data["score"] is None:
        return "The game is not finished, so it has no outcome score yet."
    text = f"Outcome score {fmt.shown('score', data['score'])}"
    band = data.get("band")
    if band and band[1] > band[0]:
        # the place is the record itself (the report's next lines add it up, to a tenth), and
        # where the score it gives is not whole, the sentence says it is cut, as the grades
        # read it: the range, the place and the score shown then agree
        score = float(data["score"])
        place = 100 * (score - band[0]) / (band[1] - band[0])
        text += (
            f": this ending scores {fmt.number(band[0], 0)} to {fmt.number(band[1], 0)}, "
            f"and your record (approval, the economy, what you conceded) placed you "
            f"{fmt.number(place, 1)}% of the way up that range"
        )
        exact = fmt.cut(score, 2)  # to a hundredth, cut: never rounded up to the next whole
        if exact != fmt.cut(score, 0):
            text += f": {fmt.number(exact, 2)}, cut to a whole number as the grades read it"
    return text + "."


def record_text(record: dict[str, Any]) -> str:
    return (
        f"Approval {fmt.shown('approval', record['approval'])}; GDP gap "
        f"{fmt.shown('gdp_gap', record['gdp_gap'])}; unemployment "
        f"{fmt.shown('unemployment', record['unemployment'])}; jobs lost "
        f"{fmt.shown('jobs_lost', record['jobs_lost'])}; fiscal room "
        f"{fmt.shown('fiscal_room', record['fiscal_room'])}; concessions made: "
        f"{record['concessions']}."
    )


# The figures of the record in the words the report uses for them.
PART_NAMES = {
    "approval": "approval",
    "gdp_gap": "GDP against the no-tariff path",
    "jobs_lost": "jobs lost in the tariff-hit industries",
    "fiscal_room": "fiscal room left",
}


def parts_text(record: dict[str, Any]) -> str:
    """The record taken apart: what each figure earned of its points and what was given away
    cost, from the content's own formula (``scoring.record_parts``); "" without one."""
    parts = record.get("parts")
    if not parts:
        return ""
    # shown to a tenth, the parts add up to the totals shown beside them (``fmt.apportion``):
    # the points earned to the record before what was given away, the turns' costs to theirs
    before, after = fmt.rounded(parts["before"], 1), fmt.rounded(parts["record"], 1)
    names = list(parts["earned"])
    points = fmt.apportion([parts["earned"][n][0] for n in names], 1, total=parts["before"])
    (first, got), *rest = zip(names, points, strict=True)
    earned = (
        f"{PART_NAMES[first]} ({fmt.shown(first, record[first])}) earned {fmt.number(got, 1)}"
        f" of its {fmt.number(parts['earned'][first][1], 0)} points"
    )
    earned += "".join(
        f", {PART_NAMES[name]} ({fmt.shown(name, record[name])}) {fmt.number(got, 1)} of"
        f" {fmt.number(parts['earned'][name][1], 0)}"
        for name, got in rest
    )
    text = f"Your record, {fmt.number(after, 1)} of 100: {earned}"
    if parts["conceded"] <= 1e-9:
        text += "; nothing you did counted as given away to Washington."
    else:
        capped = parts["full_cost"] - parts["cost"] > 0.05
        cost = fmt.rounded(before - after, 1)  # the difference of the two figures shown
        # in points of the record, turn by turn (the score's own count of what was given away,
        # 10 for a concession, is a scale of the content's, not a figure a player has seen)
        per_point = parts["full_cost"] / parts["conceded"]
        given = record.get("given") or []
        each = fmt.apportion(
            [p * per_point for _, p in given], 1, total=parts["full_cost"] if capped else cost
        )
        turns = [f"turn {t}: {fmt.number(c, 1)}" for (t, _), c in zip(given, each, strict=True)]
        if parts["conceded"] >= 100 - 1e-9:
            turns.append("the most it takes off for that")
        text += (
            f", {fmt.number(before, 1)} in all, less {fmt.number(cost, 1)} for "
            "what you gave away to Washington" + (f" ({', '.join(turns)})" if turns else "")
        )
        if capped:
            text += f": {fmt.number(parts['full_cost'], 1)}, but the record stops at 0"
        text += "."
    uncounted = record.get("uncounted") or []
    if uncounted:
        names = "; ".join(
            f"{name} (turn{'s' if len(turns) > 1 else ''} {', '.join(map(str, turns))})"
            for _, (name, turns) in uncounted
        )
        text += f" Offers the score does not count as given away: {names}."
    return text


def comparison_text(cmp_: dict[str, Any], scenario: str) -> str:
    if cmp_["percentile"] is None:
        lead = "Your game has no outcome score, so it is not ranked; the strategies' games:"
    else:
        lead = f"Your outcome score beats {fmt.number(cmp_['percentile'], 0)}% of"
    return (
        f"{lead} {cmp_['games']:,} simulated games that share your scenario ({scenario}), your "
        f"seed ({cmp_['seed']}, and {cmp_['games_per_policy'] - 1} seeds derived from it) and "
        f"your content (version {cmp_['content']}): the {cmp_['strategies']} built-in "
        f"strategies, {cmp_['games_per_policy']} games each."
        + (" Ties count half." if cmp_["percentile"] is not None else "")
    )


def counterfactual_text(cf: dict[str, Any], esc: Any, strong: Any) -> str:
    """The decision that mattered most as a sentence; ``esc`` escapes, ``strong`` marks."""
    mine = cf["mine"]
    other_score, my_score, delta = shown_scores(cf)
    points = fmt.count(abs(delta), "point")
    if delta == 0:
        effect = "the same outcome score"
    elif delta > 0:
        effect = f"{points} more: the choice cost you that much"
    else:
        effect = f"{points} less: the choice earned you that much"
    same_ending = cf["ending"] == mine["ending"] and cf["grade"] == mine["grade"]
    what = cf["what"]
    did = (
        f"you answered {strong(esc(what[len('the answer to ') :]))}"
        if what.startswith("the answer to ")
        else f"you chose {strong(esc(choice_words(cf)))}"
    )
    lead = (
        f"On turn {cf['turn']} {did}. Replayed without it (same seed, your other decisions "
        "kept wherever still possible), the game "
    )
    if same_ending and delta == 0:
        ends = (
            f"{strong(esc(cf['ending']))} ({esc(cf['grade'])}, {other_score}), with the same "
            "outcome score."
        )
        # What the replay found, and only that: a course that departed, figures alone, or
        # nothing (a dict without ``differs`` comes from before it was recorded: say no more
        # than the outcome).
        differs = cf.get("differs", "")
        if differs == "events":
            return f"{lead}ends the same way: {ends} It changed the game's course, not its outcome."
        if differs == "figures":
            return f"{lead}ends the same way: {ends} It moved only the figures, not the outcome."
        if differs is None:
            return (
                f"{lead}ends exactly the same way: {ends} Nothing differed, and leaving out "
                "any other of your choices changed no more."
            )
        return f"{lead}ends the same way: {ends}"
    if same_ending:
        return (
            f"{lead}still ends in {strong(esc(cf['ending']))} ({esc(cf['grade'])}), with "
            f"{other_score} instead of your {my_score}: {effect}."
        )
    other = (
        f"{strong(esc(cf['ending']))} ({esc(cf['grade'])}, {other_score})"
        if cf["score"] is not None
        else strong(esc(cf["ending"]))
    )
    return (
        f"{lead}ends in {other} instead of {esc(mine['ending'])} ({esc(mine['grade'])}, "
        f"{my_score}): {effect}."
    )


def chain_lines(cf: dict[str, Any]) -> list[str]:
    """What the choice set in motion, one line each (plain text)."""
    lines = []
    if cf["led_to"]:
        lines.append(
            "It led to: "
            + "; ".join(f"{e['title']} (turn {e['turn']})" for e in cf["led_to"])
            + "."
        )
    if cf["headed_off"]:
        lines.append(
            "It headed off: "
            + "; ".join(f"{e['title']} (turn {e['turn']})" for e in cf["headed_off"])
            + "."
        )
    p = cf["posture"]
    if p:
        lines.append(
            f"Washington's answer: on turn {p['turn']} the President {p['was']}; without "
            f"your choice he {p['would']}."
        )
    if cf.get("drawn_apart"):
        lines.append(
            "The news of the day differed too, as it does once anything changes: the same "
            "draws fall on other events, which the choice did not cause."
        )
    if lines:
        return lines
    differs = cf.get("differs", "figures")
    if differs == "events":
        lines.append(
            "The same news and the same US answers followed, some of them on other turns or "
            "with the game ending at another time."
        )
    elif differs == "figures":
        lines.append(
            "The same events and the same US answers followed either way: the difference came "
            "through the figures alone (approval, the economy, what was conceded)."
        )
    else:
        lines.append(
            "The same events, the same US answers and the same figures followed either way."
        )
    return lines


def standing_text(standing: dict[str, Any]) -> str:
    return (
        f"Your outcome score ranks {standing['rank']} of {standing['of']} in {standing['label']}"
        + (f" (tied with {fmt.count(standing['tied'], 'other')})" if standing.get("tied") else "")
        + ", "
        f"among the games that share your scenario, seed and content; the class median is "
        f"{fmt.shown('score', standing['median'])}."
    )


# --- Markdown ------------------------------------------------------------------------------


NOTHING_PLAYED = "No turn has been played yet."


def not_counted(kind: str, why: str, source: str | Path | None = None) -> dict[str, str]:
    """Why a report is not the student's counted result: ``failed`` (the save failed
    verification: what it shows are the file's claims) or ``foreign`` (a consistent game, but
    not of the class's assignment). Set as a report's ``problem``; the pages say it first."""
    if kind == "failed":
        text = (
            f"NOT VERIFIED: this save failed verification ({why}). The ending, grade and "
            "figures below are what the file claims, not the student's result: do not grade "
            f"from this report. {ask_for_the_save(source)}"
        )
        # the class page's line: the figures are on the student's page, not below it
        listed = (
            f"NOT VERIFIED: this save failed verification ({why}). Its report shows what the "
            f"file claims, not the student's result: do not grade from it. "
            f"{ask_for_the_save(source)}"
        )
    else:
        text = listed = (
            f"NOT THE CLASS'S ASSIGNMENT: {why}. The game itself verifies, but it is not counted"
            " with the class's games."
        )
    return {"kind": kind, "why": why, "text": text, "listed": listed}


def ask_for_the_save(source: str | Path | None = None) -> str:
    """What a teacher does about a save that fails, as a sentence (``handin.ask_for_the_save``):
    "Ask the student for the save as the game wrote it; the game also keeps ..."."""
    text = _ask(source)
    return f"{text[0].upper()}{text[1:]}."


def render_unreadable(
    source: str, student: str, why: str, as_html: bool, advice: str | None = None
) -> str:
    """The page of a handed-in file that holds no game to report (it cannot be read, or does
    not load even as the file's claims): NOT VERIFIED, why, and what to do (``advice``, when
    ``why`` does not say it; by default ``ask_for_the_save``)."""
    if advice is None:
        advice = ask_for_the_save(source)
    name = Path(source).name
    title = f"NOT VERIFIED: {name}" + (f" — {student}" if student else "")
    text = (
        f"NOT VERIFIED: no game of this file can be shown ({why}). There is nothing here to"
        f" grade. {advice}"
    ).strip()
    if not as_html:
        return f"# {title}\n\n> **{text}**\n\nFile: {source}\n"
    e = html.escape
    return page(
        title,
        [
            f"<h1>{e(title)}</h1>",
            "<p style='border:3px solid #b22222;padding:.6rem;background:#fdecea'>"
            f"<strong>{e(text)}</strong></p>",
            f"<p>File: {e(source)}</p>",
        ],
    )


WITHHELD = (
    "Shown when the game is over: the game can still be continued, and the US side, what "
    "your advisors got wrong and how the built-in strategies fare on your seed would tell "
    "you how to play the turns left."
)


def render_markdown(data: dict[str, Any]) -> str:
    out: list[str] = []
    who = f" — {data['student']}" if data["student"] else ""
    out.append(f"# After-action report: {data['scenario']}{who}")
    problem = data.get("problem")
    if problem:
        out.append(f"\n> **{problem['text']}**\n")
    out.append(played_text(data))
    ending = data["ending"]
    out.append("\n## Outcome\n")
    if ending and problem and problem["kind"] == "failed":
        out.append(
            f"The file claims **{ending['title']}**, grade {ending['grade']}: not verified.\n"
        )
    elif ending:
        out.append(
            f"**{ending['title']}** — grade **{ending['grade']}**. CUSMA: {ending['cusma_status']}.\n"
        )
        out.append(score_text(data) + "\n")
        out.append(record_text(data["record"]) + "\n")
        if parts_text(data["record"]):
            out.append(parts_text(data["record"]) + "\n")
        out.append(ending["explanation"])
        if ending.get("grade_text"):
            out.append(f"\n_{ending['grade_text']}_")
    else:
        out.append("The game is not finished.")
    if data.get("class"):
        out.append("\n## Where you stand in the class\n")
        out.append(standing_text(data["class"]))
    out.append("\n## Timeline\n")
    if not data["timeline"]:
        out.append(NOTHING_PLAYED)
    else:
        out.append("| " + " | ".join(TIMELINE_HEADINGS) + " |")
        out.append("|" + "---|" * len(TIMELINE_HEADINGS))
        for t in data["timeline"]:
            out.append("| " + " | ".join(_md(cell) for cell in timeline_cells(t)) + " |")
        out.append("\n## Turning points\n")
        out.extend(f"- Turn {p['turn']}: {p['why']}" for p in data["turning_points"])
    out.append("\n## What Washington was really thinking\n")
    if data.get("withheld"):
        out.append(WITHHELD)
    else:
        out.append("The hidden values at the end, and what your advisors made of them:\n")
    for h in data["hidden"]:
        out.append(f"- {h['label']}: {h['words']}{_note(h)}")
    if data["readings"]:
        out.append("")
        for r in data["readings"]:
            out.append(
                f"- {r['advisor']} read {fmt.in_sentence(r['label'])} as {r['band']} (in fact: {r['truth']})"
            )
    cmp_ = data.get("comparison")
    if cmp_:
        out.append("\n## Compared with the built-in strategies\n")
        out.append(comparison_text(cmp_, data["scenario"]) + "\n")
        out.append("| Strategy | Your seed | Mean score | Endings |")
        out.append("|---|---|---|---|")
        for name, p in cmp_["policies"].items():
            endings = ", ".join(f"{k} {v}" for k, v in p["endings"].items())
            out.append(
                f"| {name} | {p['same_seed_ending']} ({p['same_seed_grade']}, "
                f"{fmt.shown('score', p['same_seed_score'])}) | "
                f"{fmt.number(p['mean_score'], 0)} | {endings} |"
            )
    cf = data.get("counterfactual")
    if cf:
        out.append("\n## The decision that mattered most\n")
        out.append(counterfactual_text(cf, lambda t: t, lambda t: f"**{t}**") + "\n")
        out.extend(f"- {line}" for line in chain_lines(cf))
    if data["questions"] or data["discussion"]:
        out.append("\n## For discussion\n")
        asked = [*data["questions"], *data["discussion"]]
        out.extend(f"{i}. {q}" for i, q in enumerate(asked, 1))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- HTML ----------------------------------------------------------------------------------


# The least a plot's axis spans, in the figure's own unit (points of a percentage or of an
# index): a drift of 0.05 points is drawn as the near-flat line it is, not as a swing across
# the whole plot.
MIN_SPAN = 1.0


def _round_step(rough: float) -> float:
    """The round number (1, 2 or 5 times a power of ten) at or above ``rough``."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough * (1 - 1e-9))


def svg_plot(
    values: Sequence[float | None],
    title: str,
    width: int = 560,
    height: int = 150,
    min_span: float = MIN_SPAN,
    first_turn: int = 1,
) -> str:
    """A line chart of ``values``, the first of turn ``first_turn`` (0: the game's start)."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    lo, hi = fmt.axis_range([v for _, v in points], min_span)  # as the history screen's
    step = _round_step((hi - lo) / 10)  # the ends on round numbers: 44-55, not 44.4-54.4
    lo, hi = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    digits = fmt.axis_digits(lo, hi, least=1, most=4)  # the two ends never read the same
    pad_l, pad_r, pad_t, pad_b = 48, 10, 22, 22
    n = max(1, len(values) - 1)

    def x(i: int) -> float:
        return pad_l + (width - pad_l - pad_r) * i / n

    def y(v: float) -> float:
        return pad_t + (height - pad_t - pad_b) * (hi - v) / (hi - lo)

    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in points)
    first = "start" if first_turn == 0 else f"turn {first_turn}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="{pad_l}" y="14" font-size="12" font-family="sans-serif">{html.escape(title)}</text>',
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" stroke="#999"/>',
        f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{height - pad_b}" stroke="#999"/>',
        f'<text x="{pad_l - 4}" y="{pad_t + 4}" font-size="10" text-anchor="end" font-family="sans-serif">{fmt.number(hi, digits)}</text>',
        f'<text x="{pad_l - 4}" y="{height - pad_b}" font-size="10" text-anchor="end" font-family="sans-serif">{fmt.number(lo, digits)}</text>',
        # both ends of the time axis, so a reader sees where the game starts
        f'<text x="{pad_l}" y="{height - 6}" font-size="10" font-family="sans-serif">{first}</text>'
        if len(values) > 1
        else "",
        f'<text x="{width - pad_r}" y="{height - 6}" font-size="10" text-anchor="end" font-family="sans-serif">turn {first_turn + len(values) - 1}</text>',
        f'<polyline fill="none" stroke="#b22222" stroke-width="2" points="{line}"/>',
        "</svg>",
    ]
    return "\n".join(parts)


def svg_strip(
    scores: Sequence[float], mine: float | None, title: str, width: int = 560, height: int = 80
) -> str:
    """Every score of a class as a dot on a 0-100 line, the student's own larger and red."""
    pad = 16
    span = width - 2 * pad

    def x(v: float) -> float:
        return pad + span * max(0.0, min(100.0, v)) / 100

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="{pad}" y="16" font-size="15" font-family="sans-serif">{html.escape(title)}</text>',
        f'<line x1="{pad}" y1="52" x2="{width - pad}" y2="52" stroke="#999"/>',
    ]
    for tick in range(0, 101, 25):
        parts.append(
            f'<text x="{x(tick):.1f}" y="74" font-size="13" text-anchor="middle" font-family="sans-serif">{tick}</text>'
        )
    stacked: dict[int, int] = {}
    for v in sorted(scores):
        level = stacked.get(round(v), 0)  # equal scores stack upwards
        stacked[round(v)] = level + 1
        cy = 42 - 7 * min(level, 3)
        parts.append(f'<circle cx="{x(v):.1f}" cy="{cy}" r="4" fill="#4a6fa5" fill-opacity="0.7"/>')
    if mine is not None:
        parts.append(
            f'<circle cx="{x(mine):.1f}" cy="52" r="8" fill="#b22222" stroke="#fff" stroke-width="1.5"><title>you</title></circle>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


STYLE = (
    "body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}"
    ".wide{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}"
    "td,th{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top;text-align:left}"
    "th{background:#f3f3f3}.plots{display:flex;flex-wrap:wrap;gap:.5rem}svg{max-width:100%;height:auto}"
    ".score{font-size:1.2rem}.key{font-size:.85rem;color:#444}"
    "@media (max-width:40rem){body{margin:.5rem auto;font-size:15px}table{font-size:.78rem}}"
    # a printed page has no scroll bar: every column is printed
    "@media print{.plots svg{width:48%}body{margin:0}.wide{overflow:visible}}"
)


def page(title: str, body: list[str]) -> str:
    """A self-contained page: inline style, no scripts, nothing fetched."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def render_html(data: dict[str, Any]) -> str:
    e = html.escape
    body: list[str] = []
    index = data.get("index") or (data.get("class") or {}).get("index")
    if index:
        body.append(f"<p><a href='{e(index)}'>&larr; The class</a></p>")
    who = f" — {e(data['student'])}" if data["student"] else ""
    body.append(f"<h1>After-action report: {e(data['scenario'])}{who}</h1>")
    problem = data.get("problem")
    if problem:
        body.append(
            "<p style='border:3px solid #b22222;padding:.6rem;background:#fdecea'>"
            f"<strong>{e(problem['text'])}</strong></p>"
        )
    body.append(f"<p>{e(played_text(data))}</p>")
    ending = data["ending"]
    body.append("<h2>Outcome</h2>")
    if ending and problem and problem["kind"] == "failed":
        body.append(
            f"<p>The file claims <strong>{e(ending['title'])}</strong>, grade "
            f"{e(ending['grade'])}: not verified.</p>"
        )
    elif ending:
        body.append(
            f"<p class='score'><strong>{e(ending['title'])}</strong> — grade <strong>{e(ending['grade'])}</strong>. CUSMA: {e(ending['cusma_status'])}.</p>"
        )
        body.append(f"<p>{e(score_text(data))}</p>")
        body.append(f"<p>{e(record_text(data['record']))}</p>")
        if parts_text(data["record"]):
            body.append(f"<p>{e(parts_text(data['record']))}</p>")
        body.append(f"<p>{e(ending['explanation'])}</p>")
        if ending.get("grade_text"):
            body.append(f"<p><em>{e(ending['grade_text'])}</em></p>")
    else:
        body.append("<p>The game is not finished.</p>")
    standing = data.get("class")
    if standing:
        body.append("<h2>Where you stand in the class</h2>")
        body.append(f"<p>{e(standing_text(standing))}</p>")
        body.append(
            svg_strip(standing["scores"], data["score"], "Outcome scores in the class (you: red)")
        )
    if not data["timeline"]:
        body.append(f"<h2>Timeline</h2><p>{NOTHING_PLAYED}</p>")
    else:
        body.append("<h2>The indicators</h2><div class='plots'>")
        for key, title, name in SERIES:
            if key in data["series"]:  # the US side's only once the game is over
                values = [data["series_start"][key], *data["series"][key]]
                body.append(svg_plot(values, title, min_span=fmt.PLOT_SPANS[name], first_turn=0))
        headings = "".join(f"<th>{h}</th>" for h in TIMELINE_HEADINGS)
        body.append(f"</div><h2>Timeline</h2><div class='wide'><table><tr>{headings}</tr>")
        for t in data["timeline"]:
            cells = "".join(f"<td>{e(cell)}</td>" for cell in timeline_cells(t))
            body.append(f"<tr>{cells}</tr>")
        body.append("</table></div><h2>Turning points</h2><ul>")
        body.extend(f"<li>Turn {p['turn']}: {e(p['why'])}</li>" for p in data["turning_points"])
        body.append("</ul>")
    body.append("<h2>What Washington was really thinking</h2>")
    if data.get("withheld"):
        body.append(f"<p>{e(WITHHELD)}</p>")
    body.append("<ul>")
    body.extend(f"<li>{e(h['label'])}: {e(h['words'])}{e(_note(h))}</li>" for h in data["hidden"])
    body.append("</ul><ul>")
    body.extend(
        f"<li>{e(r['advisor'])} read {e(fmt.in_sentence(r['label']))} as {e(r['band'])} (in fact: {e(r['truth'])})</li>"
        for r in data["readings"]
    )
    body.append("</ul>")
    cmp_ = data.get("comparison")
    if cmp_:
        body.append("<h2>Compared with the built-in strategies</h2>")
        body.append(f"<p>{e(comparison_text(cmp_, data['scenario']))}</p>")
        body.append(
            "<div class='wide'><table><tr><th>Strategy</th><th>Your seed</th><th>Mean score</th><th>Endings</th></tr>"
        )
        for name, p in cmp_["policies"].items():
            endings = ", ".join(f"{k} {v}" for k, v in p["endings"].items())
            same = f"{p['same_seed_ending']} ({p['same_seed_grade']}, {fmt.shown('score', p['same_seed_score'])})"
            body.append(
                f"<tr><td>{e(name)}</td><td>{e(same)}</td><td>{fmt.number(p['mean_score'], 0)}</td><td>{e(endings)}</td></tr>"
            )
        body.append("</table></div>")
    cf = data.get("counterfactual")
    if cf:
        body.append("<h2>The decision that mattered most</h2>")
        body.append(f"<p>{counterfactual_text(cf, e, lambda t: f'<strong>{t}</strong>')}</p><ul>")
        body.extend(f"<li>{e(line)}</li>" for line in chain_lines(cf))
        body.append("</ul>")
    asked = [*data["questions"], *data["discussion"]]
    if asked:
        body.append("<h2>For discussion</h2><ol>")
        body.extend(f"<li>{e(q)}</li>" for q in asked)
        body.append("</ol>")
    return page(f"After-action report: {data['scenario']}", body)


def _posture_name(ruleset: Ruleset, posture_id: str) -> str:
    """A US posture's name; an id the content does not know (an edited save, reported NOT
    VERIFIED) as the file gives it."""
    posture = ruleset.postures.get(posture_id)
    return posture.spec.name if posture is not None else str(posture_id)
