"""Verify a save by replaying it: same scenario, seed and decisions must give the same game.

What this proves: the game in the file is exactly what the engine produces from its scenario,
its seed and its logged decisions, with this version of the content — no indicator, ending or
grade was edited, and every logged decision was legal when it was made. What it cannot prove:
who made the decisions, or how many times a student replayed the same seed offline before
handing in this game (a seed is a public recipe; a fresh seed per student makes sharing
answers harder, not impossible).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from diplomacy_game.content import ContentError, load_ruleset_once
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import decision_hash, resolve_turn
from diplomacy_game.model.decisions import Decision, DecisionError
from diplomacy_game.saves.store import SaveError, _read, decode, read_header


@dataclass
class Verdict:
    path: str
    ok: bool
    message: str
    scenario: str = ""
    seed: int | None = None
    turns: int = 0
    ending: dict[str, Any] | None = None
    turn: int | None = None  # the first turn that differs, when one does
    where: str = ""  # the field that differs
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "message": self.message,
            "scenario": self.scenario,
            "seed": self.seed,
            "turns": self.turns,
            "ending": self.ending,
            "turn": self.turn,
            "field": self.where,
            **({"assignment": self.details["assignment"]} if "assignment" in self.details else {}),
        }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def first_difference(saved: Any, replayed: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """The first path (in a stable order) where two JSON-like values differ."""
    if isinstance(saved, dict) and isinstance(replayed, dict):
        for key in sorted(set(saved) | set(replayed), key=str):
            here = f"{path}.{key}" if path else str(key)
            if key not in saved or key not in replayed:
                return here, saved.get(key, "(missing)"), replayed.get(key, "(missing)")
            found = first_difference(saved[key], replayed[key], here)
            if found:
                return found
        return None
    if isinstance(saved, list | tuple) and isinstance(replayed, list | tuple):
        for index, (a, b) in enumerate(zip(saved, replayed, strict=False)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        if len(saved) != len(replayed):
            return f"{path} (length)", len(saved), len(replayed)
        return None
    numbers = (int, float)
    if isinstance(saved, numbers) and isinstance(replayed, numbers) and not isinstance(saved, bool):
        if isinstance(saved, int) and isinstance(replayed, int):
            return None if saved == replayed else (path, saved, replayed)  # exact: 128-bit states
        return None if float(saved) == float(replayed) else (path, saved, replayed)
    return None if _same(saved, replayed) else (path, saved, replayed)


LATER_HISTORY_KEYS = ("talks_estimate",)  # history fields added after save format 1


def verify_save(
    path: Path | str, extra: list[Path | str] | None = None, builtin: bool = True
) -> Verdict:
    path = Path(path)
    label = str(path)
    try:
        header = read_header(path)
    except SaveError as exc:
        return Verdict(label, False, f"not a readable save: {exc}")
    scenario = header.get("scenario", "")
    seed = header.get("seed") if isinstance(header.get("seed"), int) else None
    try:
        ruleset = load_ruleset_once(scenario, extra or (), builtin)
    except ContentError:
        return Verdict(
            label,
            False,
            f"played with a scenario this game does not have ('{scenario}')",
            scenario,
            seed,
        )
    try:
        saved = decode(_read(path), ruleset)
    except SaveError as exc:
        text = str(exc)
        if "another version of the content" in text:
            return Verdict(
                label, False, "played with another version of the content", scenario, seed
            )
        return Verdict(label, False, f"the save does not load: {text}", scenario, seed)

    verdict = Verdict(label, True, "", scenario, saved.seed, saved.turn, saved.ending)
    assignment = saved.assignment
    if assignment is not None:
        verdict.details["assignment"] = assignment
        problem = _check_assignment(assignment, saved.scenario_id, saved.seed)
        if problem:
            return _fail(verdict, None, "assignment", problem)

    state = new_game(ruleset, saved.seed)
    state.assignment = saved.assignment  # the assignment's rules (a memo each turn) apply
    for turn, (logged, record) in enumerate(
        zip(saved.decisions, saved.history, strict=True), start=1
    ):
        if decision_hash(logged) != record.get("decision_hash"):
            return _fail(verdict, turn, "decisions", f"the decision log was altered at turn {turn}")
        try:
            decision = Decision.model_validate(logged)
            state, _ = resolve_turn(ruleset, state, decision)
        except (ValidationError, DecisionError) as exc:
            reason = exc.reason if isinstance(exc, DecisionError) else "malformed"
            return _fail(
                verdict,
                turn,
                "decisions",
                f"the decision logged for turn {turn} is not legal: {reason}",
            )
        replayed = state.history[-1]
        # Keys that saves written by earlier versions of the game do not have.
        skip = {"chain"} | {k for k in LATER_HISTORY_KEYS if k not in record}
        diff = first_difference(
            {k: v for k, v in record.items() if k not in skip},
            {k: v for k, v in replayed.items() if k not in skip},
        )
        if not diff and "chain" in record and record["chain"] != replayed.get("chain"):
            return _fail(
                verdict,
                turn,
                "chain",
                f"turn {turn}: the game state differs from the replay in a value the history does not show",
            )
        if diff:
            where, was, now = diff
            return _fail(
                verdict,
                turn,
                where,
                f"turn {turn}: '{where}' is {_show(was)} in the save but {_show(now)} in the replay",
            )
    # The history was compared turn by turn above; now everything else.
    saved_dict = {k: v for k, v in saved.to_dict().items() if k != "history"}
    replayed_dict = {k: v for k, v in state.to_dict().items() if k != "history"}
    diff = first_difference(saved_dict, replayed_dict)
    if diff:
        where, was, now = diff
        return _fail(
            verdict,
            saved.turn,
            where,
            f"after turn {saved.turn}: '{where}' is {_show(was)} in the save but {_show(now)} in the replay",
        )
    ending = (
        f", {saved.ending['title']} (grade {saved.ending['grade']})"
        if saved.ending
        else ", not finished"
    )
    verdict.message = f"consistent: {scenario}, seed {saved.seed}, {saved.turn} turn(s){ending}"
    return verdict


def _check_assignment(assignment: Any, scenario: str, seed: int) -> str:
    if not isinstance(assignment, dict):
        return "the assignment record is malformed"
    if assignment.get("scenario") != scenario:
        return f"assigned scenario '{assignment.get('scenario')}', but the game is '{scenario}'"
    if assignment.get("seed") != seed:
        return f"assigned seed {assignment.get('seed')}, but the game was played with seed {seed}"
    return ""


def _fail(verdict: Verdict, turn: int | None, where: str, message: str) -> Verdict:
    verdict.ok = False
    verdict.turn = turn
    verdict.where = where
    verdict.message = message
    return verdict


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e4 else f"{value:.6g}"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
