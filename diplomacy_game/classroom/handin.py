"""A hand-in folder as a teacher receives it: which files are games, which are backups, whose
game each one is, and which students handed in more than one.

Thirty students dropping saves into one folder bring autosaves, saves under a name and the
backups the game keeps beside them (``NAME.1.json``, ``NAME.2.json``). A backup is an older
state of the same game, not another student: it is set aside with a note, unless the save it
backs up was not handed in, in which case the newest backup stands for the game. Files that
name the same student (by the assignment they were handed out with) are duplicates; one game
per student is counted and the others are named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game.saves.reading import SaveError, parse_document, read_bytes
from diplomacy_game.saves.safe_json import one_line

SUFFIX = ".json"
MAX_FILES = 5_000  # files of a folder looked at
# Up to this many hand-ins, each file's bytes and document are kept from the first reading for
# its check (a class or a few); a larger pile is read again file by file, to hold less at once.
KEEP_READ = 300
_BACKUP = re.compile(r"(?P<stem>.+)\.(?P<n>[1-9][0-9]?)")  # NAME.1 ... NAME.99


@dataclass
class HandIn:
    """One handed-in file that stands for a game."""

    path: Path
    student: str = ""  # from the assignment record; '' when the save has none
    class_name: str = ""
    readable: bool = True  # whether its header could be read at all
    turn: int = 0
    finished: bool = False
    saved_at: str = ""
    backup_of: Path | None = None  # set when a backup stands in for a save not handed in
    # The bytes read and the document parsed from them, for the check of this very file.
    data: bytes | None = field(default=None, repr=False, compare=False)
    doc: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> tuple[str, str] | None:
        """Who the game belongs to; None when the file does not say (one game per file)."""
        return (self.class_name, self.student) if self.student else None

    def kept(self) -> dict[str, Any]:
        """The bytes and document kept from the first reading, as the check's keywords
        (``verdicts.checked``); the item lets go of them, since a file is checked once."""
        out = {"data": self.data, "doc": self.doc}
        self.data = self.doc = None
        return out

    @property
    def who(self) -> str:
        """The student's name, else the file's, for a line a teacher reads."""
        return one_line(self.student) if self.student else one_line(self.path.name)


@dataclass
class Sorted:
    """What a list of hand-ins comes to: the games to check, the files set aside (with why),
    and the students who handed in more than one game."""

    games: list[HandIn] = field(default_factory=list)
    set_aside: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: dict[tuple[str, str], list[HandIn]] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """One line for each file set aside and each student with several games."""
        lines = [f"{one_line(str(p), 300)}: {note}" for p, note in self.set_aside]
        lines.extend(
            f"{one_line(str(g.path), 300)}: the backup of {one_line(g.backup_of.name)}, which"
            " was not handed in: counted as the game"
            for g in self.games
            if g.backup_of is not None
        )
        for games in self.duplicates.values():
            names = ", ".join(one_line(g.path.name, 120) for g in games)
            lines.append(f"{games[0].who} handed in {len(games)} games: {names}")
        return lines


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the ``.json`` files of each folder given (in name order; hidden
    files and saves the game set aside as damaged are left out). A folder named like a save
    file is taken as given, for the check to say it is not a save."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir() and path.suffix != SUFFIX:
            found = []
            try:
                for _, entry in zip(range(MAX_FILES), path.iterdir(), strict=False):
                    name = entry.name
                    if (
                        name.endswith(SUFFIX)
                        and not name.startswith(".")
                        and ".damaged-" not in name
                    ):
                        found.append(entry)
            except OSError:
                continue
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def backup_of(path: Path) -> Path | None:
    """NAME.json for a backup NAME.N.json that the game's rotation writes, else None."""
    if path.suffix != SUFFIX:
        return None
    match = _BACKUP.fullmatch(path.stem)
    return path.with_name(match["stem"] + SUFFIX) if match else None


def describe(path: Path, keep: bool = False) -> HandIn:
    """Whose game a file holds and how far it went, read from its header (never raising);
    ``keep``: the item keeps the bytes read and the document parsed, for the check."""
    item = HandIn(path)
    try:
        data = read_bytes(path)
        if keep:
            item.data = data
        doc = parse_document(data)
    except SaveError:
        item.readable = False
        return item
    if keep:
        item.doc = doc
    state = doc.get("state")
    assignment = state.get("assignment") if isinstance(state, dict) else None
    if isinstance(assignment, dict):
        student, class_name = assignment.get("student"), assignment.get("class")
        item.student = student if isinstance(student, str) else ""
        item.class_name = class_name if isinstance(class_name, str) else ""
    turn = doc.get("turn")
    item.turn = turn if isinstance(turn, int) and not isinstance(turn, bool) else 0
    item.finished = isinstance(state, dict) and state.get("ending") is not None
    saved_at = doc.get("saved_at")
    item.saved_at = saved_at if isinstance(saved_at, str) else ""
    return item


def sort_hand_ins(paths: Sequence[Path]) -> Sorted:
    """Backups set aside (or standing in for a save not handed in), then every game grouped by
    student; a student with several games appears in ``duplicates`` (all of them, in order)."""
    files = list(dict.fromkeys(paths))  # a file given twice is one file
    given = {p.resolve() if p.exists() else p for p in files}
    out = Sorted()
    stand_ins: dict[Path, Path] = {}  # the save not handed in -> its newest backup
    for path in files:
        current = backup_of(path)
        if current is None:
            continue
        if (current.resolve() if current.exists() else current) in given:
            out.set_aside.append(
                (path, f"a backup the game keeps of {one_line(current.name)}: not counted")
            )
            continue
        best = stand_ins.get(current)
        if best is None or _generation(path) < _generation(best):
            if best is not None:
                out.set_aside.append((best, _older_backup(current)))
            stand_ins[current] = path
        else:
            out.set_aside.append((path, _older_backup(current)))
    aside = {p for p, _ in out.set_aside}
    by_student: dict[tuple[str, str], list[HandIn]] = {}
    keep = len(files) <= KEEP_READ
    for path in files:
        if path in aside:
            continue
        item = describe(path, keep)
        current = backup_of(path)
        if current is not None:
            item.backup_of = current
        out.games.append(item)
        if item.key is not None:
            by_student.setdefault(item.key, []).append(item)
    out.duplicates = {k: v for k, v in by_student.items() if len(v) > 1}
    return out


def _generation(path: Path) -> int:
    match = _BACKUP.fullmatch(path.stem)
    return int(match["n"]) if match else 0


def _older_backup(current: Path) -> str:
    return f"an older backup of {one_line(current.name)}, which was not handed in: not counted"


def preferred(games: Sequence[HandIn], verified: dict[Path, bool]) -> HandIn:
    """The game that counts among one student's: a verified one first, then a finished one,
    then the one that went furthest, then the one saved last."""

    def rank(item: HandIn) -> tuple[Any, ...]:
        return (verified.get(item.path, False), item.finished, item.turn, item.saved_at)

    return max(games, key=rank)
