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
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

MAX_CHARS = 1000
MAX_NODES = 250
MAX_DEPTH = 24
MAX_CONSTANT = 1e12

Value = float | bool
Fn = Callable[["EvalContext"], Any]


class ExprError(Exception):
    """A content expression that cannot be compiled; the message says what to change."""


class EvalContext(Protocol):
    """What a compiled expression reads and changes while the game runs."""

    values: dict[str, float]
    params: dict[str, float]
    flags: dict[str, bool]

    def chance(self, p: float) -> bool: ...
    def uniform(self, lo: float, hi: float) -> float: ...
    def fired(self, event_id: str) -> int: ...
    def turns_since(self, event_id: str) -> int: ...
    def taken(self, action_id: str) -> int: ...
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


@dataclass
class Compiled:
    """A compiled expression or effect list, with what it touches (for the validator)."""

    source: str
    fn: Fn
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    schedules: list[tuple[str, float | None]] = field(default_factory=list)
    flags_read: set[str] = field(default_factory=set)
    flags_set: set[str] = field(default_factory=set)
    random: bool = False  # draws from the game's generator (chance, uniform)
    # The source of each statement (effects) or the expression (a condition), for the
    # vector backend; empty for a constant, whose value is then in ``constant``.
    sources: tuple[str, ...] = ()
    effects: bool = False  # compiled by compile_effects
    constant: float | bool | None = None
    _vector: Any = field(default=None, init=False, repr=False, compare=False)

    def __call__(self, ctx: EvalContext) -> Any:
        return self.fn(ctx)

    def vector(self) -> Callable[..., Any]:
        """The same expression over many games at once (see ``vexpr``), built on first use.

        A condition gives ``fn(vctx, mask) -> np.ndarray``; an effect list gives
        ``fn(vctx, mask) -> None``.
        """
        if self._vector is None:
            from diplomacy_game.engine import vexpr

            self._vector = vexpr.build(self)
        return self._vector


# --- operators ---------------------------------------------------------------------------


def _safe_div(a: float, b: float) -> float:
    # A division by zero in content yields 0 rather than stopping the game mid-turn.
    return a / b if b else 0.0


def _safe_floordiv(a: float, b: float) -> float:
    return a // b if b else 0.0


def _safe_mod(a: float, b: float) -> float:
    return a % b if b else 0.0


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
    ast.Lambda: "lambda",
    ast.ListComp: "list comprehensions",
    ast.SetComp: "set comprehensions",
    ast.DictComp: "dict comprehensions",
    ast.GeneratorExp: "generator expressions",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "':=' (walrus)",
    ast.Subscript: "subscripts like x[...]",
    ast.Starred: "'*' unpacking",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}

# Functions usable in any expression: name -> (min args, max args or None).
_PURE_FUNCS = {"min": (2, None), "max": (2, None), "abs": (1, 1), "clamp": (3, 3), "round": (1, 1)}
# Functions whose first argument is an id string of the given kind.
_ID_FUNCS = {
    "flag": ("flag", 1),
    "fired": ("event", 1),
    "turns_since": ("event", 1),
    "taken": ("action", 1),
    "posture": ("posture", 1),
}
_RANDOM_FUNCS = {"chance": 1, "uniform": 2}
_EFFECT_FUNCS = {"schedule": 2, "set_flag": 1, "clear_flag": 1}
ALL_FUNCTIONS = sorted({*_PURE_FUNCS, *_ID_FUNCS, *_RANDOM_FUNCS, *_EFFECT_FUNCS})


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def suggest(name: str, known: Collection[str]) -> str:
    """' (did you mean X?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


# --- the compiler ------------------------------------------------------------------------


def dotted(node: ast.AST) -> str:
    """The variable name a ``Name`` or dotted ``Attribute`` node stands for (``us.rapport``)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        raise ExprError("only game variable names may be dotted (like 'us.rapport')")
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Compiler:
    def __init__(self, ns: Namespace, source: str, effects: bool):
        self.ns = ns
        self.source = source
        self.effects = effects
        self.out = Compiled(source=source, fn=lambda ctx: None)

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
            return lambda ctx: value
        if name not in self.ns.variables:
            raise ExprError(f"unknown name '{name}'{suggest(name, self.ns.variables)}")
        self.out.reads.add(name)
        return lambda ctx: ctx.values[name]

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
            return lambda ctx: op(left(ctx), right(ctx))
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(node.operand)
            if isinstance(node.op, ast.Not):
                return lambda ctx: not operand(ctx)
            if isinstance(node.op, ast.USub):
                return lambda ctx: -operand(ctx)
            if isinstance(node.op, ast.UAdd):
                return operand
            raise ExprError(
                f"operator {_OP_NAMES.get(type(node.op), type(node.op).__name__)} is not allowed"
            )
        if isinstance(node, ast.BoolOp):
            parts = [self.expr(v) for v in node.values]
            if isinstance(node.op, ast.And):
                return lambda ctx: all(p(ctx) for p in parts)
            return lambda ctx: any(p(ctx) for p in parts)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            test, body, orelse = self.expr(node.test), self.expr(node.body), self.expr(node.orelse)
            return lambda ctx: body(ctx) if test(ctx) else orelse(ctx)
        if isinstance(node, ast.Call):
            return self.call(node, statement=False)
        raise ExprError(f"{_NODE_NAMES.get(type(node), type(node).__name__)} are not allowed here")

    def constant(self, value: Any) -> Fn:
        if isinstance(value, bool):
            return lambda ctx: value
        if isinstance(value, int | float):
            number = float(value)
            if not math.isfinite(number) or abs(number) > MAX_CONSTANT:
                raise ExprError(f"the number {value!r} is out of range (at most {MAX_CONSTANT:g})")
            return lambda ctx: number
        if isinstance(value, str):
            raise ExprError(
                f"text {value!r} is only allowed as the id argument of "
                + ", ".join(f"{f}()" for f in sorted({*_ID_FUNCS, *_EFFECT_FUNCS}))
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
            op, right = ops[0], rest[0]
            return lambda ctx: op(first(ctx), right(ctx))
        pairs = list(zip(ops, rest, strict=True))

        def chained(ctx: EvalContext) -> bool:
            left = first(ctx)
            for op, right_fn in pairs:
                right = right_fn(ctx)
                if not op(left, right):
                    return False
                left = right
            return True

        return chained

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
        if node.keywords:
            raise ExprError(f"{name}() does not take keyword arguments")
        nargs = len(node.args)
        if name in _PURE_FUNCS:
            lo, hi = _PURE_FUNCS[name]
            if nargs < lo or (hi is not None and nargs > hi):
                want = f"{lo}" if lo == hi else f"at least {lo}"
                raise ExprError(f"{name}() takes {want} argument(s), got {nargs}")
            args = [self.expr(a) for a in node.args]
            if name == "min":
                return lambda ctx: min(a(ctx) for a in args)
            if name == "max":
                return lambda ctx: max(a(ctx) for a in args)
            if name == "abs":
                a0 = args[0]
                return lambda ctx: abs(a0(ctx))
            if name == "round":
                a0 = args[0]
                return lambda ctx: float(round(a0(ctx)))
            x, lo_fn, hi_fn = args
            return lambda ctx: _clamp(x(ctx), lo_fn(ctx), hi_fn(ctx))
        if name in _ID_FUNCS:
            kind, n = _ID_FUNCS[name]
            if nargs != n:
                raise ExprError(f"{name}() takes exactly {n} argument(s), got {nargs}")
            ident = self.id_arg(node, kind, name)
            if name == "flag":
                self.out.flags_read.add(ident)
                return lambda ctx: bool(ctx.flags.get(ident, False))
            if name == "fired":
                return lambda ctx: ctx.fired(ident)
            if name == "turns_since":
                return lambda ctx: ctx.turns_since(ident)
            if name == "taken":
                return lambda ctx: ctx.taken(ident)
            return lambda ctx: ctx.posture_is(ident)
        if name in _RANDOM_FUNCS:
            n = _RANDOM_FUNCS[name]
            if nargs != n:
                raise ExprError(f"{name}() takes exactly {n} argument(s), got {nargs}")
            args = [self.expr(a) for a in node.args]
            self.out.random = True
            if name == "chance":
                p = args[0]
                return lambda ctx: ctx.chance(p(ctx))
            lo_fn, hi_fn = args
            return lambda ctx: ctx.uniform(lo_fn(ctx), hi_fn(ctx))
        if name in _EFFECT_FUNCS:
            if not (self.effects and statement):
                raise ExprError(f"{name}() can only be used as an effect, on its own")
            n = _EFFECT_FUNCS[name]
            if nargs != n:
                raise ExprError(f"{name}() takes exactly {n} argument(s), got {nargs}")
            if name == "schedule":
                ident = self.id_arg(node, "event", name)
                delay_node = node.args[1]
                const_delay = (
                    float(delay_node.value)
                    if isinstance(delay_node, ast.Constant)
                    and isinstance(delay_node.value, int | float)
                    else None
                )
                delay = self.expr(delay_node)
                self.out.schedules.append((ident, const_delay))
                return lambda ctx: ctx.schedule(ident, max(0, int(delay(ctx))))
            ident = self.id_arg(node, "flag", name)
            self.out.flags_set.add(ident)
            if name == "set_flag":

                def set_flag(ctx: EvalContext) -> None:
                    ctx.flags[ident] = True

                return set_flag

            def clear_flag(ctx: EvalContext) -> None:
                ctx.flags.pop(ident, None)

            return clear_flag
        raise ExprError(
            f"unknown function '{name}'{suggest(name, ALL_FUNCTIONS)}; allowed: "
            + ", ".join(ALL_FUNCTIONS)
        )

    # statements ------------------------------------------------------------------------
    def target(self, node: ast.AST) -> str:
        if not isinstance(node, ast.Name | ast.Attribute):
            raise ExprError("the left side of an effect must be a game variable, like 'us.rapport'")
        name = dotted(node)
        self.check_name(name)
        if name not in self.ns.writable:
            if name in self.ns.variables:
                raise ExprError(f"'{name}' can be read but not changed by content")
            raise ExprError(f"unknown name '{name}'{suggest(name, self.ns.writable)}")
        self.out.writes.add(name)
        return name

    def statement(self, node: ast.stmt) -> Fn:
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise ExprError("assign one variable at a time")
            name = self.target(node.targets[0])
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

            def update(ctx: EvalContext) -> None:
                ctx.values[name] = ctx.clamp_value(name, op(ctx.values[name], value(ctx)))

            return update
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            fname = node.value.func.id if isinstance(node.value.func, ast.Name) else ""
            if fname not in _EFFECT_FUNCS:
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


def _parse(source: str, mode: str) -> ast.AST:
    if not isinstance(source, str):
        raise ExprError("an expression must be text")
    if len(source) > MAX_CHARS:
        raise ExprError(f"expression is {len(source)} characters long; the limit is {MAX_CHARS}")
    if not source.strip():
        raise ExprError("expression is empty")
    # Cheap guards before the parser sees the text: nesting it would refuse anyway.
    depth = peak = 0
    for ch in source:
        if ch in "([{":
            depth += 1
            peak = max(peak, depth)
        elif ch in ")]}":
            depth -= 1
    if peak > MAX_DEPTH:
        raise ExprError(f"expression is nested too deeply ({peak} levels; at most {MAX_DEPTH})")
    try:
        tree = ast.parse(source.strip(), mode=mode)
    except SyntaxError as exc:
        raise ExprError(f"not a valid expression: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise ExprError(f"not a valid expression: {type(exc).__name__}") from None
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, level = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExprError(f"expression is too long ({MAX_NODES} parts at most); split it up")
        if level > MAX_DEPTH * 2:
            raise ExprError("expression is nested too deeply")
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return tree


def compile_condition(source: str | bool | int | float, ns: Namespace) -> Compiled:
    """Compile a condition or a number-valued expression."""
    if isinstance(source, bool | int | float) and not isinstance(source, str):
        value = source if isinstance(source, bool) else float(source)
        if not isinstance(value, bool) and (not math.isfinite(value) or abs(value) > MAX_CONSTANT):
            raise ExprError(f"the number {source!r} is out of range")
        return Compiled(source=str(source), fn=lambda ctx: value, constant=value)
    tree = _parse(source, "eval")
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
        tree = _parse(source, "exec")
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


_FORMAT_CHARS = set("0123456789.,+-%fdegn ")


def compile_template(text: str, ns: Namespace) -> Template:
    """Compile '{expr}' and '{expr:.1f}' placeholders; '{{' and '}}' stand for braces."""
    parts: list[str | tuple[Compiled, str]] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
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
            if ":" in inner:
                head, tail = inner.rsplit(":", 1)
                if tail and set(tail) <= _FORMAT_CHARS:
                    inner, spec = head, tail
            if buf:
                parts.append("".join(buf))
                buf = []
            try:
                parts.append((compile_condition(inner, ns), spec))
            except ExprError as exc:
                raise ExprError(f"in '{{{inner}}}': {exc}") from None
            i = end + 1
            continue
        buf.append(ch)
        i += 1
    if buf:
        parts.append("".join(buf))
    return Template(source=text, parts=parts)
