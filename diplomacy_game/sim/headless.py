"""Headless play: a whole game from a decisions file or a policy, printed as briefings or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from diplomacy_game import fmt
from diplomacy_game.content import ContentError, Ruleset, load_ruleset
from diplomacy_game.engine.game import new_game, turn_reports, turn_story
from diplomacy_game.engine.state import GameState
from diplomacy_game.engine.turn import TurnReport, memo_required, resolve_turn
from diplomacy_game.model.decisions import Decision, DecisionError
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves import safe_json
from diplomacy_game.saves.store import SaveError, load_game, location, read_header, save_game
from diplomacy_game.sim.policies import REGISTRY, Policy, policy_rng

MAX_DECISION_LINES = 10_000
MAX_DECISIONS_BYTES = 16_000_000
MAX_LINE_CHARS = 65_536  # a turn's decision, memo included, is a few kilobytes


class UsageError(Exception):
    """Bad command-line input: the message says what to give instead."""


class FileInputError(Exception):
    """A file given to the command that cannot be used; the message names it and says why."""


@dataclass
class DecisionsFile:
    """A JSON-lines file of decisions: by turn number, and in order for unnumbered lines."""

    by_turn: dict[int, Decision] = field(default_factory=dict)
    unnumbered: list[Decision] = field(default_factory=list)

    def take(self, turn: int) -> Decision | None:
        if turn in self.by_turn:
            return self.by_turn.pop(turn)
        if self.unnumbered:
            return self.unnumbered.pop(0)
        return None


def read_decisions(path: Path) -> DecisionsFile:
    """Read a decisions file: a regular file within MAX_DECISIONS_BYTES, each line JSON within
    the limits any handed-in file keeps to (saves.safe_json). FileInputError otherwise."""
    try:
        data = read_limited(path, MAX_DECISIONS_BYTES, "decisions file")
    except FileProblem as exc:
        raise FileInputError(str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileInputError(f"{path}: not UTF-8 text") from None
    out = DecisionsFile()
    for number, line in enumerate(text.splitlines(), start=1):
        if number > MAX_DECISION_LINES:
            raise FileInputError(f"{path}: more than {MAX_DECISION_LINES} lines")
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        if len(line) > MAX_LINE_CHARS:
            raise FileInputError(
                f"{path}:{number}: the line is longer than {MAX_LINE_CHARS:,} characters"
            )
        try:
            raw = safe_json.loads(line)
        except safe_json.JsonProblem as exc:
            where = f" at column {exc.column}" if exc.column is not None else ""
            raise FileInputError(f"{path}:{number}: the line {exc}{where}") from None
        try:
            decision = Decision.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = location(err.get("loc", ())) or "line"
            raise FileInputError(f"{path}:{number}: {where}: {err.get('msg')}") from None
        if decision.turn is None:
            out.unnumbered.append(decision)
        elif decision.turn in out.by_turn:
            raise FileInputError(f"{path}:{number}: a second line for turn {decision.turn}")
        else:
            out.by_turn[decision.turn] = decision
    return out


@dataclass
class PlayResult:
    state: GameState
    reports: list[TurnReport]
    stopped: str = ""  # why play stopped before an ending, if it did
    error: str = ""  # an illegal decision, if that is what stopped it


def play_game(
    ruleset: Ruleset,
    state: GameState,
    decisions: DecisionsFile | None = None,
    policy: Policy | None = None,
    max_turns: int | None = None,
) -> Iterator[tuple[GameState, TurnReport]]:
    """Play turns until the game ends, the turn limit is reached or the decisions run out.

    Yields each new state with its report. A DecisionError propagates with the last good
    state untouched.
    """
    played = 0
    while not state.over and (max_turns is None or played < max_turns):
        turn = state.turn + 1
        decision = decisions.take(turn) if decisions is not None else None
        if decision is None and policy is not None:
            decision = policy.decide(ruleset, state, policy_rng(state.seed, turn))
            if memo_required(ruleset, state) and not decision.memo:
                decision = decision.model_copy(update={"memo": f"[{policy.name}] {policy.idea}"})
        if decision is None:
            return
        state, report = resolve_turn(ruleset, state, decision)
        played += 1
        yield state, report


def play_through(
    ruleset: Ruleset,
    state: GameState,
    decisions: DecisionsFile | None = None,
    policy: Policy | None = None,
    max_turns: int | None = None,
) -> GameState:
    """Play as play_game does and return the last state."""
    last = state
    for last, _ in play_game(ruleset, state, decisions, policy, max_turns):  # noqa: B007
        pass
    return last


def indicators(state: GameState) -> dict[str, Any]:
    v = state.values
    return {
        "approval": round(v["approval"], 4),
        "gdp_gap_pct": round(v["gdp_gap"], 4),
        "unemployment_pct": round(v["unemployment"], 4),
        "inflation_pct": round(v["inflation"], 4),
        "us_rapport": round(v["us.rapport"], 4),
        "cusma_status": state.ending["cusma_status"] if state.ending else "under review",
    }


VERIFY_ONLY = ("chain", "legacy_chain", "unrounded")  # history fields that only verify reads


def result_json(
    state: GameState, stopped: str, error: str, ruleset: Ruleset | None = None
) -> dict[str, Any]:
    """The game as JSON. Given the ruleset, each turn of the history also tells its story:
    ``changes`` (every visible figure's from, to and causes, which add up to the change),
    ``us_tariffs`` after the turn and the ``events`` with the text the player read."""
    ending = state.ending
    history = [
        {k: v for k, v in record.items() if k not in VERIFY_ONLY} for record in state.history
    ]
    if ruleset is not None:
        try:
            turns = turn_reports(ruleset, state)
        except DecisionError:
            turns = []  # a log that does not replay: the plain history is all there is
        for record, (after, report) in zip(history, turns, strict=False):
            record.update(turn_story(ruleset, after, report))
    return {
        "scenario": state.scenario_id,
        "seed": state.seed,
        "turns_played": state.turn,
        "status": "finished" if ending else ("error" if error else "stopped"),
        "stopped": error or stopped,
        "ending": {
            "id": ending["id"],
            "title": ending["title"],
            "grade": ending["grade"],
            "score": ending.get("score"),
        }
        if ending
        else None,
        "final": indicators(state),
        "history": history,
    }


# --- printing ------------------------------------------------------------------------------


def print_briefing(ruleset: Ruleset, state: GameState, report: TurnReport, out: TextIO) -> None:
    import datetime as dt

    last_day = dt.date.fromordinal(report.end.toordinal() - 1)
    header = (
        f"Turn {report.turn} of {state.last_turn} · "
        f"{fmt.date(report.start)} to {fmt.date(last_day)}"
    )
    out.write(f"\n== {header} ==\n")
    taken = [a for a in report.actions if "action" in a]
    answered = [a for a in report.actions if "answer" in a]
    for a in answered:
        out.write(
            f"  You answered {fmt.quoted(ruleset.events[a['answer']].spec.title)}: {a['label']}.\n"
        )
    if taken:
        names = "; ".join(
            f"{a['name']}{_params_text(ruleset, a['action'], a['params'])}" for a in taken
        )
        out.write(f"  You: {names}.\n")
    else:
        out.write("  You took no action this turn.\n")
    for line in report.lines:
        out.write(f"  {line}\n")
    out.write(
        f"  Washington: {fmt.posture_line(ruleset, report.posture, report.changes, report.events)}\n"
    )
    for event in report.events:
        out.write(f"  * {event['title']}\n")
        for paragraph in _wrap(event["text"], 88):
            out.write(f"      {paragraph}\n")
        if event["options"] and not state.over:
            labels = " / ".join(o["label"] for o in event["options"])
            out.write(f"      Awaiting your answer: {labels}\n")
    v = state.values
    b = report.before
    approval_change = fmt.change("approval", b["approval"], v["approval"]) or "±0"
    out.write(
        f"  Approval {fmt.shown('approval', v['approval'])} ({approval_change}) · "
        f"GDP gap {fmt.shown('gdp_gap', v['gdp_gap'])} · "
        f"unemployment {fmt.shown('unemployment', v['unemployment'])} · "
        f"inflation {fmt.shown('inflation', v['inflation'])} · "
        f"capital {fmt.shown('capital', v['capital'])} · "
        f"fiscal room {fmt.shown('fiscal_room', v['fiscal_room'])}\n"
    )
    advisors = {a.id: a for a in ruleset.advisors}
    order = {r.variable: i for i, r in enumerate(ruleset.readings)}
    seen: set[str] = set()
    notes = []
    for reading in sorted(state.readings, key=lambda r: order.get(r["variable"], 99)):
        if not reading["band"] or reading["variable"] in seen:
            continue
        seen.add(reading["variable"])
        name = advisors[reading["advisor"]].name.split()[-1]
        notes.append(f"{fmt.in_sentence(reading['label'])} {reading['band']} ({name})")
    if notes:
        out.write("  Advisors read " + "; ".join(notes[:3]) + ".\n")


def _params_text(ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> str:
    text = fmt.params_text(ruleset, action_id, params)
    return f" ({text})" if text else ""


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    return lines


def print_ending(state: GameState, out: TextIO) -> None:
    ending = state.ending
    if ending is None:
        return
    score = ending.get("score")
    scored = f", outcome score {fmt.shown('score', score)}" if score is not None else ""
    out.write(f"\n== The end: {ending['title']} — grade {ending['grade']}{scored} ==\n")
    for paragraph in _wrap(ending["explanation"], 92):
        out.write(f"  {paragraph}\n")
    if ending["grade_text"]:
        out.write(f"  {ending['grade_text']}\n")
    out.write(f"  CUSMA: {ending['cusma_status']}.\n")


# --- the command ----------------------------------------------------------------------------


def run_headless(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        sys.stderr.write(f"diplomacy-game play: {exc}\n")
        return 2
    except ContentError as exc:
        sys.stderr.write(
            f"diplomacy-game play: {exc}\nRun 'diplomacy-game validate' for details.\n"
        )
        return 1
    except (SaveError, FileInputError) as exc:
        sys.stderr.write(f"diplomacy-game play: {exc}\n")
        return 1


def _naming(path: Path, message: str) -> str:
    """The message with the file it is about in front, unless it names it already."""
    return message if str(path) in message else f"{path}: {message}"


def _run(args: argparse.Namespace) -> int:
    if args.decisions is None and args.policy is None:
        raise UsageError(
            "say where the decisions come from: --decisions FILE or --policy NAME ("
            + ", ".join(REGISTRY)
            + ")"
        )
    policy_spec = args.policy
    if args.turns is not None and args.turns < 1:
        raise UsageError("--turns must be 1 or more")
    decisions = read_decisions(args.decisions) if args.decisions is not None else None

    if args.load is not None:
        try:
            header = read_header(args.load)
            scenario_id = header["scenario"]
            if args.scenario and args.scenario != scenario_id:
                raise UsageError(f"{args.load} is a game of '{scenario_id}', not '{args.scenario}'")
            try:
                ruleset = load_ruleset(scenario_id, extra=args.content)
            except ContentError:
                raise SaveError(
                    f"this save is a game of '{scenario_id}', which the content cannot provide "
                    "(see 'diplomacy-game scenarios' and 'diplomacy-game validate')"
                ) from None
            state = load_game(args.load, ruleset)
        except SaveError as exc:
            raise SaveError(_naming(args.load, str(exc))) from None
        if args.seed is not None and args.seed != state.seed:
            raise UsageError(
                f"{args.load} was played with seed {state.seed}; drop --seed to continue it"
            )
        if state.over:
            raise UsageError(f"{args.load} is a finished game ({state.ending['title']})")
    else:
        if not args.scenario:
            raise UsageError(
                "choose a scenario with --scenario ID (see 'diplomacy-game scenarios')"
            )
        seed = 1 if args.seed is None else args.seed
        ruleset = load_ruleset(args.scenario, extra=args.content)
        try:
            state = new_game(ruleset, seed)
        except ValueError as exc:
            raise UsageError(str(exc)) from None

    policy = None
    if policy_spec is not None:
        from diplomacy_game.sim.strategy_file import StrategyError, resolve_policy

        try:
            policy = resolve_policy(policy_spec, ruleset)
        except KeyError:
            raise UsageError(
                f"unknown policy '{policy_spec}'; choose one of: {', '.join(REGISTRY)}, or a strategy .toml file"
            ) from None
        except StrategyError as exc:
            raise UsageError(f"the strategy file has problems:\n{exc}") from None

    out = sys.stdout
    if not args.json:
        sc = ruleset.scenario
        if state.turn == 0:
            out.write(f"{sc.title} — seed {state.seed}\n")
            for paragraph in _wrap(sc.description, 92):
                out.write(f"  {paragraph}\n")
        else:
            out.write(f"{sc.title} — seed {state.seed}, continuing after turn {state.turn}\n")

    stopped = error = ""
    game = play_game(ruleset, state, decisions, policy, args.turns)
    while True:
        try:
            new_state, report = next(game)
        except StopIteration:
            break
        except DecisionError as exc:
            what = safe_json.one_line(f"{exc.what}: {exc.reason}", 300)
            error = f"illegal decision at turn {exc.turn}: {what}. Nothing of turn {exc.turn} was applied."
            break
        state = new_state
        if not args.json:
            print_briefing(ruleset, state, report, out)
    if not state.over and not error:
        if args.turns is not None and state.turn < state.last_turn:
            stopped = f"stopped after {args.turns} turn(s) as asked (--turns)"
        else:
            stopped = f"the decisions file has no line for turn {state.turn + 1}"

    if args.save is not None:
        path = save_game(args.save, ruleset, state)
        if not args.json:
            out.write(f"\nSaved to {path} (turn {state.turn} of {state.last_turn}).\n")
    if args.json:
        out.write(
            json.dumps(
                result_json(state, stopped, error, ruleset),
                indent=2,
                ensure_ascii=False,
                allow_nan=False,
            )
            + "\n"
        )
    elif state.over:
        print_ending(state, out)
    elif stopped:
        out.write(f"\nThe game is not over: {stopped}.\n")
    if error:
        sys.stderr.write(f"diplomacy-game play: {error}\n")
        return 1
    return 0
