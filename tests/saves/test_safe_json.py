"""JSON within limits: the fast parse gives what a parse checking every number as it is read
gives, the same value or the same one-line refusal."""

from __future__ import annotations

import json
import sys

import pydantic_core
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # What pydantic's parser, used where it is loaded, might read differently from json.loads:
    '{"a": 1, "b": 2, "a": 3}',
    '["\\ud800", "\\udc00\\ud800"]',  # lone surrogates: refused by it, read by json.loads
    '"\\u00e9\\ud83d\\ude00 \\/ \\u0000"',
    "[0.1000000000000000055511151231257827, 5e-324, 2.2250738585072011e-308]",
    "[-0, -0.0, 1E5, 1e-05, 9007199254740993, 9007199254740993.0]",
    "\ufeff{}",
    '["\t"]',
    "[" * 250 + "]" * 250,
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


def _outcome_without_pydantic(text: str | bytes) -> tuple[str, object]:
    saved = sys.modules.pop("pydantic_core")
    try:
        return _outcome(safe_json.loads, text)
    finally:
        sys.modules["pydantic_core"] = saved


def test_a_save_is_parsed_by_pydantics_parser_where_pydantic_is_loaded(monkeypatch):
    text = json.dumps({"values": {"approval": 41.25, "gdp": -0.5}, "seed": 2**100, "ok": True})
    calls = []
    real = pydantic_core.from_json

    def counting(data, **kwargs):
        calls.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(pydantic_core, "from_json", counting)
    assert _outcome(safe_json.loads, text.encode()) == _outcome_without_pydantic(text.encode())
    assert calls == [text.encode()]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(2**140), max_value=2**140)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.booleans(), st.sampled_from(["", "e400", "0" * 30, "e-400", "E+3"]))
def test_pydantics_parser_gives_what_json_loads_gives(value, ascii_only, tail):
    """Any value, numbers out of range and lengthened numbers included: the same value or the
    same refusal, with pydantic's parser as without it."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    if tail:  # a number written as nobody writes it: 1.5e400, 2.000...0, 3e-400
        text = text.replace("5", "5" + tail if tail[0] in "eE" else "5." + tail, 1)
    for data in (text, text.encode()):
        fast = _outcome(safe_json.loads, data)
        assert fast == _outcome_without_pydantic(data)
        if fast[0] == "value":
            assert repr(fast[1]) == repr(json.loads(text))
