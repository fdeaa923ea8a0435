"""JSON from files a player hands in: parsed within limits, refused with one line otherwise.

A save or a decisions file may come from anyone. Before anything looks at its contents, the
text is parsed with bounds that a genuine file never comes near: numbers the game can hold
(a float beyond 1e15, inf and NaN, an integer of more than 39 digits are refused), at most
32 levels of nesting, and at most a million values. That keeps a crafted file from costing
unbounded time or memory, or from reaching code with a number it cannot handle.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

MAX_DEPTH = 32  # a save nests 7 levels deep
MAX_VALUES = 1_000_000  # separators (',' and ':'), counted before parsing: memory stays bounded
MAX_INT_DIGITS = 39  # the random generator's 128-bit state has up to 39 digits
MAX_ABS_INT = 2**128 - 1
MAX_ABS_FLOAT = 1e15  # far beyond any value the game keeps


class JsonProblem(ValueError):
    """Text that is not JSON within the limits. The message is a predicate ('is not valid
    JSON (...)', 'holds a number out of range (1e400)') for the caller to put a subject to;
    ``cut_short`` tells a syntax error (often a file cut short) from a limit, and ``column``
    where the syntax error is."""

    def __init__(self, problem: str, cut_short: bool = False, column: int | None = None):
        super().__init__(problem)
        self.cut_short = cut_short
        self.column = column


def loads(data: bytes | str) -> Any:
    """Parse JSON text within the limits above, or raise JsonProblem."""
    # A separator is one character: a text no longer than MAX_VALUES cannot hold more.
    if isinstance(data, bytes):
        if len(data) > MAX_VALUES and data.count(b",") + data.count(b":") > MAX_VALUES:
            raise JsonProblem(f"holds more than {MAX_VALUES:,} values")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonProblem("is not UTF-8 text") from None
    else:
        text = data
        if len(text) > MAX_VALUES and text.count(",") + text.count(":") > MAX_VALUES:
            raise JsonProblem(f"holds more than {MAX_VALUES:,} values")
    # Parsed at the decoder's full speed first, then walked once for the depth and the
    # numbers; only a text that fails one of those is parsed again, number by number, for the
    # message to quote the number as written (a 1e400 read as inf, or 400 digits).
    value = _parsed_fast(data)
    if value is _NOT_PARSED:
        try:
            value = json.loads(text, parse_constant=_constant)
        except JsonProblem:
            raise
        except json.JSONDecodeError as exc:
            raise JsonProblem(f"is not valid JSON ({_reason(exc.msg)})", True, exc.colno) from None
        except RecursionError:
            raise JsonProblem(
                f"is not valid JSON here (nested more than {MAX_DEPTH} levels)"
            ) from None
        except ValueError:  # an integer of more digits than Python converts
            _parse_checking_numbers(text)  # raises JsonProblem
            raise JsonProblem("holds a number out of range") from None
    if not _walk(value):
        _parse_checking_numbers(text)  # raises JsonProblem
        raise JsonProblem("holds a number out of range")  # not reached: the walk found one
    return value


_NOT_PARSED = object()


def _parsed_fast(data: bytes | str) -> Any:
    """The value of a JSON text by pydantic's parser, about twice as fast as ``json.loads``
    on a save, where pydantic is loaded already (importing it for this would cost more than
    it saves); ``_NOT_PARSED`` where it is not, and for any text it refuses, which
    ``json.loads`` then parses as before, for the same value or the same message. For a text
    both accept, the two give the same value: the same numbers to the last bit, big integers
    and 1e400 (read as inf, then refused by the walk) included, the last of duplicate keys,
    the same strings (lone surrogates, which ``json.loads`` accepts, it refuses);
    ``tests/saves/test_safe_json.py`` holds it to that."""
    core = sys.modules.get("pydantic_core")
    if core is None:
        return _NOT_PARSED
    try:
        return core.from_json(data, allow_inf_nan=False)
    except Exception:  # noqa: BLE001 - any refusal: json.loads parses it and says why
        return _NOT_PARSED


def _parse_checking_numbers(text: str) -> Any:
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)


def _reason(message: str) -> str:
    """The decoder's message as a reason in a sentence: 'Unterminated string starting at'
    (a position would follow, but the caller says where, if anywhere) is 'unterminated
    string'."""
    for tail in (" starting at", " at"):
        message = message.removesuffix(tail)
    return message[:1].lower() + message[1:]


def _walk(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Refuse a value ``json.loads`` gave that is nested more than ``limit`` levels; False
    when a number in it is out of bounds (walked without recursion; only the containers go
    on the stack, so a save's thousands of numbers cost a test or two each)."""
    kind = type(value)
    if kind is float:
        return -MAX_ABS_FLOAT <= value <= MAX_ABS_FLOAT  # False for inf and NaN too
    if kind is int:
        return -MAX_ABS_INT <= value <= MAX_ABS_INT
    if kind is not dict and kind is not list:
        return True
    stack: list[tuple[dict | list, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        if depth > limit:
            raise JsonProblem(f"is not valid JSON here (nested more than {limit} levels)")
        for child in item.values() if type(item) is dict else item:
            kind = type(child)  # json.loads makes plain values, never subclasses
            if kind is dict or kind is list:
                push((child, depth + 1))
            elif kind is float:
                if not -MAX_ABS_FLOAT <= child <= MAX_ABS_FLOAT:
                    return False
            elif kind is int and not -MAX_ABS_INT <= child <= MAX_ABS_INT:
                return False
    return True


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonProblem(f"holds a number of more than {MAX_INT_DIGITS} digits")
    value = int(text)
    if abs(value) > MAX_ABS_INT:
        raise JsonProblem("holds a whole number too large for the game")
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_ABS_FLOAT:
        raise JsonProblem(f"holds a number out of range ({_short(text)})")
    return value


def _constant(name: str) -> Any:
    raise JsonProblem(f"holds an invalid number ({_short(name)})")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def one_line(text: Any, limit: int = 200) -> str:
    """Text from a file as one printable line for a message: control characters and line
    breaks escaped, long text cut short."""
    out = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )
    return out if len(out) <= limit else out[: limit - 3] + "..."
