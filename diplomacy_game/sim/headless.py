"""Headless play: a whole game from a decisions file or a policy, and the game as JSON.

The ``play`` command (``commands/play.py``) and the tools play through here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from diplomacy_game import fmt
from diplomacy_game.engine.expr import suggest
from diplomacy_game.engine.game import turn_reports, turn_story
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.engine.turn import TurnReport, memo_required, resolve_turn
from diplomacy_game.model.decisions import Decision, DecisionError
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves import safe_json
from diplomacy_game.saves.safe_json import one_line
from diplomacy_game.saves.store import location
from diplomacy_game.sim.policies import Policy, policy_rng

MAX_DECISION_LINES = 10_000
MAX_DECISIONS_BYTES = 16_000_000
MAX_LINE_CHARS = 65_536  # a turn's decision, memo included, is a few kilobytes


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

    def unplayed(self, first: int, last: int, over: bool, stopped_early: bool = False) -> list[str]:
        """What of the file was never played, for a game that played turns ``first`` to
        ``last`` (none when ``last`` < ``first``) and then ended (``over``) or stopped: lines
        for turns before the game's start (a loaded game) or after its last turn, and
        unnumbered lines left over. After a stop asked for (--turns), lines for later turns are
        kept for a later run, not reported."""
        if over:
            end = f"the game ended after turn {last}"
        elif last >= first:
            end = f"the game stopped after turn {last}"
        else:
            end = "no turn was played"
        before = sorted(t for t in self.by_turn if t < first)
        after = sorted(t for t in self.by_turn if t > last)
        out = []
        if before:
            out.append(
                f"{_turn_lines(before)} not played: the game starts at turn {first}"
                " (a line is for the turn it plays, as the game's header numbers it)"
            )
        if after and not stopped_early:
            out.append(f"{_turn_lines(after)} not played: {end}")
        if self.unnumbered and not stopped_early:
            lines = "line was" if len(self.unnumbered) == 1 else "lines were"
            out.append(f"{len(self.unnumbered)} unnumbered {lines} not played: {end}")
        return out


def _turn_lines(turns: list[int]) -> str:
    """ "the line for turn 3", "the lines for turns 1, 2 and 3", at most five named."""
    if len(turns) == 1:
        return f"the line for turn {turns[0]} was"
    named = [str(t) for t in turns[:5]] + ([f"{len(turns) - 5} more"] if len(turns) > 5 else [])
    return f"the lines for turns {fmt.listed(named)} were"


def read_decisions(path: Path) -> DecisionsFile:
    """Read a decisions file: a regular file within MAX_DECISIONS_BYTES, each line JSON within
    the limits any handed-in file keeps to (saves.safe_json). FileInputError otherwise."""
    try:
        data = read_limited(path, MAX_DECISIONS_BYTES, "decisions file")
    except FileProblem as exc:
        raise FileInputError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")  # Notepad's UTF-8 starts with a byte-order mark
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
            raise FileInputError(
                f"{path}:{number}: the line {exc}{where} (each turn's decision is one JSON"
                " object, written on a single line)"
            ) from None
        turn = raw.get("turn") if isinstance(raw, dict) else None
        if turn is not None and (not isinstance(turn, int) or isinstance(turn, bool)):
            # pydantic would read "1", 1.0 and true as turn 1: a line for turn 1 says 1
            raise FileInputError(
                f"{path}:{number}: turn: {json.dumps(turn)[:40]} is not a whole number;"
                ' write it as a number, e.g. "turn": 1'
            )
        try:
            decision = Decision.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = location(err.get("loc", ())) or "line"
            raise FileInputError(f"{path}:{number}: {where}: {_decision_problem(err)}") from None
        if decision.turn is None:
            out.unnumbered.append(decision)
        elif decision.turn in out.by_turn:
            raise FileInputError(f"{path}:{number}: a second line for turn {decision.turn}")
        else:
            out.by_turn[decision.turn] = decision
    return out


def _decision_problem(err: Any) -> str:
    """A decision line's first problem in a player's words, not the validator's."""
    kind, loc = err.get("type", ""), err.get("loc", ())
    if kind == "extra_forbidden" and loc:
        name = one_line(loc[-1], 40)
        if len(loc) > 1:  # inside an action: what an action has is said in the README
            return f"unknown field '{name}'"
        fields = [f for f in Decision.model_fields if f != "memo_by"]  # the strategy's mark
        listed = ", ".join(fields)
        return f"unknown field '{name}'{suggest(str(loc[-1]), fields)}; a line has {listed}"
    if kind in ("model_type", "dict_type"):
        return 'each line is one JSON object in braces: {"turn": 1, "actions": [...]}'
    if kind == "greater_than_equal":
        return f"must be at least {err.get('ctx', {}).get('ge')}"
    return str(err.get("msg", "not valid"))


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
                decision = decision.model_copy(
                    update={"memo": f"[{policy.name}] {policy.idea}", "memo_by": "strategy"}
                )
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
