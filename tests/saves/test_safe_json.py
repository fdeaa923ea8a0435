"""JSON within limits: the fast parse gives what a parse checking every number as it is read
gives, the same value or the same one-line refusal."""

from __future__ import annotations

import json

import pytest

from diplomacy_game.saves import safe_json

TEXTS = [
    "null",
    "3",
    "-2.5",
    "[]",
    '{"a": [1, 2.0, -0.0, true, null, "x"]}',
    "[1e15, -1e15, 340282366920938463463374607431768211455]",
    "1e400",
    "[-1e400]",
    '{"turn": 1e16}',
    "[NaN]",
    '{"x": Infinity}',
    "[340282366920938463463374607431768211456]",
    '{"seed": ' + "9" * 40 + "}",
    "[" + "9" * 5000 + "]",
    "[" * 40 + "]" * 40,
    '{"a": 1,}',
]


def _outcome(parse, text: str) -> tuple[str, object]:
    try:
        return "value", parse(text)
    except safe_json.JsonProblem as exc:
        return "problem", (str(exc), exc.cut_short, exc.column)


def _checking_every_number(text: str) -> object:
    """The parse the fast one stands for: each number checked as it is read."""
    try:
        value = safe_json._parse_checking_numbers(text)
    except json.JSONDecodeError as exc:
        raise safe_json.JsonProblem(
            f"is not valid JSON ({safe_json._reason(exc.msg)})", True, exc.colno
        ) from None
    except RecursionError:
        raise safe_json.JsonProblem(
            f"is not valid JSON here (nested more than {safe_json.MAX_DEPTH} levels)"
        ) from None
    safe_json._walk(value)  # the depth
    return value


@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_parse_gives_what_checking_every_number_gives(text):
    fast = _outcome(safe_json.loads, text)
    assert fast == _outcome(_checking_every_number, text)
    assert fast == _outcome(safe_json.loads, text.encode())
    if fast[0] == "value":
        assert repr(fast[1]) == repr(json.loads(text))  # -0.0 and 2.0 stay floats


def test_a_number_out_of_range_is_quoted_as_written():
    with pytest.raises(safe_json.JsonProblem, match=r"out of range \(1e400\)"):
        safe_json.loads('{"approval": 1e400}')
    with pytest.raises(safe_json.JsonProblem, match="more than 39 digits"):
        safe_json.loads("[" + "7" * 5000 + "]")
