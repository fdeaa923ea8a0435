"""Content expressions over many games at once: the vector backend of ``expr``.

``expr`` compiles an expression into closures over one game. This module compiles the same
source into closures over N games held as numpy columns, for the batch simulation engine.
Game by game, the results are the ones the scalar backend gives: the same floats, bit for
bit, and the same random draws from each game's own generator, in the same order.

A vector condition is ``fn(vctx, mask) -> np.ndarray`` (length ``vctx.n``, float64 or bool).
``mask`` selects the games the expression is evaluated for; results outside it are
unspecified. Random draws happen only for masked games, and only where the scalar
evaluation reaches the call (``and``/``or``, ``x if c else y`` and chained comparisons
short-circuit per game). A vector effect list is ``fn(vctx, mask) -> None`` and changes
only the masked games, statement by statement.

Sub-expressions without a random call are evaluated for every game, without mask
bookkeeping: they have no side effects and cannot fail (a zero divisor gives 0.0, and
numpy's floating-point warnings are silenced while an expression runs).

Numbers: the scalar backend computes with Python floats, ints (``fired()``, ``taken()``
and arithmetic on booleans) and bools. The values are the same here as float64, with one
care: an integer zero has no sign, while a float zero may be ``-0.0``. Each node records
statically whether its value is a boolean, an integer, a float, or (``mixed``) either an
integer or a float depending on the game, and integer results are kept free of ``-0.0``.

Infinity and NaN: content can reach them (``1e12 * ... * 1e12`` past a variable, a division
by a tiny number, infinity minus infinity), and both backends give them the same meaning,
IEEE arithmetic inside an expression and one defined value where it leaves arithmetic:
``round()`` leaves them as they are, a ``schedule()`` delay is truncated and held within
0..``expr.MAX_DELAY`` turns (NaN gives 0), ``uniform()``'s bounds are held within
+-``expr.MAX_UNIFORM_BOUND`` (so a draw's range is finite), and assigning NaN keeps a
variable's value while infinity clamps it (``state.clamp_to``). Integers past 2**53 are
float64 here; the scalar backend rounds them the same way (``expr._exact_int``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from diplomacy_game.engine.language import (
    FUNCTIONS,
    MAX_DELAY,
    MAX_UNIFORM_BOUND,
    Compiled,
    ExprError,
    dotted,
    parse_shared,
)

__all__ = [
    "VectorCondition",
    "VectorContext",
    "VectorEffect",
    "build",
    "vector",
    "compile_vector_condition",
    "compile_vector_effects",
]


class VectorContext(Protocol):
    """N games side by side: what a vector expression reads and changes.

    Game ``i`` of the batch is element ``i`` of every array. Arrays given to the context
    (values, probabilities, masks) must not be kept and modified by it; arrays it returns
    are read, never modified, by the expressions (a condition's result may be such an array
    itself, so callers must not modify a result in place either).
    """

    n: int
    """The number of games."""

    params: dict[str, np.ndarray]
    """Per-game float64 parameters of the action being taken (``param.NAME``)."""

    def col(self, name: str) -> np.ndarray:
        """The float64 values of a game variable for all games."""
        ...

    def assign(self, name: str, value: np.ndarray, mask: np.ndarray) -> None:
        """For the games in ``mask``, store ``value`` (float64, not yet clamped), clamped as
        the scalar ``ctx.values[name] = ctx.clamp_value(name, value)`` does."""
        ...

    def flag(self, name: str) -> np.ndarray:
        """Whether the flag is set, per game (bool)."""
        ...

    def set_flag(self, name: str, mask: np.ndarray) -> None: ...

    def clear_flag(self, name: str, mask: np.ndarray) -> None: ...

    current_turn: int
    """The turn being resolved (1-based), the same for every game."""

    def event_record(self, event_id: str) -> tuple[np.ndarray, np.ndarray]:
        """How many times the event has fired and the turn it last did, per game (float64)."""
        ...

    def action_record(self, action_id: str) -> tuple[np.ndarray, np.ndarray]:
        """How many times the action has been taken and the turn it last was (float64)."""
        ...

    def posture_is(self, posture: str) -> np.ndarray:
        """Whether the US posture is ``posture``, per game (bool)."""
        ...

    def chance(self, p: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """For each game in ``mask``, draw one ``random()`` from its generator and compare it
        ``< p``; False outside ``mask``."""
        ...

    def uniform(self, lo: np.ndarray, hi: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """For each game in ``mask``: ``float(rng.uniform(lo, hi)) if hi > lo else lo``."""
        ...

    def schedule(self, event_id: str, turns: np.ndarray, mask: np.ndarray) -> None:
        """For each game in ``mask``, schedule the event ``turns`` (int64, >= 0) turns on."""
        ...


VectorCondition = Callable[[VectorContext, np.ndarray], np.ndarray]
VectorEffect = Callable[[VectorContext, np.ndarray], None]

# --- nodes -------------------------------------------------------------------------------

# What a node's value is, per game, in the scalar backend.
BOOL = "bool"  # (as language.BOOL) a bool: here a numpy bool array (or np.bool_ for a constant)
INT = "int"  # an int: float64 here, never -0.0
FLOAT = "float"  # a float: float64
MIXED = "mixed"  # an int for some games and a float for others: float64, with an int mask

_INTEGRAL = (BOOL, INT)

_Fn = Callable[[Any, Any], Any]  # (vctx, mask) -> value
_KFn = Callable[[Any, Any], tuple[Any, Any]]  # (vctx, mask) -> (value, is_int)

_BIG = float(MAX_DELAY)  # the longest delay schedule() passes on


@dataclass(slots=True)
class _Node:
    fn: _Fn
    kind: str
    random: bool = False  # the subtree draws from the games' generators
    const: bool = False  # fn ignores its arguments and returns a numpy scalar
    fnk: _KFn | None = None  # MIXED only: the value and a per-game "is an int" mask


def _constant(value: Any) -> _Node:
    if isinstance(value, bool | np.bool_):
        c: Any = np.bool_(value)
        kind = BOOL
    else:
        c = np.float64(value)
        kind = FLOAT
    return _Node(lambda v, m: c, kind, const=True)


def _join(kinds: Sequence[str]) -> str:
    """The kind of a value chosen from values of the given kinds (if-else, min, max)."""
    unique = set(kinds)
    if unique == {BOOL}:
        return BOOL
    if unique <= {BOOL, INT}:
        return INT
    if unique == {FLOAT}:
        return FLOAT
    return MIXED


def _make(fn: _Fn | None, kind: str, children: Sequence[_Node], fnk: _KFn | None = None) -> _Node:
    """A node computed from its children; folded to a constant when they all are.

    A MIXED node is given by ``fnk`` alone (``fn`` is None)."""
    random = any(c.random for c in children)
    if kind == MIXED:
        assert fnk is not None
        kfn = fnk

        def value_only(v: Any, m: Any) -> Any:
            return kfn(v, m)[0]

        fn = value_only
    assert fn is not None
    if children and all(c.const for c in children):
        with np.errstate(all="ignore"):
            if kind == MIXED:
                assert fnk is not None
                value, is_int = fnk(None, None)
                kind = INT if bool(is_int) else FLOAT
            else:
                value = fn(None, None)
        if kind == BOOL:
            c: Any = np.bool_(value)
        else:
            c = np.float64(value)
        return _Node(lambda v, m: c, kind, const=True)
    return _Node(fn, kind, random, fnk=fnk if kind == MIXED else None)


def _num(node: _Node) -> _Node:
    """The node as a number: bools become 0.0/1.0 (kind INT), as in Python arithmetic."""
    if node.kind != BOOL:
        return node
    if node.const:
        c = np.float64(node.fn(None, None))
        return _Node(lambda v, m: c, INT, const=True)
    f = node.fn
    return _Node(lambda v, m: f(v, m).astype(np.float64), INT, node.random)


def _kfn(node: _Node) -> _KFn:
    """(value, is_int) for any node."""
    if node.kind == MIXED:
        assert node.fnk is not None
        return node.fnk
    f = node.fn
    is_int = node.kind in _INTEGRAL
    return lambda v, m: (f(v, m), is_int)


def _truth(node: _Node) -> _Fn:
    """Python truth per game: a bool array (NaN is true, as in Python)."""
    f = node.fn
    if node.kind == BOOL:
        return f
    return lambda v, m: np.not_equal(f(v, m), 0.0)


def _full(x: Any, n: int) -> np.ndarray:
    if np.ndim(x) == 0:
        return np.full(n, x, dtype=np.float64)
    return x


# --- operators ---------------------------------------------------------------------------


def _div(a: Any, b: Any) -> Any:
    return np.where(b == 0, 0.0, np.divide(a, b))


def _floordiv(a: Any, b: Any) -> Any:
    return np.where(b == 0, 0.0, np.floor_divide(a, b))


def _mod(a: Any, b: Any) -> Any:
    return np.where(b == 0, 0.0, np.remainder(a, b))


_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: _div,
    ast.FloorDiv: _floordiv,
    ast.Mod: _mod,
}
# By a nonzero constant: no zero check needed.
_ARITH_NONZERO: dict[type, Callable[[Any, Any], Any]] = {
    ast.Div: np.divide,
    ast.FloorDiv: np.floor_divide,
    ast.Mod: np.remainder,
}
# Operators whose integer result may come out as -0.0 from float arithmetic.
_SIGNED_ZERO = (ast.Mult, ast.FloorDiv, ast.Mod)
_AUG: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
}
_CMP: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_WARNING_NODES = (ast.BinOp, ast.AugAssign)  # may divide by zero or overflow


# --- the compiler ------------------------------------------------------------------------


class _Compiler:
    # names ---------------------------------------------------------------------------
    def read(self, node: ast.AST) -> _Node:
        name = dotted(node)
        if name.startswith("param."):
            pname = name[len("param.") :]
            return _Node(lambda v, m: v.params[pname], FLOAT)
        if name in ("true", "false"):
            return _constant(name == "true")
        return _Node(lambda v, m: v.col(name), FLOAT)

    # expressions -----------------------------------------------------------------------
    def expr(self, node: ast.AST) -> _Node:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool | int | float):
                return _constant(value if isinstance(value, bool) else float(value))
            raise ExprError(f"the constant {value!r} is not allowed here")
        if isinstance(node, ast.Name | ast.Attribute):
            return self.read(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node)
        if isinstance(node, ast.BoolOp):
            return self.boolop(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            return self.ifexp(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise ExprError(f"{type(node).__name__} is not supported by the vector backend")

    def binop(self, node: ast.BinOp) -> _Node:
        op_type = type(node.op)
        op = _ARITH.get(op_type)
        if op is None:
            raise ExprError(f"operator {op_type.__name__} is not supported by the vector backend")
        left, right = _num(self.expr(node.left)), _num(self.expr(node.right))
        lf, rf = left.fn, right.fn
        if op_type is ast.Div or FLOAT in (left.kind, right.kind):
            if right.const and op_type in _ARITH_NONZERO and right.fn(None, None) != 0:
                op = _ARITH_NONZERO[op_type]
            return _make(lambda v, m: op(lf(v, m), rf(v, m)), FLOAT, (left, right))
        if left.kind == INT and right.kind == INT and op_type in (ast.Add, ast.Sub):
            return _make(lambda v, m: op(lf(v, m), rf(v, m)), INT, (left, right))
        if left.kind == INT and right.kind == INT and op_type is ast.Mult:
            # int * int has no -0.0: adding +0.0 turns -0.0 into 0.0 and changes nothing else.
            return _make(lambda v, m: lf(v, m) * rf(v, m) + 0.0, INT, (left, right))
        # Integers (possibly only for some games) under //, % or with a MIXED operand.
        lk, rk = _kfn(left), _kfn(right)
        zero_divisor = op_type in (ast.FloorDiv, ast.Mod)  # gives the float 0.0
        normalize = op_type in _SIGNED_ZERO

        def fnk(v: Any, m: Any) -> tuple[Any, Any]:
            a, a_int = lk(v, m)
            b, b_int = rk(v, m)
            value = op(a, b)
            is_int = a_int & b_int
            if zero_divisor:
                is_int = is_int & (b != 0)
            if normalize:
                value = np.where(is_int, value + 0.0, value)
            return value, is_int

        return _make(None, MIXED, (left, right), fnk)

    def unary(self, node: ast.UnaryOp) -> _Node:
        operand = self.expr(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand  # as the scalar backend: the operand itself, even a bool
        if isinstance(node.op, ast.Not):
            t = _truth(operand)
            return _make(lambda v, m: np.logical_not(t(v, m)), BOOL, (operand,))
        if not isinstance(node.op, ast.USub):
            raise ExprError(
                f"operator {type(node.op).__name__} is not supported by the vector backend"
            )
        operand = _num(operand)
        f = operand.fn
        if operand.kind == FLOAT:
            return _make(lambda v, m: np.negative(f(v, m)), FLOAT, (operand,))
        if operand.kind == INT:
            # 0.0 - x is -x, except that 0 gives 0.0 (an int zero has no sign).
            return _make(lambda v, m: np.subtract(0.0, f(v, m)), INT, (operand,))
        k = _kfn(operand)

        def fnk(v: Any, m: Any) -> tuple[Any, Any]:
            x, is_int = k(v, m)
            return np.where(is_int, np.subtract(0.0, x), np.negative(x)), is_int

        return _make(None, MIXED, (operand,), fnk)

    def boolop(self, node: ast.BoolOp) -> _Node:
        parts = [self.expr(v) for v in node.values]
        truths = [_truth(p) for p in parts]
        is_and = isinstance(node.op, ast.And)
        if not any(p.random for p in parts[1:]):
            # Only the first part can draw, and it is evaluated for every masked game.
            combine = np.logical_and if is_and else np.logical_or
            if len(truths) == 2:
                t0, t1 = truths

                def fn(v: Any, m: Any) -> Any:
                    return combine(t0(v, m), t1(v, m))

            else:

                def fn(v: Any, m: Any) -> Any:
                    out = truths[0](v, m)
                    for t in truths[1:]:
                        out = combine(out, t(v, m))
                    return out

            return _make(fn, BOOL, parts)

        if is_and:

            def fn(v: Any, m: Any) -> Any:
                live = m  # games for which every part so far was true
                for t in truths:
                    live = live & t(v, live)
                return live

        else:

            def fn(v: Any, m: Any) -> Any:
                live = m  # games for which every part so far was false
                for t in truths:
                    live = live & np.logical_not(t(v, live))
                return m & np.logical_not(live)

        return _make(fn, BOOL, parts)

    def compare(self, node: ast.Compare) -> _Node:
        ops = []
        for op in node.ops:
            fn = _CMP.get(type(op))
            if fn is None:
                raise ExprError(
                    f"comparison {type(op).__name__} is not supported by the vector backend"
                )
            ops.append(fn)
        first = self.expr(node.left)
        rest = [self.expr(c) for c in node.comparators]
        children = [first, *rest]
        ff = first.fn
        if len(ops) == 1:
            op, rf = ops[0], rest[0].fn
            return _make(lambda v, m: op(ff(v, m), rf(v, m)), BOOL, children)
        pairs = [(op, r.fn) for op, r in zip(ops, rest, strict=True)]
        if not any(r.random for r in rest[1:]):

            def chained(v: Any, m: Any) -> Any:
                left = ff(v, m)
                out = None
                for op, right_fn in pairs:
                    right = right_fn(v, m)
                    held = op(left, right)
                    out = held if out is None else np.logical_and(out, held)
                    left = right
                return out

            return _make(chained, BOOL, children)

        def chained_masked(v: Any, m: Any) -> Any:
            live = m  # games for which every comparison so far held
            left = ff(v, m)
            for op, right_fn in pairs:
                right = right_fn(v, live)
                live = live & op(left, right)
                left = right
            return live

        return _make(chained_masked, BOOL, children)

    def ifexp(self, node: ast.IfExp) -> _Node:
        test, body, orelse = self.expr(node.test), self.expr(node.body), self.expr(node.orelse)
        if test.const:
            return body if bool(test.fn(None, None)) else orelse
        t = _truth(test)
        kind = _join((body.kind, orelse.kind))
        children = (test, body, orelse)
        if kind == MIXED:
            bk, ok = _kfn(body), _kfn(orelse)
            b_random, o_random = body.random, orelse.random

            def fnk(v: Any, m: Any) -> tuple[Any, Any]:
                c = t(v, m)
                b, b_int = bk(v, m & c if b_random else m)
                o, o_int = ok(v, m & np.logical_not(c) if o_random else m)
                return np.where(c, b, o), np.where(c, b_int, o_int)

            return _make(None, MIXED, children, fnk)
        bf, of = body.fn, orelse.fn
        if not body.random and not orelse.random:
            return _make(lambda v, m: np.where(t(v, m), bf(v, m), of(v, m)), kind, children)
        b_random, o_random = body.random, orelse.random

        def fn(v: Any, m: Any) -> Any:
            c = t(v, m)
            b = bf(v, m & c) if b_random else bf(v, m)
            o = of(v, m & np.logical_not(c)) if o_random else of(v, m)
            return np.where(c, b, o)

        return _make(fn, kind, children)

    def call(self, node: ast.Call) -> _Node:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise ExprError("only the documented functions may be called")
        name = node.func.id
        if name in ("min", "max"):
            return self.minmax(node, name == "min")
        if name == "abs":
            operand = _num(self.expr(node.args[0]))
            f = operand.fn
            if operand.kind == MIXED:
                k = _kfn(operand)

                def fnk(v: Any, m: Any) -> tuple[Any, Any]:
                    x, is_int = k(v, m)
                    return np.abs(x), is_int

                return _make(None, MIXED, (operand,), fnk)
            return _make(lambda v, m: np.abs(f(v, m)), operand.kind, (operand,))
        if name == "round":
            operand = _num(self.expr(node.args[0]))
            f = operand.fn
            # round() gives an int, so never -0.0; np.rint rounds half to even, as Python.
            return _make(lambda v, m: np.rint(f(v, m)) + 0.0, FLOAT, (operand,))
        if name == "clamp":
            return self.clamp(node)
        spec = FUNCTIONS.get(name)
        if spec is not None and spec.group == "id":
            ident = self.id_arg(node)
            rule = spec.rule
            if rule is not None:
                # The table's rule over each game's record, chosen per game by np.where.
                if spec.record == "event":
                    return _Node(
                        lambda v, m: rule(*v.event_record(ident), v.current_turn, np.where),
                        spec.result,
                    )
                return _Node(
                    lambda v, m: rule(*v.action_record(ident), v.current_turn, np.where),
                    spec.result,
                )
            if name == "flag":
                return _Node(lambda v, m: v.flag(ident), BOOL)
            return _Node(lambda v, m: v.posture_is(ident), BOOL)
        if name == "chance":
            p = _num(self.expr(node.args[0]))
            pf = p.fn

            def chance(v: Any, m: Any) -> Any:
                return v.chance(_full(pf(v, m), v.n), m)

            return _Node(chance, BOOL, random=True)
        if name == "uniform":
            lo, hi = _num(self.expr(node.args[0])), _num(self.expr(node.args[1]))
            lo_f, hi_f = lo.fn, hi.fn

            def uniform(v: Any, m: Any) -> Any:
                a = _uniform_bound(lo_f(v, m))
                b = _uniform_bound(hi_f(v, m))
                return v.uniform(_full(a, v.n), _full(b, v.n), m)

            return _Node(uniform, FLOAT, random=True)
        raise ExprError(f"{name}() is not supported by the vector backend here")

    def minmax(self, node: ast.Call, is_min: bool) -> _Node:
        args = [self.expr(a) for a in node.args]
        # Python keeps the first of equal items: a later one replaces it only if strictly
        # smaller (min) or larger (max).
        better = np.less if is_min else np.greater
        kind = _join([a.kind for a in args])
        if kind == MIXED:
            ks = [_kfn(a) for a in args]

            def fnk(v: Any, m: Any) -> tuple[Any, Any]:
                cur, cur_int = ks[0](v, m)
                for k in ks[1:]:
                    x, x_int = k(v, m)
                    take = better(x, cur)
                    cur, cur_int = np.where(take, x, cur), np.where(take, x_int, cur_int)
                return cur, cur_int

            return _make(None, MIXED, args, fnk)
        fns = [a.fn for a in args]
        if len(fns) == 2:
            f0, f1 = fns

            def fn(v: Any, m: Any) -> Any:
                cur = f0(v, m)
                x = f1(v, m)
                return np.where(better(x, cur), x, cur)

        else:

            def fn(v: Any, m: Any) -> Any:
                cur = fns[0](v, m)
                for f in fns[1:]:
                    x = f(v, m)
                    cur = np.where(better(x, cur), x, cur)
                return cur

        return _make(fn, kind, args)

    def clamp(self, node: ast.Call) -> _Node:
        args = [self.expr(a) for a in node.args]
        kind = _join([a.kind for a in args])
        if kind == MIXED:
            xk, lok, hik = (_kfn(a) for a in args)

            def fnk(v: Any, m: Any) -> tuple[Any, Any]:
                x, x_int = xk(v, m)
                lo, lo_int = lok(v, m)
                hi, hi_int = hik(v, m)
                below, above = np.less(x, lo), np.greater(x, hi)
                value = np.where(below, lo, np.where(above, hi, x))
                return value, np.where(below, lo_int, np.where(above, hi_int, x_int))

            return _make(None, MIXED, args, fnk)
        xf, lof, hif = (a.fn for a in args)

        def fn(v: Any, m: Any) -> Any:
            x = xf(v, m)
            lo = lof(v, m)
            hi = hif(v, m)
            return np.where(np.less(x, lo), lo, np.where(np.greater(x, hi), hi, x))

        return _make(fn, kind, args)

    @staticmethod
    def id_arg(node: ast.Call) -> str:
        arg = node.args[0] if node.args else None
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise ExprError("expected a quoted id as the first argument")
        return arg.value

    # statements ------------------------------------------------------------------------
    def statement(self, node: ast.stmt) -> VectorEffect:
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise ExprError("assign one variable at a time")
            name = dotted(node.targets[0])
            value = _num(self.expr(node.value)).fn

            def assign(v: Any, m: Any) -> None:
                v.assign(name, _full(value(v, m), v.n), m)

            return assign
        if isinstance(node, ast.AugAssign):
            op = _AUG.get(type(node.op))
            if op is None:
                raise ExprError("only '=', '+=', '-=' and '*=' can change a variable")
            name = dotted(node.target)
            value = _num(self.expr(node.value)).fn

            def update(v: Any, m: Any) -> None:
                v.assign(name, op(v.col(name), value(v, m)), m)

            return update
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return self.effect_call(node.value)
        if isinstance(node, ast.If):
            return self.if_statement(node)
        raise ExprError(f"'{type(node).__name__}' statements are not supported in effects")

    def effect_call(self, node: ast.Call) -> VectorEffect:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name == "schedule" and len(node.args) == 2:
            ident = self.id_arg(node)
            delay = _num(self.expr(node.args[1])).fn

            def schedule(v: Any, m: Any) -> None:
                v.schedule(ident, _turns(delay(v, m), v.n), m)

            return schedule
        if name == "set_flag":
            ident = self.id_arg(node)
            return lambda v, m: v.set_flag(ident, m)
        if name == "clear_flag":
            ident = self.id_arg(node)
            return lambda v, m: v.clear_flag(ident, m)
        raise ExprError(f"{name or 'this call'}() is not an effect the vector backend supports")

    def if_statement(self, node: ast.If) -> VectorEffect:
        test = self.expr(node.test)
        body = _sequence([self.statement(s) for s in node.body])
        orelse = _sequence([self.statement(s) for s in node.orelse])
        if test.const:
            chosen = body if bool(test.fn(None, None)) else orelse
            return chosen or _nothing
        t = _truth(test)

        def branch(v: Any, m: Any) -> None:
            c = t(v, m)
            if body is not None:
                mb = m & c
                if mb.any():
                    body(v, mb)
            if orelse is not None:
                mo = m & np.logical_not(c)
                if mo.any():
                    orelse(v, mo)

        return branch


def _nothing(v: Any, m: Any) -> None:
    return None


def _sequence(steps: list[VectorEffect]) -> VectorEffect | None:
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]

    def run_all(v: Any, m: Any) -> None:
        for step in steps:
            step(v, m)

    return run_all


def _uniform_bound(x: Any) -> Any:
    """``expr.uniform_bound`` per game: held within +-MAX_UNIFORM_BOUND, NaN kept."""
    return np.minimum(np.maximum(x, -MAX_UNIFORM_BOUND), MAX_UNIFORM_BOUND)


def _turns(delay: Any, n: int) -> np.ndarray:
    """``expr.schedule_delay`` per game, as int64: truncated, within 0..MAX_DELAY, NaN 0."""
    d = np.trunc(np.broadcast_to(np.asarray(delay, dtype=np.float64), (n,)))
    d = np.nan_to_num(d, nan=0.0, posinf=_BIG, neginf=0.0)
    return np.clip(d, 0.0, _BIG).astype(np.int64)


def _warns(trees: Sequence[ast.AST]) -> bool:
    return any(isinstance(n, _WARNING_NODES) for tree in trees for n in ast.walk(tree))


# --- entry points ------------------------------------------------------------------------


def _condition_from_node(node: _Node, quiet: bool) -> VectorCondition:
    if node.const:
        value = node.fn(None, None)
        dtype = np.bool_ if node.kind == BOOL else np.float64

        def constant(vctx: VectorContext, mask: np.ndarray) -> np.ndarray:
            return np.full(vctx.n, value, dtype=dtype)

        return constant
    fn = node.fn
    if not quiet:
        return fn

    def condition(vctx: VectorContext, mask: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return fn(vctx, mask)

    return condition


def compile_vector_condition(source: str | bool | int | float) -> VectorCondition:
    """A condition or number-valued expression over many games: ``fn(vctx, mask) -> array``.

    ``source`` is text the scalar ``compile_condition`` accepted (or a constant)."""
    if isinstance(source, bool | int | float):
        return _condition_from_node(_constant(source), quiet=False)
    tree = parse_shared(source, "eval")
    assert isinstance(tree, ast.Expression)
    return _condition_from_node(_Compiler().expr(tree.body), quiet=_warns([tree]))


def compile_vector_effects(sources: str | Sequence[str]) -> VectorEffect:
    """Effect statements over many games: ``fn(vctx, mask) -> None``.

    ``sources`` holds statements the scalar ``compile_effects`` accepted, one entry per
    statement source, run in order."""
    if isinstance(sources, str):
        sources = [sources]
    compiler = _Compiler()
    steps: list[VectorEffect] = []
    trees = []
    for source in sources:
        tree = parse_shared(source, "exec")
        assert isinstance(tree, ast.Module)
        if not tree.body:
            raise ExprError("effect is empty")
        trees.append(tree)
        steps.extend(compiler.statement(stmt) for stmt in tree.body)
    run = _sequence(steps) or _nothing
    if not _warns(trees):
        return run

    def effects(vctx: VectorContext, mask: np.ndarray) -> None:
        with np.errstate(all="ignore"):
            run(vctx, mask)

    return effects


def vector(compiled: Compiled) -> Any:
    """The vector function of a scalar ``Compiled``, built on first use and kept on it.

    A condition gives ``fn(vctx, mask) -> np.ndarray``; an effect list gives
    ``fn(vctx, mask) -> None``."""
    fn = compiled.vector_fn
    if fn is None:
        fn = compiled.vector_fn = build(compiled)
    return fn


def build(compiled: Compiled) -> VectorCondition | VectorEffect:
    """The vector function of a scalar ``Compiled`` (``vector`` keeps it).

    A ``Compiled`` made directly rather than by ``compile_condition``/``compile_effects``
    has no ``sources``; its ``source`` text is compiled as a condition instead."""
    if compiled.effects:
        return compile_vector_effects(list(compiled.sources))
    if compiled.sources:
        return compile_vector_condition(compiled.sources[0])
    if compiled.constant is not None:
        return compile_vector_condition(compiled.constant)
    return compile_vector_condition(compiled.source)
