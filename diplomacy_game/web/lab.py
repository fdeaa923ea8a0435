"""A class playing in browsers: the roster, each student's game, and the hand-in folder.

No Textual here: the server checks the class with it before it starts, and each game process
opens its student's game with it. A student's game is the assignment's (scenario, class,
memo rule) with the student's seed, and it is saved as ``<hand-in folder>/<student>.json``,
one file per student, so that ``verify``, ``class-summary`` and ``report`` read the folder
as it is. Nothing a browser sends becomes a path: the typed name is looked up in the roster,
and the file name comes from the roster's name.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game.classroom.assign import (
    MAX_NAME,
    file_part,
    one_per_student,
    read_students,
    student_seed,
)
from diplomacy_game.saves.library import SUFFIX, SaveLibrary, safe_name
from diplomacy_game.saves.reading import set_aside_name
from diplomacy_game.saves.store import SaveError, read_header

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one browser per name is not enforced there
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState

MAX_ASSIGNMENT_FILES = 2000
MAX_TYPED = MAX_NAME  # characters of a typed name looked at (the box takes as many)
# A game's key: letters and digits that a hand cannot write as one another (no I/1, O/0,
# S/5, Z/2, B/8, G/6).
KEY_LETTERS = "ACDEFHJKLMNPQRTUVWXY3479"
# Wrong keys for one game, in all the class's browsers together, before it takes no more
# for a while: a script trying keys would need months for one game (24**4 keys, ten tries
# in ten minutes), a student who mistypes waits minutes.
MOST_WRONG_KEYS = 10
WRONG_KEYS_WINDOW = 600.0  # seconds
KEY_LENGTH = 4
MAX_KEY_FILE = 64


class LabError(Exception):
    """A problem with the class's files, in one line a teacher can act on."""


@dataclass(frozen=True)
class Student:
    name: str  # as the roster writes it
    seed: int
    stem: str  # the hand-in file's name without .json


@dataclass
class Lab:
    """One class served in browsers."""

    class_name: str
    scenario: str
    class_seed: int
    record: dict[str, Any]  # the assignment record every student's game carries
    students: list[Student]
    hand_in: Path
    content: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the teacher is told at the start

    # --- who is playing ----------------------------------------------------------------

    def find(self, typed: str) -> Student | None:
        """The roster's student for a typed name: case, spacing and accents do not matter,
        as long as only one name on the roster fits."""
        wanted = _plain(typed[:MAX_TYPED])
        if not wanted:
            return None
        exact = [s for s in self.students if _plain(s.name) == wanted]
        if len(exact) == 1:
            return exact[0]
        folded = [s for s in self.students if _folded(s.name) == _folded(wanted)]
        return folded[0] if len(folded) == 1 else None

    def hand_in_path(self, student: Student) -> Path:
        return self.hand_in / f"{student.stem}{SUFFIX}"

    def library(self, student: Student) -> HandInLibrary:
        return HandInLibrary(self.hand_in_path(student))

    # --- the game ------------------------------------------------------------------------

    def new_state(self, ruleset: Ruleset, student: Student) -> GameState:
        """The student's game at turn 0, as ``assign`` would have written it for them."""
        from diplomacy_game.engine.game import new_game

        state = new_game(ruleset, student.seed)
        state.assignment = dict(self.record, student=student.name, seed=student.seed)
        return state

    def check_own(self, state: GameState, student: Student) -> str:
        """Why a game found in the student's hand-in file is not theirs ('' if it is)."""
        record = state.assignment or {}
        if record.get("student") != student.name or record.get("class") != self.class_name:
            return (
                f"{self.hand_in_path(student).name} in the hand-in folder is not "
                f"{student.name}'s game of {self.class_name}"
            )
        if state.scenario_id != self.scenario or state.seed != student.seed:
            return (
                f"{self.hand_in_path(student).name} in the hand-in folder is a game of another "
                "scenario or seed than this class's"
            )
        return ""

    # --- the game key: only the student who started a game can come back to it ----------

    def key_path(self, student: Student) -> Path:
        """Where a student's game key is kept: ``.NAME.key`` beside the hand-in, hidden from
        the saves' listings, one file a student (no two games write one file)."""
        return self.hand_in / f".{student.stem}.key"

    def key_of(self, student: Student) -> str:
        """The key of the student's game ('' when it has none yet)."""
        try:
            text = self.key_path(student).read_text(encoding="ascii")[:MAX_KEY_FILE]
        except (OSError, UnicodeDecodeError):
            return ""
        key = _key_text(text)
        return key if len(key) == KEY_LENGTH else ""

    def issue_key(self, student: Student) -> str:
        """A new key for the student's game, kept beside it (written whole or not at all);
        raises OSError when it cannot be written."""
        from diplomacy_game.saves.store import atomic_write

        key = "".join(secrets.choice(KEY_LETTERS) for _ in range(KEY_LENGTH))
        atomic_write(self.key_path(student), (key + "\n").encode("ascii"))
        return key

    def key_fits(self, student: Student, typed: str) -> bool:
        """Whether the key typed is the student's (case, spaces and dashes do not matter).
        A wrong one is counted beside the game (``.NAME.tries``, shared by every browser)."""
        key = self.key_of(student)
        fits = bool(key) and secrets.compare_digest(_key_text(typed[:40]), key)
        if not fits:
            try:
                with open(self._tries_path(student), "a", encoding="ascii") as tries:
                    tries.write(f"{time.time():.0f}\n")
            except OSError:
                pass
        return fits

    def keys_held_back(self, student: Student) -> bool:
        """Whether so many wrong keys were typed for this game lately that no key is taken
        for a while (``MOST_WRONG_KEYS`` in ``WRONG_KEYS_WINDOW``)."""
        try:
            text = self._tries_path(student).read_text(encoding="ascii")[-4000:]
        except (OSError, UnicodeDecodeError):
            return False
        since = time.time() - WRONG_KEYS_WINDOW
        recent = [t for t in text.split() if t.isdigit() and float(t) >= since]
        return len(recent) >= MOST_WRONG_KEYS

    def _tries_path(self, student: Student) -> Path:
        return self.hand_in / f".{student.stem}.tries"

    def games_without_key(self) -> list[str]:
        """The students whose game is in the hand-in folder with no key yet (a game begun
        before games had keys, or whose key the teacher deleted): the next person to type the
        name gives it one."""
        return [
            s.name for s in self.students if self.hand_in_path(s).exists() and not self.key_of(s)
        ]

    def hold(self, student: Student) -> StudentLock | None:
        """Mark the student's game as open in this process; None if it is open elsewhere."""
        lock = StudentLock(self.hand_in / f".{student.stem}.open")
        return lock if lock.acquire() else None


class HandInLibrary(SaveLibrary):
    """The saves of one student in a class: their own hand-in file and nothing else.

    Whatever name the game asks to save under, it is this file; it is written atomically as
    one file (no older generations beside it, so the hand-in folder holds one save per
    student for ``class-summary``)."""

    def __init__(self, own: Path) -> None:
        super().__init__(own.parent)
        self.own = own

    def path_for(self, name: str) -> Path:
        return self.own

    def autosave_path(self, state: GameState, game_id: str = "") -> Path:
        return self.own

    def save(self, name: str, ruleset: Ruleset, state: GameState) -> Path:
        from diplomacy_game.saves.store import save_game

        return save_game(self.own, ruleset, state, generations=1)

    def autosave(self, ruleset: Ruleset, state: GameState, path: Path) -> Path:
        return self.save("", ruleset, state)

    def list(self) -> list[Any]:
        from diplomacy_game.saves.library import describe

        return [describe(self.own)] if self.own.is_file() else []


class StudentLock:
    """An advisory lock on a file, held while a student's game is open (POSIX; elsewhere it
    always succeeds). The operating system releases it when the game's process ends, however
    it ends, so a closed tab or a killed game never leaves a student locked out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if fcntl is None:
            return True
        try:
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.path, flags, 0o600)
        except OSError:
            return True  # a folder without room for a lock: the save itself will say so
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except OSError:
            pass  # a file system without locks
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


# --- reading the class ----------------------------------------------------------------------


def read_lab(
    assignment: Path,
    hand_in: Path,
    roster: Path | None = None,
    content: list[Path] | None = None,
) -> Lab:
    """The class from the files ``assign`` wrote: its folder, or one file of it (then the
    other files of the same class beside it count too). ``roster`` gives the names when the
    assignment was written for the whole class; its names then play the class's seed, or a
    seed of their own when the assignment gave each student one. Raises LabError."""
    files = _assignment_files(assignment)
    records: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        record = _record_of(path)
        if record is not None:
            records.append((path, record))
    if not records:
        raise LabError(
            f"{assignment}: no assignment file found; write them with "
            "'diplomacy-game assign --scenario ID --seed N --class NAME --students roster.txt'"
        )
    if assignment.is_file() and len(records) > 1:
        first = _record_of(assignment)
        if first is None:
            raise LabError(f"{assignment}: not an assignment file (it records no class)")
        records = [(p, r) for p, r in records if _same_class(r, first)]
    base = records[0][1]
    for path, record in records[1:]:
        if not _same_class(record, base):
            raise LabError(
                f"{path.name} is an assignment of another class or scenario than "
                f"{records[0][0].name}; serve one class at a time (give its own folder)"
            )
    class_name = str(base.get("class") or "")
    class_seed = base.get("class_seed")
    if not isinstance(class_seed, int) or isinstance(class_seed, bool):
        class_seed = base.get("seed")
    if not isinstance(class_seed, int) or isinstance(class_seed, bool):
        raise LabError(f"{records[0][0].name}: the assignment records no seed")
    own_seeds = any(r.get("seed") != class_seed for _, r in records)

    assigned: dict[str, int] = {}
    for _, record in records:
        name = record.get("student")
        seed = record.get("seed")
        if isinstance(name, str) and name and isinstance(seed, int):
            assigned[name] = seed
    if roster is not None:
        try:
            names = read_students(roster)
        except ValueError as exc:
            raise LabError(str(exc)) from None
    else:
        names = list(assigned)
    if not names:
        raise LabError(
            f"{assignment}: the assignment is for the whole class and names no student; "
            "give the names with --students roster.txt (one a line)"
        )

    def seed_of(name: str) -> int:
        if name in assigned:
            return assigned[name]
        return student_seed(class_seed, name) if own_seeds else class_seed

    # Names that differ only in case or spacing are one student: a typed name is matched that
    # way, so two of them could never sign in (``assign`` merges them the same way).
    notes: list[str] = []
    names = one_per_student(names, notes)
    students: list[Student] = []
    taken: set[str] = set()
    for name in names:
        # a name without Latin letters ("李伟") gets the file name ``assign`` gives it, from the
        # name itself, so that it does not depend on the roster's order
        first = _stem(file_part(name), hand_in)
        stem, k = first, 2
        # Two names may make the same file name ("José", "Jose"), on a file system that
        # ignores case too: the later one in the roster gets a number.
        while stem.lower() in taken:
            stem, k = f"{first}-{k}", k + 1
        taken.add(stem.lower())
        students.append(Student(name, seed_of(name), stem))
    record = {
        key: base.get(key)
        for key in ("class", "scenario", "class_seed", "memo_required", "issued")
        if key in base
    }
    record["class_seed"] = class_seed
    return Lab(
        class_name=class_name,
        scenario=str(base.get("scenario") or ""),
        class_seed=class_seed,
        record=record,
        students=students,
        hand_in=hand_in,
        content=list(content or []),
        notes=notes,
    )


def _stem(name: str, hand_in: Path) -> str:
    """A student's file name in the hand-in folder: ``safe_name``'s, or the one an earlier
    version gave the name ("Sren" for "Søren") where that game is already handed in and no
    file has the new name, so that a class upgraded mid-unit goes on with its games."""
    stem = safe_name(name)
    before = safe_name(name, letters=False)
    if before == stem or (hand_in / f"{stem}{SUFFIX}").exists():
        return stem
    return before if (hand_in / f"{before}{SUFFIX}").exists() else stem


def prepare_hand_in(folder: Path) -> None:
    """Create the hand-in folder (and check it takes files); raises LabError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LabError(
            f"cannot create the hand-in folder {folder}: {exc.strerror or exc}"
        ) from None
    if not folder.is_dir():
        raise LabError(f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LabError(f"the hand-in folder {folder} is not writable")


def _assignment_files(path: Path) -> list[Path]:
    try:
        if path.is_dir():
            folder = path
        elif path.is_file():
            folder = path.parent
        else:
            raise LabError(f"{path}: no such file or folder")
        found = sorted(
            p
            for p in folder.glob(f"*{SUFFIX}")
            if not _older_generation(p) and not set_aside_name(p.name) and p.is_file()
        )
    except OSError as exc:
        raise LabError(f"{path}: {exc.strerror or exc}") from None
    if len(found) > MAX_ASSIGNMENT_FILES:
        raise LabError(f"{path}: more than {MAX_ASSIGNMENT_FILES} files")
    if path.is_file() and path not in found:
        found.insert(0, path)
    return found


def _older_generation(path: Path) -> bool:
    return bool(re.fullmatch(r".+\.\d+", path.stem))


def _record_of(path: Path) -> dict[str, Any] | None:
    """The assignment record of an assignment file (turn 0), or None for any other file."""
    try:
        doc = read_header(path)
    except SaveError:
        return None
    state = doc.get("state")
    record = state.get("assignment") if isinstance(state, dict) else None
    if not isinstance(record, dict) or doc.get("turn") != 0:
        return None
    return record


def _same_class(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("class", "scenario", "class_seed", "memo_required")
    return all(a.get(k) == b.get(k) for k in keys)


# What a phone or a keyboard may type for the same mark: a curly apostrophe for "O'Connor", a
# space, a dash or nothing for the hyphen of "Jean-François".
# An apostrophe of any kind, or none: "Ben O’Connor" and "Ben OConnor" are Ben O'Connor.
_APOSTROPHES = str.maketrans(dict.fromkeys("'\u2019\u2018\u02bc`\u00b4", ""))
_JOINS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")


def _key_text(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _folded(text: str) -> str:
    """A name as it is matched when its exact spelling is not: no accents, no apostrophes,
    and hyphens, dashes and spaces alike."""
    decomposed = unicodedata.normalize("NFKD", _plain(text).translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _JOINS.sub(" ", bare).strip()
