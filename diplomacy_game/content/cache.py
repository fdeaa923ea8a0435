"""A cache of parsed content, so that each command does not parse the same TOML again.

What is kept: the TOML documents of a set of content files, as JSON, in one file named by the
SHA-256 digest of the files' bytes (the digest saves record), in the user's cache folder
(``$ELBOWS_UP_CACHE``, else ``$XDG_CACHE_HOME/elbows-up``, else ``~/.cache/elbows-up``).

Nothing in it is trusted beyond that: an entry is used only when its recorded digest is the
digest of the bytes just read, and its documents then go through the same validation as a
fresh parse. A missing, stale, damaged or unreadable entry is ignored and rewritten. Deleting
the folder is always safe. The entry is JSON (dates tagged): it can hold data, never code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from diplomacy_game.safe_read import FileProblem, read_limited

CACHE_ENV = "ELBOWS_UP_CACHE"  # a folder, or "off" to use no cache
FORMAT = 1
MAX_CACHE_BYTES = 64_000_000
# TOML's date and time values, tagged in JSON as {"$date": "2025-10-07"} and so on.
_TAGS: dict[str, Any] = {
    "$datetime": dt.datetime.fromisoformat,
    "$date": dt.date.fromisoformat,
    "$time": dt.time.fromisoformat,
}


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "elbows-up"


def _entry(digest: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"content-{digest[:40]}.json"


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if any(k in _TAGS for k in value):
            raise ValueError("a table uses a key this cache uses as a tag")
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, text),) = value.items()
            if key in _TAGS:
                return _TAGS[key](text)
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def read(digest: str) -> dict[str, dict[str, Any]]:
    """The cached documents of the files whose bytes have this digest, by file; {} when
    there are none to trust."""
    path = _entry(digest)
    if path is None:
        return {}
    try:
        data = json.loads(read_limited(path, MAX_CACHE_BYTES, "cache file"))
        if data.get("format") != FORMAT or data.get("digest") != digest:
            return {}
        docs = data["documents"]
        if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
            return {}
        return {str(rel): _decode(doc) for rel, doc in docs.items()}
    except (FileProblem, OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}


def write(digest: str, documents: dict[str, dict[str, Any]]) -> None:
    """Keep the documents for the next run; a cache that cannot be written is no error (the
    next run parses again)."""
    path = _entry(digest)
    if path is None:
        return
    try:
        body = {"format": FORMAT, "digest": digest, "documents": _encode(documents)}
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".content-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError, TypeError, RecursionError):
        return
