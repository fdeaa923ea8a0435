"""Where in a content file an issue is: the line an author's editor can jump to.

TOML parsers give no positions, so the line is found in the text the way an author would
look for it: the entry by its ``id`` (or ``tag``, or ``variable``; ``kind[N]`` is the N-th
``[[kind]]``; else a table whose header is the entry's name, ``[strategy]``), then the
field's own line inside it, through the sub-tables its path names (``options[1].effects`` is
the ``effects`` line under the second ``[[event.options]]``). A field that is not written (a
required one left out) is placed at its entry's header.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_INDEXED = re.compile(r"^([A-Za-z_][\w-]*)\[(\d+)\]$")
_PART = re.compile(r"[A-Za-z_][\w-]*|\[\d+\]")


def _key_line(line: str, key: str) -> bool:
    """Whether ``line`` sets ``key`` (bare, quoted, or the first part of a dotted key)."""
    return bool(
        re.match(
            rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*[.=]""", line
        )
    )


def _headers(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            found.append((number, match.group(1)))
    return found


def _entry_start(
    lines: list[str], headers: list[tuple[int, str]], entry: str, kind: str = ""
) -> int | None:
    """The header line of the entry named ``entry`` (of ``kind``, its ``[[header]]``, where
    given and found: an event and an action may share an id), or None if it cannot be
    found."""
    indexed = _INDEXED.match(entry)
    if indexed:  # "event[3]": the fourth [[event]]
        kind, n = indexed.group(1), int(indexed.group(2))
        tops = [number for number, name in headers if name == kind]
        return tops[n] if n < len(tops) else None
    found = []
    for number, line in enumerate(lines):
        for key in ("id", "tag", "variable"):
            if _key_line(line, key) and re.search(
                rf"""=\s*(["']){re.escape(entry)}\1\s*(#.*)?$""", line
            ):
                before = [(h, name) for h, name in headers if h <= number]
                found.append(before[-1] if before else (number, ""))
    if found:
        return next((h for h, name in found if name == kind), found[0][0])
    # a table named by its header alone ([strategy] in a strategy file)
    return next((number for number, name in headers if name == entry), None)


def line_of(text: str, entry: str, field: str, kind: str = "") -> int:
    """The 1-based line of ``field`` in ``entry`` (of ``kind``, where given), or of the entry;
    0 when it is not found."""
    if not entry or entry == "-":
        return 0
    lines = text.splitlines()
    headers = _headers(lines)
    start = _entry_start(lines, headers, entry, kind)
    if start is None:
        return 0
    header = next(name for number, name in headers if number == start) if headers else ""
    # the entry runs to the next header that is not one of its sub-tables ([[event.options]])
    end = next(
        (n for n, name in headers if n > start and not name.startswith(f"{header}.")),
        len(lines),
    )
    at, table = start, header
    parts = _PART.findall(field or "")
    i = 0
    while i < len(parts):
        part = parts[i]
        if part.startswith("["):
            i += 1
            continue
        index = (
            int(parts[i + 1][1:-1]) if i + 1 < len(parts) and parts[i + 1].startswith("[") else None
        )
        sub = f"{table}.{part}"
        # the part as a key of the table being read, up to that table's next header
        block_end = next((n for n, _ in headers if at < n < end), end)
        own = [n for n in range(at + 1, block_end) if _key_line(lines[n], part)]
        if own and index is None:
            return own[0] + 1
        subs = [n for n, name in headers if start < n < end and name == sub]
        if index is not None and index < len(subs):
            at, table = subs[index], sub
            i += 2
            continue
        if subs:
            at, table = subs[0], sub
            i += 1
            continue
        if own:
            return own[0] + 1
        break
    return at + 1
