"""Students' names as the classroom tools match them and name their files. Light: no engine,
so that ``verify`` and ``class-summary`` of a class checked before stay quick to start."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from diplomacy_game.saves.library import safe_name


def name_key(name: str) -> str:
    """A name as ``serve`` matches what a student types: case and spacing aside. Two names
    with the same key cannot be told apart by a student typing theirs."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def file_part(student: str) -> str:
    """The student's part of a file name: the name in Latin letters where it has any, else
    (a name such as "李伟") "student-" and a short digest of the name, never nothing."""
    latin = unicodedata.normalize("NFKD", student).encode("ascii", "ignore").decode("ascii")
    if re.search(r"[A-Za-z0-9]", latin):
        return student
    return "student-" + hashlib.sha256(student.encode("utf-8")).hexdigest()[:8]


@functools.lru_cache(maxsize=4096)  # a class's names, looked for in each of its files
def file_key(name: str) -> str:
    """A name as a file of the student's is named ("D'Arcy MacDonald" and "D-Arcy-MacDonald"
    alike), whatever the case: to tell a hand-in that names no student by its file."""
    return safe_name(file_part(name)).casefold()


class ClassList(list[str]):
    """The students of the assignment a teacher names (``assigned.read_class``), in its files'
    order, with the names of the files it handed out: ``files`` maps a file's name (without
    .json, case folded) to the student it is for, both the assignment file's own
    ("civics-11b-connor-mcdavid") and the name ``serve`` saves the student's game under
    ("connor-mcdavid"). A name two students could have is left out: nothing is guessed.
    ``class_name``: the class the assignment is for, as its files record it."""

    def __init__(
        self,
        students: Iterable[str] = (),
        files: dict[str, str] | None = None,
        class_name: str = "",
    ) -> None:
        super().__init__(students)
        self.files: dict[str, str] = dict(files or {})
        self.class_name = class_name


def names_listed(names: Iterable[str]) -> str:
    """Students' names in a list a teacher reads: separated by commas, or by semicolons when
    a name holds a comma itself ("Smith, John; Zoë Ng", not "Smith, John, Zoë Ng")."""
    names = list(names)
    return ("; " if any("," in name for name in names) else ", ").join(names)
