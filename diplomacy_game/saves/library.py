"""The saves folder: where saves go, safe file names, the list of saves, autosave.

The folder is ``./saves`` unless ``--saves-dir`` or the ``ELBOWS_UP_SAVES`` environment
variable says otherwise. Names typed by a player become file names that always stay inside
the folder. Listing reads only each file's header, so a damaged save is shown with its
problem instead of breaking the list. The engine (numpy) is imported only when a game is
actually written or read in full.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game.saves.reading import in_folder as in_folder  # for this module's users

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState

SAVES_ENV = "ELBOWS_UP_SAVES"
DEFAULT_DIR = "saves"
SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
MAX_NAME = 60
MAX_LISTED = 500  # the newest files of the folder, by modification time
MAX_SCANNED = 20_000  # folder entries looked at
# Names Windows reserves for devices, with or without an extension.
RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}


def saves_dir(override: Path | str | None = None) -> Path:
    """The saves folder: the override, else $ELBOWS_UP_SAVES, else ./saves."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(SAVES_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(DEFAULT_DIR)


# Latin letters that have no decomposition to drop an accent from: written as English
# writes them in a file name ("Søren" is "Soren", "Łukasz" "Lukasz", "Strauß" "Strauss").
LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)


def safe_name(text: str, letters: bool = True) -> str:
    """A file stem made from what a player typed: letters, digits, '-', '_' only; accents
    dropped, and the letters without one written in English letters (``LETTERS``; with
    ``letters=False``, dropped, as files were named before).

    Never empty, never a path, never a reserved device name, at most MAX_NAME characters.
    """
    text = (text or "").translate(LETTERS) if letters else text or ""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii")
    if text.lower().endswith(SUFFIX):
        text = text[: -len(SUFFIX)]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", text)
    stem = re.sub(r"-{2,}", "-", stem).strip("-_")[:MAX_NAME].strip("-_")
    if not stem:
        stem = "game"
    if stem.split(".")[0].lower() in RESERVED:
        stem = f"{stem}-game"
    return stem


@dataclass
class SaveInfo:
    """One save as the load list shows it; ``error`` says why it cannot be loaded."""

    path: Path
    name: str
    scenario: str = ""
    turn: int = 0
    last_turn: int = 0
    date: dt.date | None = None
    approval: float | None = None
    saved_at: dt.datetime | None = None
    seed: int | None = None
    finished: bool = False
    # a finished game: the day its last turn's window closed (the scenario's end, where the
    # game ran to it, comes earlier: the list shows the sooner, as the game's header does)
    ended: dt.date | None = None
    autosave: bool = False
    error: str = ""
    mtime: float = 0.0
    content_digest: str = ""  # of the content the game was played with, as its header says

    @property
    def ok(self) -> bool:
        return not self.error


class SaveLibrary:
    """The saves folder of one player."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = saves_dir(folder)

    # --- names -------------------------------------------------------------------------

    def path_for(self, name: str) -> Path:
        """The file a typed name saves to; always directly inside the folder (safe_name leaves
        no separator, dot or drive in the name, so it cannot point anywhere else)."""
        return self.folder / f"{safe_name(name)}{SUFFIX}"

    def autosave_path(self, state: GameState, game_id: str = "") -> Path:
        """The autosave of one game: its student (from the assignment, if any), scenario and
        seed for the reader, and the game's own id so that two games never share a file."""
        student = (state.assignment or {}).get("student")
        return self.path_for(
            autosave_name(
                state.scenario_id, state.seed, student if isinstance(student, str) else "", game_id
            )
        )

    def exists(self, name: str) -> bool:
        return os.path.lexists(self.path_for(name))

    def problem(self, name: str) -> str:
        """Why a game cannot be saved under this name ('' when it can): the name is taken by
        something that is not a save file (a link, a folder, a pipe)."""
        from diplomacy_game.saves.store import not_a_save_file

        return not_a_save_file(self.path_for(name))

    def folder_problem(self) -> str:
        """Why games cannot be saved in the folder ('' when they can): it is a file, or it
        (or the folder it would be made in) cannot be written. Tried by making a file there
        and removing it, as a save would."""
        from diplomacy_game.saves.store import NOT_A_FOLDER, folder_write_problem

        folder = self.folder
        nearest, problem = folder_write_problem(folder)
        fix = "start the game with --saves-dir FOLDER, a folder you can write to"
        if problem == NOT_A_FOLDER:
            what = "is" if nearest == folder else f"is in {nearest}, which is"
            return (
                f"The saves folder {folder} {what} a file, not a folder: no save or autosave of"
                f" this game can be written. To keep your games, {fix}."
            )
        if problem:
            return (
                f"The saves folder {folder} cannot be written ({problem}): no save or"
                f" autosave of this game can be written. To keep your games, {fix}."
            )
        return ""

    # --- writing -------------------------------------------------------------------------

    def save(self, name: str, ruleset: Ruleset, state: GameState) -> Path:
        """Save under a typed name; raises SaveError with a readable message."""
        from diplomacy_game.saves.store import save_game

        return save_game(self.path_for(name), ruleset, state)

    def autosave(self, ruleset: Ruleset, state: GameState, path: Path) -> Path:
        """Write a game's autosave (see autosave_path), keeping the two before it."""
        from diplomacy_game.saves.store import save_game

        return save_game(path, ruleset, state)

    def autosave_holding(self, ruleset: Ruleset, state: GameState) -> Path | None:
        """An autosave in the folder that holds this very point of this game, if any: a game
        loaded from a save by name goes on writing to it rather than starting a second autosave
        of the same game. One that has gone further is left alone (loading the named save
        again is a new try from there, autosaved on its own)."""
        from diplomacy_game.saves.store import game_point, holds

        point = game_point(ruleset, state)
        if point is None:
            return None
        student = (state.assignment or {}).get("student")
        sample = autosave_name(
            state.scenario_id, state.seed, student if isinstance(student, str) else "", "0" * 6
        )
        prefix = sample[: -len("000000")]
        try:
            with os.scandir(self.folder) as entries:
                names = [
                    entry.name
                    for _, entry in zip(range(MAX_SCANNED), entries, strict=False)
                    if entry.name.startswith(prefix) and entry.name.endswith(SUFFIX)
                ]
        except OSError:
            return None
        for name in sorted(names):
            path = self.folder / name
            if game_id_of(path) and is_autosave_of_a_game(path, self.folder) and holds(path, point):
                return path
        return None

    # --- reading -------------------------------------------------------------------------

    def list(self) -> list[SaveInfo]:
        """The newest saves in the folder (at most MAX_LISTED), newest first; a damaged one
        carries its error, and one that loading has set aside (NAME.damaged-TIME.json) is not
        listed. Temporary files left by a killed save are cleaned up first."""
        from diplomacy_game.saves.reading import set_aside_name
        from diplomacy_game.saves.store import clean_stale_temps

        clean_stale_temps(self.folder)
        found: list[tuple[float, Path]] = []
        try:
            with os.scandir(self.folder) as entries:
                for _, entry in zip(range(MAX_SCANNED), entries, strict=False):
                    name = entry.name
                    if not name.endswith(SUFFIX) or name.startswith(".") or set_aside_name(name):
                        continue  # a damaged save set aside is not a game to load
                    with contextlib.suppress(OSError):
                        if entry.is_file():  # a link to a file too; never a pipe or a device
                            found.append((entry.stat().st_mtime, Path(entry.path)))
        except OSError:
            return []
        found.sort(key=lambda item: item[0], reverse=True)
        infos = [describe(path) for _, path in found[:MAX_LISTED]]
        infos.sort(key=lambda i: i.saved_at.timestamp() if i.saved_at else i.mtime, reverse=True)
        return infos

    def latest_autosave(self) -> SaveInfo | None:
        """The newest autosave of an unfinished game that looks loadable."""
        for info in self.list():
            if info.autosave and info.ok and not info.finished:
                return info
        return None


def new_game_id() -> str:
    """A short id of a game, drawn when it starts, that its autosave is named after."""
    return secrets.token_hex(3)


def autosave_name(scenario: str, seed: int, student: str = "", game_id: str = "") -> str:
    """autosave-STUDENT-SCENARIO-seedN-ID, shortened in the middle to fit MAX_NAME so that
    the id is never cut."""
    tail = f"-{safe_name(game_id)}" if game_id else ""
    middle = safe_name("-".join(part for part in (student, scenario, f"seed{seed}") if part))
    room = MAX_NAME - len(AUTOSAVE_PREFIX) - len(tail)
    return AUTOSAVE_PREFIX + middle[:room].rstrip("-_") + tail


def suggested_name(state: GameState, game_id: str = "") -> str:
    """The name the save dialog offers: the student's for an assigned game
    (STUDENT-SCENARIO-turnK, K the turn being played), else the game's own id
    (SCENARIO-seedN-ID-turnK), so that two players who accept it never write over each other's
    save in a shared folder."""
    student = (state.assignment or {}).get("student")
    # The turn the player is on, as the header shows it ("Turn 1 of 9" before any is played);
    # a finished game, its last.
    tail = f"-turn{state.turn if state.ending else state.turn + 1}"
    if isinstance(student, str) and safe_name(student) != "game":
        head = f"{student}-{state.scenario_id}"
    else:
        head = "-".join(part for part in (state.scenario_id, f"seed{state.seed}", game_id) if part)
    return safe_name(head)[: MAX_NAME - len(tail)].rstrip("-_") + tail


def game_id_of(path: Path) -> str:
    """The game id an autosave's name ends with, or '' (see autosave_name)."""
    match = re.fullmatch(r"autosave-.+-([0-9a-f]{6})", path.stem)
    return match[1] if match else ""


def is_autosave_of_a_game(path: Path, folder: Path) -> bool:
    """Whether a file is a game's current autosave in the folder (not an older generation)."""
    stem = path.stem
    return stem.startswith(AUTOSAVE_PREFIX) and "." not in stem and in_folder(path, folder)


# The header fields the list shows, with the bounds a save of this game keeps to.
_FIRST_YEAR, _LAST_YEAR = 1970, 9000
MAX_SHOWN = 60  # characters of a scenario id shown


def describe(path: Path) -> SaveInfo:
    """Read a save's header for the list, never raising."""
    from diplomacy_game.saves.store import MAX_TURNS, SaveError, read_header_checked

    info = SaveInfo(path=path, name=path.stem, autosave=path.stem.startswith(AUTOSAVE_PREFIX))
    with contextlib.suppress(OSError, ValueError):
        info.mtime = path.stat().st_mtime
    try:
        doc, checksum_ok = read_header_checked(path)
    except SaveError as exc:
        info.error = str(exc)
        return info
    try:
        info.scenario = str(doc["scenario"])[:MAX_SHOWN]
        info.turn = _whole(doc.get("turn"), 0, MAX_TURNS)
        info.seed = _whole(doc["seed"], 0, 2**63 - 1) if "seed" in doc else None
        state = doc.get("state")
        if not isinstance(state, dict):
            raise ValueError("no state")
        info.last_turn = _whole(state.get("last_turn"), 1, MAX_TURNS)
        turn_days = _whole(state.get("turn_days", 14), 1, 366)
        start = dt.date.fromisoformat(_text(state.get("start")))
        info.finished = state.get("ending") is not None
        # The date of the turn to play; for a finished game, of the last turn played (the one
        # the review fell in), never a date past the end.
        played = max(0, info.turn - 1) if info.finished else info.turn
        info.date = start + dt.timedelta(days=played * turn_days)
        if info.finished:
            info.ended = start + dt.timedelta(days=info.turn * turn_days)
        values = state.get("values")
        approval = values.get("approval") if isinstance(values, dict) else None
        info.approval = _number(approval) if approval is not None else None
        info.saved_at = _moment(_text(doc.get("saved_at")))
        digest = doc.get("content_digest")
        info.content_digest = digest if isinstance(digest, str) and len(digest) <= 128 else ""
    except (TypeError, ValueError, KeyError, OverflowError):
        info.error = "the save's header is malformed: the file was damaged or edited"
        return info
    if not checksum_ok:
        info.error = (
            "the save's checksum does not match its contents: the file was damaged or edited"
        )
    return info


def _whole(value: Any, lo: int, hi: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise ValueError("not a whole number in range")
    return value


def _number(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise ValueError("not a number")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("not a short text")
    return value


def _moment(text: str) -> dt.datetime:
    """A time of saving as written by the game, in UTC when it names no zone."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if not _FIRST_YEAR <= moment.year <= _LAST_YEAR:
        raise ValueError("saved at an impossible time")
    moment.timestamp()  # raises OverflowError where the platform cannot hold it
    return moment
