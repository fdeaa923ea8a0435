"""The expression compiler: what it accepts, what it refuses, and that it never crashes."""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy_game.engine.expr import (
    ExprError,
    Namespace,
    compile_condition,
    compile_effects,
    compile_template,
)

NS = Namespace(
    variables=["approval", "us.rapport", "turn", "sector.steel.us_tariff"],
    writable=["approval", "us.rapport", "sector.steel.us_tariff"],
    params=["level"],
    ids={"event": ["steel_relief"], "action": ["call_president"], "posture": ["escalate", "hold"]},
)


class Ctx:
    def __init__(self, **values: float):
        self.values = {
            "approval": 50.0,
            "us.rapport": 40.0,
            "turn": 3.0,
            "sector.steel.us_tariff": 50.0,
            **values,
        }
        self.params = {"level": 25.0}
        self.flags: dict[str, bool] = {}
        self.current_turn = 3
        self.scheduled: list[tuple[str, int]] = []
        self.rng = np.random.Generator(np.random.PCG64(1))

    def chance(self, p):
        return bool(self.rng.random() < p)

    def uniform(self, lo, hi):  # as the engine's contexts: no draw unless hi > lo
        return float(self.rng.uniform(lo, hi)) if hi > lo else float(lo)

    def event_record(self, event_id):
        return (0, 0)  # never fired: turns_since() is 999

    def action_record(self, action_id):
        return (2, 1)

    def posture_is(self, posture):
        return posture == "hold"

    def schedule(self, event_id, turns):
        self.scheduled.append((event_id, turns))

    def clamp_value(self, name, value):
        return max(0.0, min(100.0, value))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("us.rapport < 45 and turn >= 3", True),
        ("us.rapport < 40", False),
        ("0 < approval <= 50", True),
        ("min(approval, 10) + max(1, 2, 3)", 13.0),
        ("clamp(approval * 3, 0, 100)", 100.0),
        ("abs(-4) + round(2.6)", 7.0),
        ("1 if approval > 60 else 2", 2.0),
        ("not flag('deal_signed')", True),
        ("taken('call_president') == 2", True),
        ("posture('hold') and not posture('escalate')", True),
        ("approval / 0", 0.0),
        ("param.level * 2", 50.0),
        ("sector.steel.us_tariff - 25", 25.0),
        (True, True),
        (3, 3.0),
    ],
)
def test_conditions_evaluate(source, expected):
    assert compile_condition(source, NS)(Ctx()) == expected


def test_effects_change_values_and_clamp():
    ctx = Ctx()
    compile_effects(
        [
            "us.rapport += 5",
            "approval = approval * 3",
            "set_flag('x')",
            "schedule('steel_relief', 2)",
        ],
        NS,
    )(ctx)
    assert ctx.values["us.rapport"] == 45.0
    assert ctx.values["approval"] == 100.0  # clamped by the context
    assert ctx.flags == {"x": True}
    assert ctx.scheduled == [("steel_relief", 2)]


def test_effects_record_what_they_touch():
    comp = compile_effects("us.rapport -= 3; schedule('steel_relief', 0)", NS)
    assert comp.writes == {"us.rapport"}
    assert comp.schedules == [("steel_relief", 0.0)]


def test_template_renders_live_values():
    tpl = compile_template(
        "Steel pays {sector.steel.us_tariff:.0f}% and {{braces}} stay; rapport {us.rapport}", NS
    )
    assert tpl.render(Ctx()) == "Steel pays 50% and {braces} stay; rapport 40"


HOSTILE = [
    "__import__('os').system('echo pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "approval.__class__",
    "lambda: 1",
    "[x for x in (1, 2)]",
    "{x: 1 for x in (1, 2)}",
    "(x for x in (1,))",
    "f'{approval}'",
    "(y := 3)",
    "9**9**9",
    "2 ** 10",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('x=1')",
    "getattr(approval, 'real')",
    "approval[0]",
    "'text'",
    "b'bytes'",
    "1e400",
    "10000000000000000000000",
    "approval if",
    "",
    "   ",
    "(" * 300 + "1" + ")" * 300,
    "(" * 30 + "1" + ")" * 30,
    "1 + " * 20000 + "1",
    "x" * 100_000,
    "unknown_name > 3",
    "us.rapportt > 3",
    "approval is None",
    "approval in (1, 2)",
    "~approval",
    "approval & 1",
    "await approval",
    "approval\x00",
    "flag(approval)",
    "fired('no_such_event')",
    "posture('surrender')",
    "min()",
    "chance(0.5, 1)",
    "approval.real",
    "import os",
    "approval = 3",
    "None",
    "...",
]


@pytest.mark.parametrize("source", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_conditions_are_rejected(source):
    with pytest.raises(ExprError):
        compile_condition(source, NS)


HOSTILE_EFFECTS = [
    "turn = 5",  # readable, not writable
    "approval == 3",  # does nothing
    "approval",  # does nothing
    "import os",
    "def f(): pass",
    "for i in (1,): approval += 1",
    "while True: pass",
    "approval, turn = 1, 2",
    "approval = us.rapport = 1",
    "approval **= 2",
    "approval //= 2",
    "del approval",
    "approval += __builtins__",
    "schedule('steel_relief')",
    "schedule('no_event', 1)",
    "print('x')",
    "set_flag(1)",
    "x.y.z = 1",
    "global approval",
    "with open('f') as f: pass",
    "try:\n  pass\nexcept: pass",
    "class A: pass",
    "approval += 1 if chance(0.5) else 'x'",
]


@pytest.mark.parametrize("source", HOSTILE_EFFECTS, ids=range(len(HOSTILE_EFFECTS)))
def test_hostile_effects_are_rejected(source):
    with pytest.raises(ExprError):
        compile_effects(source, NS)


def test_effect_functions_are_not_conditions():
    with pytest.raises(ExprError, match="only be used as an effect"):
        compile_condition("set_flag('x')", NS)


def test_unknown_names_get_a_suggestion():
    with pytest.raises(ExprError, match="did you mean 'us.rapport'"):
        compile_condition("us.rapprt > 3", NS)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_compiler_raises_only_its_own_error_on_any_text(text):
    for compile_fn in (compile_condition, compile_effects, compile_template):
        with contextlib.suppress(ExprError):
            compile_fn(text, NS)


_atoms = st.sampled_from(
    [
        "approval",
        "us.rapport",
        "turn",
        "1",
        "0",
        "2.5",
        "param.level",
        "flag('x')",
        "(",
        ")",
        "+",
        "-",
        "*",
        "/",
        "and",
        "or",
        "not",
        "<",
        ">=",
        "==",
        "if",
        "else",
        "min(",
        ",",
        "__class__",
        ".",
        "[",
        "]",
        "**",
        "lambda",
        ":",
        "=",
        "+=",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_atoms, max_size=40).map(" ".join))
def test_compiler_raises_only_its_own_error_on_token_soup(text):
    for compile_fn in (compile_condition, compile_effects):
        try:
            compiled = compile_fn(text, NS)
        except ExprError:
            continue
        compiled(Ctx())  # whatever compiles also runs without raising


# --- hostile numbers: defined results, bounded texts, what validation can see ------------------

BIG = "((approval + 1) / 1e-300 / 1e-300)"  # infinite when run, not known when compiled


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f"round({BIG})", math.inf),
        (f"round(-{BIG})", -math.inf),
        (f"round({BIG} - {BIG})", math.nan),
        ("round(2.5) + round(-0.5)", 2.0),
        (f"max({BIG} - {BIG}, 1)", math.nan),  # Python keeps the first of max(nan, 1)
        (f"max(1, {BIG} - {BIG})", 1.0),
        (f"clamp({BIG} - {BIG}, 0, 1)", math.nan),
        (f"{BIG} > 0 and {BIG} - {BIG} != 0", True),
    ],
)
def test_non_finite_values_have_defined_results(source, expected):
    value = compile_condition(source, NS)(Ctx())
    assert value == expected or (value != value and expected != expected)


@pytest.mark.parametrize(
    ("delay", "turns"),
    [
        (f"{BIG}", 10_000),
        (f"-{BIG}", 0),
        (f"{BIG} - {BIG}", 0),
        ("1e12", 10_000),
        ("2.9", 2),
        ("-0.5", 0),
        ("0.99", 0),
    ],
)
def test_schedule_delays_are_whole_turns_within_bounds(delay, turns):
    ctx = Ctx()
    compile_effects(f"schedule('steel_relief', {delay})", NS)(ctx)
    assert ctx.scheduled == [("steel_relief", turns)]


def test_uniform_bounds_are_held_so_a_draw_never_overflows():
    ctx = Ctx()
    value = compile_condition(f"uniform(-{BIG}, {BIG})", NS)(ctx)
    assert math.isfinite(value) and abs(value) <= 1e307
    ctx = Ctx()
    value = compile_condition(f"uniform({BIG} - {BIG}, 1)", NS)(ctx)
    assert value != value  # NaN: no draw
    assert ctx.rng.bit_generator.state == Ctx().rng.bit_generator.state


@pytest.mark.parametrize(
    "source",
    [
        "1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12"
        " * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12",
        "round(1 / 1e-300 / 1e-300)",
        "approval + (1 / 1e-300 / 1e-300 - 1 / 1e-300 / 1e-300)",
        "9" * 400,
        "0x" + "f" * 300,
    ],
)
def test_calculations_known_to_overflow_are_refused(source):
    with pytest.raises(ExprError, match="overflows|out of range"):
        compile_condition(source, NS)


def test_a_huge_number_given_as_a_value_is_refused():
    for value in (10**5000, float("inf"), float("nan"), -1e13):
        with pytest.raises(ExprError, match="out of range"):
            compile_condition(value, NS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{approval:999999999999f}", "too wide"),
        ("{approval:41f}", "too wide"),
        ("{approval:.999999999f}", "too many digits"),
        ("{approval:.13f}", "too many digits"),
        ("{approval:" + "9" * 5000 + "f}", "too wide"),
        ("{approval:1.2.3f}", "not one a text can use"),
        ("{approval:,,f}", "not one a text can use"),
    ],
)
def test_text_formats_are_bounded(text, message):
    with pytest.raises(ExprError, match=message):
        compile_template(text, NS)


def test_text_formats_within_bounds_render():
    ctx = Ctx(approval=1234.5)
    template = compile_template("{approval:40.12f}|{approval:+,.1f}|{approval:05.0f}", NS)
    assert template.render(ctx) == f"{1234.5:40.12f}|+1,234.5|01234"


def test_integer_arithmetic_past_2_53_rounds_as_float64():
    """Counts multiplied past 2**53 give the float64 result (the batch engine's), not Python's
    exact integer."""

    class Counts(Ctx):
        def event_record(self, event_id):
            return (999_999, 1)

        def action_record(self, action_id):
            return (1, 1)

    product = "fired('steel_relief') * fired('steel_relief') * fired('steel_relief')"
    value = compile_condition(f"{product} + taken('call_president') - {product}", NS)(Counts())
    exact = float(999_999) ** 3
    assert value == float(exact + 1.0) - exact  # 0.0 in float64; Python's ints would say 1
    assert compile_condition("fired('steel_relief') * 2", NS)(Counts()) == 1_999_998


@pytest.mark.parametrize(
    ("delay", "fewest"),
    [
        ("0", 0),
        ("3", 3),
        ("2.9", 2),
        ("-1", 0),
        ("turn - turn", 0),
        ("0 * approval", 0),
        ("approval", 0),
        ("1 + round(uniform(0, 2))", 1),
        ("max(1, approval)", 1),
        ("clamp(approval, 2, 5)", 2),
        ("2 if flag('x') else 3", 2),
        ("1 + taken('call_president')", 1),
        ("1 + chance(0.5)", 1),
        ("1 - chance(0.5)", 0),
        (f"1 + {BIG} - {BIG}", 0),
        ("approval / 0 + 1", 0),
    ],
)
def test_the_fewest_turns_a_delay_can_be(delay, fewest):
    compiled = compile_effects(f"schedule('steel_relief', {delay})", NS)
    assert compiled.schedules == [("steel_relief", fewest)]


def test_a_content_check_parses_each_text_once_and_changes_no_tree_it_shares():
    """Checking a content set compiles its three scenarios, which read most texts alike:
    within ``shared_trees`` each text is parsed once and its tree shared by every compiler
    that reads it, the scalar and the vector alike. A shared tree must come out of every
    compiler as it went in; outside a check, nothing is kept."""
    import ast

    from diplomacy_game.content import load_content
    from diplomacy_game.content.compiler import check_scenario
    from diplomacy_game.engine.language import _SHARED, parse, parse_shared, shared_trees
    from diplomacy_game.engine.vexpr import compile_vector_condition

    cs = load_content()
    with shared_trees():
        for scenario in sorted(cs.entities["scenario"]):
            assert not [i for i in check_scenario(cs, scenario)[1] if i.severity == "error"]
        shared = _SHARED.get()
        assert shared is not None and len(shared) > 500
        for (source, mode), tree in list(shared.items())[:3000]:
            if mode == "eval":  # the vector compiler reads the same tree
                compile_vector_condition(source)
            assert ast.dump(tree) == ast.dump(parse(source, mode)), source
        source = next(s for s, m in shared if m == "eval")
        assert parse_shared(source, "eval") is shared[(source, "eval")]
        with pytest.raises(ExprError):
            parse_shared("approval >", "eval")
        assert ("approval >", "eval") not in shared
    assert _SHARED.get() is None
    assert parse_shared(source, "eval") is not parse_shared(source, "eval")
