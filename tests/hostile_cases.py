"""Hostile files for the fuzz tests, and running a command on one under limits.

Saves and decisions files are made by editing genuine ones (the checksum recomputed after
each edit, as a careful cheat would), with raw numbers JSON cannot carry, byte damage, pipes
and devices. The cases are drawn from the seed a test gives.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import os
import random
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from diplomacy_game.classroom.summary import INTERNAL_ERROR
from diplomacy_game.cli import main
from diplomacy_game.content import load_ruleset, load_ruleset_once
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

ROOT = Path(__file__).resolve().parent.parent
FORMAT_1 = ROOT / "tests" / "data" / "format-1" / "save-format-1.json"
CASES = 2000
CASE_SECONDS = 5.0  # a case that takes longer has hung
MEMORY_HEADROOM = 1 << 30  # bytes of address space a case may add before it fails

# --- values a hostile file may hold ---------------------------------------------------------------

# Raw JSON tokens: numbers Python's json would not write, or not the way a cheat would.
RAW = [
    "1e400",
    "-1e400",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 401,
    "-" + "9" * 60,
    "7" * 5000,
    "1" + "0" * 40,
    "0." + "0" * 3000 + "1",
    "1e-400",
    "123456789012345678901234567890123456789",
    "[" * 40 + "]" * 40,
    "[" * 5000 + "]" * 5000,
    '{"a":' * 35 + "1" + "}" * 35,
    "[" + ",".join(["[]"] * 2000) + "]",
]

VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    3,
    20,
    21,
    999,
    10**6,
    10**20,
    -(10**20),
    2**63 - 1,
    2**63,
    2**64,
    2**128 - 1,
    2**128,
    10**38,
    0.5,
    -0.0,
    1e15,
    1e16,
    -1e300,
    1e300,
    5e-324,
    "",
    "x",
    "second-visit",
    "review-sprint",
    "PCG64",
    "MT19937",
    "2025-10-07",
    "9999-12-31",
    "0001-01-01",
    "2025-13-45",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "[/]",
    "[bold red]x[/",
    "\x1b[2J\x1b[H",
    "line\nbreak",
    "\u202eevil",
    "\u0000nul",
    "a" * 5000,
    "../../etc/passwd",
    "hold",
    "escalate",
    [],
    {},
    [1],
    [1, 2],
    [0, 0],
    [[]],
    ["x"],
    [1, 2, 3, 4, 5],
    {"a": 1},
    {"state": 1, "inc": 1},
    {"": None},
    [None],
    [[1, "a"]],
    {"id": "x", "title": 1},
]


@dataclass
class Edit:
    """A hostile value to put somewhere: a Python value, or a raw JSON token."""

    value: Any = None
    raw: str | None = None


def _hostile(rng: random.Random) -> Edit:
    if rng.random() < 0.3:
        return Edit(raw=rng.choice(RAW))
    return Edit(value=copy.deepcopy(rng.choice(VALUES)))


def _paths(doc: Any) -> list[tuple[Any, ...]]:
    """Every place in a document, the deep state weighted as it is in the file."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(doc, ())]
    while stack:
        value, path = stack.pop()
        out.append(path)
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def mutate(doc: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    """One to three structural edits of a document; raw tokens are left as placeholders
    (returned with the text that replaces each)."""
    doc = copy.deepcopy(doc)
    raws: dict[str, str] = {}

    def place(edit: Edit) -> Any:
        if edit.raw is None:
            return edit.value
        marker = f"@@raw{len(raws)}@@"
        raws[json.dumps(marker)] = edit.raw
        return marker

    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent, key = _get(doc, path[:-1]), path[-1]
        op = rng.random()
        if op < 0.5:
            parent[key] = place(_hostile(rng))
        elif op < 0.62:
            del parent[key]
        elif op < 0.72:
            target = parent[key]
            if isinstance(target, list):
                target.insert(rng.randrange(len(target) + 1), place(_hostile(rng)))
            elif isinstance(target, dict):
                target[rng.choice(["extra", "turn", "x" * 50, "\n", "state"])] = place(
                    _hostile(rng)
                )
            else:
                parent[key] = [target]
        elif op < 0.8:
            target = parent[key]
            if isinstance(target, list) and target:
                target.append(copy.deepcopy(rng.choice(target)))
            elif isinstance(target, dict) and target:
                target.clear()
            else:
                parent[key] = {"value": target}
        elif op < 0.9 and isinstance(parent, list) and len(parent) > 1:
            i, j = rng.sample(range(len(parent)), 2)
            parent[i], parent[j] = parent[j], parent[i]
        else:  # a number nudged, a type swapped
            target = parent[key]
            if isinstance(target, bool):
                parent[key] = not target
            elif isinstance(target, int):
                parent[key] = target + rng.choice((-1, 1, 10**6, -(10**9)))
            elif isinstance(target, float):
                parent[key] = target * rng.choice((-1.0, 1.5, 1e6, 0.0)) + rng.choice((0.0, 1.0))
            elif isinstance(target, str):
                parent[key] = rng.choice((0, [target], target.upper(), target + "x"))
            else:
                parent[key] = str(target)[:50]
    return doc, raws


def seal_edited(doc: dict[str, Any], raws: dict[str, str]) -> bytes:
    """The bytes a careful cheat writes: the edited document with its checksum recomputed
    (over the bytes for format 3 and later, over the contents before that)."""
    version = doc.get("version")
    old_format = isinstance(version, int) and not isinstance(version, bool) and version < 3
    if old_format:
        with contextlib.suppress(ValueError, TypeError, RecursionError):
            doc["checksum"] = store._canonical_checksum(doc)
        data = json.dumps(doc, ensure_ascii=False).encode()
    else:
        data = store.seal(doc)
    for marker, raw in raws.items():
        data = data.replace(marker.encode(), raw.encode())
    if not old_format and raws:
        cut = data.rfind(store.CHECKSUM_LINE)
        if cut >= 0:
            checksum = "sha256:" + hashlib.sha256(data[:cut] + store.CLOSING).hexdigest()
            data = data[:cut] + store.CHECKSUM_LINE + json.dumps(checksum).encode() + store.CLOSING
    return data


def byte_damage(data: bytes, rng: random.Random) -> bytes:
    choice = rng.random()
    if choice < 0.4:
        return data[: rng.randrange(len(data))]
    if choice < 0.8:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    cut = rng.randrange(len(data))
    return data[:cut] + rng.choice([b"\x00" * 50, b"\xff\xfe", "é".encode("utf-16"), b"}" * 9])


@dataclass
class Genuine:
    """Genuine saves to edit: documents of each format, and their bytes."""

    docs: list[dict[str, Any]]
    blobs: list[bytes]


def genuine_saves() -> Genuine:
    ruleset = load_ruleset_once("second-visit")
    docs, blobs = [], []
    state = play_through(ruleset, new_game(ruleset, 5), policy=get_policy("random"), max_turns=2)
    assigned = new_game(ruleset, 77)
    assigned.assignment = {
        "class": "Civics 11B",
        "student": "Amira Haddad",
        "scenario": "second-visit",
        "seed": 77,
        "class_seed": 77,
        "memo_required": False,
        "issued": "2025-10-01T09:00:00+00:00",
    }
    assigned = play_through(ruleset, assigned, policy=get_policy("hardline"), max_turns=1)
    for game in (state, assigned):
        data = store.encode(ruleset, game)
        docs.append(json.loads(data))
        blobs.append(data)
    blobs.append(FORMAT_1.read_bytes())
    docs.append(json.loads(blobs[-1]))
    return Genuine(docs, blobs)


def hostile_saves(genuine: Genuine, rng: random.Random, count: int) -> Iterator[bytes]:
    """Mostly structural edits of genuine saves, re-sealed; some byte damage and raw junk."""
    junk = [b"", b"{}", b"null", b"[]", b'{"format": "elbows-up-save"}', b"\xef\xbb\xbf{}"]
    for _ in range(count):
        roll = rng.random()
        if roll < 0.85:
            doc, raws = mutate(rng.choices(genuine.docs, weights=(45, 40, 15))[0], rng)
            yield seal_edited(doc, raws)
        elif roll < 0.97:
            yield byte_damage(rng.choice(genuine.blobs), rng)
        else:
            yield rng.choice(junk)


def special_files(folder: Path) -> list[Path]:
    """Pipes, devices, links to them, a folder and a dangling link, named as saves."""
    out = []
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
        out.append(folder / "fifo.json")
        (folder / "fifo-link.json").symlink_to(folder / "fifo.json")
        out.append(folder / "fifo-link.json")
    if Path("/dev/zero").exists():
        (folder / "zero.json").symlink_to("/dev/zero")
        out.append(folder / "zero.json")
    if Path("/dev/urandom").exists():
        (folder / "urandom.json").symlink_to("/dev/urandom")
        out.append(folder / "urandom.json")
    (folder / "folder.json").mkdir()
    out.append(folder / "folder.json")
    (folder / "dangling.json").symlink_to(folder / "nowhere.json")
    out.append(folder / "dangling.json")
    return out


# --- running a command under limits ----------------------------------------------------------------


class Hung(Exception):
    pass


@contextlib.contextmanager
def limits() -> Iterator[None]:
    """A memory ceiling for the whole run (address space now plus MEMORY_HEADROOM) and an
    alarm for each case (see run_case). Linux only for the memory ceiling."""
    resource = None
    if sys.platform.startswith("linux"):
        import resource
    old_limit = None
    if resource is not None:
        old_limit = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        ceiling = size + MEMORY_HEADROOM
        if old_limit[1] == resource.RLIM_INFINITY or ceiling < old_limit[1]:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, old_limit[1]))
    old_handler = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    try:
        yield
    finally:
        if hasattr(signal, "SIGALRM"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        if resource is not None and old_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, old_limit)


def _alarm(signum: int, frame: Any) -> None:
    raise Hung("the case did not finish in time")


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float


def run_case(argv: list[str], seconds: float = CASE_SECONDS) -> Result:
    """main(argv) with its output captured, under the alarm. Any exception is a failure."""
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    if hasattr(signal, "SIGALRM"):
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except BaseException as exc:  # a traceback, a hang, MemoryError: all failures
        raise AssertionError(f"{argv}: {type(exc).__name__}: {exc}") from exc
    finally:
        if hasattr(signal, "SIGALRM"):
            signal.setitimer(signal.ITIMER_REAL, 0)
    return Result(code, out.getvalue(), err.getvalue(), time.monotonic() - started)


def contents(folder: Path) -> set[str]:
    """Digests of every regular file under the folder (to see that none was lost)."""
    out = set()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            out.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def check_message(text: str, where: str) -> None:
    assert "Traceback" not in text, where
    assert INTERNAL_ERROR not in text, f"{where}: {text[:500]}"


# --- decisions files -------------------------------------------------------------------------------


def genuine_decisions() -> list[dict[str, Any]]:
    ruleset = load_ruleset("second-visit")
    state = play_through(ruleset, new_game(ruleset, 11), policy=get_policy("random"), max_turns=3)
    lines = []
    for logged in state.decisions:
        line = dict(logged)
        line["memo"] = line.get("memo") or "Hold the line."
        lines.append(line)
    return lines


def hostile_decisions(
    lines: list[dict[str, Any]], rng: random.Random, count: int
) -> Iterator[bytes]:
    junk_lines = [
        "{",
        "[]",
        "null",
        '"text"',
        "// a comment",
        "",
        "   ",
        "{}" * 3,
        "\x00",
        "[" * 70_000,
        "[" * 2000,
        '{"memo": "' + "x" * 5000 + '"}',
        '{"turn": ' + "9" * 5000 + "}",
        '{"turn": 1e400}',
        '{"turn": NaN}',
        '{"actions": [' + ",".join(['{"id": "call_president"}'] * 40) + "]}",
        '{"answers": {' + ",".join(f'"e{i}": "o"' for i in range(3000)) + "}}",
    ]
    for _ in range(count):
        doc = {"lines": copy.deepcopy(lines)}
        roll = rng.random()
        if roll < 0.7:
            edited, raws = mutate(doc, rng)
            body = edited.get("lines") if isinstance(edited, dict) else None
            if not isinstance(body, list):
                body = [body]
            text_lines = [json.dumps(line, ensure_ascii=rng.random() < 0.5) for line in body]
            text = "\n".join(text_lines)
            for marker, raw in raws.items():
                text = text.replace(marker, raw)
        elif roll < 0.9:
            text_lines = [json.dumps(line) for line in lines]
            for _ in range(rng.randint(1, 3)):
                text_lines.insert(rng.randrange(len(text_lines) + 1), rng.choice(junk_lines))
            text = rng.choice(["\n", "\r\n"]).join(text_lines)
        else:
            text = "\n".join(json.dumps(line) for line in lines)
            yield byte_damage(text.encode(), rng)
            continue
        yield text.encode()
