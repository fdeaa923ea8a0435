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
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from diplomacy_game import fmt
from diplomacy_game.classroom.verdict import INTERNAL_ERROR, Verdict
from diplomacy_game.content import ContentError, load_ruleset_once
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import (
    chain_of,
    decision_hash,
    legacy_state_chain,
    resolve_turn,
    state_chain,
)
from diplomacy_game.model.decisions import Decision, DecisionError
from diplomacy_game.saves.reading import ContentVersionError, parse_document, read_bytes
from diplomacy_game.saves.store import (
    CHECKSUM_MISMATCH,
    ChecksumMismatch,
    SaveError,
    decode,
    decode_unsealed,
    values_added_in_5,
)

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState

__all__ = ["INTERNAL_ERROR", "Verdict", "verify_save"]


# Two floats agree when they differ by no more than this, relatively (or absolutely, near 0).
# Two machines differ in the last bit or two of a power or a logarithm (2e-16 relative), and
# such a difference grows to a few times that over a game; an edit that changes a figure a
# player can see moves it by 1e-6 relative or more. Everything discrete is compared exactly.
REL_TOL = 1e-9
ABS_TOL = 1e-12
# A difference beyond the tolerance but below this, after drift, is rounding that grew.
TINY = 1e-7


def relative_difference(a: float, b: float) -> float:
    """|a - b| relative to the larger magnitude (0 when equal, inf when either is not finite)."""
    if a == b:
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return 0.0 if math.isnan(a) and math.isnan(b) else math.inf
    return abs(a - b) / max(abs(a), abs(b))


def floats_agree(a: float, b: float) -> bool:
    return a == b or (
        math.isfinite(a)
        and math.isfinite(b)
        and abs(a - b) <= max(ABS_TOL, REL_TOL * max(abs(a), abs(b)))
    )


@dataclass
class Comparison:
    """Compares a saved value with its replay: floats within the tolerance, the rest exactly,
    keeping the largest float difference seen within the tolerance (the machine's drift)."""

    drift: float = 0.0

    def first_difference(
        self, saved: Any, replayed: Any, path: str = ""
    ) -> tuple[str, Any, Any] | None:
        """The first path (in a stable order) where two JSON-like values differ."""
        if not path and _identical(saved, replayed):
            return None
        if isinstance(saved, dict) and isinstance(replayed, dict):
            for key in sorted(set(saved) | set(replayed), key=str):
                here = f"{path}.{key}" if path else str(key)
                if key not in saved or key not in replayed:
                    return here, saved.get(key, "(missing)"), replayed.get(key, "(missing)")
                found = self.first_difference(saved[key], replayed[key], here)
                if found:
                    return found
            return None
        if isinstance(saved, list | tuple) and isinstance(replayed, list | tuple):
            for index, (a, b) in enumerate(zip(saved, replayed, strict=False)):
                found = self.first_difference(a, b, f"{path}[{index}]")
                if found:
                    return found
            if len(saved) != len(replayed):
                return f"{path} (length)", len(saved), len(replayed)
            return None
        if isinstance(saved, bool) or isinstance(replayed, bool):
            return (
                None
                if type(saved) is type(replayed) and saved == replayed
                else (path, saved, replayed)
            )
        if isinstance(saved, int) and isinstance(replayed, int):
            return None if saved == replayed else (path, saved, replayed)  # exact: 128-bit states
        if isinstance(saved, int | float) and isinstance(replayed, int | float):
            a, b = float(saved), float(replayed)
            if not floats_agree(a, b):
                return path, saved, replayed
            if a != b:
                self.drift = max(self.drift, relative_difference(a, b))
            return None
        return None if saved == replayed else (path, saved, replayed)


def _identical(saved: Any, replayed: Any) -> bool:
    """Whether two JSON-like values are the same, types and all (true is not 1, 1 is not 1.0):
    equal, and written alike as JSON. The usual case, on the machine that saved the game; when
    it does not hold, the comparison goes through the values one by one."""
    try:
        return saved == replayed and json.dumps(saved) == json.dumps(replayed)
    except (TypeError, ValueError, RecursionError):
        return False


# History fields added after save format 1 (talks_estimate) and in format 4 (unrounded).
LATER_HISTORY_KEYS = ("talks_estimate", "unrounded")
CHAIN_KEYS = ("chain", "legacy_chain")


@dataclass
class _Replay:
    """What the replay has seen so far, to tell an edit from a difference between machines."""

    compare: Comparison = field(default_factory=Comparison)
    drift_turn: int | None = None  # the first turn whose floats differed in the last digits
    broken_chain: list[int] = field(default_factory=list)  # turns whose chain does not match
    legacy_unchecked: list[int] = field(default_factory=list)  # legacy links that did not match

    def note_drift(self, turn: int) -> None:
        if self.compare.drift and self.drift_turn is None:
            self.drift_turn = turn

    def diverged_since(self, turn: int) -> int | None:
        """The turn from which every chain up to ``turn`` failed (a path that split off), or
        None. A rewritten memo breaks one link only: the next turn links to it again."""
        if not self.broken_chain or self.broken_chain[-1] != turn:
            return None
        first = turn
        while first - 1 in self.broken_chain:
            first -= 1
        return first


def verify_save(
    path: Path | str,
    extra: list[Path | str] | None = None,
    builtin: bool = True,
    data: bytes | None = None,
    header: dict[str, Any] | None = None,
) -> Verdict:
    """The verdict on a save, by replaying it. ``data``: the file's bytes, when the caller has
    read them already (the verdict is then on exactly those bytes); ``header``: the document
    parsed from those bytes, when the caller has parsed them too."""
    path = Path(path)
    label = str(path)
    try:  # read and parsed once; decoded from these below
        if data is None:
            data, header = read_bytes(path), None
        if not data.strip():  # not "not valid JSON (expecting value)"
            return Verdict(
                label,
                False,
                "not a readable save: the file is empty (nothing was written to it)",
                kind="unreadable",
            )
        if header is None:
            header = parse_document(data)
    except SaveError as exc:
        return Verdict(
            label, False, f"not a readable save: {exc.without_name(path)}", kind="unreadable"
        )
    scenario = header.get("scenario", "")
    seed = header.get("seed") if isinstance(header.get("seed"), int) else None
    version = header.get("version") if isinstance(header.get("version"), int) else 0
    try:
        ruleset = load_ruleset_once(scenario, extra or (), builtin)
    except ContentError:
        return Verdict(
            label,
            False,
            f"played with a scenario this game does not have ('{scenario}')",
            scenario,
            seed,
            kind="unreadable",
        )
    try:
        saved = decode(data, ruleset, header)  # the file itself: no fallback, nothing moved
    except ContentVersionError as exc:
        return Verdict(
            label,
            False,
            f"played with another version of the game or its content (the save's is {exc.saved},"
            f" this "
            f"game's {exc.ours}): check it with the game and content packs the class played "
            "(--content PACK); or, if the game was updated since, the student opens it with "
            "'diplomacy-game load FILE', which plays it again under this version, and hands "
            "that game in",
            scenario,
            seed,
            kind="content",
        )
    except ChecksumMismatch:
        # Edited by hand without being sealed again, or damaged: what it claims is still
        # replayed, so that the teacher learns what was changed.
        try:
            saved = decode_unsealed(data, ruleset, header)
        except SaveError as exc:
            return Verdict(
                label,
                False,
                f"{CHECKSUM_MISMATCH}, and it cannot be replayed: {exc}",
                scenario,
                seed,
                kind="unreadable",
            )
        return _unsealed(_judged(label, scenario, saved, ruleset, version))
    except SaveError as exc:
        return Verdict(
            label, False, f"the save does not load: {exc}", scenario, seed, kind="unreadable"
        )
    return _judged(label, scenario, saved, ruleset, version)


def _unsealed(verdict: Verdict) -> Verdict:
    """The verdict on a save whose checksum does not match: failed, saying so first, then what
    the replay found."""
    if verdict.ok:
        game = verdict.message.removeprefix("consistent: ")
        message = (
            f"{CHECKSUM_MISMATCH} outside its game (when it was saved, or its layout): the game"
            f" replays as saved ({game})"
        )
        _fail(verdict, None, "checksum", message)
    else:
        verdict.message = f"{CHECKSUM_MISMATCH}; {verdict.message}"
        verdict.kind = "altered"
    return verdict


def _judged(label: str, scenario: str, saved: GameState, ruleset: Ruleset, version: int) -> Verdict:
    """The verdict on the game a save holds, by replaying it from its seed and decisions."""
    verdict = Verdict(label, True, "", scenario, saved.seed, saved.turn, saved.ending, state=saved)
    verdict.content = ruleset.content_digest
    assignment = saved.assignment
    if assignment is not None:
        verdict.details["assignment"] = assignment
        problem = _check_assignment(assignment, saved.scenario_id, saved.seed)
        if problem:
            return _fail(verdict, None, "assignment", problem)

    replay = _Replay()
    state = new_game(ruleset, saved.seed)
    state.assignment = saved.assignment  # the assignment's rules (a memo each turn) apply
    previous_link = ""
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
            split = replay.diverged_since(turn - 1)
            if split is not None and replay.drift_turn is not None:
                return _machine(
                    verdict,
                    replay,
                    turn,
                    "decisions",
                    f"turn {turn}'s decision no longer fits the replayed game ({reason})",
                    split,
                )
            return _fail(
                verdict,
                turn,
                "decisions",
                f"the decision logged for turn {turn} is not legal: {reason}",
            )
        # The chain first: whether the replayed game is still the saved one, discretely.
        link_problem = _check_link(record, previous_link, state, version, turn, replay)
        if link_problem:
            return _fail(verdict, turn, "chain", link_problem)
        previous_link = chain_of(record)
        replayed = state.history[-1]
        # Keys that saves written by earlier versions of the game do not have.
        skip = {*CHAIN_KEYS} | {k for k in LATER_HISTORY_KEYS if k not in record}
        diff = replay.compare.first_difference(
            {k: v for k, v in record.items() if k not in skip},
            {k: v for k, v in replayed.items() if k not in skip},
        )
        if diff:
            return _differs(verdict, replay, turn, diff, f"turn {turn}")
        replay.note_drift(turn)
    # The history was compared turn by turn above; now everything else.
    saved_dict = {k: v for k, v in saved.to_dict().items() if k != "history"}
    replayed_dict = {k: v for k, v in state.to_dict().items() if k != "history"}
    if version < 5:  # values the file's format did not have yet
        later = set(values_added_in_5(saved_dict["values"]))
        for d in (saved_dict, replayed_dict):
            d["values"] = {k: v for k, v in d["values"].items() if k not in later}
    diff = replay.compare.first_difference(saved_dict, replayed_dict)
    if diff:
        return _differs(verdict, replay, saved.turn, diff, f"after turn {saved.turn}")
    replay.note_drift(saved.turn)
    if replay.broken_chain:
        turn = replay.broken_chain[0]
        return _fail(
            verdict,
            turn,
            "chain",
            f"the decision log was altered at turn {turn} (its link in the save's chain does not"
            " match the replay: a memo or a decision was rewritten)",
        )
    if replay.legacy_unchecked and replay.drift_turn is None:
        # This machine reproduces the saving machine's floats exactly: the old chain holds.
        turn = replay.legacy_unchecked[0]
        return _fail(
            verdict,
            turn,
            "chain",
            f"turn {turn}: the game state differs from the replay in a value the history does"
            " not show, or the decision log was rewritten",
        )
    ending = (
        f", {saved.ending['title']} (grade {saved.ending['grade']})"
        if saved.ending
        else ", not finished"
    )
    verdict.message = f"consistent: {scenario}, seed {saved.seed}, {fmt.turns(saved.turn)}{ending}"
    if replay.drift_turn is not None:
        verdict.details["drift"] = replay.compare.drift
        verdict.message += (
            f" (replayed within floating-point rounding: this machine's arithmetic differs from"
            f" the saving machine's by at most {replay.compare.drift:.1e} relative)"
        )
    if replay.legacy_unchecked and replay.drift_turn is not None:
        verdict.message += (
            "; this save was written by an earlier version whose check of the decision log"
            " needs a machine that computes as the saving one did, so an edited memo could not"
            " be ruled out here"
        )
    return verdict


def _check_link(
    record: dict[str, Any], previous: str, state: Any, version: int, turn: int, replay: _Replay
) -> str:
    """Check a turn's link in the chain; returns a message when the save must fail at once."""
    if "chain" in record:
        if record["chain"] != state_chain(previous, record["decision_hash"], state):
            replay.broken_chain.append(turn)
        return ""
    if "legacy_chain" in record:
        link = record["legacy_chain"]
        if link != legacy_state_chain(previous, record["decision_hash"], state):
            # Over floats bit for bit: decided at the end, once it is known whether this
            # machine's arithmetic matches the saving machine's.
            replay.legacy_unchecked.append(turn)
        return ""
    if version >= 3:
        return f"turn {turn} has no link in the save's chain: the file was edited"
    return ""


def _differs(
    verdict: Verdict, replay: _Replay, turn: int, diff: tuple[str, Any, Any], when: str
) -> Verdict:
    where, was, now = diff
    what = f"'{where}' is {_show(was, now)} in the save but {_show(now, was)} in the replay"
    drifted = replay.drift_turn is not None or replay.compare.drift > 0
    split = replay.diverged_since(turn)
    tiny = (
        isinstance(was, int | float)
        and isinstance(now, int | float)
        and not isinstance(was, bool)
        and relative_difference(float(was), float(now)) < TINY
    )
    if drifted and (split is not None or tiny):
        return _machine(verdict, replay, turn, where, what, split)
    if replay.legacy_unchecked and replay.drift_turn is not None and tiny:
        return _machine(verdict, replay, turn, where, what, None)
    return _fail(verdict, turn, where, f"{when}: {what}")


def _machine(
    verdict: Verdict, replay: _Replay, turn: int, where: str, what: str, split: int | None
) -> Verdict:
    since = replay.drift_turn if replay.drift_turn is not None else turn
    path = (
        f"from turn {split} the replay took another path; at turn {turn} {what}"
        if split is not None
        else f"at turn {turn} {what}"
    )
    _fail(
        verdict,
        turn,
        where,
        f"not confirmed on this machine, but not altered: {path}. The decisions are intact;"
        f" this machine's arithmetic has differed from the saving machine's in the last digits"
        f" since turn {since}, and that grew into this difference. Verify it on a machine like"
        f" the one it was played on",
    )
    verdict.kind = "machine"
    return verdict


def _check_assignment(assignment: Any, scenario: str, seed: int) -> str:
    from diplomacy_game.classroom.assign import student_seed  # only for assigned games

    if not isinstance(assignment, dict):
        return "the assignment record is malformed"
    if assignment.get("scenario") != scenario:
        return f"assigned scenario '{assignment.get('scenario')}', but the game is '{scenario}'"
    if assignment.get("seed") != seed:
        return f"assigned seed {assignment.get('seed')}, but the game was played with seed {seed}"
    student, class_seed = assignment.get("student"), assignment.get("class_seed")
    own_seeds = assignment.get("per_student_seed") is True or (
        isinstance(class_seed, int) and class_seed != seed
    )
    named = isinstance(student, str) and bool(student)
    if (
        own_seeds
        and named
        and isinstance(class_seed, int)
        and not isinstance(class_seed, bool)
        and student_seed(class_seed, student) != seed
    ):
        return (
            f"the save names student '{student}', but seed {seed} is not the seed assigned"
            f" to that name: it was handed out to another student, or the name was edited"
        )
    return ""


def _fail(verdict: Verdict, turn: int | None, where: str, message: str) -> Verdict:
    verdict.ok = False
    verdict.kind = "altered"
    verdict.turn = turn
    verdict.where = where
    verdict.message = message
    return verdict


def _show(value: Any, other: Any = None) -> str:
    """A value for a message; a float with as many digits as it takes to differ from ``other``
    (never "0.3427 in the save but 0.3427 in the replay")."""
    if isinstance(value, float):
        text = f"{value:.4g}" if abs(value) < 1e4 else f"{value:.6g}"
        if isinstance(other, int | float) and not isinstance(other, bool) and other != value:
            for digits in range(4, 18):
                text = f"{value:.{digits}g}"
                if text != f"{float(other):.{digits}g}":
                    break
            else:
                text = repr(value)
        return text
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
