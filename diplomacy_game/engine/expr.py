"""Content expressions: parsed with `ast`, checked against a whitelist, compiled to closures.

Conditions (``"us.rapport < 40 and turn >= 4"``) compile to a function of an evaluation
context returning a number or a boolean. Effects (``"us.rapport += 5"``,
``"schedule('steel_relief', 2)"``) compile to a function that changes the context's values.

Nothing here calls ``eval``, ``exec`` or ``compile``: the tree is walked once at load time
and turned into nested Python closures over a small set of operations. Dotted names such
as ``us.rapport`` are names of game variables, not attribute access on objects.
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from diplomacy_game.engine.language import (
    ALL_FUNCTIONS,
    BOOL,
    FUNCTIONS,
    INT,
    MAX_DELAY,
    MAX_UNIFORM_BOUND,
    Compiled,
    ExprError,
    dotted,
    functions_of,
    parse_shared,
)
from diplomacy_game.model.content import MAX_NUMBER, digits_of

# Re-exported: what callers of the scalar backend take from it.
__all__ = [
    "ALL_FUNCTIONS",
    "MAX_DELAY",
    "MAX_UNIFORM_BOUND",
    "Compiled",
    "EvalContext",
    "ExprError",
    "Namespace",
    "Template",
    "compile_condition",
    "compile_effects",
    "compile_template",
    "dotted",
    "suggest",
]

MAX_CONSTANT = MAX_NUMBER  # as every number in content
# A text's live value is at most this wide and shows at most this many digits after the point.
MAX_FORMAT_WIDTH = 40
MAX_FORMAT_PRECISION = 12
# Python integers (counts, booleans in arithmetic) are exact; the vector backend holds them as
# float64, exact up to 2**53. Past that, an integer result is rounded as float64 rounds it.
_EXACT = 2**53

Value = float | bool
Fn = Callable[["EvalContext"], Any]


class EvalContext(Protocol):
    """What a compiled expression reads and changes while the game runs."""

    values: dict[str, float]
    params: dict[str, float]
    flags: dict[str, bool]
    current_turn: int

    def chance(self, p: float) -> bool: ...
    def uniform(self, lo: float, hi: float) -> float: ...
    def event_record(self, event_id: str) -> tuple[int, int]: ...
    def action_record(self, action_id: str) -> tuple[int, int]: ...
    def posture_is(self, posture: str) -> bool: ...
    def schedule(self, event_id: str, turns: int) -> None: ...
    def clamp_value(self, name: str, value: float) -> float: ...


@dataclass(frozen=True)
class Namespace:
    """The names an expression may use.

    ``variables`` are readable game variables; ``writable`` those an effect may assign.
    ``params`` are the parameters of the action being taken (read as ``param.NAME``).
    ``ids`` lists the valid string arguments of id functions, by kind
    (``event``, ``action``, ``posture``).
    """

    variables: Collection[str]
    writable: Collection[str] = ()
    params: Collection[str] = ()
    ids: Mapping[str, Collection[str]] = field(default_factory=dict)


# --- operators ---------------------------------------------------------------------------


def _safe_div(a: float, b: float) -> float:
    # A division by zero in content yields 0 rather than stopping the game mid-turn.
    return a / b if b else 0.0


def _safe_floordiv(a: float, b: float) -> float:
    return a // b if b else 0.0


def _safe_mod(a: float, b: float) -> float:
    return a % b if b else 0.0


def _exact_int(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``op`` for two operands that may both be integers (counts, booleans).

    Python's integers are exact at any size; the vector backend holds them as float64, exact
    up to 2**53. Past that, the result is the float64 one (as an integer), so that both
    backends give the same number: float64 rounds each step, and so does this."""

    def run(a: Any, b: Any) -> Any:
        r = op(a, b)
        if type(r) is int and not (
            -_EXACT <= r <= _EXACT and -_EXACT <= a <= _EXACT and -_EXACT <= b <= _EXACT
        ):
            f = op(float(a), float(b))
            return int(f) if math.isfinite(f) else f
        return r

    return run


# Where a value leaves arithmetic, a non-finite number has one defined meaning, the same in the
# vector backend (``vexpr``): content can reach infinity (``1e12 * ... * 1e12``, a division by
# a tiny number) and NaN (infinity minus infinity) without the game ever stopping.


def round_value(x: Any) -> float:
    """``round(x)`` as a float, halves to even; infinity and NaN are left as they are."""
    return float(round(x)) if math.isfinite(x) else float(x)


def schedule_delay(x: Any) -> int:
    """The turns a ``schedule()`` delay stands for: truncated to a whole number, 0 for
    anything not above 0 (NaN too), at most ``MAX_DELAY`` (infinity too)."""
    if not x > 0:
        return 0
    if x >= MAX_DELAY:
        return MAX_DELAY
    return int(x)


def uniform_bound(x: Any) -> Any:
    """A bound of ``uniform()`` held within +-MAX_UNIFORM_BOUND (NaN stays NaN)."""
    if x < -MAX_UNIFORM_BOUND:
        return -MAX_UNIFORM_BOUND
    if x > MAX_UNIFORM_BOUND:
        return MAX_UNIFORM_BOUND
    return x


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _safe_div,
    ast.FloorDiv: _safe_floordiv,
    ast.Mod: _safe_mod,
}
_AUG_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}

_OP_NAMES = {
    ast.Pow: "'**' (powers are not allowed; multiply instead)",
    ast.BitAnd: "'&' (use 'and')",
    ast.BitOr: "'|' (use 'or')",
    ast.BitXor: "'^'",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.MatMult: "'@'",
    ast.Invert: "'~' (use 'not')",
    ast.Is: "'is' (use '==')",
    ast.IsNot: "'is not' (use '!=')",
    ast.In: "'in'",
    ast.NotIn: "'not in'",
}

_NODE_NAMES = {
    ast.Lambda: "'lambda' is not allowed here",
    ast.ListComp: "comprehensions like [x for x in ...] are not allowed here",
    ast.SetComp: "comprehensions like {x for x in ...} are not allowed here",
    ast.DictComp: "comprehensions like {k: v for ...} are not allowed here",
    ast.GeneratorExp: "comprehensions like (x for x in ...) are not allowed here",
    ast.JoinedStr: "f-strings are not allowed here",
    ast.NamedExpr: "':=' is not allowed here",
    ast.Subscript: "square brackets after a value, x[...], are not allowed here: name the value"
    " itself, as in sector.steel.jobs",
    ast.Starred: "a '*' with no value before it is not allowed here: to multiply, write a value"
    " on each side, as in 'x * 2'",
    ast.List: "lists in square brackets [...] are not allowed here",
    ast.Tuple: "a comma is only allowed between a function's arguments, as in max(a, b): is"
    " there a comma too many?",
    ast.Dict: "braces {...} are not allowed here",
    ast.Set: "braces {...} are not allowed here",
    ast.Await: "'await' is not allowed here",
    ast.Yield: "'yield' is not allowed here",
    ast.YieldFrom: "'yield' is not allowed here",
    ast.Slice: "slices x[a:b] are not allowed here",
}


def _in_range(value: float) -> bool:
    """A finite number at most MAX_CONSTANT in size (an int is compared without converting
    it to a float, which a huge one cannot be)."""
    if isinstance(value, int):
        return abs(value) <= MAX_CONSTANT
    return math.isfinite(value) and abs(value) <= MAX_CONSTANT


def _number_text(value: float) -> str:
    if isinstance(value, int) and value.bit_length() > 1000:  # too long to show (or to str())
        return f"of about {digits_of(value)} digits"
    return _short(repr(value), 24)


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _name_hint(name: str, known: Collection[str]) -> str:
    """What an unknown name may have meant: a flag (read with ``flag('x')``, set with
    ``set_flag('x')``), or a close match among the known names."""
    head, _, rest = name.partition(".")
    if head in ("flag", "flags") and rest:
        return f"; a flag is read with flag('{rest}') and set with set_flag('{rest}')"
    return suggest(name, known)


def suggest(name: str, known: Collection[str]) -> str:
    """' (did you mean X?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


# --- what an expression can be, read from its tree ---------------------------------------

_BOOL_CALLS = tuple(name for name, f in FUNCTIONS.items() if f.result == BOOL)
_COUNT_CALLS = tuple(name for name, f in FUNCTIONS.items() if f.result == INT)


def may_be_int(node: ast.AST) -> bool:
    """Whether the scalar backend may compute this node as a Python int or bool (counts,
    booleans, arithmetic on them), as the vector backend's integer kinds say."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bool)  # other numbers are compiled as floats
    if isinstance(node, ast.Name):
        return node.id in ("true", "false")
    if isinstance(node, ast.Compare | ast.BoolOp):
        return True
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not) or may_be_int(node.operand)
    if isinstance(node, ast.BinOp):
        return not isinstance(node.op, ast.Div) and may_be_int(node.left) and may_be_int(node.right)
    if isinstance(node, ast.IfExp):
        return may_be_int(node.body) or may_be_int(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in _BOOL_CALLS or name in _COUNT_CALLS:
            return True
        if name in ("min", "max", "abs", "clamp"):
            return any(may_be_int(a) for a in node.args)
    return False


Bounds = tuple[float, float, bool]  # lowest, highest (either may be infinite), may be NaN
_INF = math.inf
_ANYTHING: Bounds = (-_INF, _INF, True)
_FINITE: Bounds = (-_INF, _INF, False)


def _corners(values: list[float], nan: bool) -> Bounds:
    if any(v != v for v in values):
        return _ANYTHING
    return (min(values), max(values), nan)


def _floor(x: float) -> float:
    return float(math.floor(x)) if math.isfinite(x) else x


def _ceil(x: float) -> float:
    return float(math.ceil(x)) if math.isfinite(x) else x


def _unbounded(b: Bounds) -> bool:
    return b[0] == -_INF or b[1] == _INF


def value_bounds(node: ast.AST, ranges: Mapping[str, tuple[float, float]] | None = None) -> Bounds:
    """What values an expression can take, with the meaning the compilers give it: a range
    that holds every value (wider when unsure) and whether NaN is possible. A game variable or
    parameter counts as any number, unless ``ranges`` gives its range (a variable's value is
    kept within it); constants and the functions' own ranges narrow it."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool | int | float) and _in_range(node.value):
            value = float(node.value)
            return (value, value, False)
        return _ANYTHING
    if isinstance(node, ast.Name) and node.id in ("true", "false"):
        value = float(node.id == "true")
        return (value, value, False)
    if isinstance(node, ast.Compare | ast.BoolOp):
        return (0.0, 1.0, False)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return (0.0, 1.0, False)
        lo, hi, nan = value_bounds(node.operand, ranges)
        return (-hi, -lo, nan) if isinstance(node.op, ast.USub) else (lo, hi, nan)
    if isinstance(node, ast.IfExp):
        a, b = value_bounds(node.body, ranges), value_bounds(node.orelse, ranges)
        return (min(a[0], b[0]), max(a[1], b[1]), a[2] or b[2])
    if isinstance(node, ast.BinOp):
        left, right = value_bounds(node.left, ranges), value_bounds(node.right, ranges)
        return _binop_bounds(node.op, left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _call_bounds(node.func.id, [value_bounds(a, ranges) for a in node.args])
    if ranges and isinstance(node, ast.Name | ast.Attribute):
        known = ranges.get(dotted(node))
        if known is not None:
            return (float(known[0]), float(known[1]), False)
    return _FINITE  # a game variable or parameter: a number (never NaN: see state.clamp_to)


def highest_value(source: str, ranges: Mapping[str, tuple[float, float]]) -> float | None:
    """The most an expression can be over the game's variables, each within its range
    (None when it is not one expression): at least as large as any value it takes."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
        return value_bounds(tree.body, ranges)[1]
    except (SyntaxError, ValueError, RecursionError, MemoryError, ExprError):
        return None


def _binop_bounds(op: ast.operator, a: Bounds, b: Bounds) -> Bounds:
    nan = a[2] or b[2]
    if isinstance(op, ast.Sub):
        op, b = ast.Add(), (-b[1], -b[0], b[2])
    if isinstance(op, ast.Add):
        # infinity minus infinity is NaN
        nan = nan or (a[0] == -_INF and b[1] == _INF) or (a[1] == _INF and b[0] == -_INF)
        lo, hi = a[0] + b[0], a[1] + b[1]
        return (lo if lo == lo else -_INF, hi if hi == hi else _INF, nan)
    zero_a, zero_b = a[0] <= 0 <= a[1], b[0] <= 0 <= b[1]
    if isinstance(op, ast.Mult):
        # zero times infinity is NaN
        nan = nan or (zero_a and _unbounded(b)) or (zero_b and _unbounded(a))
        return _corners([a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]], nan)
    if isinstance(op, ast.Div):
        nan = nan or (_unbounded(a) and _unbounded(b))  # infinity over infinity
        if zero_b:  # a zero divisor gives 0; a small one, anything
            return (-_INF, _INF, nan)
        return _corners([a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]], nan)
    if nan or _unbounded(a) or _unbounded(b):  # // and % with infinities: be careful
        return _ANYTHING
    if isinstance(op, ast.FloorDiv):
        if zero_b:
            return (-_INF, _INF, False)
        lo, hi, _ = _corners([a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]], False)
        return (_floor(lo) - 1.0, _ceil(hi) + 1.0, False)
    if isinstance(op, ast.Mod):
        if zero_b:
            size = max(-b[0], b[1])
            return (-size, size, False)
        return (0.0, b[1], False) if b[0] > 0 else (b[0], 0.0, False)
    return _ANYTHING


def _call_bounds(name: str, args: list[Bounds]) -> Bounds:
    if name in _BOOL_CALLS:
        return (0.0, 1.0, False)
    if name in _COUNT_CALLS or name == "turns_since":
        return (0.0, _INF, False)
    if not args:
        return _ANYTHING
    first = args[0]
    if name in ("min", "max"):
        # Python keeps the first of equal items and skips a later NaN (no comparison holds
        # with it), so only the first can make the result NaN; a later one may be skipped.
        rest = [b for b in args[1:] if not b[2]]
        if name == "min":
            return (min(b[0] for b in args), min([first[1], *(b[1] for b in rest)]), first[2])
        return (max([first[0], *(b[0] for b in rest)]), max(b[1] for b in args), first[2])
    if name == "abs":
        lo, hi, nan = first
        if lo >= 0:
            return first
        if hi <= 0:
            return (-hi, -lo, nan)
        return (0.0, max(-lo, hi), nan)
    if name == "round":
        return (_floor(first[0]), _ceil(first[1]), first[2])
    if name == "clamp" and len(args) == 3:
        # lo if x < lo else hi if x > hi else x: x is kept only between the bounds, unless
        # a bound is NaN (then no comparison with it holds).
        x, lo, hi = args
        low = min(lo[0], hi[0], x[0] if lo[2] else _INF)
        high = max(lo[1], hi[1], x[1] if hi[2] else -_INF)
        return (low, high, x[2])
    if name == "uniform" and len(args) == 2:
        lo, hi = args  # a draw in [lo, hi), or lo itself when hi <= lo
        return (lo[0], max(lo[1], hi[1]), lo[2])
    return _ANYTHING


def fewest_turns(delay: ast.AST) -> int:
    """The fewest turns a ``schedule()`` delay can stand for (0 unless provably 1 or more)."""
    lo, _hi, nan = value_bounds(delay)
    return 0 if nan else schedule_delay(lo)


# --- the compiler ------------------------------------------------------------------------


def _one(cond: Any, a: Any, b: Any) -> Any:
    """The language's choice for one game."""
    return a if cond else b


def _record_reader(record: str, ident: str, rule: Callable[..., Any]) -> Fn:
    """A record function of the table (``fired``, ``turns_since``, ``taken``) for one game."""
    if record == "event":

        def read_event(ctx: EvalContext) -> Any:
            count, last = ctx.event_record(ident)
            return rule(count, last, ctx.current_turn, _one)

        return read_event

    def read_action(ctx: EvalContext) -> Any:
        count, last = ctx.action_record(ident)
        return rule(count, last, ctx.current_turn, _one)

    return read_action


class _Compiler:
    def __init__(self, ns: Namespace, source: str, effects: bool):
        self.ns = ns
        self.source = source
        self.effects = effects
        self.out = Compiled(source=source, fn=lambda ctx: None)
        self.text = source.strip()  # the source being compiled, as parsed (for messages)
        # The closures of sub-expressions without names or calls (their value is known now),
        # by id; the closures are kept here too, so that no id is reused while compiling.
        self.known: dict[int, Fn] = {}
        # The closures that read one game variable, by id, with its name (kept likewise): an
        # operation on a variable reads it itself, a call fewer each time it is worked out.
        self.variables: dict[int, tuple[Fn, str]] = {}

    def _known(self, fn: Fn) -> Fn:
        self.known[id(fn)] = fn
        return fn

    def _variable_of(self, fn: Fn) -> str | None:
        """The variable a part reads, when the part is only that; else None."""
        entry = self.variables.get(id(fn))
        return entry[1] if entry is not None else None

    def _fold(self, node: ast.AST, fn: Fn, *parts: Fn) -> Fn:
        """``fn``, marked as known when all its parts are; a known number must be finite."""
        if not all(id(p) in self.known for p in parts):
            return fn
        value = fn(None)  # known parts never look at the context
        if isinstance(value, float) and not math.isfinite(value):
            shown = ast.get_source_segment(self.text, node) or ast.unparse(node)
            raise ExprError(
                f"'{_short(shown, 60)}' is {'not a number' if value != value else 'infinite'}: "
                "the calculation overflows; keep numbers far below 1e308"
            )
        return self._known(lambda ctx: value)  # worked out once, here

    def _value_of(self, fn: Fn) -> tuple[bool, Any]:
        """(True, its value) for a known part, else (False, None)."""
        return (True, fn(None)) if id(fn) in self.known else (False, None)

    def _binary(self, node: ast.AST, op: Callable[[Any, Any], Any], left: Fn, right: Fn) -> Fn:
        """``op(left, right)``, a known side read once rather than called each time."""
        left_known, a = self._value_of(left)
        right_known, b = self._value_of(right)
        x, y = self._variable_of(left), self._variable_of(right)
        if right_known and not left_known:
            if x is not None:
                return lambda ctx: op(ctx.values[x], b)
            return self._fold(node, lambda ctx: op(left(ctx), b), left, right)
        if left_known and not right_known:
            if y is not None:
                return lambda ctx: op(a, ctx.values[y])
            return self._fold(node, lambda ctx: op(a, right(ctx)), left, right)
        if x is not None and y is not None:
            return lambda ctx: op(ctx.values[x], ctx.values[y])
        return self._fold(node, lambda ctx: op(left(ctx), right(ctx)), left, right)

    # names -----------------------------------------------------------------------------
    def check_name(self, name: str) -> None:
        if "__" in name:
            raise ExprError(f"'{name}' is not allowed: names with '__' are reserved")

    def read(self, node: ast.AST) -> Fn:
        name = dotted(node)
        self.check_name(name)
        if name.startswith("param."):
            pname = name[len("param.") :]
            if pname not in self.ns.params:
                known = ", ".join(sorted(self.ns.params)) or "none here"
                raise ExprError(
                    f"unknown parameter '{name}'{suggest(pname, self.ns.params)}; parameters: {known}"
                )
            return lambda ctx: ctx.params[pname]
        if name in ("true", "false"):
            value = name == "true"
            return self._known(lambda ctx: value)
        if name not in self.ns.variables:
            raise ExprError(f"unknown name '{name}'{_name_hint(name, self.ns.variables)}")
        self.out.reads.add(name)
        fn: Fn = lambda ctx: ctx.values[name]  # noqa: E731
        self.variables[id(fn)] = (fn, name)
        return fn

    # expressions -----------------------------------------------------------------------
    def expr(self, node: ast.AST) -> Fn:
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.Name | ast.Attribute):
            return self.read(node)
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                raise ExprError(
                    f"operator {_OP_NAMES.get(type(node.op), type(node.op).__name__)} is not allowed"
                )
            left, right = self.expr(node.left), self.expr(node.right)
            if (
                not isinstance(node.op, ast.Div)
                and may_be_int(node.left)
                and may_be_int(node.right)
            ):
                op = _exact_int(op)
            return self._binary(node, op, left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(node.operand)
            if isinstance(node.op, ast.Not):
                return self._fold(node, lambda ctx: not operand(ctx), operand)
            if isinstance(node.op, ast.USub):
                return self._fold(node, lambda ctx: -operand(ctx), operand)
            if isinstance(node.op, ast.UAdd):
                return operand
            raise ExprError(
                f"operator {_OP_NAMES.get(type(node.op), type(node.op).__name__)} is not allowed"
            )
        if isinstance(node, ast.BoolOp):
            parts = [self.expr(v) for v in node.values]
            if isinstance(node.op, ast.And):

                def all_hold(ctx: EvalContext) -> bool:  # all(), without a generator's cost
                    for part in parts:  # noqa: SIM110
                        if not part(ctx):
                            return False
                    return True

                return self._fold(node, all_hold, *parts)

            def any_holds(ctx: EvalContext) -> bool:  # any(), without a generator's cost
                for part in parts:  # noqa: SIM110
                    if part(ctx):
                        return True
                return False

            return self._fold(node, any_holds, *parts)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            test, body, orelse = self.expr(node.test), self.expr(node.body), self.expr(node.orelse)
            return self._fold(
                node, lambda ctx: body(ctx) if test(ctx) else orelse(ctx), test, body, orelse
            )
        if isinstance(node, ast.Call):
            return self.call(node, statement=False)
        raise ExprError(_NODE_NAMES.get(type(node), f"{type(node).__name__} is not allowed here"))

    def constant(self, value: Any) -> Fn:
        if isinstance(value, bool):
            return self._known(lambda ctx: value)
        if isinstance(value, int | float):
            if not _in_range(value):
                raise ExprError(
                    f"the number {_number_text(value)} is out of range (at most {MAX_CONSTANT:g})"
                )
            number = float(value)
            return self._known(lambda ctx: number)
        if isinstance(value, str):
            raise ExprError(
                f"text {value!r} is only allowed as the id argument of "
                + ", ".join(
                    f"{f}()" for f in sorted({*functions_of("id"), *functions_of("effect")})
                )
            )
        raise ExprError(f"the constant {value!r} is not allowed (only numbers and true/false)")

    def compare(self, node: ast.Compare) -> Fn:
        ops = []
        for op in node.ops:
            fn = _CMPOPS.get(type(op))
            if fn is None:
                raise ExprError(
                    f"comparison {_OP_NAMES.get(type(op), type(op).__name__)} is not allowed"
                )
            ops.append(fn)
        first = self.expr(node.left)
        rest = [self.expr(c) for c in node.comparators]
        if len(ops) == 1:
            return self._binary(node, ops[0], first, rest[0])
        pairs = list(zip(ops, rest, strict=True))

        def chained(ctx: EvalContext) -> bool:
            left = first(ctx)
            for op, right_fn in pairs:
                right = right_fn(ctx)
                if not op(left, right):
                    return False
                left = right
            return True

        return self._fold(node, chained, first, *rest)

    def id_arg(self, node: ast.Call, kind: str, fname: str) -> str:
        arg = node.args[0] if node.args else None
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise ExprError(
                f"{fname}() takes a quoted id as its first argument, like {fname}('some_id')"
            )
        value = arg.value
        if kind != "flag":
            known = self.ns.ids.get(kind, ())
            if value not in known:
                raise ExprError(f"{fname}(): unknown {kind} '{value}'{suggest(value, known)}")
        elif not value.replace("_", "").replace("-", "").replace(".", "").isalnum():
            raise ExprError(f"{fname}(): flag names use letters, digits, '_', '-' and '.' only")
        return value

    def call(self, node: ast.Call, statement: bool) -> Fn:
        if not isinstance(node.func, ast.Name):
            raise ExprError(
                "only the documented functions may be called: " + ", ".join(ALL_FUNCTIONS)
            )
        name = node.func.id
        for arg in node.args:  # max(x for x in ...) is one argument, and not allowed at all
            if isinstance(arg, ast.GeneratorExp):
                raise ExprError(
                    f"comprehensions like {ast.unparse(arg)[:40]} are not allowed: list the"
                    f" values, like {name}(a, b)"
                )
        if node.keywords:
            raise ExprError(f"{name}() does not take keyword arguments")
        nargs = len(node.args)
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise ExprError(
                f"unknown function '{name}'{suggest(name, ALL_FUNCTIONS)}; allowed: "
                + ", ".join(ALL_FUNCTIONS)
            )
        if spec.group == "effect" and not (self.effects and statement):
            raise ExprError(f"{name}() can only be used as an effect, on its own")
        lo, hi = spec.min_args, spec.max_args
        if nargs < lo or (hi is not None and nargs > hi):
            if spec.group != "pure":
                raise ExprError(
                    f"{name}() takes exactly {lo} argument{'' if lo == 1 else 's'}, got {nargs}"
                )
            want = f"{lo}" if lo == hi else f"at least {lo}"
            raise ExprError(
                f"{name}() takes {want} argument{'' if want == '1' else 's'}, got {nargs}"
            )
        if spec.group == "pure":
            args = [self.expr(a) for a in node.args]
            fn: Fn
            if name == "min":
                fn = lambda ctx: min(a(ctx) for a in args)  # noqa: E731
            elif name == "max":
                fn = lambda ctx: max(a(ctx) for a in args)  # noqa: E731
            elif name == "abs":
                a0 = args[0]
                fn = lambda ctx: abs(a0(ctx))  # noqa: E731
            elif name == "round":
                a0 = args[0]
                fn = lambda ctx: round_value(a0(ctx))  # noqa: E731
            else:
                x, lo_fn, hi_fn = args
                fn = lambda ctx: _clamp(x(ctx), lo_fn(ctx), hi_fn(ctx))  # noqa: E731
            return self._fold(node, fn, *args)
        if spec.group == "id":
            ident = self.id_arg(node, spec.id_kind, name)
            if name != "flag":
                self.out.records_read.add((name, ident))
            if spec.rule is not None:
                return _record_reader(spec.record, ident, spec.rule)
            if name == "flag":
                self.out.flags_read.add(ident)
                return lambda ctx: bool(ctx.flags.get(ident, False))
            return lambda ctx: ctx.posture_is(ident)
        if spec.group == "random":
            args = [self.expr(a) for a in node.args]
            self.out.random = True
            if name == "chance":
                p = args[0]
                return lambda ctx: ctx.chance(p(ctx))
            lo_fn, hi_fn = args
            return lambda ctx: ctx.uniform(uniform_bound(lo_fn(ctx)), uniform_bound(hi_fn(ctx)))
        # An effect.
        if name == "schedule":
            ident = self.id_arg(node, "event", name)
            delay = self.expr(node.args[1])
            self.out.schedules.append((ident, fewest_turns(node.args[1])))
            return lambda ctx: ctx.schedule(ident, schedule_delay(delay(ctx)))
        ident = self.id_arg(node, "flag", name)
        self.out.flags_set.add(ident)
        if name == "set_flag":

            def set_flag(ctx: EvalContext) -> None:
                ctx.flags[ident] = True

            return set_flag

        def clear_flag(ctx: EvalContext) -> None:
            ctx.flags.pop(ident, None)

        return clear_flag

    # statements ------------------------------------------------------------------------
    def target(self, node: ast.AST) -> str:
        if not isinstance(node, ast.Name | ast.Attribute):
            raise ExprError("the left side of an effect must be a game variable, like 'us.rapport'")
        name = dotted(node)
        self.check_name(name)
        if name not in self.ns.writable:
            if name.startswith("param.") and name[len("param.") :] in self.ns.params:
                raise ExprError(
                    f"'{name}' is the player's choice: an effect can read it but not change it"
                )
            if name in self.ns.variables:
                raise ExprError(f"'{name}' can be read but not changed by content")
            raise ExprError(f"unknown name '{name}'{_name_hint(name, self.ns.writable)}")
        self.out.writes.add(name)
        return name

    def statement(self, node: ast.stmt) -> Fn:
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise ExprError("assign one variable at a time")
            name = self.target(node.targets[0])
            self.out.sets.add(name)
            value = self.expr(node.value)

            def assign(ctx: EvalContext) -> None:
                ctx.values[name] = ctx.clamp_value(name, value(ctx))

            return assign
        if isinstance(node, ast.AugAssign):
            op = _AUG_OPS.get(type(node.op))
            if op is None:
                raise ExprError("only '=', '+=', '-=' and '*=' can change a variable")
            name = self.target(node.target)
            value = self.expr(node.value)
            known, by = self._value_of(value)
            if known:  # 'x += 5': the number read once, here

                def update_by(ctx: EvalContext) -> None:
                    ctx.values[name] = ctx.clamp_value(name, op(ctx.values[name], by))

                return update_by

            def update(ctx: EvalContext) -> None:
                ctx.values[name] = ctx.clamp_value(name, op(ctx.values[name], value(ctx)))

            return update
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            fname = node.value.func.id if isinstance(node.value.func, ast.Name) else ""
            if fname not in functions_of("effect"):
                raise ExprError(
                    "an effect must change something: 'x = ...', 'x += ...', 'x -= ...', 'x *= ...', "
                    "schedule(...), set_flag(...), clear_flag(...), or 'if condition: effect'"
                )
            return self.call(node.value, statement=True)
        if isinstance(node, ast.If):
            # 'if approval < 40: set_flag("x")', with an optional 'else:'.
            test = self.expr(node.test)
            body = [self.statement(stmt) for stmt in node.body]
            orelse = [self.statement(stmt) for stmt in node.orelse]

            def branch(ctx: EvalContext) -> None:
                for step in body if test(ctx) else orelse:
                    step(ctx)

            return branch
        if isinstance(node, ast.Expr):
            raise ExprError("an effect must change something, like 'us.rapport += 5'")
        kind = type(node).__name__.lower()
        raise ExprError(f"'{kind}' statements are not allowed in effects")


def compile_condition(source: str | bool | int | float, ns: Namespace) -> Compiled:
    """Compile a condition or a number-valued expression."""
    if isinstance(source, bool | int | float) and not isinstance(source, str):
        if not isinstance(source, bool) and not _in_range(source):
            raise ExprError(f"the number {_number_text(source)} is out of range")
        value = source if isinstance(source, bool) else float(source)
        return Compiled(source=str(source), fn=lambda ctx: value, constant=value)
    tree = parse_shared(source, "eval")
    comp = _Compiler(ns, source, effects=False)
    assert isinstance(tree, ast.Expression)
    comp.out.fn = comp.expr(tree.body)
    comp.out.sources = (source,)
    return comp.out


def compile_effects(sources: str | list[str], ns: Namespace) -> Compiled:
    """Compile a list of effect statements (a string may hold several, separated by ';')."""
    if isinstance(sources, str):
        sources = [sources]
    comp = _Compiler(ns, "; ".join(sources), effects=True)
    comp.out.sources = tuple(sources)
    comp.out.effects = True
    steps: list[Fn] = []
    for source in sources:
        tree = parse_shared(source, "exec")
        comp.text = source.strip()
        assert isinstance(tree, ast.Module)
        if not tree.body:
            raise ExprError("effect is empty")
        steps.extend(comp.statement(stmt) for stmt in tree.body)
    if len(steps) == 1:
        comp.out.fn = steps[0]
    else:

        def run_all(ctx: EvalContext) -> None:
            for step in steps:
                step(ctx)

        comp.out.fn = run_all
    return comp.out


@dataclass
class Template:
    """Text with live values: '{sector.steel.us_tariff:.0f}%' is filled in when shown."""

    source: str
    parts: list[str | tuple[Compiled, str]]

    def render(self, ctx: EvalContext) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            compiled, spec = part
            value = compiled(ctx)
            try:
                out.append(format(value, spec) if spec else _plain(value))
            except (ValueError, TypeError):
                out.append(_plain(value))
        return "".join(out)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


# The part of Python's format mini-language a text may use: sign, zero padding, width,
# thousands separator, precision, type. Width and precision are bounded (a huge one would
# build a huge string each time the text is shown).
_FORMAT_SPEC = re.compile(
    r"(?P<sign>[-+ ])?(?P<zero>0)?(?P<width>[1-9][0-9]*)?,?(?:\.(?P<precision>[0-9]+))?[fdegn%]?"
)


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."


def check_format(spec: str) -> None:
    """Refuse a format spec a text may not use; the message shows the spec."""
    match = _FORMAT_SPEC.fullmatch(spec)
    spec = _short(spec, 20)
    if match is None:
        raise ExprError(
            f"the format ':{spec}' is not one a text can use; write e.g. ':.1f' or ':,.0f'"
        )
    width, precision = match["width"], match["precision"]
    if width and (len(width) > 3 or int(width) > MAX_FORMAT_WIDTH):
        raise ExprError(f"the format ':{spec}' is too wide: at most {MAX_FORMAT_WIDTH} characters")
    if precision and (len(precision) > 3 or int(precision) > MAX_FORMAT_PRECISION):
        raise ExprError(
            f"the format ':{spec}' shows too many digits: at most {MAX_FORMAT_PRECISION} after the point"
        )


_BRACE = re.compile(r"[{}]")


def compile_template(text: str, ns: Namespace) -> Template:
    """Compile '{expr}' and '{expr:.1f}' placeholders; '{{' and '}}' stand for braces."""
    parts: list[str | tuple[Compiled, str]] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        brace = _BRACE.search(text, i)  # the text up to the next brace is kept as it is
        if brace is None:
            buf.append(text[i:])
            break
        if brace.start() > i:
            buf.append(text[i : brace.start()])
            i = brace.start()
        ch = text[i]
        if ch == "{" and text.startswith("{{", i):
            buf.append("{")
            i += 2
            continue
        if ch == "}" and text.startswith("}}", i):
            buf.append("}")
            i += 2
            continue
        if ch == "}":
            raise ExprError("unmatched '}' in text (write '}}' for a literal brace)")
        if ch == "{":
            end = text.find("}", i + 1)
            if end < 0:
                raise ExprError("unclosed '{' in text (write '{{' for a literal brace)")
            inner = text[i + 1 : end]
            spec = ""
            # The language has no ':' of its own (':=' is refused as an expression), so
            # what follows the first one is a format, whatever characters it holds.
            head, colon, tail = inner.partition(":")
            if colon and not tail.startswith("="):
                inner, spec = head, tail
                if spec:
                    try:
                        check_format(spec)
                    except ExprError as exc:
                        raise ExprError(f"in '{{{_short(head)}:...}}': {exc}") from None
            if buf:
                parts.append("".join(buf))
                buf = []
            try:
                parts.append((compile_condition(inner, ns), spec))
            except ExprError as exc:
                raise ExprError(f"in '{{{inner}}}': {exc}") from None
            i = end + 1
    if buf:
        parts.append("".join(buf))
    return Template(source=text, parts=parts)


# --- compiling on first use --------------------------------------------------------------

_COMPILED_FIELDS = tuple(f for f in Compiled.__dataclass_fields__ if f != "source")


def _materialize(lazy: Any, final: type) -> None:
    """Turn a lazy placeholder into what its ``_build()`` returns, in place: the same object
    (held by the ruleset and anything that took it) becomes a plain ``final``. Done twice at
    once (two threads), the second result replaces the first, which is the same expression."""
    build = lazy.__dict__.get("_build")
    if build is None:  # already done
        return
    lazy.__dict__.update(build().__dict__)
    lazy.__class__ = final
    lazy.__dict__.pop("_build", None)


def _lazy_field(name: str) -> property:
    def get(self: Any) -> Any:
        _materialize(self, Compiled)
        return getattr(self, name)

    def put(self: Any, value: Any) -> None:
        _materialize(self, Compiled)
        setattr(self, name, value)

    return property(get, put)


class LazyCompiled(Compiled):
    """A ``Compiled`` that compiles on first use: ``build()`` gives the compiled expression,
    and the first read of anything but its source (or the first call) puts it in place. For
    content already known to compile clean; ``build`` says how a failure is reported."""

    def __init__(self, source: str, build: Callable[[], Compiled]) -> None:
        self.__dict__["source"] = source
        self.__dict__["_build"] = build

    def __call__(self, ctx: Any) -> Any:
        _materialize(self, Compiled)
        return self.fn(ctx)

    def __repr__(self) -> str:
        return f"LazyCompiled(source={self.source!r})"


for _name in _COMPILED_FIELDS:
    setattr(LazyCompiled, _name, _lazy_field(_name))


def _lazy_parts(self: Any) -> Any:
    _materialize(self, Template)
    return self.parts


class LazyTemplate(Template):
    """A ``Template`` whose placeholders compile on first use (see ``LazyCompiled``)."""

    def __init__(self, source: str, build: Callable[[], Template]) -> None:
        self.__dict__["source"] = source
        self.__dict__["_build"] = build

    parts = property(_lazy_parts)  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyTemplate(source={self.source!r})"
