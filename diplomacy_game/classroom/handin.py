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

import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.classroom.names import ClassList, file_key, name_key
from diplomacy_game.saves.reading import (
    SAVE_FORMAT,
    SET_ASIDE,
    SaveError,
    parse_document,
    read_bytes,
)
from diplomacy_game.saves.safe_json import one_line

SUFFIX = ".json"
MAX_FILES = 5_000  # files of a folder looked at
# Up to this many hand-ins, each file's bytes and document are kept from the first reading for
# its check (a class or a few); a larger pile is read again file by file, to hold less at once.
KEEP_READ = 300
_BACKUP = re.compile(r"(?P<stem>.+)\.(?P<n>[1-9][0-9]?)")  # NAME.1 ... NAME.99
SAVE_MARK = f'"{SAVE_FORMAT}"'.encode()  # a save's first bytes name its format


def is_save_name(name: str) -> bool:
    """Whether a file name is a save's: ``.json`` in any case (``Ben.JSON`` too)."""
    return name.lower().endswith(SUFFIX)


@dataclass
class HandIn:
    """One handed-in file that stands for a game."""

    path: Path
    student: str = ""  # from the assignment record; '' when the save has none
    class_name: str = ""
    # The header's claims, to tell the class's assignment from another (``assigned.py``).
    assignment: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    scenario: str = ""
    seed: int | None = None
    readable: bool = True  # whether its header could be read at all
    turn: int = 0
    finished: bool = False
    saved_at: str = ""
    backup_of: Path | None = None  # set when a backup stands in for a save not handed in
    # The classmate whose name the file's name carries when it holds another student's game
    # ("Bo-Chan.json" holding Ann Lee's): handed in under their name (``named_for``).
    named_for: str = ""
    # For a file that cannot be read (nothing in it says whose it is): the student whose file
    # it is by its name, when that is the name the assignment named with ``--assignment``
    # gave the student's file ("Civics-11B-Connor-McDavid.json", or "Connor-McDavid.json" as
    # ``serve`` hands it in); '' otherwise.
    file_of: str = ""
    # Set when, of a student's several files, this one's name is not the student's and does
    # not name a classmate either (``named_for``) while it is a copy of a file that is named
    # for the student, or shares no word with the student's name: "Bo-Chan.json" holding Ann
    # Lee's game when no class list says who Bo Chan is. Said as what it holds
    # (``not_named_for``), never as a second game the student handed in.
    stray: bool = False
    digest: str = ""  # of the file's bytes: two files of one student may be one file copied
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
    # Files of the folders given that were not read (another extension, a damaged copy set
    # aside), and what was read instead of a folder given (its one subfolder holding saves).
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    found_notes: list[str] = field(default_factory=list)

    def notes(self, unreadable: bool = True) -> list[str]:
        """One line for each file set aside or not read, and each student with several
        games; with ``unreadable``, one for each file that cannot be read whose name says
        whose it is (``unreadable_file_of``), for a list that does not say it beside the file."""
        lines = list(self.found_notes)
        lines.extend(f"{one_line(str(p), 300)}: {note}" for p, note in self.set_aside)
        lines.extend(f"{one_line(str(p), 300)}: {note}" for p, note in self.skipped)
        lines.extend(
            f"{one_line(str(g.path), 300)}: the backup of {one_line(g.backup_of.name)}, which"
            " was not handed in: counted as the game"
            for g in self.games
            if g.backup_of is not None
        )
        lines.extend(under_another_name(g, self.duplicates) for g in self.games if g.named_for)
        lines.extend(not_named_for(g, self.duplicates) for g in self.games if g.stray)
        if unreadable:
            lines.extend(unreadable_file_of(g) for g in self.games if g.file_of)
        for all_games in self.duplicates.values():
            # a file handed in under a classmate's name, or not named for the student, is
            # said above, as what it holds
            games = [g for g in all_games if not g.named_for and not g.stray]
            if len(games) < 2:
                continue
            names = ", ".join(one_line(g.path.name, 120) for g in games)
            first: dict[str, HandIn] = {}
            copies = []
            for g in games:
                if g.digest and g.digest in first:
                    copies.append(
                        f"{one_line(g.path.name, 120)} is a copy of"
                        f" {one_line(first[g.digest].path.name, 120)}, byte for byte"
                    )
                first.setdefault(g.digest, g)
            said = f" ({'; '.join(copies)})" if copies else ""
            lines.append(f"{games[0].who} handed in {len(games)} games: {names}{said}")
        return lines


def under_another_name(item: HandIn, duplicates: dict[tuple[str, str], list[HandIn]]) -> str:
    """What a file handed in under a classmate's name holds, as the files show it: "Bo-Chan.json,
    handed in under Bo Chan's name, is a copy of Ann Lee's game: Ann-Lee.json, byte for
    byte", or, when no file of Ann Lee's own is the same, "... holds Ann Lee's game, not Bo
    Chan's: the assignment record in it names Ann Lee"."""
    name, owner = one_line(item.path.name, 120), one_line(item.student, 120)
    under = f"{name}, handed in under {one_line(item.named_for, 120)}'s name,"
    same = [
        g
        for g in duplicates.get(item.key or ("", ""), [])
        if g is not item and not g.named_for and g.digest and g.digest == item.digest
    ]
    if same:
        return (
            f"{under} is a copy of {owner}'s game: {one_line(same[0].path.name, 120)}, byte"
            " for byte"
        )
    return (
        f"{under} holds {owner}'s game, not {one_line(item.named_for, 120)}'s: the assignment"
        f" record in it names {owner}"
    )


def not_named_for(item: HandIn, duplicates: dict[tuple[str, str], list[HandIn]]) -> str:
    """What a file whose name is not its game's student's holds, as the files show it, when
    no class list names whose name it is: "Bo-Chan.json holds Ann Lee's game, but its name is
    not Ann Lee's: a copy of Ann-Lee.json, byte for byte" ("Raj-Patel.json holds Raj K.
    Patel's game: a copy of Raj-K-Patel.json, byte for byte", the name sharing words with the
    student's), or, when no file of Ann Lee's is the same, "Bo-Chan.json holds a game of Ann
    Lee's (the assignment record in it names Ann Lee), but its name is not Ann Lee's"."""
    name, owner = one_line(item.path.name, 120), one_line(item.student, 120)
    same = [g for g in _own_files(item, duplicates) if g.digest and g.digest == item.digest]
    but = "" if _shares_a_word(item) else f", but its name is not {owner}'s"
    if same:
        return f"{name} holds {owner}'s game{but}: a copy of {one_line(same[0].path.name, 120)}, byte for byte"
    return f"{name} holds a game of {owner}'s (the assignment record in it names {owner}){but}"


def _own_files(item: HandIn, duplicates: dict[tuple[str, str], list[HandIn]]) -> list[HandIn]:
    """The other files of ``item``'s student that are theirs by their name too."""
    return [
        g
        for g in duplicates.get(item.key or ("", ""), [])
        if g is not item and not g.named_for and not g.stray
    ]


def _shares_a_word(item: HandIn) -> bool:
    """Whether a file's name has a word of its game's student's name ("Ben.json", "Ben O'Connor")."""
    words = {w for w in re.findall(r"[a-z0-9]+", file_key(item.student)) if len(w) > 1}
    return bool(words & set(re.findall(r"[a-z0-9]+", item.path.stem.casefold())))


def _stray(item: HandIn, group: Sequence[HandIn]) -> bool:
    """Whether a file of a student with several is not theirs by its name (``HandIn.stray``):
    not named for them (nor for a classmate: ``named_for``), and a copy of a file that is, or
    without a word of their name."""
    if item.named_for or file_key(item.student) in item.path.stem.casefold():
        return False
    named = [g for g in group if file_key(g.student) in g.path.stem.casefold()]
    if any(g.digest and g.digest == item.digest for g in named):
        return True  # a copy of a file named for the student, under another name
    return not _shares_a_word(item)


def unreadable_file_of(item: HandIn) -> str:
    """What a file that cannot be read, named as the assignment named a student's file, is
    and what to do: "Connor-McDavid.json, named as the class's assignment names Connor
    McDavid's file, cannot be read: ask Connor McDavid for the save as the game wrote it; ..."."""
    student = one_line(item.file_of, 120)
    return (
        f"{one_line(item.path.name, 120)}, named as the class's assignment names {student}'s"
        f" file, cannot be read: {ask_for_the_save(item.path, student)}"
    )


def ask_for_the_save(source: str | Path | None = None, student: str = "") -> str:
    """What a teacher does about a save that fails: ask the student (``student``, when the
    tools can name them) for it as the game wrote it, or for the saves the game keeps before
    it (``store.generation_path``), named after the file handed in ("Raj-Patel.1.json and
    Raj-Patel.2.json"; NAME.1.json and NAME.2.json when no file is named; a backup or a save
    renamed stands for the save it came from)."""
    from diplomacy_game.saves.store import GENERATIONS, generation_path  # only when one fails

    save = Path("NAME.json") if source is None else Path(str(source))
    if not is_save_name(save.name):  # "Ben.txt": a save renamed, its own name "Ben.json"
        save = save.with_name(json_name(save.name))
    save = backup_of(save) or save  # a backup handed in: the save it was rotated from
    older = [generation_path(save, n).name for n in range(1, GENERATIONS)]
    return (
        f"ask {student or 'the student'} for the save as the game wrote it; the game also keeps"
        f" the saves before it, {fmt.listed(older)}, in the same folder"
    )


def _name_in(key: str, stem: str) -> bool:
    """Whether a file's name (``stem``, case folded) carries a name's ``file_key`` as a whole
    ("bo-chan" in "bo-chan-final", not "bo" in "bob-chan")."""
    if not key or key not in stem:  # most names of a class: quickly told apart
        return False
    return re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", stem) is not None


def named_for(item: HandIn, names: Sequence[str]) -> str:
    """The student among ``names`` whose name the file's name carries when it is not the
    student its game's assignment names (``Bo-Chan.json`` holding Ann Lee's game: "Bo
    Chan"); '' when the name is the game's student's own, names nobody on the list, or names
    two students alike (nothing is guessed)."""
    return _named_for(item, _keyed(names))


def _keyed(names: Sequence[str]) -> list[tuple[str, str, str]]:
    """Each name with its ``name_key`` and ``file_key``, worked out once for a class."""
    return [(n, name_key(n), file_key(n)) for n in names]


def _named_for(item: HandIn, keyed: list[tuple[str, str, str]]) -> str:
    if not item.student:
        return ""
    stem = item.path.stem.casefold()
    if file_key(item.student) in stem:  # as the file of a game's own student is told
        return ""
    own = name_key(item.student)
    found = {key: (n, fkey) for n, key, fkey in keyed if key != own and _name_in(fkey, stem)}
    if not found:
        return ""
    # the longest name the file carries ("Ann Lee" rather than "Ann"), if one student has it
    longest = max(len(fkey) for _, fkey in found.values())
    best = [n for n, fkey in found.values() if len(fkey) == longest]
    return best[0] if len(best) == 1 else ""


@dataclass
class Found:
    """What the paths a teacher gave hold: the files to read as saves, the files of the
    folders given that are not read (and why), notes on what was read instead of a folder,
    and, when nothing can be read, what is wrong and what to do (``problem``)."""

    paths: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str = ""


def _no_such(path: Path) -> str:
    text = str(path)
    if text.endswith(("/", os.sep)) or (not path.suffix and not is_save_name(path.name)):
        return f"{one_line(text, 300)}: no such folder"
    return f"{one_line(text, 300)}: no such file or folder"


def _looks_like_save(path: Path) -> bool:
    """Whether a file not named as a save begins as one ("Ben.txt", "Ben.json.txt", "Ben.json
    (1)"): its first bytes name the save format. Only a regular file is opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return SAVE_MARK in os.read(fd, 512)
    except OSError:
        return False
    finally:
        os.close(fd)


def json_name(name: str) -> str:
    """A save's file name for a renamed one: "Ben.txt" -> "Ben.json", "Ben.json.txt" ->
    "Ben.json"."""
    stem = re.split(r"\.json", name, maxsplit=1, flags=re.IGNORECASE)[0]
    if stem == name:
        stem = name.rsplit(".", 1)[0]
    return (stem.strip() or "save") + SUFFIX


def _scan(folder: Path) -> tuple[list[Path], list[tuple[Path, str]], list[Path]]:
    """A folder's saves (in name order), the files in it that are not read (with why) and
    its subfolders. Hidden files (the game's ``.NAME.plan`` and ``.elbows-up.lock``) are the
    game's own and are left out without a note."""
    saves: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    folders: list[Path] = []
    try:
        entries = [e for _, e in zip(range(MAX_FILES), folder.iterdir(), strict=False)]
    except OSError:
        return saves, skipped, folders
    for entry in sorted(entries):
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir and not is_save_name(name):
            folders.append(entry)
        elif not is_save_name(name) and _looks_like_save(entry):
            skipped.append(
                (
                    entry,
                    "not read: a save renamed without the .json ending; to count it, name it"
                    f" {one_line(json_name(name))} and run this again",
                )
            )
        elif not is_save_name(name):
            skipped.append((entry, "not read: not a save file (saves end in .json)"))
        elif SET_ASIDE in name:
            original = name.split(SET_ASIDE, 1)[0] + SUFFIX
            skipped.append(
                (
                    entry,
                    f"not read: {one_line(original)}, set aside by the game as damaged or"
                    " edited when it was loaded; check it with 'verify' by its name if it"
                    " matters",
                )
            )
        else:
            saves.append(entry)
    return saves, skipped, folders


def find_saves(given: Sequence[Path], command: str = "verify") -> Found:
    """The saves among the paths given: files as given, and the save files of each folder
    given. A folder that holds no saves itself but has exactly one subfolder that does (the
    ``handed-in/CLASS/`` that ``serve`` fills) is read through that subfolder, with a note;
    with several such subfolders (several classes), nothing is read and ``problem`` names
    them. A path that does not exist is refused whole: a mistyped folder is not a class where
    nobody handed anything in. ``command``: the command named in the advice."""
    out = Found()
    missing = [p for p in given if not os.path.lexists(p)]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        out.problem = f"{_no_such(missing[0])}{more}"
        return out
    for path in given:
        try:
            folder = path.is_dir() and not is_save_name(path.name)
        except OSError:
            folder = False
        if not folder:
            out.paths.append(path)
            continue
        saves, skipped, subfolders = _scan(path)
        holding = []
        for sub in subfolders:
            inside = _scan(sub)
            if inside[0]:
                holding.append((sub, inside))
        if saves:
            out.paths.extend(saves)
            out.skipped.extend(skipped)
            out.notes.extend(
                f"{one_line(str(sub), 300)}: {fmt.count(len(inside[0]), 'save')} in this"
                f" subfolder, not read (give it to '{command}' to read it)"
                for sub, inside in holding
            )
        elif len(holding) == 1:
            sub, (sub_saves, sub_skipped, _) = holding[0]
            out.paths.extend(sub_saves)
            out.skipped.extend(skipped + sub_skipped)
            out.notes.append(
                f"{one_line(str(path), 300)} holds no saves itself: read its subfolder"
                f" {one_line(str(sub), 300)} ({fmt.count(len(sub_saves), 'save')})"
            )
        elif holding:
            listed = ", ".join(
                f"{one_line(str(sub), 200)} ({fmt.count(len(inside[0]), 'save')})"
                for sub, inside in holding
            )
            out.problem = (
                f"{one_line(str(path), 300)} holds no saves itself, but its subfolders do:"
                f" {listed}. Give one class's folder, e.g. 'diplomacy-game {command}"
                f" {one_line(str(holding[0][0]), 200)}'"
            )
            return out
        else:
            out.skipped.extend(skipped)
    if not out.paths:
        what = "; ".join(f"{one_line(str(p), 200)}: {note}" for p, note in out.skipped[:3])
        out.problem = (
            "no save files found (saves end in .json): pass save files, or the folder that"
            " holds them" + (f" ({what})" if what else "")
        )
    return out


def expand(paths: Sequence[Path]) -> list[Path]:
    """The save files among ``paths`` (``find_saves``, without its notes)."""
    return find_saves(paths).paths


def backup_of(path: Path) -> Path | None:
    """NAME.json for a backup NAME.N.json that the game's rotation writes, else None."""
    if not is_save_name(path.name):
        return None
    match = _BACKUP.fullmatch(path.stem)
    return path.with_name(match["stem"] + path.suffix) if match else None


def describe(path: Path, keep: bool = False) -> HandIn:
    """Whose game a file holds and how far it went, read from its header (never raising);
    ``keep``: the item keeps the bytes read and the document parsed, for the check."""
    item = HandIn(path)
    try:
        data = read_bytes(path)
        item.digest = hashlib.sha256(data).hexdigest()
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
        item.assignment = assignment
    scenario, seed = doc.get("scenario"), doc.get("seed")
    item.scenario = scenario if isinstance(scenario, str) else ""
    item.seed = seed if isinstance(seed, int) and not isinstance(seed, bool) else None
    turn = doc.get("turn")
    item.turn = turn if isinstance(turn, int) and not isinstance(turn, bool) else 0
    item.finished = isinstance(state, dict) and state.get("ending") is not None
    saved_at = doc.get("saved_at")
    item.saved_at = saved_at if isinstance(saved_at, str) else ""
    return item


def sort_hand_ins(paths: Sequence[Path], class_list: Sequence[str] = ()) -> Sorted:
    """Backups set aside (or standing in for a save not handed in), then every game grouped by
    student; a student with several games appears in ``duplicates`` (all of them, in order).
    A game whose file is named for another student (of ``class_list``, the class named with
    ``--assignment``, or of the other hand-ins) is marked with that name (``named_for``)."""
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
    names = list(dict.fromkeys([*class_list, *(g.student for g in out.games if g.student)]))
    keyed = _keyed(names)
    files = class_list.files if isinstance(class_list, ClassList) else {}
    class_name = class_list.class_name if isinstance(class_list, ClassList) else ""
    for item in out.games:
        item.named_for = _named_for(item, keyed)
        if not item.readable:  # nothing inside says whose it is; its name may
            item.file_of = files.get((item.backup_of or item.path).stem.casefold(), "")
            if item.file_of:  # and so the class it is of, as the student's row says
                item.class_name = class_name
    for group in out.duplicates.values():
        for item in group:
            item.stray = _stray(item, group)
    return out


def gather(
    given: Sequence[Path], command: str = "verify", class_list: Sequence[str] = ()
) -> tuple[Sorted, str]:
    """The hand-ins of the paths given, sorted (``sort_hand_ins``, with the class list of
    the assignment named, if any), with the files of the folders that were not read among its
    notes; and what is wrong when nothing can be read ('' otherwise), the same words for
    every command a teacher runs."""
    found = find_saves(given, command)
    if found.problem:
        return Sorted(), found.problem
    handed = sort_hand_ins(found.paths, class_list)
    handed.skipped = found.skipped
    handed.found_notes = found.notes
    return handed, ""


def _generation(path: Path) -> int:
    match = _BACKUP.fullmatch(path.stem)
    return int(match["n"]) if match else 0


def _older_backup(current: Path) -> str:
    return f"an older backup of {one_line(current.name)}, which was not handed in: not counted"


def preferred(
    games: Sequence[HandIn], verified: dict[Path, bool], assigned: dict[Path, bool] | None = None
) -> HandIn:
    """The game that counts among one student's: a verified one of the class's assignment
    first, then a verified one, then a finished one, then the one that went furthest, then
    one not handed in under a classmate's name (nor under a name not the student's), then
    the one saved last."""

    def rank(item: HandIn) -> tuple[Any, ...]:
        ok = verified.get(item.path, False)
        fits = assigned is None or assigned.get(item.path, True)
        own = not item.named_for and not item.stray
        return (ok and fits, ok, item.finished, item.turn, own, item.saved_at)

    return max(games, key=rank)
