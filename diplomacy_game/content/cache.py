"""A cache of parsed content, so that each command does not parse the same TOML again.

What is kept: the TOML documents of a set of content files, as JSON, in one file named by the
SHA-256 digest of the files' bytes (the digest saves record), in the user's cache folder
(``$ELBOWS_UP_CACHE``, else ``$XDG_CACHE_HOME/elbows-up``, else ``~/.cache/elbows-up``).

It also records which scenarios of those files compiled clean (no error) with this version of
the game (the SHA-256 of the source of the content checks, the models and the engine), so
that loading one for play can compile each expression on first use and skip checks that
could only find errors. That record is trusted for the exact content digest and game version
it names, and for nothing else: a scenario it does not name is checked in full.

The same folder holds the verdicts of saves already checked (``classroom/verdicts.py``), each
under the digests of the save's bytes, the content and the game (``game_digest``).

Nothing in it is trusted beyond that: an entry is used only when its recorded digest is the
digest of the bytes just read, and its documents then go through the same validation as a
fresh parse. A missing, stale, damaged or unreadable entry is ignored and rewritten. Deleting
the folder is always safe. The entry is JSON (dates tagged): it can hold data, never code.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from diplomacy_game.safe_read import FileProblem, read_limited

CACHE_ENV = "ELBOWS_UP_CACHE"  # a folder, or "off" to use no cache
FORMAT = 1
MAX_CACHE_BYTES = 64_000_000
CLEAN_FORMAT = 1
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
        write_atomic(path, json.dumps(body, ensure_ascii=False, separators=(",", ":")))
    except (OSError, ValueError, TypeError, RecursionError):
        return
    prune(path, "content-")


KEEP_RECORDS = 8  # of each kind of large record (content-*, entities-*): the newest


def prune(written: Path, prefix: str, keep: int = KEEP_RECORDS) -> None:
    """Delete all but the ``keep`` newest records named ``prefix*.json`` beside the record just
    ``written`` (which always stays): a content author's every edit leaves records of content
    that will not be read again. What cannot be listed or deleted is left; the cache never
    needs it."""
    try:
        others = []
        for path in written.parent.glob(f"{prefix}*.json"):
            if path == written:
                continue
            try:
                others.append((path.stat().st_mtime_ns, path))
            except OSError:
                continue
        for _, path in sorted(others, reverse=True)[keep - 1 :]:
            path.unlink(missing_ok=True)
    except OSError:
        return


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".content-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# The source whose behaviour decides whether content compiles clean: the content checks, the
# models and the engine's expression language (the batch engine's own folder is not in it).
_CODE_FOLDERS = ("content", "model", "engine")


_PACKAGE = Path(__file__).resolve().parent.parent  # the game's source


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The SHA-256 of the game's source that decides whether content compiles clean; "" when
    the source cannot be read (then no scenario is recorded or trusted)."""
    package = _PACKAGE
    paths = [path for folder in _CODE_FOLDERS for path in sorted((package / folder).glob("*.py"))]
    return _sources_digest(hashlib.sha256(), paths)


def _sources_digest(digest: Any, paths: list[Path]) -> str:
    """``digest`` updated with each source file's path in the package and its bytes; "" when
    there is none or one cannot be read."""
    try:
        for path in paths:
            rel = path.relative_to(_PACKAGE).as_posix()
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest() if paths else ""


def _clean_entry(digest: str, scenario: str) -> tuple[Path | None, dict[str, Any]]:
    folder = cache_dir()
    record = {"format": CLEAN_FORMAT, "digest": digest, "code": code_digest(), "scenario": scenario}
    if folder is None or not digest or not record["code"]:
        return None, record
    key = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    return folder / f"ruleset-{key[:40]}.json", record


def compiled_clean(digest: str, scenario: str) -> bool:
    """Whether a scenario of the content with this digest is recorded as compiling clean with
    this version of the game. False when there is no such record, or it does not name exactly
    this content, scenario and version."""
    try:
        path, record = _clean_entry(digest, scenario)
        if path is None:
            return False
        data = json.loads(read_limited(path, 4096, "cache file"))
        return isinstance(data, dict) and data == {**record, "clean": True}
    except (FileProblem, OSError, ValueError, TypeError, RecursionError):
        return False


def remember_clean(digest: str, scenario: str) -> None:
    """Record that a scenario of this content compiled clean; no error if it cannot be kept."""
    try:
        path, record = _clean_entry(digest, scenario)
        if path is not None:
            write_atomic(path, json.dumps({**record, "clean": True}, sort_keys=True))
    except (OSError, ValueError, TypeError):
        return


def _version_file(package: str, name: str) -> bytes:
    """The bytes of an installed package's version file, found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        return (Path(origin).parent / name).read_bytes() if origin else b""
    except (ImportError, OSError, ValueError):
        return b""


@functools.lru_cache(maxsize=1)
def game_digest() -> str:
    """The SHA-256 of everything that decides what a replayed game gives and how a tool shows
    it: all of the game's source, the Python it runs on and the numpy and pydantic it uses
    (their version files), and the machine's kind. "" when the source cannot be read (then
    nothing keyed by it is recorded or trusted)."""
    digest = hashlib.sha256()
    machine = os.uname().machine if hasattr(os, "uname") else ""
    digest.update(f"{sys.version}\0{sys.platform}\0{machine}\0".encode())
    for dependency, name in (("numpy", "version.py"), ("pydantic", "version.py")):
        digest.update(dependency.encode() + b"\0" + _version_file(dependency, name) + b"\0")
    return _sources_digest(digest, sorted(_PACKAGE.rglob("*.py")))
