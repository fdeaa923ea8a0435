"""What a class was assigned, and which hand-ins were played with something else.

``verify`` proves a save is the game its own scenario, seed and decisions produce, and that
the game fits the assignment record the save carries. A save of another seed, another
scenario or another class carries its own record (or none), and is just as consistent: it is
the class's hand-ins together that say what the class was assigned. Each save's record names
the class, the scenario, the class seed (each student's own seed derives from it and their
name, which ``verify`` checks) and whether memos were required; the assignment shared by most
of the hand-ins is the class's, and every game with another (or with no record, when the
class has records) is set apart with the reason. Without any record (a class told "everyone
play seed 42"), the scenario and seed most of the games share stand for the assignment.

This module reads only the saves' headers (``handin.describe``): no engine, no replay.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game.classroom.handin import HandIn, describe, find_saves
from diplomacy_game.classroom.names import ClassList, file_key
from diplomacy_game.saves.safe_json import one_line

# What makes two assignment records the same assignment (as ``serve`` tells one class's files
# from another's): the class, the scenario, the class seed and whether memos are required.
Key = tuple[str, str, int | None, bool | None]


@dataclass
class ClassAssignment:
    """The class's assignment as the hand-ins tell it, and the games played with another."""

    key: Key | None = None  # None: no hand-in says (or the hand-ins are split evenly)
    from_records: bool = True  # from assignment records; else from the games' scenario and seed
    support: int = 0  # how many games share it
    games: int = 0  # of how many readable games
    tie: str = ""  # when the hand-ins are split evenly between assignments: which
    named: bool = False  # named by the teacher (``--assignment``), not told from the hand-ins
    problems: dict[Path, str] = field(default_factory=dict)  # game -> why it is not the class's

    def fits(self, path: Path) -> bool:
        return path not in self.problems

    def describe(self) -> str:
        """The assignment in words, with where it comes from."""
        if self.key is None:
            return self.tie or "no assignment could be told from the hand-ins"
        class_name, scenario, seed, memo = self.key
        if self.from_records:
            what = f"'{one_line(class_name)}': {one_line(scenario)}, class seed {seed}"
            if memo:
                what += ", memos required"
            source = f"the assignment record of {self.support} of {self.games} games"
            if self.named:
                has = "has" if self.support == 1 else "have"
                source = f"named with --assignment; {self.support} of {self.games} games {has} it"
        else:
            what = f"{one_line(scenario)}, seed {seed}"
            source = f"no assignment records; the scenario and seed of {self.support} of {self.games} games"
        return f"{what} ({source})"


def _record_key(item: HandIn) -> Key | None:
    record = item.assignment
    if not isinstance(record, dict):
        return None
    class_name = record.get("class")
    scenario = record.get("scenario")
    class_seed = record.get("class_seed")
    if not isinstance(class_seed, int) or isinstance(class_seed, bool):
        seed = record.get("seed")  # a record written before class seeds were kept
        class_seed = seed if isinstance(seed, int) and not isinstance(seed, bool) else None
    memo = record.get("memo_required")
    return (
        class_name if isinstance(class_name, str) else "",
        scenario if isinstance(scenario, str) else item.scenario,
        class_seed,
        memo if isinstance(memo, bool) else False,
    )


def _why(item: HandIn, key: Key, expected: Key, from_records: bool) -> str:
    """Why a game is not the class's assignment, in words a teacher can act on."""
    class_name, scenario, seed, memo = expected
    if not from_records:
        if item.scenario != scenario:
            return f"played '{one_line(item.scenario)}'; the class played '{one_line(scenario)}'"
        return f"played with seed {item.seed}; the class played seed {seed}"
    got_class, got_scenario, got_seed, got_memo = key
    if got_class != class_name:
        return (
            f"assigned to class '{one_line(got_class)}', not '{one_line(class_name)}'"
            f" ({one_line(got_scenario)}, class seed {got_seed})"
        )
    if got_scenario != scenario:
        return (
            f"a game of '{one_line(got_scenario)}'; the class was assigned '{one_line(scenario)}'"
        )
    if got_seed != seed:
        return f"class seed {got_seed}; the class was assigned class seed {seed}"
    if got_memo != memo:
        said = "required" if memo else "not required"
        return f"its assignment differs: memos {said} for the class, not in this game's"
    return "another assignment"


def read_assignment(path: Path) -> tuple[Key | None, str]:
    """The assignment a teacher names with ``--assignment``: a file ``assign`` wrote, or the
    folder of them (one a student, all of one class). Returns (key, '') or (None, why)."""
    key, _, problem = read_class(path)
    return key, problem


def read_class(path: Path) -> tuple[Key | None, ClassList, str]:
    """``read_assignment``, with the students the assignment's files name (the class list,
    to tell who handed nothing in, with the names of their files: ``names.ClassList``):
    (key, students, '') or (None, [], why)."""
    if not os.path.lexists(path):
        return None, ClassList(), f"{one_line(str(path), 300)}: no such assignment file or folder"
    # the files as the hand-ins are found (hidden and set-aside files left out, a bounded read)
    files = find_saves([path]).paths
    keys: Counter[Key] = Counter()
    students: list[str] = []
    owners: dict[str, set[str]] = {}  # a file's name -> the students it could be for
    for file in files:
        item = describe(file)
        key = _record_key(item) if item.readable and item.turn == 0 else None
        if key is not None:
            keys[key] += 1
            if item.student:
                students.append(item.student)
                # the file 'assign' wrote, and the name 'serve' hands the game in under
                for name in (file.stem.casefold(), file_key(item.student)):
                    owners.setdefault(name, set()).add(item.student)
    if not keys:
        return (
            None,
            ClassList(),
            (
                f"{one_line(str(path), 300)}: no assignment there (the files 'assign' writes, or "
                "their folder)"
            ),
        )
    if len(keys) > 1:
        found = "; ".join(f"'{one_line(k[0])}' {one_line(k[1])} class seed {k[2]}" for k in keys)
        return (
            None,
            ClassList(),
            (
                f"{one_line(str(path), 300)} holds the assignments of {len(keys)} classes ({found}):"
                " name one class's folder or file"
            ),
        )
    files = {name: next(iter(who)) for name, who in owners.items() if len(who) == 1}
    key = next(iter(keys))
    return key, ClassList(students, files, key[0]), ""


def class_assignment(games: Sequence[HandIn], expected: Key | None = None) -> ClassAssignment:
    """The class's assignment (``expected``, as the teacher names it, else the one most of
    the readable hand-ins share), and why each other game is not the class's. Without
    ``expected``, an even split names the assignments and sets nothing apart."""
    readable = [g for g in games if g.readable and g.scenario]
    out = ClassAssignment(games=len(readable))
    keys = {g.path: _record_key(g) for g in readable}
    if expected is not None:
        out.key, out.named = expected, True
        out.support = sum(k == expected for k in keys.values())
        _set_apart(out, readable, keys, expected)
        return out
    records = Counter(k for k in keys.values() if k is not None)
    without = sum(k is None for k in keys.values())
    # Records decide unless more games have none (a class told "everyone play seed 42", where
    # one student opened another class's assignment file).
    if records and records.most_common(1)[0][1] >= without:
        ranked = records.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            out.tie = _tie(
                ranked, lambda k: f"'{one_line(k[0])}' {one_line(k[1])} class seed {k[2]}"
            )
            return out
        out.key, out.support = ranked[0]
        _set_apart(out, readable, keys, out.key)
        return out
    plain = Counter((g.scenario, g.seed) for g in readable)
    if not plain:
        return out
    ranked_plain = plain.most_common()
    if len(ranked_plain) > 1 and ranked_plain[0][1] == ranked_plain[1][1]:
        out.tie = _tie(ranked_plain, lambda k: f"{one_line(k[0])} seed {k[1]}")
        return out
    (scenario, seed), out.support = ranked_plain[0]
    out.from_records = False
    out.key = ("", scenario, seed, None)
    for g in readable:
        if (g.scenario, g.seed) != (scenario, seed):
            out.problems[g.path] = _why(g, ("", g.scenario, g.seed, None), out.key, False)
    return out


def _set_apart(
    out: ClassAssignment, readable: list[HandIn], keys: dict[Path, Key | None], expected: Key
) -> None:
    """Every readable game whose assignment record is not ``expected``, with the reason."""
    for g in readable:
        key = keys[g.path]
        if key is None:
            out.problems[g.path] = (
                f"no assignment record: a game started without the class's assignment file"
                f" ({one_line(g.scenario)}, seed {g.seed})"
            )
        elif key != expected:
            out.problems[g.path] = _why(g, key, expected, True)


def _tie(ranked: list[tuple[Any, int]], name: Any) -> str:
    split = "; ".join(f"{n} played {name(k)}" for k, n in ranked[:4])
    return (
        f"the hand-ins do not share one assignment ({split}) and none has a majority, so none"
        " is set apart: check them one class at a time"
    )
