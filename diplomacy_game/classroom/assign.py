"""Assignments: the files a teacher hands out, each a saved game at turn 0 that remembers
its class, student, scenario and seed. Every later save of that game keeps the record, and
``verify`` checks the game was played with the assigned scenario and seed."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from diplomacy_game.classroom.names import file_part, name_key
from diplomacy_game.engine.game import MAX_SEED, new_game
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves.library import safe_name
from diplomacy_game.saves.store import save_game

MAX_STUDENTS = 2000
MAX_NAME = 120  # characters: a student types it to sign in to a class served in browsers
MAX_ROSTER_BYTES = 1_000_000  # a roster is a name a line (a pipe or a device is refused)


@dataclass
class Assigned:
    student: str
    seed: int
    path: Path
    # False: the file was in the folder already, of the same assignment, and left as it was
    new: bool = True


HEADERS = (
    "name",
    "names",
    "student",
    "students",
    "student name",
    "full name",
    # a French-language class list
    "nom",
    "nom complet",
    "élève",
    "élèves",
    "nom de l'élève",
    "étudiant",
    "étudiante",
)


def one_per_student(names: list[str], notes: list[str]) -> list[str]:
    """The names less those that differ from an earlier one only in case or spacing ("ben
    o'connor" after "Ben O'Connor"): one student, as ``serve`` matches names, kept under the
    first spelling, with a note in ``notes`` for each name dropped."""
    kept: dict[str, str] = {}
    out: list[str] = []
    for name in names:
        key = name_key(name)
        if key in kept:
            notes.append(
                f"'{name}' is the same student as '{kept[key]}' (names are matched regardless"
                f" of case, as 'serve' matches them): one assignment, for '{kept[key]}'"
            )
            continue
        kept[key] = name
        out.append(name)
    return out


def read_students(path: Path) -> list[str]:
    """The roster's names, one per line (blank lines and '#' comments skipped). A plain list
    keeps each line whole ("Smith, John" is one name); a spreadsheet's export (a ``.csv`` or
    ``.tsv`` file, a first line with a tab, or a first line headed ``name`` or ``student``)
    gives the first column of each row, quotes respected, its columns separated by commas,
    semicolons or tabs (UTF-8, or the UTF-16 of a spreadsheet's "Unicode text"). The same name twice is refused, with the lines it is on (names that
    differ only in case: ``one_per_student``)."""
    try:
        raw = read_limited(path, MAX_ROSTER_BYTES, "roster file")
        # a spreadsheet's "Unicode text" is UTF-16, with its byte-order mark
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except FileProblem as exc:
        raise ValueError(str(exc)) from None
    except UnicodeDecodeError:
        raise ValueError(
            f"{path}: not UTF-8 text: save it again as UTF-8 (in a spreadsheet, 'CSV UTF-8';"
            " in a text editor, the UTF-8 encoding), so that accented names are read right"
        ) from None
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#")
    ]
    head = lines[0][1] if lines else ""
    # A spreadsheet's export separates its columns by commas, by semicolons (where the comma
    # is the decimal mark, as in a French-Canadian spreadsheet) or by tabs.
    semicolons = head.count(";") > head.count(",")
    delimiter = "\t" if "\t" in head else ";" if semicolons else ","
    first = next(csv.reader([head], delimiter=delimiter), [""])
    spreadsheet = (
        path.suffix.lower() in (".csv", ".tsv")
        or delimiter == "\t"
        or (len(first) > 1 and first[0].strip().lower() in HEADERS)
    )
    rows: list[tuple[int, str]] = []
    for number, line in lines:
        cells = (
            next(csv.reader([line], delimiter=delimiter), [""])
            if spreadsheet
            else [line.strip('"')]
        )
        # "José  Álvarez" typed with two spaces is the student "José Álvarez" everywhere
        name = " ".join(cells[0].split()) if cells else ""
        if name and name.lower() not in HEADERS:
            rows.append((number, name))
    if not rows:
        raise ValueError(f"{path}: no student names found (one per line)")
    if len(rows) > MAX_STUDENTS:
        raise ValueError(f"{path}: more than {MAX_STUDENTS} students")
    long = [number for number, name in rows if len(name) > MAX_NAME]
    if long:
        raise ValueError(
            f"{path}: a name of more than {MAX_NAME} characters on line {long[0]}: shorten it"
            " (students type their name to sign in)"
        )
    seen: dict[str, list[int]] = {}
    for number, name in rows:
        seen.setdefault(name, []).append(number)
    dupes = {name: at for name, at in seen.items() if len(at) > 1}
    if dupes:
        listed = ", ".join(
            f"{name} (lines {', '.join(map(str, at))})" for name, at in sorted(dupes.items())
        )
        rule = (
            " The roster is read as a spreadsheet: each row's first column is the name, so a"
            ' comma ends it; write a name with a comma in quotes ("Smith, John").'
            if spreadsheet and any("," in line for _, line in lines)
            else ""
        )
        raise ValueError(
            f"{path}: the same name appears twice: {listed}. If they are two students, tell"
            f" them apart (an initial: 'Ana B.'); if one, remove a line.{rule}"
        )
    return [name for _, name in rows]


def student_seed(class_seed: int, student: str) -> int:
    """A seed of the student's own, derived from the class seed and the name."""
    digest = hashlib.sha256(f"{class_seed}\0{student}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % (MAX_SEED + 1)


def game_seed(class_seed: int, student: str, per_student_seed: bool) -> int:
    """The seed a student's file is written with: their own (``student_seed``) with
    ``--seed-per-student``, else the class seed; a file for the whole class has the class seed."""
    return student_seed(class_seed, student) if per_student_seed and student else class_seed


def assignment_state(
    ruleset: Ruleset,
    class_name: str,
    class_seed: int,
    student: str,
    per_student_seed: bool,
    memo_required: bool,
    issued: str,
) -> GameState:
    """A student's game at turn 0 with its assignment record, as their file holds it."""
    seed = game_seed(class_seed, student, per_student_seed)
    state = new_game(ruleset, seed)
    state.assignment = {
        "class": class_name,
        "student": student,
        "scenario": ruleset.scenario.id,
        "seed": seed,
        "class_seed": class_seed,
        "memo_required": memo_required,
        "issued": issued,
    }
    return state


def file_stem(class_name: str, student: str) -> str:
    """An assignment file's name without its ending: the class's and the student's."""
    return safe_name(f"{class_name}-{file_part(student)}" if student else class_name)


def now_issued() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def write_assignments(
    ruleset: Ruleset,
    class_name: str,
    seed: int,
    students: list[str] | None,
    out_dir: Path,
    per_student_seed: bool = False,
    memo_required: bool = False,
) -> list[Assigned]:
    """Write each student's file into ``out_dir``, whatever is there (the ``assign``
    command checks the folder first: ``assign_folder.hand_out``)."""
    issued = now_issued()
    roster = students or [""]
    taken: set[str] = set()
    out: list[Assigned] = []
    for student in roster:
        state = assignment_state(
            ruleset, class_name, seed, student, per_student_seed, memo_required, issued
        )
        stem = file_stem(class_name, student)
        name, k = stem, 2
        while name in taken:
            name, k = f"{stem}-{k}", k + 1
        taken.add(name)
        path = save_game(out_dir / f"{name}.json", ruleset, state, generations=1)
        out.append(Assigned(student, state.seed, path))
    return out
