"""Reading a save file's bytes and parsing its document, without the game's models: what a
tool needs to tell whose game a file is (the hand-in listing) or to find a recorded verdict,
before it knows whether it needs the engine at all. ``saves.store`` checks the rest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves import safe_json

SAVE_FORMAT = "elbows-up-save"
MAX_SAVE_BYTES = 20_000_000
SCENARIO_ID = re.compile(r"[a-z0-9][a-z0-9_\-]{0,59}")  # as content ids are written

SET_ASIDE = ".damaged-"  # NAME.damaged-TIME.json: a damaged save that loading set aside


def set_aside_name(name: str) -> bool:
    """Whether a file's name is that of a damaged save loading set aside (never loaded, never
    listed as a game: the load that set it aside said where it went)."""
    return SET_ASIDE in name


def in_folder(path: Path, folder: Path) -> bool:
    """Whether a file lies directly in the folder."""
    try:
        return path.parent.resolve() == folder.resolve()
    except (OSError, RuntimeError):
        return False


class SaveError(Exception):
    """A save that cannot be written or loaded; the message says what to do."""

    def without_name(self, path: Path | str) -> str:
        """The message, less the file's name where it starts with it: for a line that names
        the file already ("FAIL x.json: not a readable save: no such save file")."""
        text, name = str(self), f"{path}: "
        return text[len(name) :] if text.startswith(name) else text


class ForeignSave(SaveError):
    """A sound save this game cannot use as it stands: of another scenario, of another version
    of the content, or from a newer version of the game. Not damage: it is never set aside."""


class ContentVersionError(ForeignSave):
    """A save of another version of the content: not damaged, and of no use with this one.
    ``saved`` and ``ours`` are the two contents' short digests ("unknown" for one that is not
    a digest), for the messages that name them."""

    def __init__(self, saved_digest: str, our_digest: str):
        self.saved = saved_digest[:8] if saved_digest.isalnum() else "unknown"
        self.ours = our_digest[:8]
        super().__init__(
            f"this game was played with another version of the game or its content (the save's is "
            f"{self.saved}, this game's {self.ours}): it can be continued, checked or reported "
            "only with the version of the game and the content packs it was played with "
            "(a game played with packs needs them again: --content PACK)"
        )


def read_bytes(path: Path | str) -> bytes:
    """A save's bytes: a regular file of at most MAX_SAVE_BYTES, never a pipe or a device."""
    try:
        return read_limited(Path(path), MAX_SAVE_BYTES, "save file")
    except FileProblem as exc:
        raise SaveError(str(exc)) from None


def parse(data: bytes) -> dict[str, Any]:
    """The document of a save's bytes (SaveError when they are not one)."""
    try:
        doc = safe_json.loads(data)
    except safe_json.JsonProblem as exc:
        why = (
            "it is damaged or cut short"
            if exc.cut_short
            else "it is damaged or not a save of this game"
        )
        raise SaveError(f"the file {exc}: {why}") from None
    if not isinstance(doc, dict) or doc.get("format") != SAVE_FORMAT:
        raise SaveError("this is not a save file of Elbows Up")
    return doc


def check_scenario_named(doc: dict[str, Any]) -> None:
    scenario = doc.get("scenario")
    if not isinstance(scenario, str) or not SCENARIO_ID.fullmatch(scenario):
        raise SaveError("this file does not name a scenario; it is not a save of this game")


def parse_document(data: bytes) -> dict[str, Any]:
    """A save's document, parsed from its bytes, that names a scenario (else SaveError)."""
    doc = parse(data)
    check_scenario_named(doc)
    return doc


def read_header(path: Path | str) -> dict[str, Any]:
    """The scenario id and basic facts of a save, to know which content to load it with."""
    return parse_document(read_bytes(path))
