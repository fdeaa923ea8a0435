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
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diplomacy_game.content.ruleset import Ruleset
    from diplomacy_game.engine.state import GameState

SAVES_ENV = "ELBOWS_UP_SAVES"
DEFAULT_DIR = "saves"
SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
MAX_NAME = 60
MAX_LISTED = 500
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


def safe_name(text: str) -> str:
    """A file stem made from what a player typed: letters, digits, '-', '_' only.

    Never empty, never a path, never a reserved device name, at most MAX_NAME characters.
    """
    text = unicodedata.normalize("NFKD", text or "")
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
    autosave: bool = False
    error: str = ""
    mtime: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error


class SaveLibrary:
    """The saves folder of one player."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = saves_dir(folder)

    # --- names -------------------------------------------------------------------------

    def path_for(self, name: str) -> Path:
        """The file a typed name saves to; always directly inside the folder."""
        path = self.folder / f"{safe_name(name)}{SUFFIX}"
        base = self.folder.resolve()
        if path.resolve().parent != base:  # belt and braces: safe_name already ensures it
            raise ValueError(f"'{name}' does not make a file name inside {self.folder}")
        return path

    def autosave_path(self, scenario: str, seed: int) -> Path:
        return self.path_for(f"{AUTOSAVE_PREFIX}{scenario}-seed{seed}")

    def exists(self, name: str) -> bool:
        return self.path_for(name).exists()

    # --- writing -------------------------------------------------------------------------

    def save(self, name: str, ruleset: Ruleset, state: GameState) -> Path:
        """Save under a typed name; raises SaveError with a readable message."""
        from diplomacy_game.saves.store import save_game

        return save_game(self.path_for(name), ruleset, state)

    def autosave(self, ruleset: Ruleset, state: GameState) -> Path:
        """The autosave of this game (one file per scenario and seed, replaced each turn)."""
        from diplomacy_game.saves.store import save_game

        return save_game(self.autosave_path(state.scenario_id, state.seed), ruleset, state)

    # --- reading -------------------------------------------------------------------------

    def list(self) -> list[SaveInfo]:
        """Every save in the folder, newest first; damaged ones carry their error."""
        try:
            files = [p for p in self.folder.iterdir() if p.suffix == SUFFIX and p.is_file()]
        except OSError:
            return []
        infos = [describe(p) for p in files[:MAX_LISTED]]
        infos.sort(key=lambda i: i.saved_at.timestamp() if i.saved_at else i.mtime, reverse=True)
        return infos

    def latest_autosave(self) -> SaveInfo | None:
        """The newest autosave of an unfinished game that looks loadable."""
        for info in self.list():
            if info.autosave and info.ok and not info.finished:
                return info
        return None


def describe(path: Path) -> SaveInfo:
    """Read a save's header for the list, never raising."""
    from diplomacy_game.saves.store import SaveError, read_header_checked

    info = SaveInfo(path=path, name=path.stem, autosave=path.stem.startswith(AUTOSAVE_PREFIX))
    with contextlib.suppress(OSError):
        info.mtime = path.stat().st_mtime
    try:
        doc, checksum_ok = read_header_checked(path)
    except SaveError as exc:
        info.error = str(exc)
        return info
    try:
        info.scenario = str(doc.get("scenario", ""))
        info.turn = int(doc.get("turn", 0))
        info.seed = int(doc["seed"]) if "seed" in doc else None
        state: dict[str, Any] = doc.get("state") or {}
        info.last_turn = int(state.get("last_turn", 0))
        start = dt.date.fromisoformat(str(state.get("start")))
        info.date = start + dt.timedelta(days=info.turn * int(state.get("turn_days", 14)))
        approval = (state.get("values") or {}).get("approval")
        info.approval = float(approval) if approval is not None else None
        info.finished = state.get("ending") is not None
        info.saved_at = dt.datetime.fromisoformat(str(doc.get("saved_at")))
    except (TypeError, ValueError, KeyError, AttributeError, json.JSONDecodeError):
        info.error = "the save's header is malformed: the file was damaged or edited"
        return info
    if not checksum_ok:
        info.error = (
            "the save's checksum does not match its contents: the file was damaged or edited"
        )
    return info
