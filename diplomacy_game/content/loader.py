"""Read content packs: TOML files -> checked entities, every problem collected in one pass."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from diplomacy_game.content import cache, record
from diplomacy_game.content.files import read_pack_files
from diplomacy_game.content.issues import Issue
from diplomacy_game.model.content import KINDS, Entity, digits_of


def suggest(name: str, known: Collection[str]) -> str:
    """' (did you mean X?)' when a close match exists (the expression language's hint). The
    engine is imported only when there is a mistake to report: listing content needs none."""
    from diplomacy_game.engine.expr import suggest as close_match

    return close_match(name, known)


@dataclass
class ContentSet:
    """Every entity read from a set of packs, by kind and id, with where each came from."""

    entities: dict[str, dict[str, Entity]] = field(default_factory=lambda: {k: {} for k in KINDS})
    origin: dict[tuple[str, str], str] = field(default_factory=dict)
    raw: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    # Entries that could not be read, by kind and id, and the file each is in: what names
    # them elsewhere is told so, not that they do not exist.
    failed: dict[tuple[str, str], str] = field(default_factory=dict)
    # What the entries that could not be read, or repeat an id, hold: the checks that an
    # event is scheduled and a flag set somewhere read the names in them, so that a mistake
    # in one entry does not make another look unused.
    unread: list[Any] = field(default_factory=list)
    digest: str = ""
    files: list[str] = field(default_factory=list)
    # Each file's name (as issues and ``origin`` give it) -> its path as the reader can open
    # it: what messages show (``issues.shown_at``).
    shown: dict[str, str] = field(default_factory=dict)

    def error(self, file: str, entry: str, fld: str, message: str, kind: str = "") -> None:
        self.issues.append(Issue(file, entry, fld, message, "error", kind=kind))

    def warn(self, file: str, entry: str, fld: str, message: str, kind: str = "") -> None:
        self.issues.append(Issue(file, entry, fld, message, "warning", kind=kind))

    def where(self, kind: str, ident: str) -> str:
        return self.origin.get((kind, ident), "?")

    @property
    def scenarios(self) -> dict[str, Any]:
        return self.entities["scenario"]

    def counts(self) -> dict[str, int]:
        return {
            "scenarios": len(self.entities["scenario"]),
            "actions": len(self.entities["action"]),
            "events": len(self.entities["event"]),
            "endings": len(self.entities["ending"]),
            "sectors": len(self.entities["sector"]),
            "groups": len(self.entities["group"]),
        }


def entity_key(kind: str, entity: Entity) -> str:
    for attr in ("id", "tag", "variable"):
        value = getattr(entity, attr, None)
        if value is not None:
            return str(value)
    raise AssertionError(f"{kind} entity without an id")


def key_field(model: type[Entity]) -> str:
    """The field that names an entity of this model: ``id``, or ``tag`` for a reaction and
    ``variable`` for a reading."""
    return next(attr for attr in ("id", "tag", "variable") if attr in model.model_fields)


def _entry_label(kind: str, raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for attr in ("id", "tag", "variable"):
            value = raw.get(attr)
            if isinstance(value, str) and value:
                return value
    return f"{kind}[{index}]"


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_fields_at(model: type[Entity], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (sub)model an unknown key was found in, for suggestions."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        annotation = info.annotation
        current = None
        for candidate in getattr(annotation, "__args__", ()) or (annotation,):
            if isinstance(candidate, type) and issubclass(candidate, Entity):
                current = candidate
                break
    return list(getattr(current, "model_fields", {}))


def _shown_input(value: Any) -> str:
    """A value as a message shows it: short, and never the digits of a huge integer."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {digits_of(value)} digits"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# The branches of a field that takes an expression or a constant, as pydantic names them.
_BRANCHES = {"str", "bool", "int", "float"}


# What a value of the wrong type must be, in TOML's words.
_PLAIN = {
    "bool_type": "must be true or false, without quotes",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "string_type": "must be text in quotes",
}


# Too many or too few: a list's items, a text's characters ("List should have at most 100
# items after validation, not 150" was pydantic's).
_LENGTHS = {
    "too_long": ("at most", "max_length", "item"),
    "too_short": ("at least", "min_length", "item"),
    "string_too_long": ("at most", "max_length", "character"),
    "string_too_short": ("at least", "min_length", "character"),
}


def _length_message(kind: str, ctx: dict[str, Any]) -> str:
    bound, key, unit = _LENGTHS[kind]
    limit = ctx.get(key, "?")
    units = unit if limit == 1 else f"{unit}s"
    message = f"must have {bound} {limit} {units}"
    if "actual_length" in ctx:
        message += f" (it has {ctx['actual_length']})"
    return message


def _collapsed(errors: list[Any]) -> list[Any]:
    """The errors with the branches of one expression field (``cost`` is text, an integer or
    a number) made one: 'must be a number or an expression', not one line per type."""
    out: list[Any] = []
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        kind = err.get("type", "")
        if loc and loc[-1] in _BRANCHES and (kind.endswith("_type") or kind == "bool_parsing"):
            key = loc[:-1]
            if key in seen:
                seen[key]["branches"].add(loc[-1])
                continue
            seen[key] = {**err, "loc": key, "type": "expression_type", "branches": {loc[-1]}}
            out.append(seen[key])
        else:
            out.append(err)
    return out


def _expression_message(branches: set[str], got: Any) -> str:
    kinds = (["true, false"] if "bool" in branches else []) + (
        ["a number"] if branches & {"int", "float"} else []
    )
    message = f"must be {', '.join(kinds) or 'text'} or an expression in quotes"
    if isinstance(got, bool) and "bool" not in branches:
        message += " (true and false are not numbers here)"
    return message


def _date_message(got: Any) -> str | None:
    """What to say of a date field given a time of day too (TOML's 2025-11-05T09:00), or
    given text: a TOML date is written without quotes."""
    if isinstance(got, dt.datetime):
        return (
            f"must be a date without a time of day, like {got.date().isoformat()}"
            f" (got {got.isoformat()})"
        )
    if isinstance(got, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", got):
        return f"a date is written without quotes: {got}, not {_shown_input(got)}"
    if isinstance(got, str | int | float) and not isinstance(got, bool):
        return (
            "must be a date, written year-month-day without quotes, like 2025-11-04"
            f" (got {_shown_input(got)})"
        )
    return None


# A number's limits, in words.
_BOUNDS = {
    "less_than_equal": "at most",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "greater_than": "more than",
}


# What an id may be, by the pattern its field checks (model/content.py), in words.
_IDS = {
    r"^[a-z0-9][a-z0-9_\-]*$": "an id is lower case letters, digits, '_' and '-', with no"
    " spaces or capitals",
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$": "a variable's id is lower case letters, digits"
    " and '_', starting with a letter, in parts joined by '.' (like cusma.consultations)",
    r"^[a-z][a-z0-9_]*$": "a formula's id is lower case letters, digits and '_', starting with"
    " a letter",
}


def _field_named(message: str, model: type[Entity], loc: tuple[Any, ...]) -> str | None:
    """The field an entry's own check names first ('end (2025-11-04) must come after
    start', "'labels' needs one label per choice"), as the field path of the problem: the
    author is sent to the line to change, not to the entry as a whole."""
    fields = _model_fields_at(model, (*loc, ""))
    for word in re.findall(r"^(\w+)\b|'(\w+)'", message):
        name = word[0] or word[1]
        if name in fields:
            return _format_loc((*loc, name))
    return None


def _misplaced(model: type[Entity], loc: tuple[Any, ...], header: str) -> str:
    """Why a key under a part of an entry (``[scenario.capital]``, ``[[event.options]]``) is
    unknown when it is a field of the entry itself: TOML gives every key after a header to
    that header's table, so the entry's own field was written below its part. '' otherwise."""
    name = loc[-1]
    path = [part for part in loc[:-1] if not isinstance(part, int)]
    if not path or name in _model_fields_at(model, (*loc, "")):
        return ""
    outer = list(loc[:-1])
    while outer and isinstance(outer[-1], int):
        outer.pop()
    if name not in _model_fields_at(model, (*outer[:-1], "")):
        return ""
    table = ".".join([header, *map(str, path)])
    shown = f"[[{table}]]" if isinstance(loc[-2], int) else f"[{table}]"
    return (
        f"unknown field '{name}' here: '{name}' belongs to the entry itself, but it is written"
        f" under {shown}, and every line after a header belongs to that header; move it up,"
        f" above {shown} and any other header of the entry's parts"
    )


_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_WORD = re.compile(r"[a-z0-9_.\-]+")


def as_id(text: str) -> str:
    """The id a text that is not one most likely meant ("Bridge Reply" is "bridge_reply")."""
    return re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_")


def _as_list(text: str) -> str:
    """The list a text given for a list most likely meant, as TOML writes it: its items when
    it reads as numbers or ids between commas ("25, 50, 75" is [25, 50, 75]), else the text
    as the one item (an effect may hold commas of its own)."""
    items = [item.strip() for item in text.split(",")]
    if len(items) > 1 and all(_NUMBER.fullmatch(item) for item in items):
        return "[" + ", ".join(items) + "]"
    if len(items) > 1 and all(_WORD.fullmatch(item) for item in items):
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"
    return f"[{json.dumps(text, ensure_ascii=False)}]"


def _pydantic_issues(
    rel: str, label: str, model: type[Entity], exc: ValidationError, header: str = ""
) -> list[Issue]:
    """The problems pydantic found in an entry, in an author's words (``header``: the
    entry's TOML header without brackets, like ``event``, for what names its parts)."""
    issues = []
    for err in _collapsed(exc.errors()):
        loc = tuple(err.get("loc", ()))
        fld = _format_loc(loc) or "-"
        kind = err.get("type", "")
        if kind == "expression_type":
            message = _expression_message(err["branches"], err.get("input"))
            got = err.get("input")
            if not isinstance(got, dict | list | bool):
                message += f" (got {_shown_input(got)})"
        elif kind in ("date_type", "date_from_datetime_inexact") and _date_message(
            err.get("input")
        ):
            message = _date_message(err.get("input")) or ""
        elif kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            hint = suggest(name, _model_fields_at(model, loc))
            message = (header and len(loc) > 1 and _misplaced(model, loc, header)) or (
                f"unknown field '{name}'{hint}"
            )
        elif kind == "missing":
            message = "this field is required"
        elif kind == "string_pattern_mismatch" and str(err.get("ctx", {}).get("pattern")) in _IDS:
            got = err.get("input")
            message = f"{_IDS[err['ctx']['pattern']]} (got {_shown_input(got)})"
            fixed = as_id(str(got))
            if fixed and fixed != got:
                message += f": '{fixed}' would do"
        elif kind in _BOUNDS and kind in err.get("type", "") and err.get("ctx"):
            limit = next(iter(err["ctx"].values()))
            limit = f"{limit:g}" if isinstance(limit, int | float) else limit
            message = f"must be {_BOUNDS[kind]} {limit} (got {_shown_input(err.get('input'))})"
        elif kind == "literal_error":
            got = err.get("input")
            expected = str(err.get("ctx", {}).get("expected", ""))
            choices = re.findall(r"'([^']*)'", expected)
            hint = suggest(str(got), choices) if isinstance(got, str) else ""
            message = f"must be one of {expected}{hint} (got {_shown_input(got)})"
        elif kind == "list_type":
            got = err.get("input")
            message = "must be a list in square brackets"
            shown = json.dumps(got, ensure_ascii=False) if isinstance(got, str) else None
            if isinstance(got, dict) and header:  # [event.options]: one table, not a list
                table = ".".join(
                    [header, *(str(part) for part in loc if not isinstance(part, int))]
                )
                message = (
                    f"must be a list of tables: write the header with two brackets, [[{table}]],"
                    f" above each of them (a single [{table}] makes one table, not a list)"
                )
            elif shown and len(shown) <= 80:
                message += f": {_as_list(got)}, not {shown}"
            else:
                message += f" (got {_shown_input(got)})"
        elif kind in _PLAIN:
            message = f"{_PLAIN[kind]} (got {_shown_input(err.get('input'))})"
        elif kind in _LENGTHS and err.get("ctx"):
            message = _length_message(kind, err["ctx"])
        else:
            message = str(err.get("msg", "invalid value"))
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            got = err.get("input")
            if kind not in ("value_error",) and not isinstance(got, dict | list):
                message += f" (got {_shown_input(got)})"
            if kind == "value_error" and isinstance(got, dict):
                fld = _field_named(message, model, loc) or fld
        issues.append(Issue(rel, label, fld, message, kind=header))
    return issues


def load_packs(paths: Sequence[Path | str], use_cache: bool = True) -> ContentSet:
    """Read every TOML file under the given packs. Never raises for a content mistake.

    The entities come from the cache when it holds those checked from exactly these bytes by
    this version of the game (``content/record.py``); else the files' documents come from the
    cache (``content/cache.py``) when it holds those of these bytes, or from parsing them, and
    are checked (and the cache keeps both for next time)."""
    cs = ContentSet()
    read = read_pack_files(paths)
    for file, problem in read.problems:
        cs.error(file, "", "", problem)
    cs.files = read.names
    cs.shown = read.shown
    files = read.files
    cs.digest = read.digest
    if use_cache and not read.problems and record.recall(cs, entity_key):
        return cs
    cached = cache.read(cs.digest) if use_cache else {}
    parsed: dict[str, dict[str, Any]] = {}
    for rel, data in files:
        doc = cached.get(rel)
        if doc is None:
            try:
                doc = parsed[rel] = parse_toml(data)
            except ValueError as exc:
                cs.error(rel, "", "", str(exc))
                continue
        if not doc:  # an author who saved an empty file believes their entries loaded
            cs.warn(rel, "", "", "the file holds no entries (it is empty or all comments)")
        _load_document(cs, doc, rel)
    if use_cache and parsed and not cached and len(parsed) == len(files):
        cache.write(cs.digest, parsed)
    if use_cache:
        record.keep(cs)
    return cs


def parse_toml(data: bytes) -> dict[str, Any]:
    """A TOML document from bytes; ``ValueError`` with a one-line reason if it is not one.

    Besides syntax errors, the parser can fail on what is valid TOML but hostile: nesting
    deep enough to exhaust Python's recursion, or an integer of thousands of digits."""
    import tomllib  # only when a file is not in the cache

    if data.startswith(codecs.BOM_UTF8):  # what Windows editors write before UTF-8 text
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(_not_utf8(data, exc.start)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML: {exc}{_toml_hint(text, str(exc))}") from None
    except RecursionError:
        raise ValueError("not usable TOML: arrays or tables nested too deeply") from None
    except ValueError as exc:  # e.g. Python's limit on the digits of an integer
        reason = str(exc).split(":")[0]
        raise ValueError(f"not usable TOML: {reason}") from None
    except MemoryError:
        raise ValueError("not usable TOML: too large to read") from None


def _not_utf8(data: bytes, start: int) -> str:
    """Why bytes are not UTF-8 text, where, and what to do: most often a file saved as
    Windows-1252 (Latin-1), whose accented letters are single bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return (
            'file is not UTF-8 text: it is saved as UTF-16 ("Unicode" in Windows editors);'
            " save it again with the encoding UTF-8"
        )
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    byte = data[start]
    letter = bytes([byte]).decode("cp1252", errors="replace")
    shown = f" ('{letter}' in Windows-1252/Latin-1)" if letter.isprintable() else ""
    return (
        f"file is not UTF-8 text: the byte 0x{byte:02X}{shown} at line {line}, column"
        f" {column}; save the file again with the encoding UTF-8"
    )


_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
_DATE_LIKE = re.compile(r"=\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_DATE = re.compile(r"=\s*\d{4}-\d{2}-\d{2}(?![\d/.-])")
_BARE = re.compile(r"=\s*([^\s\"'\[{]\S*)")


def _toml_hint(text: str, message: str) -> str:
    """A hint for the TOML mistakes an author makes most, from the parser's message and the
    line it names: '' when none fits."""
    at = _TOML_AT.search(message)
    lines = text.splitlines()
    line = lines[int(at.group(1)) - 1] if at and int(at.group(1)) <= len(lines) else ""
    if message.startswith("Illegal character '\\n'"):
        return (
            ': a text in quotes must end on the line it starts (a closing " missing?);'
            ' write a text of several lines between triple quotes """ ... """'
        )
    if message.startswith("Unclosed array"):
        return ": the items of a list are separated by commas, and the list ends with ]"
    header = line.strip()
    if message.startswith(("Cannot overwrite a value", "Cannot declare")) and header[:1] == "[":
        kind = header.strip("[] ").split(".")[0]
        if not header.startswith("[["):
            return f": write [[{kind}]] (two brackets) at the start of each entry"
        return (
            f": {header} clashes with a header above it; write each [[{kind}]] before the"
            f" parts that belong to it ([[{kind}.options]] and the like)"
        )
    if message.startswith("Cannot overwrite a value"):
        return ": a field is given twice in one entry"
    if _DATE_LIKE.search(line) and not _DATE.search(line):
        return (
            ": a date is written year-month-day with two digits for the month and the day,"
            " without quotes: 2025-11-04"
        )
    if message.startswith("Expected newline") and re.search(r"=\s*'[^']*'\S", line):
        return (
            ": an apostrophe ends a text written between single quotes; write the text"
            ' between double quotes: "Canada\'s budget"'
        )
    bare = _BARE.search(line)
    if message.startswith("Invalid value") and bare:
        word = bare.group(1)
        if word in ("True", "False", "TRUE", "FALSE"):
            return f": write {word.lower()} in lower case"
        if word[0] in "\u201c\u201d\u2018\u2019":
            return ': curly quotes are not quotes in TOML; use straight ones: "..."'
        return ': a text is written in quotes: name = "Budget day"'
    return ""


def _load_document(cs: ContentSet, doc: dict[str, Any], rel: str) -> None:
    for key, value in doc.items():
        model = KINDS.get(key)
        if model is None:
            cs.error(
                rel,
                "",
                key,
                f"unknown section '{key}'{suggest(key, KINDS)}; write [[{' | '.join(KINDS)}]]",
            )
            # the entries of [[events]] are the author's events, unread: what names one is
            # told so ("has errors of its own"), not that it does not exist
            near = difflib.get_close_matches(key, list(KINDS), n=1, cutoff=0.6)
            written = value if isinstance(value, list) else [value]
            for index, raw in enumerate(written if near else []):
                if isinstance(raw, dict):
                    cs.failed.setdefault((near[0], _entry_label(near[0], raw, index)), rel)
                    cs.unread.append(raw)
            continue
        entries = [value] if isinstance(value, dict) else value
        if not isinstance(entries, list):
            cs.error(rel, "", key, f"'{key}' must be a table: write [[{key}]] before each entry")
            continue
        for index, raw in enumerate(entries):
            _load_entry(cs, key, model, raw, index, rel)


def _load_entry(
    cs: ContentSet, kind: str, model: type[Entity], raw: Any, index: int, rel: str
) -> None:
    label = _entry_label(kind, raw, index)
    if not isinstance(raw, dict):
        cs.error(rel, label, kind, f"each '{kind}' entry must be a table ([[{kind}]])", kind)
        return
    try:
        entity = model.model_validate(raw)
    except ValidationError as exc:
        cs.issues.extend(_pydantic_issues(rel, label, model, exc, kind))
        entity = _without_unknown_fields(model, raw, exc)
        if entity is None:
            cs.failed.setdefault((kind, label), rel)
            # an id that is not one ("Bridge Reply") is likely named elsewhere as it should
            # be written ("bridge_reply"): that too is an entry with errors of its own
            fixed = as_id(label)
            if fixed and fixed != label:
                cs.failed.setdefault((kind, fixed), rel)
            cs.unread.append(raw)
            return
        cs.unread.append({k: v for k, v in raw.items() if k not in model.model_fields})
        raw = {k: v for k, v in raw.items() if k in model.model_fields}
    except RecursionError:
        cs.error(rel, label, kind, "values nested too deeply", kind)
        cs.failed.setdefault((kind, label), rel)
        return
    key = entity_key(kind, entity)
    bucket = cs.entities[kind]
    if key in bucket:
        cs.unread.append(raw)
        named_by = key_field(model)
        if named_by == "id":
            message = f"duplicate {kind} id '{key}' (first defined in {cs.where(kind, key)})"
        else:  # a reading is named by its variable, a reaction by its tag
            message = (
                f"'{key}' already has a [[{kind}]] (in {cs.where(kind, key)});"
                f" a {named_by} has one {kind}"
            )
        cs.error(rel, key, named_by, message)
        return
    bucket[key] = entity
    cs.origin[(kind, key)] = rel
    cs.raw[(kind, key)] = raw


def _without_unknown_fields(
    model: type[Entity], raw: dict[str, Any], exc: ValidationError
) -> Entity | None:
    """The entry read as if its unknown fields (typos, reported already) were not there, so
    that the rest of it is checked in the same pass and what names it finds it; None when it
    has other problems."""
    if any(e.get("type") != "extra_forbidden" or len(e.get("loc", ())) != 1 for e in exc.errors()):
        return None
    try:
        return model.model_validate({k: v for k, v in raw.items() if k in model.model_fields})
    except (ValidationError, RecursionError):
        return None


def apply_overrides(
    cs: ContentSet, scenario_id: str
) -> tuple[dict[str, dict[str, Entity]], list[Issue]]:
    """The entities as a scenario sees them: its overrides applied to the shared pack."""
    scenario = cs.entities["scenario"][scenario_id]
    rel = cs.where("scenario", scenario_id)
    issues: list[Issue] = []
    view = {kind: dict(bucket) for kind, bucket in cs.entities.items()}
    for kind, by_id in scenario.overrides.items():
        model = KINDS.get(kind)
        if model is None or kind == "scenario":
            allowed = [k for k in KINDS if k != "scenario"]
            issues.append(
                Issue(
                    rel,
                    scenario_id,
                    f"overrides.{kind}",
                    f"cannot override '{kind}'{suggest(kind, allowed)}",
                )
            )
            continue
        for ident, changes in by_id.items():
            if ident not in view[kind]:
                issues.append(
                    Issue(
                        rel,
                        scenario_id,
                        f"overrides.{kind}.{ident}",
                        f"unknown {kind} '{ident}'{suggest(ident, view[kind])}",
                    )
                )
                continue
            if not isinstance(changes, dict):
                issues.append(
                    Issue(
                        rel,
                        scenario_id,
                        f"overrides.{kind}.{ident}",
                        "must be a table of field = value",
                    )
                )
                continue
            key = key_field(model)
            if key in changes:
                issues.append(
                    Issue(
                        rel,
                        scenario_id,
                        f"overrides.{kind}.{ident}.{key}",
                        f"'{key}' cannot be overridden: an override changes {kind} '{ident}'"
                        f" in this scenario, it cannot rename it; to add another, write a"
                        f" [[{kind}]] entry of its own",
                    )
                )
                changes = {k: v for k, v in changes.items() if k != key}
            merged = {**cs.raw[(kind, ident)], **changes}
            try:
                view[kind][ident] = model.model_validate(merged)
            except RecursionError:
                issues.append(
                    Issue(rel, scenario_id, f"overrides.{kind}.{ident}", "values nested too deeply")
                )
            except ValidationError as exc:
                for issue in _pydantic_issues(rel, scenario_id, model, exc):
                    issues.append(
                        Issue(
                            rel,
                            scenario_id,
                            f"overrides.{kind}.{ident}.{issue.field}",
                            issue.message,
                        )
                    )
    return view, issues
