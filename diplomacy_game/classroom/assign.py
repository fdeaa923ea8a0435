"""Assignments: the files a teacher hands out, each a saved game at turn 0 that remembers
its class, student, scenario and seed. Every later save of that game keeps the record, and
``verify`` checks the game was played with the assigned scenario and seed."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from diplomacy_game.engine.game import MAX_SEED, new_game
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves.library import safe_name
from diplomacy_game.saves.store import save_game

MAX_STUDENTS = 2000
MAX_ROSTER_BYTES = 1_000_000  # a roster is a name a line (a pipe or a device is refused)


@dataclass
class Assigned:
    student: str
    seed: int
    path: Path


def read_students(path: Path) -> list[str]:
    """One student per line (blank lines and '#' comments skipped; a CSV's first column)."""
    try:
        text = read_limited(path, MAX_ROSTER_BYTES, "roster file").decode("utf-8-sig")
    except FileProblem as exc:
        raise ValueError(str(exc)) from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    names: list[str] = []
    for line in text.splitlines():
        name = line.split(",")[0].strip().strip('"')
        if name and not name.startswith("#") and name.lower() not in ("name", "student"):
            names.append(name)
    if not names:
        raise ValueError(f"{path}: no student names found (one per line)")
    if len(names) > MAX_STUDENTS:
        raise ValueError(f"{path}: more than {MAX_STUDENTS} students")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"{path}: the same name appears twice: {', '.join(dupes)}")
    return names


def student_seed(class_seed: int, student: str) -> int:
    """A seed of the student's own, derived from the class seed and the name."""
    digest = hashlib.sha256(f"{class_seed}\0{student}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % (MAX_SEED + 1)


def write_assignments(
    ruleset: Ruleset,
    class_name: str,
    seed: int,
    students: list[str] | None,
    out_dir: Path,
    per_student_seed: bool = False,
    memo_required: bool = False,
) -> list[Assigned]:
    issued = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    roster = students or [""]
    taken: set[str] = set()
    out: list[Assigned] = []
    for student in roster:
        game_seed = student_seed(seed, student) if per_student_seed and student else seed
        state = new_game(ruleset, game_seed)
        state.assignment = {
            "class": class_name,
            "student": student,
            "scenario": ruleset.scenario.id,
            "seed": game_seed,
            "class_seed": seed,
            "memo_required": memo_required,
            "issued": issued,
        }
        stem = safe_name(f"{class_name}-{student}" if student else class_name)
        name, k = stem, 2
        while name in taken:
            name, k = f"{stem}-{k}", k + 1
        taken.add(name)
        path = save_game(out_dir / f"{name}.json", ruleset, state, generations=1)
        out.append(Assigned(student, game_seed, path))
    return out
