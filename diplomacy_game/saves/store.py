"""Save files: one JSON document, written atomically, checked whole when loaded.

A save holds the format version, the scenario id and a digest of the content it was played
with, the seed, every decision and memo in order, and the full state including the random
generator's state. A checksum over the rest catches damage; loading re-checks every field
against the scenario and refuses a corrupt, foreign or edited file with a clear message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import math
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diplomacy_game import __version__
from diplomacy_game.engine.game import MAX_SEED
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState, generator_from_state
from diplomacy_game.model.decisions import ActionChoice, Decision, DecisionError
from diplomacy_game.saves.reading import (
    SAVE_FORMAT,
    SET_ASIDE,
    ContentVersionError,
    ForeignSave,
    SaveError,
    in_folder,
    parse_document,
    read_bytes,
)
from diplomacy_game.saves.reading import parse as _parse
from diplomacy_game.saves.reading import read_header as read_header  # for this module's users

try:
    import fcntl
except ImportError:  # Windows: saves do not take turns; the rotation tolerates it
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")
SAVE_VERSION = 5
GENERATIONS = 3  # NAME.json and the two saves before it: NAME.1.json, NAME.2.json


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Bounds of what a game can hold; a save beyond them is refused before the engine sees it.
MAX_TURNS = 5_000  # a scenario lasts at most three years, one turn a day at the shortest
MAX_DUE = 1_000_000  # turns ahead that an event or a delayed effect may be scheduled
MAX_COUNT = 1_000_000  # times an event fired or an action was taken
Turn = Annotated[int, Field(ge=0, le=MAX_TURNS)]
Due = Annotated[int, Field(ge=0, le=MAX_DUE)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]


class SavedState(_Strict):
    scenario_id: str
    seed: Seed
    start: str
    turn_days: int = Field(ge=1, le=366)
    last_turn: int = Field(ge=1, le=MAX_TURNS)
    turn: Turn
    values: dict[str, float]
    flags: dict[str, bool]
    rng_state: dict[str, Any]
    fired: dict[str, tuple[Count, Turn]]  # [count, last turn]
    taken: dict[str, tuple[Count, Turn]]
    scheduled: list[tuple[Due, str]]
    delayed: list[tuple[Due, str, list[str], Annotated[int, Field(ge=0)], dict[str, str | float]]]
    pending: list[str]
    posture: str
    history: list[dict[str, Any]]
    readings: list[dict[str, Any]]
    ending: dict[str, Any] | None
    assignment: dict[str, Any] | None = None


class SaveFile(_Strict):
    format: str
    version: int
    game_version: str
    saved_at: str
    scenario: str
    content_digest: str
    seed: Seed
    turn: Turn
    decisions: list[Decision]
    state: SavedState
    checksum: str


# The shapes of the free-form parts of the state, checked as the screens and tools read them
# (types exact: a number is a number, not a string that looks like one). Keys a later version
# of the game may add are allowed when they hold a plain value or a flat list of them.
Scalar = str | bool | int | float | None


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    __pydantic_extra__: dict[str, Scalar | list[Scalar]]


class HistoryRecord(_Shape):
    turn: int = Field(ge=1, le=MAX_TURNS)
    date: str = Field(max_length=10)
    approval: float
    gdp_gap_pct: float
    unemployment_pct: float
    inflation_pct: float
    us_rapport: float
    cusma_status: str
    us_posture: str
    events: list[str]
    actions: list[str]
    capital: float
    fiscal_room: float
    talks_progress: float
    talks_estimate: float | None = None
    resolve: float
    jobs_lost: float
    exports_us: float
    decision_hash: str = ""
    unrounded: list[float] | None = Field(None, max_length=64)  # format 4 (verify's witness)


class AdvisorReading(_Shape):
    advisor: str
    variable: str
    label: str
    estimate: float
    band: str


class EndingRecord(_Shape):
    id: str
    title: str
    grade: str
    grade_text: str
    explanation: str
    cusma_status: str
    turn: int | None = Field(None, ge=0, le=MAX_TURNS)


class AssignmentRecord(_Shape):
    class_: str = Field("", alias="class")
    student: str = ""
    scenario: str = ""
    seed: int | None = Field(None, ge=0, le=MAX_SEED)
    class_seed: int | None = Field(None, ge=0, le=MAX_SEED)
    memo_required: bool = False
    issued: str = ""


class _Pcg64(_Strict):
    model_config = ConfigDict(extra="forbid", strict=True)
    state: int = Field(ge=0, lt=2**128)
    inc: int = Field(ge=0, lt=2**128)


class GeneratorState(_Strict):
    model_config = ConfigDict(extra="forbid", strict=True)
    bit_generator: str = Field(pattern="^PCG64$")
    state: _Pcg64
    has_uint32: int = Field(ge=0, le=1)
    uinteger: int = Field(ge=0, lt=2**32)


def _canonical(doc: dict[str, Any]) -> bytes:
    return json.dumps(
        doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def _canonical_checksum(doc: dict[str, Any]) -> str:
    """The checksum of formats 1 and 2: SHA-256 of the canonical JSON of everything else."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(_canonical(body)).hexdigest()


def to_document(ruleset: Ruleset, state: GameState) -> dict[str, Any]:
    """The save as a dictionary, checksum included (what a save file parses to)."""
    doc = _body(ruleset, state)
    doc["checksum"] = _bytes_checksum(_dump(doc))
    return doc


def _body(ruleset: Ruleset, state: GameState) -> dict[str, Any]:
    state_dict = state.to_dict()
    decisions = state_dict.pop("decisions")
    doc = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "game_version": __version__,
        "saved_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "scenario": state.scenario_id,
        "content_digest": ruleset.content_digest,
        "seed": state.seed,
        "turn": state.turn,
        "decisions": decisions,
        "state": state_dict,
    }
    return doc


def _dump(doc: dict[str, Any]) -> bytes:
    """One top-level field per line: readable in an editor, and written by json's fast C encoder
    (an indented dump would use the pure-Python one)."""
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(',', ':'))}"
        for key, value in doc.items()
    ]
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode()


CHECKSUM_LINE = b',\n"checksum": '
CLOSING = b"\n}\n"


def _bytes_checksum(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def seal(doc: dict[str, Any]) -> bytes:
    """A save's bytes: every field but the checksum, one per line, then a checksum of those bytes
    (format 3). Loading checks the bytes as written, so any change to the file is caught."""
    body = _dump({k: v for k, v in doc.items() if k != "checksum"})
    checksum = _bytes_checksum(body)
    return body[: -len(CLOSING)] + CHECKSUM_LINE + json.dumps(checksum).encode() + CLOSING


def _bytes_checksum_ok(data: bytes, claimed: Any) -> bool:
    if _sealed_as(data, claimed):
        return True
    # A save carried through something that writes Windows line endings (an email, a shared
    # drive) is the same save once they are put back: a save's JSON has no line break inside
    # a value, so a CR can only have come from the transfer.
    return b"\r\n" in data and _sealed_as(data.replace(b"\r\n", b"\n"), claimed)


def _sealed_as(data: bytes, claimed: Any) -> bool:
    cut = data.rfind(CHECKSUM_LINE)
    if cut < 0 or not isinstance(claimed, str):
        return False
    return claimed == _bytes_checksum(data[:cut] + CLOSING)


def encode(ruleset: Ruleset, state: GameState) -> bytes:
    """The save file's bytes, checked to load back before anything is written."""
    try:
        body = _body(ruleset, state)
        data = seal(body)
    except ValueError as exc:
        raise SaveError(
            f"the game holds a value that cannot be saved ({exc}); nothing was written"
        ) from None
    # Never write a save that would not load: the bytes go through every check a load makes
    # (the limits on numbers and nesting included).
    try:
        check_save_file(_parse(data), ruleset)
    except SaveError as exc:
        raise SaveError(
            f"the game cannot be saved, as it would not load ({exc}); nothing was written"
        ) from None
    return data


def generation_path(path: Path, n: int) -> Path:
    """NAME.json for n = 0, NAME.n.json for the older generations."""
    return path if n == 0 else path.with_name(f"{path.stem}.{n}{path.suffix}")


def save_game(
    path: Path | str, ruleset: Ruleset, state: GameState, generations: int = GENERATIONS
) -> Path:
    """Write the game atomically and keep the previous saves as NAME.1.json, NAME.2.json...

    The new file is written and synced to a temporary file first; only then do the older
    generations move down and the new one take its name. At every moment a complete save,
    new or old, is there to load. A name taken by a link, a pipe or a device is refused.
    """
    target = Path(path)
    if target.is_dir():
        raise SaveError(f"{target} is a folder; give a file name such as {target / 'my-game.json'}")
    problem = not_a_save_file(target)
    if problem:
        raise SaveError(f"{problem}; nothing was written: choose another name")
    data = encode(ruleset, state)
    try:
        atomic_write(target, data, generations)
    except OSError as exc:
        raise SaveError(
            f"could not write {target}: {exc.strerror or exc}; the previous save, if any, is unchanged"
        ) from None
    return target


def save_path_problem(target: Path) -> str:
    """Why a save could not be written at ``target`` ('' when it can, as far as can be told
    before the game is played): a folder or a device by that name, a file where a folder
    should be, a folder that cannot be written (tried by making a file there and removing
    it)."""
    if not str(target) or target.is_dir():
        return f"{target} is a folder; give a file name such as {target / 'my-game.json'}"
    problem = not_a_save_file(target)
    if problem:
        return f"{problem}: choose another name"
    nearest, problem = folder_write_problem(target.parent, target.name)
    if problem == NOT_A_FOLDER:
        return f"{target} cannot be written: {nearest} is a file, not a folder"
    return f"{target} cannot be written: {problem}" if problem else ""


NOT_A_FOLDER = "not a folder"


def folder_write_problem(folder: Path, name: str = "check") -> tuple[Path, str]:
    """Whether a file could be written in ``folder`` (made where it does not exist yet): the
    nearest part of it that exists, and '' when a file can be made there (tried, by making
    one and removing it), ``NOT_A_FOLDER`` when that part is a file, else the system's
    reason."""
    nearest = folder
    while not os.path.lexists(nearest) and nearest.parent != nearest:
        nearest = nearest.parent
    if not nearest.is_dir():
        return nearest, NOT_A_FOLDER
    try:
        fd, tmp = create_temp(nearest, name)
    except OSError as exc:
        return nearest, str(exc.strerror or exc)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    return nearest, ""


def not_a_save_file(target: Path) -> str:
    """Why a save may not be written over what the name holds now ('' if free or a file)."""
    try:
        info = os.lstat(target)
    except OSError:
        return ""
    if stat.S_ISLNK(info.st_mode):
        return f"{target} is a link, not a save file"
    if stat.S_ISDIR(info.st_mode):
        return f"{target} is a folder, not a save file"
    if not stat.S_ISREG(info.st_mode):
        return f"{target} is not a regular file (a device, a pipe or a socket)"
    return ""


def atomic_write(target: Path, data: bytes, generations: int = 1) -> None:
    """Write the file whole or not at all (a temporary file, fsync, rename), keeping
    ``generations - 1`` previous versions. Saves of the same folder by several processes take
    turns (a lock file, where the system has them); a rotation that finds a generation
    already moved by another process goes on.

    What the name holds is never replaced by a file of another kind: a link is followed and
    its target written (the link stays); a terminal, ``/dev/null`` or a pipe is written
    straight into; a folder, a disk or a socket is refused (OSError). Saves refuse all of
    these before they get here (``not_a_save_file``)."""
    target = Path(os.path.realpath(target)) if os.path.islink(target) else target
    if _write_through(target, data):
        return
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    with _folder_lock(folder, generations > 1):
        clean_stale_temps(folder)
        fd, tmp = create_temp(folder, target.name)
        try:
            with os.fdopen(fd, "wb") as handle:
                _hold(handle.fileno())  # a live writer's file is never taken for a stale one
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            _rotate(target, generations)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    _fsync_folder(folder)


def _write_through(target: Path, data: bytes) -> bool:
    """Write into a character device or a pipe the name holds, as it is (True); False when
    the name holds a regular file or nothing, to be written atomically. OSError (with a
    message that says what to give instead) for what must not be written at all."""
    try:
        info = os.stat(target)
    except OSError:
        return False
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return False
    if stat.S_ISDIR(mode):
        raise OSError(errno.EISDIR, "it is a folder; give a file name")
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise OSError(errno.EINVAL, "it is a disk or a socket, not a file; give a file name")
    try:  # a pipe nobody reads from is refused at once, never waited on
        fd = os.open(
            target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        )
    except OSError as exc:
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(mode):
            raise OSError(errno.ENXIO, "it is a pipe that no program is reading from") from None
        raise
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    return True


def create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside the save, created with the user's normal permissions (read
    and write as the umask allows, like any file a program writes; not ``mkstemp``'s owner-only
    0600), so that a save dropped in a shared hand-in folder can be read by the teacher."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue  # another writer drew the same name: draw again
    raise FileExistsError(f"no free temporary name in {folder}")


def _rotate(target: Path, generations: int) -> None:
    """Move NAME.json to NAME.1.json, NAME.1.json to NAME.2.json, ... dropping the oldest."""
    if generations <= 1 or not os.path.lexists(target):
        return
    for n in range(generations - 1, 0, -1):
        older, newer = generation_path(target, n), generation_path(target, n - 1)
        try:
            if n == 1:
                _copy_down(newer, older)
            else:
                os.replace(newer, older)
        except FileNotFoundError:
            continue  # moved meanwhile by another save of the same game: nothing to move down


def _copy_down(current: Path, older: Path) -> None:
    """Keep NAME.json in place until the new file replaces it: copy it down by a hard link
    where the file system allows, so no moment is without a current save. The link's
    temporary name is this process's own."""
    tmp_link = older.with_name(f".{older.name}.{os.getpid()}-{secrets.token_hex(4)}.link")
    try:
        os.link(current, tmp_link)
    except FileNotFoundError:
        raise
    except OSError:  # no hard links here
        os.replace(current, older)
        return
    try:
        os.replace(tmp_link, older)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_link)
        raise


# --- several writers, and what a killed one leaves behind ---------------------------------

STALE_AFTER = 600.0  # seconds: a temporary file this old belongs to no save in progress
LOCK_NAME = ".elbows-up.lock"
LOCK_WAIT = 10.0  # seconds to wait for another process's save before going ahead anyway
MAX_SCANNED = 20_000  # folder entries looked at for stale files
_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp|\..+\.json\.(?:\d+-[0-9a-f]{8}\.)?link")


@contextlib.contextmanager
def _folder_lock(folder: Path, wanted: bool) -> Iterator[None]:
    """Hold the folder's lock file while rotating its saves (POSIX; elsewhere a no-op)."""
    if not wanted or fcntl is None:
        yield
        return
    try:
        flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(folder / LOCK_NAME, flags, 0o644)
    except OSError:
        yield  # no lock to be had (a read-only folder): the write itself will say what is wrong
        return
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # a process stuck holding it: go ahead, the rotation tolerates it
                time.sleep(0.005)
            except OSError:
                break  # a file system without locks
        yield
    finally:
        os.close(fd)


def _hold(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def clean_stale_temps(folder: Path, now: float | None = None) -> list[str]:
    """Remove the temporary files of saves that were killed half-way: files named as this
    module names them, older than STALE_AFTER and not held by a live writer. Returns their
    names. Anything else in the folder is never touched."""
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        with os.scandir(folder) as entries:
            candidates = [
                e
                for _, e in zip(range(MAX_SCANNED), entries, strict=False)
                if _TEMP.fullmatch(e.name)
            ]
    except OSError:
        return removed
    for entry in candidates:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_AFTER:
            continue
        if _remove_unless_held(Path(entry.path), info):
            removed.append(entry.name)
    return removed


def _remove_unless_held(path: Path, seen: os.stat_result) -> bool:
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except OSError:
        return False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a writer still holds it
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino):
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot fsync a folder
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_document(path: Path | str) -> tuple[bytes, dict[str, Any]]:
    """A save's bytes and the document parsed from them, once: the header names the content
    to load, and ``decode(data, ruleset, doc)`` checks the rest without parsing again."""
    data = read_bytes(path)
    return data, parse_document(data)


def checksum_matches(data: bytes, doc: dict[str, Any]) -> bool:
    """Whether a parsed save's checksum fits its bytes (format 3) or its contents (1 and 2)."""
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version >= 3:
        return _bytes_checksum_ok(data, doc.get("checksum"))
    return doc.get("checksum") == _canonical_checksum(doc)


def read_header_checked(path: Path | str) -> tuple[dict[str, Any], bool]:
    """A save's fields and whether its checksum holds, for listing saves without loading them."""
    data, doc = read_document(path)
    return doc, checksum_matches(data, doc)


# What makes two saves the same point of the same game (not when or by what version of the
# program they were written).
_SAME_GAME = ("format", "scenario", "content_digest", "seed", "turn", "decisions", "state")


def game_point(ruleset: Ruleset, state: GameState) -> dict[str, Any] | None:
    """The fields of a save of this game that ``holds`` compares, as a save file reads back
    (None when the game holds a value that cannot be saved)."""
    try:
        doc = json.loads(_dump(_body(ruleset, state)))
    except ValueError:
        return None
    return {key: doc[key] for key in _SAME_GAME}


def holds(path: Path | str, point: dict[str, Any]) -> bool:
    """Whether the file is a sound save of exactly this point of a game (``game_point``): the
    same scenario, content, seed, choices and state, whatever its name or when it was
    written."""
    try:
        data, doc = read_document(path)
    except (SaveError, OSError):
        return False
    return checksum_matches(data, doc) and all(doc.get(k) == v for k, v in point.items())


def generations(target: Path) -> Iterator[Path]:
    """A save's generations, newest first, as a load tries them: the file itself always (its
    error is the one to report), the older ones where they exist."""
    yield target
    for n in range(1, GENERATIONS):
        candidate = generation_path(target, n)
        if candidate.exists():
            yield candidate


def read_newest_header(path: Path | str) -> dict[str, Any]:
    """The header of the newest generation of a save that can be read (NAME.json, else
    NAME.1.json...): what ``load_game`` falls back to when the newest file is cut short. If
    none can be read, the newest one's error is raised."""
    return newest_readable(path, read_header)[0]


def newest_readable(path: Path | str, read: Callable[[Path], T]) -> tuple[T, Path]:
    """``read`` of the newest generation it succeeds on, and that generation; if it fails on
    every one, the newest one's SaveError."""
    first_error: SaveError | None = None
    for candidate in generations(Path(path)):
        try:
            return read(candidate), candidate
        except SaveError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


def load_game(path: Path | str, ruleset: Ruleset) -> GameState:
    """The game in the newest good generation of a save (see load_game_report)."""
    return load_game_report(path, ruleset).state


def load_exact(path: Path | str, ruleset: Ruleset) -> GameState:
    """The game in this one file: no fallback to an older generation, nothing set aside (for
    tools that read files handed in to them)."""
    return decode(read_bytes(path), ruleset)


@dataclass
class LoadReport:
    state: GameState
    path: Path  # the generation that was loaded
    notes: list[str] = field(default_factory=list)  # fallbacks and files set aside, for the player


def load_game_report(
    path: Path | str, ruleset: Ruleset, set_aside: bool = True, folder: Path | None = None
) -> LoadReport:
    """Load the newest good generation of a save, saying so when it had to fall back.

    A damaged generation is renamed NAME.damaged-TIME.json (never overwritten or deleted) so
    that the next save does not rotate it over a good one. If no generation loads, the
    error of the newest one is raised; the damaged files are set aside then only if they are
    in ``folder``, the game's saves folder (None: wherever they are). A save from elsewhere
    that cannot be loaded is left as it is: a student's file opened from a teacher's folder
    of hand-ins must still be there for 'verify'.
    """
    target = Path(path)
    damaged: set[Path] = set()  # generations to set aside
    failed: list[tuple[Path, SaveError]] = []  # every generation that did not load, in order
    loaded: tuple[Path, GameState] | None = None
    for candidate in generations(target):
        try:
            loaded = candidate, decode(read_bytes(candidate), ruleset)
            break
        except SaveError as exc:
            failed.append((candidate, exc))
            # missing (older generations may remain) or a folder: never moved
            if candidate.is_file() and set_aside and _is_damage(exc):
                damaged.add(candidate)
    if loaded is None and folder is not None and not in_folder(target, folder):
        damaged = set()
    notes: list[str] = []
    moved_to: list[tuple[Path, Path]] = []  # damaged generations set aside: (was, now)
    for candidate, exc in failed:
        moved = _set_aside(candidate) if candidate in damaged else None
        if moved is not None:
            moved_to.append((candidate, moved))
            notes.append(
                f"{candidate.name} could not be loaded ({exc}); it was kept as {moved.name}"
            )
        elif candidate.is_file():
            notes.append(f"{candidate.name} could not be loaded: {exc}")
    if loaded is not None:
        candidate, state = loaded
        if candidate != target or notes:
            # the turns it holds, as the rest of the game says it ("after turn 8": the header
            # then reads "Turn 9")
            played = f"after turn {state.turn}" if state.turn else "before the first turn"
            notes.append(f"loaded the previous save {candidate.name} ({played})")
        return LoadReport(state, candidate, notes)
    first_error = failed[0][1]
    if moved_to:  # say where each file went: a file never disappears without a word
        kept = "; ".join(f"{was.name} was renamed {now}" for was, now in moved_to)
        raise SaveError(
            f"{first_error}. Nothing was deleted: {kept} (set aside, so that the next save does"
            " not write over it)"
        )
    raise first_error


def _is_damage(exc: SaveError) -> bool:
    # A save of another scenario or content version is not damaged: never move it.
    return not isinstance(exc, ForeignSave)


def _set_aside(path: Path) -> Path | None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for k in range(100):
        suffix = f"-{k}" if k else ""
        aside = path.with_name(f"{path.stem}{SET_ASIDE}{stamp}{suffix}{path.suffix}")
        if not aside.exists():
            try:
                os.replace(path, aside)
            except OSError:
                return None
            return aside
    return None


def _migrate_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 2 keeps a fingerprint of each turn's decision in the history."""
    from diplomacy_game.engine.turn import decision_hash

    state = doc.get("state")
    decisions = doc.get("decisions")
    if (
        isinstance(state, dict)
        and isinstance(state.get("history"), list)
        and isinstance(decisions, list)
    ):
        for record, decision in zip(state["history"], decisions, strict=False):
            if isinstance(record, dict) and isinstance(decision, dict):
                record["decision_hash"] = decision_hash(decision)
    return doc


# Ordered migrations: MIGRATIONS[v] turns a format-v document into format v + 1.
def _migrate_2_to_3(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 3 changes only how the checksum is taken (over the file's bytes)."""
    return doc


def _migrate_3_to_4(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 4 changes what each turn's ``chain`` covers: no floats, so that a save verifies
    on any machine (``engine.turn.state_chain``). The chains of turns played before are kept
    as ``legacy_chain`` and checked as they were written (``legacy_state_chain``)."""
    state = doc.get("state")
    history = state.get("history") if isinstance(state, dict) else None
    for record in history if isinstance(history, list) else ():
        if isinstance(record, dict) and "chain" in record:
            record["legacy_chain"] = record.pop("chain")
    return doc


# Values the engine computes that format 5 added (the US side of the economy). A save written
# before has none: they start at zero and the next turn computes them; ``verify`` leaves them
# out of its comparison for such a save.
SCALARS_ADDED_IN_5 = ("us.price_level", "us.gdp_gap", "us.relief")
SECTOR_FIELDS_ADDED_IN_5 = ("us_price", "us_cost")


def values_added_in_5(values: dict[str, Any]) -> list[str]:
    """The names format 5 added, for the sectors a state's values hold."""
    sectors = sorted(
        {k.split(".")[1] for k in values if k.startswith("sector.") and k.endswith(".exports")}
    )
    sector_names = [f"sector.{sid}.{fld}" for sid in sectors for fld in SECTOR_FIELDS_ADDED_IN_5]
    return [*SCALARS_ADDED_IN_5, *sector_names]


def _migrate_4_to_5(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 5 adds the US side of the economy to the state's values."""
    state = doc.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    if isinstance(values, dict):
        for name in values_added_in_5(values):
            values.setdefault(name, 0.0)
    return doc


MIGRATIONS: dict[int, Any] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a checked document of an older format up to the current one, step by step."""
    version = doc["version"]
    while version < SAVE_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
        doc["version"] = version
    return doc


def decode(data: bytes, ruleset: Ruleset, doc: dict[str, Any] | None = None) -> GameState:
    """Check a save's bytes against its scenario and return the game state. ``doc``: the
    document already parsed from exactly these bytes (read_document), not parsed again."""
    return check_document(sound_document(data, doc), ruleset)


class ChecksumMismatch(SaveError):
    """A save whose checksum does not fit its bytes: damaged, or edited without being sealed
    again. Never loaded to play on; ``verify`` still replays what it claims
    (``decode_unsealed``) to say what differs."""


CHECKSUM_MISMATCH = (
    "the save's checksum does not match its contents: the file was damaged or edited"
)


def sound_document(data: bytes, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """A save's document, checked whole (format version and checksum) and brought up to the
    current format, whatever content it was played with."""
    if doc is None:
        doc = _parse(data)
    _check_version(doc)
    if not checksum_matches(data, doc):
        raise ChecksumMismatch(CHECKSUM_MISMATCH)
    return migrate(doc)


def _check_version(doc: dict[str, Any]) -> None:
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError("the save has no valid format version: the file was damaged or edited")
    if version > SAVE_VERSION:
        raise ForeignSave(
            f"this save is from a newer version of the game (format {version}); update the game to open it"
        )


def decode_unsealed(data: bytes, ruleset: Ruleset, doc: dict[str, Any] | None = None) -> GameState:
    """The game a save's bytes claim, checked as ``decode`` checks it except for the checksum:
    what a file edited by hand says, for ``verify`` to set against the replay and for a report
    marked NOT VERIFIED. Never a game to play on."""
    if doc is None:
        doc = _parse(data)
    _check_version(doc)
    return check_document(migrate(doc), ruleset)


def load_claims(path: Path | str, ruleset: Ruleset) -> GameState:
    """The game one handed-in file claims, whether or not its checksum fits (``decode_unsealed``):
    for the pages and rows of a save that failed verification. Nothing is moved."""
    return decode_unsealed(read_bytes(path), ruleset)


def check_document(doc: dict[str, Any], ruleset: Ruleset) -> GameState:
    """Every check a loaded save goes through, on a document of the current format."""
    return _state_of(check_save_file(doc, ruleset))


def validated(doc: dict[str, Any]) -> SaveFile:
    """The document of the current format as a SaveFile (SaveError naming the first field
    that does not fit)."""
    try:
        return SaveFile.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = location(first.get("loc", ()))
        raise SaveError(f"the save is malformed at '{where}': {first.get('msg')}") from None


def check_save_file(doc: dict[str, Any], ruleset: Ruleset) -> SaveFile:
    """The document validated and checked against the scenario (SaveError if it fails)."""
    save = validated(doc)
    if save.scenario != ruleset.scenario.id:
        raise ForeignSave(
            f"this save is a game of '{save.scenario}', not of '{ruleset.scenario.id}'"
        )
    if save.content_digest != ruleset.content_digest:
        raise ContentVersionError(save.content_digest, ruleset.content_digest)
    problems = _check_state(save, ruleset)
    if problems:
        raise SaveError("the save does not fit its scenario: " + problems[0])
    return save


def _state_of(save: SaveFile) -> GameState:
    state = save.state
    data_dict = state.model_dump()
    data_dict["fired"] = {k: list(v) for k, v in state.fired.items()}
    data_dict["taken"] = {k: list(v) for k, v in state.taken.items()}
    data_dict["scheduled"] = [list(x) for x in state.scheduled]
    data_dict["delayed"] = [[d[0], d[1], list(d[2]), d[3], dict(d[4])] for d in state.delayed]
    data_dict["decisions"] = [d.to_json_dict() for d in save.decisions]
    return GameState.from_dict(data_dict)


def quoted(text: object, limit: int = 40) -> str:
    """Text from a file, quoted for a one-line message: escaped, and cut short when long."""
    shown = repr(str(text))
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def location(loc: tuple[int | str, ...]) -> str:
    """Where a validation error is, as 'state.history.3.approval': names a file holds are
    quoted when they are not plain words."""
    return ".".join(
        p
        if isinstance(p, str) and PLAIN_KEY.fullmatch(p)
        else quoted(p, 30)
        if isinstance(p, str)
        else str(p)
        for p in loc
    )


PLAIN_KEY = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


def _check_state(save: SaveFile, ruleset: Ruleset) -> list[str]:
    s = save.state
    problems = []
    if s.scenario_id != save.scenario or s.seed != save.seed or s.turn != save.turn:
        problems.append("its header and its state disagree")
    if (
        s.start != ruleset.scenario.start.isoformat()
        or s.turn_days != ruleset.scenario.turn_days
        or s.last_turn != ruleset.turns
    ):
        problems.append("its calendar differs from the scenario's")
    if s.turn > s.last_turn:
        problems.append(f"turn {s.turn} is past the last turn ({s.last_turn})")
    if len(save.decisions) != s.turn or len(s.history) != s.turn:
        problems.append(
            f"it records {len(save.decisions)} decisions and {len(s.history)} turns for turn {s.turn}"
        )
    if set(s.values) != set(ruleset.variables):
        missing = ", ".join(quoted(k) for k in sorted(set(ruleset.variables) - set(s.values))[:3])
        extra = ", ".join(quoted(k) for k in sorted(set(s.values) - set(ruleset.variables))[:3])
        problems.append(
            f"its variables differ from the scenario's (missing [{missing}], unknown [{extra}])"
        )
    for name, value in s.values.items():
        spec = ruleset.variables.get(name)
        if not math.isfinite(value) or (
            spec is not None and not spec.lo - 1e-9 <= value <= spec.hi + 1e-9
        ):
            problems.append(f"{quoted(name)} = {value:.6g} is out of its range")
            break
    for event_id in [*s.pending, *(e for _, e in s.scheduled), *s.fired]:
        if event_id not in ruleset.events:
            problems.append(f"it refers to an unknown event {quoted(event_id)}")
            break
    for action_id in [*(d[1] for d in s.delayed), *s.taken]:
        if action_id not in ruleset.actions:
            problems.append(f"it refers to an unknown action {quoted(action_id)}")
            break
    if s.posture and s.posture not in ruleset.postures:
        problems.append(f"it refers to an unknown US posture {quoted(s.posture)}")
    if s.ending is None and s.turn >= s.last_turn:
        problems.append("it has played the last turn but records no ending")
    problems.extend(_check_shapes(s, ruleset))
    if not problems:
        problems.extend(_check_delayed(s, ruleset))
    return problems


def _shape_problem(model: type[BaseModel], value: Any, what: str) -> str:
    try:
        model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = location(first["loc"])
        return f"{what} is malformed{f' at {where}' if where else ''}: {first['msg']}"
    return ""


def _check_shapes(s: SavedState, ruleset: Ruleset) -> list[str]:
    """The free-form parts of the state: the generator, the history, the advisors' readings,
    the ending and the assignment, each as the engine and the screens read them."""
    problems = []
    if _shape_problem(GeneratorState, s.rng_state, "its random generator state"):
        problems.append("its random generator state is damaged")
    else:
        try:
            generator_from_state(s.rng_state)
        except (TypeError, ValueError, KeyError, OverflowError):
            problems.append("its random generator state is damaged")
    for turn, record in enumerate(s.history, start=1):
        problem = _shape_problem(HistoryRecord, record, f"its history of turn {turn}")
        if problem:
            problems.append(problem)
            break
        try:
            dt.date.fromisoformat(record["date"])
        except ValueError:
            problems.append(f"its history of turn {turn} has no valid date")
            break
    advisors = {a.id for a in ruleset.advisors}
    for reading in s.readings:
        problem = _shape_problem(AdvisorReading, reading, "an advisor's reading")
        if not problem and (
            reading["advisor"] not in advisors or reading["variable"] not in ruleset.variables
        ):
            problem = "an advisor's reading names an unknown advisor or variable"
        if problem:
            problems.append(problem)
            break
    if s.ending is not None:
        problem = _shape_problem(EndingRecord, s.ending, "its ending")
        if not problem and s.ending["id"] not in {e.spec.id for e in ruleset.endings}:
            problem = f"it ends with an unknown ending {quoted(s.ending['id'])}"
        if problem:
            problems.append(problem)
    if s.assignment is not None:
        problem = _shape_problem(AssignmentRecord, s.assignment, "its assignment record")
        if problem:
            problems.append(problem)
    return problems


def _check_delayed(s: SavedState, ruleset: Ruleset) -> list[str]:
    """Each delayed effect names a variant of its action, an effect it has, and parameters the
    action takes, as the turn that scheduled it resolved them."""
    from diplomacy_game.engine.turn import resolve_params

    for _, action_id, variant_key, index, params in s.delayed:
        action = ruleset.actions[action_id]
        try:
            resolved_key, resolved = resolve_params(
                action, ActionChoice(id=action_id, params=params), max(s.turn, 1)
            )
        except (DecisionError, ValidationError):
            resolved_key, resolved = (), None
        variant = action.variants.get(tuple(variant_key))
        if (
            resolved != params
            or tuple(variant_key) != resolved_key
            or variant is None
            or index >= len(variant.delayed)
        ):
            return [f"a delayed effect of {quoted(action_id)} does not fit the action"]
    return []
