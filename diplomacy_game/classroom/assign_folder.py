"""``assign`` run on a folder that may hold an assignment already.

Students start their games from the files in the folder, and every save of those games keeps
the assignment record (class, scenario, class seed, memos, their seed). ``verify``,
``class-summary`` and ``report`` with ``--assignment FOLDER``, and ``serve --class FOLDER``,
judge the hand-ins against what the folder holds. So the folder must keep saying what was
handed out:

- the same assignment written again (a roster with students added, say) writes the new
  students' files and leaves every file already there as it was;
- another assignment (another scenario, class seed, class name, memos or seeding) is refused,
  saying what is there, unless ``replace``: then the files that are not the new class's are
  moved to a folder beside it, kept to check the games already played against them;
- nothing is half written: the new files are written in a hidden folder first and moved into
  place only when all are written, and any move that fails is undone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.classroom.assign import (
    Assigned,
    assignment_state,
    file_stem,
    game_seed,
    now_issued,
)
from diplomacy_game.classroom.names import name_key, names_listed
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.saves.library import safe_name
from diplomacy_game.saves.reading import SaveError
from diplomacy_game.saves.safe_json import one_line
from diplomacy_game.saves.store import read_header_checked, save_game

SUFFIX = ".json"
MAX_FILES = 5_000  # save files of a folder looked at; a class has at most 2,000 students
STAGING = ".assign-"  # the hidden folder the new files are written in first
STALE_SECONDS = 600  # a staging folder this old is a killed run's
NAMED = 6  # students named in a message, at most
NOT_ONE = "not an assignment file"


class FolderProblem(Exception):
    """Why the assignment was not written; nothing in the folder changed."""


@dataclass
class InFolder:
    """A save file (``.json``) found in the assignment folder."""

    path: Path
    record: dict[str, Any] | None = None  # a sound assignment file's record (turn 0)
    why: str = ""  # why it is not an assignment file; '' when it is one

    @property
    def student(self) -> str:
        student = (self.record or {}).get("student")
        return student if isinstance(student, str) else ""

    def whose(self) -> str:
        """ "Civics-11B-Bo-Chan.json (Bo Chan)", or "(the whole class)"."""
        who = one_line(self.student, 120) if self.student else "the whole class"
        return f"{one_line(self.path.name, 120)} ({who})"


@dataclass(frozen=True)
class Setting:
    """An assignment as its files record it: what makes two files the same assignment."""

    class_name: str
    scenario: str
    class_seed: int | None
    memo_required: bool
    own_seeds: bool | None  # a seed per student; None: a file for the whole class says not

    def fits(self, record: dict[str, Any]) -> bool:
        """Whether a file's record is of this assignment: the same class, scenario, class
        seed and memos, and the seed this assignment gives its student."""
        there = _setting(record)
        if not _same_but_seeding(there, self) or self.class_seed is None:
            return False
        student = record.get("student")
        named = isinstance(student, str) and bool(student)
        wanted = game_seed(self.class_seed, student, True) if self.own_seeds and named else None
        return record.get("seed") == (self.class_seed if wanted is None else wanted)

    def words(self, title: str = "") -> str:
        what = f"'{one_line(self.class_name)}': {one_line(title or self.scenario)}"
        what += f", class seed {self.class_seed}"
        if self.own_seeds:
            what += ", a seed per student"
        if self.memo_required:
            what += ", memos required"
        return what


def _setting(record: dict[str, Any]) -> Setting:
    class_name, scenario = record.get("class"), record.get("scenario")
    seed, class_seed = record.get("seed"), record.get("class_seed")
    if not isinstance(class_seed, int) or isinstance(class_seed, bool):
        class_seed = seed  # a record written before class seeds were kept
    if not isinstance(class_seed, int) or isinstance(class_seed, bool):
        class_seed = None
    student = record.get("student")
    own = (seed != class_seed) if isinstance(student, str) and student else None
    return Setting(
        class_name if isinstance(class_name, str) else "",
        scenario if isinstance(scenario, str) else "",
        class_seed,
        record.get("memo_required") is True,
        own,
    )


@dataclass
class Plan:
    """What writing the assignment into its folder would do, before anything is written."""

    out_dir: Path
    setting: Setting
    title: str
    # the roster's files, in its order: new ones (with their game) and those already there
    files: list[Assigned] = field(default_factory=list)
    games: dict[Path, GameState] = field(default_factory=dict)
    others: list[InFolder] = field(default_factory=list)  # files of another assignment
    strangers: list[InFolder] = field(default_factory=list)  # files that are not assignments
    off_roster: list[InFolder] = field(default_factory=list)  # this assignment, not on roster
    spare: list[InFolder] = field(default_factory=list)  # a second file of a student's
    # files whose name a new file takes: not the student's file of this assignment
    in_the_way: list[InFolder] = field(default_factory=list)

    @property
    def new(self) -> list[Assigned]:
        return [a for a in self.files if a.new]

    @property
    def kept(self) -> list[Assigned]:
        return [a for a in self.files if not a.new]

    def leaving(self) -> list[InFolder]:
        """The files ``--replace`` moves aside: every save file that is not the new class's."""
        return [*self.others, *self.strangers, *self.off_roster, *self.spare]


@dataclass
class Outcome:
    """What was written: the roster's files, and where the files replaced went."""

    files: list[Assigned]
    kept_aside: Path | None = None
    moved: list[InFolder] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # the assignments replaced, in words


def read_folder(out_dir: Path) -> list[InFolder]:
    """The save files (``.json``, in any case) of the folder, hidden ones aside, each read as
    an assignment file; none when the folder is not there. Raises FolderProblem when it is a
    file, cannot be read or holds more files than any class."""
    if not os.path.lexists(out_dir):
        return []
    if not out_dir.is_dir():
        raise FolderProblem(
            f"{one_line(str(out_dir), 300)} is a file, not a folder: give the folder the"
            " assignment files go in (-o DIR)"
        )
    try:
        names = sorted(
            e.name
            for e in os.scandir(out_dir)
            if not e.name.startswith(".") and e.name.lower().endswith(SUFFIX)
        )
    except OSError as exc:
        raise FolderProblem(
            f"cannot read the folder {one_line(str(out_dir), 300)}: {exc.strerror or exc};"
            " nothing was written"
        ) from None
    if len(names) > MAX_FILES:
        raise FolderProblem(
            f"{one_line(str(out_dir), 300)} holds more than {MAX_FILES} save files: not an"
            " assignment folder; give another (-o DIR)"
        )
    return [_read_one(out_dir / name) for name in names]


def _read_one(path: Path, any_turn: bool = False) -> InFolder:
    """The file as an assignment file; ``any_turn``: the record of any save, played or not."""
    try:
        doc, sound = read_header_checked(path)
    except SaveError as exc:
        why = f"it cannot be read: {one_line(exc.without_name(path), 300)}"
        return InFolder(path, why=f"{NOT_ONE}: {why}")
    state = doc.get("state")
    record = state.get("assignment") if isinstance(state, dict) else None
    turn = doc.get("turn")
    if any_turn and isinstance(record, dict):
        return InFolder(path, record=record)
    if not sound:
        why = "its checksum does not match its contents, so it was damaged or edited"
        return InFolder(path, why=f"{NOT_ONE}: {why}")
    if not isinstance(record, dict):
        return InFolder(path, why=f"{NOT_ONE}: a saved game without an assignment record")
    if turn != 0:
        played = fmt.count(turn, "turn") if isinstance(turn, int) else "some turns"
        return InFolder(path, why=f"{NOT_ONE}: a game played {played}, perhaps a student's")
    return InFolder(path, record=record)


def plan(
    ruleset: Ruleset,
    class_name: str,
    seed: int,
    students: list[str] | None,
    out_dir: Path,
    per_student_seed: bool = False,
    memo_required: bool = False,
) -> Plan:
    """What writing the assignment into ``out_dir`` would do (nothing is written)."""
    found = read_folder(out_dir)
    roster = students or [""]
    own = per_student_seed if students else None
    setting = Setting(class_name, ruleset.scenario.id, seed, memo_required, own)
    out = Plan(out_dir, setting, ruleset.scenario.title)
    mine: dict[str, InFolder] = {}  # this assignment's files, by student
    for item in found:
        if item.record is None:
            out.strangers.append(item)
            continue
        if not setting.fits(item.record):
            out.others.append(item)
        elif name_key(item.student) in mine:
            out.spare.append(item)
        else:
            mine[name_key(item.student)] = item
    on_roster = {name_key(s) for s in roster}
    kept = {k: v for k, v in mine.items() if k in on_roster}
    out.off_roster.extend(v for k, v in mine.items() if k not in on_roster)
    # Names are compared whatever their case: a folder on Windows or macOS ignores it.
    taken = {v.path.name.casefold() for v in kept.values()}
    by_name = {item.path.name.casefold(): item for item in found}
    issued = now_issued()
    for student in roster:
        there = kept.get(name_key(student))
        if there is not None:
            out.files.append(Assigned(there.student, there.record["seed"], there.path, False))
            continue
        stem = file_stem(class_name, student)
        name, k = f"{stem}{SUFFIX}", 2
        while name.casefold() in taken:
            name, k = f"{stem}-{k}{SUFFIX}", k + 1
        taken.add(name.casefold())
        path = out_dir / name
        if name.casefold() in by_name:
            out.in_the_way.append(by_name[name.casefold()])
        state = assignment_state(
            ruleset, class_name, seed, student, per_student_seed, memo_required, issued
        )
        out.files.append(Assigned(student, state.seed, path))
        out.games[path] = state
    return out


def _students(items: list[InFolder]) -> str:
    named = [one_line(i.student, 120) for i in items if i.student]
    whole = len(items) - len(named)
    parts = []
    if named:
        listed = names_listed(named[:NAMED]) + (
            f" and {len(named) - NAMED} more" if len(named) > NAMED else ""
        )
        parts.append(f"{fmt.count(len(named), 'student')} ({listed})")
    if whole:
        parts.append("the whole class" if whole == 1 else f"{whole} files for the whole class")
    return " and ".join(parts)


def assignments_there(items: list[InFolder], titles: dict[str, str] | None = None) -> list[str]:
    """Each assignment the files hold, in words: "'Civics 11B': review-sprint, class seed
    2026, a seed per student, for 3 students (Ann Lee, Bo Chan, Cy Dee), issued 2026-05-04"."""
    groups: dict[Setting, list[InFolder]] = {}
    for item in items:
        setting = _setting(item.record or {})
        # a whole-class file does not say how students are seeded: it joins its class's files
        if setting.own_seeds is None:
            setting = next(
                (s for s in groups if s.own_seeds is not None and _same_but_seeding(s, setting)),
                setting,
            )
        groups.setdefault(setting, []).append(item)
    out = []
    for setting, group in sorted(groups.items(), key=lambda g: -len(g[1])):
        issued = sorted(str((i.record or {}).get("issued", ""))[:10] for i in group if i.record)
        when = f", issued {one_line(issued[0])}" if issued and issued[0] else ""
        title = (titles or {}).get(setting.scenario, "")
        out.append(f"{setting.words(title)}, for {_students(group)}{when}")
    return out


def _same_but_seeding(a: Setting, b: Setting) -> bool:
    return (a.class_name, a.scenario, a.class_seed, a.memo_required) == (
        b.class_name,
        b.scenario,
        b.class_seed,
        b.memo_required,
    )


def _differences(there: Setting, this: Setting, title: str) -> str:
    """How this assignment differs from the one there, in words."""
    out = []
    if there.class_name != this.class_name:
        out.append(f"class '{one_line(this.class_name)}', not '{one_line(there.class_name)}'")
    if there.scenario != this.scenario:
        out.append(
            f"scenario {one_line(this.scenario)} ({one_line(title)}),"
            f" not {one_line(there.scenario)}"
        )
    if there.class_seed != this.class_seed:
        out.append(f"class seed {this.class_seed}, not {there.class_seed}")
    if there.memo_required != this.memo_required:
        out.append("memos required" if this.memo_required else "memos not required")
    if there.own_seeds and not this.own_seeds:
        out.append(
            "one seed for the class, not a seed per student"
            if this.own_seeds is False
            else "one file for the whole class, not a file and a seed per student"
        )
    elif this.own_seeds and there.own_seeds is False:
        out.append("a seed per student, not one seed for the class")
    return "; ".join(out) or "another seed for some students"


def _broken(there: Setting, this: Setting) -> str:
    """What writing ``this`` over ``there`` would do to the games begun from ``there``."""
    out = []
    if not _same_but_seeding(there, this):  # what --assignment compares
        out.append(
            "'verify', 'class-summary' and 'report' with --assignment would set their games"
            " apart as not the class's assignment"
        )
    seeding = bool(there.own_seeds) != bool(this.own_seeds)
    if there.scenario != this.scenario or there.class_seed != this.class_seed or seeding:
        out.append(
            "'serve --class' would not reopen them (a game of another scenario or seed than"
            " the class's)"
        )
    return ", and ".join(out) or "their games would no longer match the folder"


def refusal(found: Plan) -> str:
    """Why the assignment cannot be written as asked ('' when it can): another assignment in
    the folder, or a file that is not an assignment file where a new file would go."""
    folder = one_line(str(found.out_dir), 300)
    if found.others:
        there = assignments_there(found.others, {found.setting.scenario: found.title})
        main = Counter(_setting(i.record or {}) for i in found.others).most_common(1)[0][0]
        what = (
            f"another assignment: {there[0]}"
            if len(there) == 1
            else f"{len(there)} other assignments: " + "; ".join(there)
        )
        other_name = shlex.quote(f"{found.setting.class_name} v2")
        return "\n  ".join(
            [
                f"{folder} already holds {what}.",
                f"This one differs: {_differences(main, found.setting, found.title)}.",
                "Students who started their games from those files are playing that"
                f" assignment: with this one written over it, {_broken(main, found.setting)}.",
                "Nothing was written. To hand out this assignment as well, give it another"
                f" class name (--class {other_name}) or folder (-o DIR); to hand it out"
                " instead, run this again with --replace: the files there are moved to a"
                " folder beside it, kept to check the games already played against them.",
            ]
        )
    if found.in_the_way:
        items = found.in_the_way
        listed = "; ".join(
            f"{one_line(i.path.name, 120)}, {i.why or 'the file of another student'}"
            for i in items[:3]
        )
        more = f" (and {len(items) - 3} more)" if len(items) > 3 else ""
        return "\n  ".join(
            [
                f"{folder} holds a file that is not an assignment file of this class where a"
                f" new one goes: {listed}{more}.",
                "Nothing was written. Move it out of the folder (it may be worth keeping), or"
                " run this again with --replace: it is moved to a folder beside this one.",
            ]
        )
    return ""


def _aside_folder(out_dir: Path) -> Path:
    """A new folder beside ``out_dir`` for the files it no longer holds:
    ``Civics-11B-replaced-2026-05-04-091500`` (a number after it when that is taken)."""
    base = Path(os.path.abspath(out_dir))
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    stem = f"{safe_name(base.name)}-replaced-{stamp}"
    parent = out_dir.parent if out_dir.name not in ("", ".", "..") else base.parent
    aside, k = parent / stem, 2
    while os.path.lexists(aside):
        aside, k = parent / f"{stem}-{k}", k + 1
    return aside


def write(found: Plan, ruleset: Ruleset, replace: bool = False) -> Outcome:
    """Write the plan's new files into its folder, leaving the files already there; with
    ``replace``, first move every save file that is not the new class's to a folder beside it.
    All or nothing: FolderProblem (the folder as it was) when anything fails."""
    problem = refusal(found)
    if problem and not replace:
        raise FolderProblem(problem)
    out_dir = found.out_dir
    folder = one_line(str(out_dir), 300)
    created = [p for p in (out_dir, *out_dir.parents) if not os.path.lexists(p)]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FolderProblem(
            f"could not make the folder {folder}: {exc.strerror or exc}; nothing was written"
        ) from None
    _clear_stale(out_dir)
    staging: Path | None = None
    moved: list[tuple[Path, Path]] = []  # (from, to): undone in reverse when a later step fails
    aside: Path | None = None
    try:
        if found.games:
            try:
                staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out_dir))
            except OSError as exc:
                raise FolderProblem(
                    f"could not write in {folder}: {exc.strerror or exc}; nothing was written"
                ) from None
            for path, state in found.games.items():
                try:
                    save_game(staging / path.name, ruleset, state, generations=1)
                except SaveError as exc:
                    raise FolderProblem(
                        f"could not write {one_line(path.name, 120)} in {folder}:"
                        f" {_reason(exc, staging / path.name)}; nothing was written"
                    ) from None
        leaving = found.leaving() if replace else []
        if leaving:
            aside = _aside_folder(out_dir)
            try:
                aside.mkdir()
            except OSError as exc:
                aside = None
                raise FolderProblem(
                    f"could not make a folder beside {folder} to keep the files replaced"
                    f" ({exc.strerror or exc}); nothing was changed"
                ) from None
            for item in leaving:
                _move(item.path, aside / item.path.name, moved, "move aside")
        for path in found.games:
            if staging is None:  # pragma: no cover - games imply a staging folder
                break
            if os.path.lexists(path):
                raise FolderProblem(
                    f"{one_line(str(path), 300)} appeared while the assignment was written;"
                    " nothing was changed: run this again"
                )
            _move(staging / path.name, path, moved, "put in place")
    except BaseException:
        for source, target in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(target, source)
        if aside is not None:
            with contextlib.suppress(OSError):
                aside.rmdir()
        _remove(staging)
        for made in created:  # the folders made for this run, from the deepest
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    _remove(staging)
    _sync(out_dir)
    outcome = Outcome(found.files, aside, found.leaving() if aside is not None else [])
    if aside is not None:
        outcome.replaced = assignments_there(found.others, {found.setting.scenario: found.title})
    return outcome


def _move(source: Path, target: Path, moved: list[tuple[Path, Path]], what: str) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise FolderProblem(
            f"could not {what} {one_line(str(source), 300)}: {exc.strerror or exc}; nothing"
            " was changed"
        ) from None
    moved.append((source, target))


def _reason(exc: SaveError, path: Path) -> str:
    text = exc.without_name(path)
    return text.removeprefix(f"could not write {path}: ").split("; the previous save")[0]


def _clear_stale(out_dir: Path) -> None:
    """Remove the hidden folders of a run that was killed while it wrote (ten minutes old):
    no tool reads them, but they would stay in the teacher's folder."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(out_dir):
            if entry.name.startswith(STAGING) and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                        shutil.rmtree(entry.path, ignore_errors=True)


def _remove(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def _sync(folder: Path) -> None:
    """The folder's new names on disk (where the system can sync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def handed_in_games(found: Plan) -> tuple[Path, int]:
    """The hand-in folder ``serve`` gives the class by default (``handed-in/CLASS``, from where
    the command runs) and how many games in it are of another assignment than the plan's."""
    folder = Path("handed-in") / safe_name(found.setting.class_name)
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.lower().endswith(SUFFIX))
    except OSError:
        return folder, 0
    other = 0
    for name in names[:MAX_FILES]:
        if name.startswith("."):
            continue
        record = _read_one(folder / name, any_turn=True).record
        if record is not None and not found.setting.fits(record):
            other += 1
    return folder, other
