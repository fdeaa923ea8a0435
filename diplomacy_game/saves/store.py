"""Save files: one JSON document, written atomically, checked whole when loaded.

A save holds the format version, the scenario id and a digest of the content it was played
with, the seed, every decision and memo in order, and the full state including the random
generator's state. A checksum over the rest catches damage; loading re-checks every field
against the scenario and refuses a corrupt, foreign or edited file with a clear message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diplomacy_game import __version__
from diplomacy_game.content.ruleset import Ruleset
from diplomacy_game.engine.state import GameState, generator_from_state
from diplomacy_game.model.decisions import Decision

SAVE_FORMAT = "elbows-up-save"
SAVE_VERSION = 4
MAX_SAVE_BYTES = 20_000_000
GENERATIONS = 3  # NAME.json and the two saves before it: NAME.1.json, NAME.2.json


class SaveError(Exception):
    """A save that cannot be written or loaded; the message says what to do."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SavedState(_Strict):
    scenario_id: str
    seed: int = Field(ge=0)
    start: str
    turn_days: int = Field(ge=1)
    last_turn: int = Field(ge=1)
    turn: int = Field(ge=0)
    values: dict[str, float]
    flags: dict[str, bool]
    rng_state: dict[str, Any]
    fired: dict[str, list[int]]
    taken: dict[str, list[int]]
    scheduled: list[tuple[int, str]]
    delayed: list[tuple[int, str, list[str], int, dict[str, str | float]]]
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
    seed: int
    turn: int
    decisions: list[Decision]
    state: SavedState
    checksum: str


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
    # Never write a save that would not load: the document goes through every check a load
    # makes (JSON round-trips floats, ints and text exactly, and the dump refused NaN).
    check_save_file({**body, "checksum": ""}, ruleset)
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
    new or old, is there to load.
    """
    target = Path(path)
    if target.is_dir():
        raise SaveError(f"{target} is a folder; give a file name such as {target / 'my-game.json'}")
    data = encode(ruleset, state)
    try:
        atomic_write(target, data, generations)
    except OSError as exc:
        raise SaveError(
            f"could not write {target}: {exc.strerror or exc}; the previous save, if any, is unchanged"
        ) from None
    return target


def atomic_write(target: Path, data: bytes, generations: int = 1) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
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


def _rotate(target: Path, generations: int) -> None:
    """Move NAME.json to NAME.1.json, NAME.1.json to NAME.2.json, ... dropping the oldest."""
    if generations <= 1 or not target.exists():
        return
    for n in range(generations - 1, 0, -1):
        older, newer = generation_path(target, n), generation_path(target, n - 1)
        if newer.exists():
            if n == 1:
                # Keep NAME.json in place until the new file replaces it: copy it down by a hard
                # link where the file system allows, so no moment is without a current save.
                tmp_link = older.with_name(f".{older.name}.link")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp_link)
                try:
                    os.link(newer, tmp_link)
                    os.replace(tmp_link, older)
                except OSError:
                    os.replace(newer, older)
            else:
                os.replace(newer, older)


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


def read_header(path: Path | str) -> dict[str, Any]:
    """The scenario id and basic facts of a save, to know which content to load it with."""
    doc = _parse(_read(Path(path)))
    scenario = doc.get("scenario")
    if not isinstance(scenario, str):
        raise SaveError("this file does not name a scenario; it is not a save of this game")
    return doc


def checksum_matches(data: bytes, doc: dict[str, Any]) -> bool:
    """Whether a parsed save's checksum fits its bytes (format 3) or its contents (1 and 2)."""
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version >= 3:
        return _bytes_checksum_ok(data, doc.get("checksum"))
    return doc.get("checksum") == _canonical_checksum(doc)


def read_header_checked(path: Path | str) -> tuple[dict[str, Any], bool]:
    """A save's fields and whether its checksum holds, for listing saves without loading them."""
    data = _read(Path(path))
    doc = _parse(data)
    if not isinstance(doc.get("scenario"), str):
        raise SaveError("this file does not name a scenario; it is not a save of this game")
    return doc, checksum_matches(data, doc)


def load_game(path: Path | str, ruleset: Ruleset) -> GameState:
    """The game in the newest good generation of a save (see load_game_report)."""
    return load_game_report(path, ruleset).state


@dataclass
class LoadReport:
    state: GameState
    path: Path  # the generation that was loaded
    notes: list[str] = field(default_factory=list)  # fallbacks and files set aside, for the player


def load_game_report(path: Path | str, ruleset: Ruleset, set_aside: bool = True) -> LoadReport:
    """Load the newest good generation of a save, saying so when it had to fall back.

    A damaged generation is renamed NAME.damaged-TIME.json (never overwritten or deleted) so
    that the next save does not rotate it over a good one. If no generation loads, the
    error of the newest one is raised.
    """
    target = Path(path)
    notes: list[str] = []
    first_error: SaveError | None = None
    for n in range(GENERATIONS):
        candidate = generation_path(target, n)
        if n > 0 and not candidate.exists():
            continue
        try:
            state = decode(_read(candidate), ruleset)
        except SaveError as exc:
            if first_error is None:
                first_error = exc
            if not candidate.is_file():
                continue  # missing (older generations may remain) or a folder: never moved
            if set_aside and _is_damage(exc):
                moved = _set_aside(candidate)
                if moved is not None:
                    notes.append(
                        f"{candidate.name} could not be loaded ({exc}); it was kept as {moved.name}"
                    )
                    continue
            notes.append(f"{candidate.name} could not be loaded: {exc}")
            continue
        if n > 0 or notes:
            notes.append(f"loaded the previous save {candidate.name} (turn {state.turn})")
        return LoadReport(state, candidate, notes)
    assert first_error is not None
    raise first_error


def _is_damage(exc: SaveError) -> bool:
    # A save of another scenario or content version is not damaged: never move it.
    text = str(exc)
    return not (
        "another version of the content" in text
        or "is a game of" in text
        or "newer version" in text
    )


def _set_aside(path: Path) -> Path | None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for k in range(100):
        suffix = f"-{k}" if k else ""
        aside = path.with_name(f"{path.stem}.damaged-{stamp}{suffix}{path.suffix}")
        if not aside.exists():
            try:
                os.replace(path, aside)
            except OSError:
                return None
            return aside
    return None


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path} is {size} bytes, too large to be a save of this game")
        return path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SaveError(f"{path} is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(f"cannot read {path}: {exc.strerror or exc}") from None


def _parse(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise SaveError(
            "the file is not UTF-8 text: it is damaged or not a save of this game"
        ) from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SaveError(
            f"the file is not valid JSON ({getattr(exc, 'msg', 'too deeply nested')}): it is damaged or cut short"
        ) from None
    except ValueError as exc:
        raise SaveError(f"the file holds an invalid number ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != SAVE_FORMAT:
        raise SaveError("this is not a save file of Elbows Up")
    return doc


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


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


MIGRATIONS: dict[int, Any] = {1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a checked document of an older format up to the current one, step by step."""
    version = doc["version"]
    while version < SAVE_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
        doc["version"] = version
    return doc


def decode(data: bytes, ruleset: Ruleset) -> GameState:
    """Check a save's bytes against its scenario and return the game state."""
    doc = _parse(data)
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError("the save has no valid format version: the file was damaged or edited")
    if version > SAVE_VERSION:
        raise SaveError(
            f"this save is from a newer version of the game (format {version}); update the game to open it"
        )
    if not checksum_matches(data, doc):
        raise SaveError(
            "the save's checksum does not match its contents: the file was damaged or edited"
        )
    return check_document(migrate(doc), ruleset)


def check_document(doc: dict[str, Any], ruleset: Ruleset) -> GameState:
    """Every check a loaded save goes through, on a document of the current format."""
    return _state_of(check_save_file(doc, ruleset))


def check_save_file(doc: dict[str, Any], ruleset: Ruleset) -> SaveFile:
    """The document validated and checked against the scenario (SaveError if it fails)."""
    try:
        save = SaveFile.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise SaveError(f"the save is malformed at '{where}': {first.get('msg')}") from None
    if save.scenario != ruleset.scenario.id:
        raise SaveError(f"this save is a game of '{save.scenario}', not of '{ruleset.scenario.id}'")
    if save.content_digest != ruleset.content_digest:
        raise SaveError(
            "this game was played with another version of the content; it cannot be continued with this one "
            "(load it with the same content packs, or the same version of the game)"
        )
    problems = _check_state(save, ruleset)
    if problems:
        raise SaveError("the save does not fit its scenario: " + problems[0])
    return save


def _state_of(save: SaveFile) -> GameState:
    state = save.state
    data_dict = state.model_dump()
    data_dict["scheduled"] = [list(x) for x in state.scheduled]
    data_dict["delayed"] = [[d[0], d[1], list(d[2]), d[3], dict(d[4])] for d in state.delayed]
    data_dict["decisions"] = [d.to_json_dict() for d in save.decisions]
    return GameState.from_dict(data_dict)


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
        missing = sorted(set(ruleset.variables) - set(s.values))[:3]
        extra = sorted(set(s.values) - set(ruleset.variables))[:3]
        problems.append(
            f"its variables differ from the scenario's (missing {missing}, unknown {extra})"
        )
    for name, value in s.values.items():
        spec = ruleset.variables.get(name)
        if not math.isfinite(value) or (
            spec is not None and not spec.lo - 1e-9 <= value <= spec.hi + 1e-9
        ):
            problems.append(f"'{name}' = {value} is out of its range")
            break
    for event_id in [*s.pending, *(e for _, e in s.scheduled), *s.fired]:
        if event_id not in ruleset.events:
            problems.append(f"it refers to an unknown event '{event_id}'")
            break
    for action_id in [*(d[1] for d in s.delayed), *s.taken]:
        if action_id not in ruleset.actions:
            problems.append(f"it refers to an unknown action '{action_id}'")
            break
    if s.ending is None and s.turn >= s.last_turn:
        problems.append("it has played the last turn but records no ending")
    try:
        generator_from_state(s.rng_state)
    except (TypeError, ValueError, KeyError, OverflowError):
        problems.append("its random generator state is damaged")
    return problems
