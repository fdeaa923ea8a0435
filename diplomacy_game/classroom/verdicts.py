"""Verdicts on saves, recorded so that a class is not replayed again for every summary.

A verdict (``verify.verify_save``) is a pure function of three things: the save file's bytes,
the content it is checked against and the game itself (its source, the Python and libraries it
runs on). Each verdict a replay gives is kept in the user's cache folder (``content/cache.py``:
``$ELBOWS_UP_CACHE``, else ``$XDG_CACHE_HOME/elbows-up`` or ``~/.cache/elbows-up``; ``off``
keeps nothing) under the SHA-256 of all three, with what the class summary shows of the game.
A record is used only when all three digests it names are those of the file just read, the
content as it is now and this game: an edited save has other bytes and is replayed. A missing,
damaged or foreign record is ignored and written again; deleting the folder is always safe.
Records are JSON: data, never code.

This module loads neither the engine nor the game's models: a re-run over saves already
recorded needs neither.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diplomacy_game.classroom.verdict import INTERNAL_ERROR, Verdict
from diplomacy_game.content import cache
from diplomacy_game.content.files import content_digest
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves.reading import SaveError, read_bytes

__all__ = ["INTERNAL_ERROR", "Verdict", "checked", "recall", "remember"]

RECORD_FORMAT = 1
MAX_RECORD_BYTES = 4_000_000
# Verdicts a replay (or the checks before it) gives; an unreadable file or a scenario the
# content lacks is told at once and is not worth keeping.
RECORDED_KINDS = ("consistent", "altered", "machine")
_TYPES: dict[str, tuple[type, ...]] = {  # the recorded fields of a Verdict, with their types
    "ok": (bool,),
    "message": (str,),
    "scenario": (str,),
    "seed": (int, type(None)),
    "turns": (int,),
    "ending": (dict, type(None)),
    "turn": (int, type(None)),
    "where": (str,),
    "details": (dict,),
    "kind": (str,),
}
_FIELDS = tuple(name for name in _TYPES if name != "kind")  # Verdict's arguments after ``path``


def _entry(save: str, content: str) -> tuple[Path | None, dict[str, Any]]:
    """The record's file and the digests it must name; no file when the cache is off or a
    digest is missing."""
    folder = cache.cache_dir()
    names = {"format": RECORD_FORMAT, "save": save, "content": content, "code": cache.game_digest()}
    if folder is None or not all(names.values()):
        return None, names
    key = hashlib.sha256(json.dumps(names, sort_keys=True).encode()).hexdigest()
    return folder / f"verdict-{key[:40]}.json", names


def recall(path: Path | str, save: str, content: str) -> Verdict | None:
    """The recorded verdict on a save of exactly these bytes (``save``: their SHA-256, hex),
    checked against this content (its digest) by this game; None when there is none to
    trust."""
    try:
        entry, names = _entry(save, content)
        if entry is None:
            return None
        record = json.loads(read_limited(entry, MAX_RECORD_BYTES, "cache file"))
        if not isinstance(record, dict) or any(record.get(k) != v for k, v in names.items()):
            return None
        saved = record["verdict"]
        if not isinstance(saved, dict) or saved.get("kind") not in RECORDED_KINDS:
            return None
        for name, types in _TYPES.items():
            value = saved[name]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                return None
        facts = record.get("facts")
        if facts is not None and not _facts_shaped(facts):
            return None
        verdict = Verdict(str(path), **{k: saved[k] for k in _FIELDS}, kind=saved["kind"])
        verdict.facts = facts
        verdict.record = (save, content)
        return verdict
    except (FileProblem, OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def _facts_shaped(facts: Any) -> bool:
    return (
        isinstance(facts, dict)
        and isinstance(facts.get("row"), dict)
        and isinstance(facts.get("turns"), list)
        and all(isinstance(t, dict) for t in facts["turns"])
        and isinstance(facts.get("decisions"), list)
        and all(isinstance(d, str) for d in facts["decisions"])
    )


def remember(verdict: Verdict, facts: dict[str, Any] | None = None) -> None:
    """Keep a verdict (and what the summary shows of its game) under the digests it was
    reached with; nothing happens when it cannot be kept."""
    if verdict.record is None or verdict.kind not in RECORDED_KINDS:
        return
    try:
        entry, names = _entry(*verdict.record)
        if entry is None:
            return
        saved = {name: getattr(verdict, name) for name in _FIELDS}
        body = {**names, "verdict": {**saved, "kind": verdict.kind}}
        if facts is not None:
            body["facts"] = facts
        text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        cache.write_atomic(entry, text)
    except (OSError, ValueError, TypeError, RecursionError):
        return


@functools.lru_cache(maxsize=8)
def _content_digest(extra: tuple[str, ...]) -> str:
    """The content's digest, read once a process (as ``load_ruleset_once`` reads it)."""
    return content_digest(extra)


def checked(
    path: Path,
    extra: Sequence[Path] = (),
    keep: bool = True,
    data: bytes | None = None,
    doc: dict[str, Any] | None = None,
) -> Verdict:
    """The verdict on one save: the recorded one when this very file was checked against
    this content by this game before, else a replay (whose verdict is then recorded, unless
    ``keep`` is false: the caller records it with more, ``remember``). A file that trips up
    the game itself gets a failing verdict saying so, so that one hand-in never stops the
    checking of the others. ``data`` and ``doc``: the file's bytes and the document parsed
    from them, when the caller has them (the verdict is then on exactly those bytes)."""
    if data is None:
        doc = None
        try:
            data = read_bytes(path)
        except SaveError:
            data = None
    content = save = ""
    if data is not None and cache.cache_dir() is not None:
        content = _content_digest(tuple(str(p) for p in extra))
        save = hashlib.sha256(data).hexdigest()  # once: to look the verdict up and to keep it
        known = recall(path, save, content) if content else None
        if known is not None:
            return known
    try:
        from diplomacy_game.classroom.verify import verify_save

        verdict = verify_save(path, list(extra), data=data, header=doc)
    except Exception as exc:  # one hand-in must never stop the class summary
        return Verdict(
            str(path), False, f"{INTERNAL_ERROR}: {type(exc).__name__}; please report it)"
        )
    if save and content and verdict.content == content:
        verdict.record = (save, content)
        if keep:
            remember(verdict)
    return verdict
