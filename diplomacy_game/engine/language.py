"""The expression language of content: its limits, its parser and its functions, once.

Two backends compile the same text: ``expr`` into closures over one game, ``vexpr`` into
closures over many games held as numpy columns. Both, and the strategy files
(``sim/strategy_file``), take from here what the language is: how text is parsed, which
functions exist, what their arguments are and what they give, and the rules that turn a
game's records into a function's value (``FUNCTIONS``). A backend supplies only how it
reads and chooses (a Python ``if`` for one game, ``np.where`` for many).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

MAX_CHARS = 1000
MAX_NODES = 250
MAX_DEPTH = 24
# schedule(): the longest delay, in turns (longer than any scenario: it never comes).
MAX_DELAY = 10_000
# uniform(): bounds are held within this size, so that the range of a draw is a finite number.
MAX_UNIFORM_BOUND = 1e307
# turns_since() of an event that has never fired.
NEVER = 999.0

# What a function gives, per game.
BOOL = "bool"
INT = "int"  # a count: a Python int in the scalar backend, float64 in the vector one
FLOAT = "float"
SAME = "same"  # as its arguments (min, max, abs, clamp)


class ExprError(Exception):
    """A content expression that cannot be compiled; the message says what to change."""


# A function's value from a game's record of an event or action, ``(count, last turn)``, and
# the turn being resolved. ``select(cond, a, b)`` is the backend's choice: ``a if cond else
# b`` for one game, ``np.where`` for many. The one definition of each, for every backend.
Select = Callable[[Any, Any, Any], Any]


def count_of(count: Any, last: Any, turn: Any, select: Select) -> Any:
    """``fired(e)``, ``taken(a)``: how many times the event fired, the action was taken."""
    return count


def turns_since(count: Any, last: Any, turn: Any, select: Select) -> Any:
    """``turns_since(e)``: turns since the event last fired, ``NEVER`` if it has not."""
    return select(count > 0, turn - last + 0.0, NEVER)  # a float, for one game or many


@dataclass(frozen=True)
class Function:
    """One function of the language: where it may stand, its arguments and its value."""

    group: str  # "pure" (any expression), "id" (reads a record), "random", "effect"
    min_args: int
    max_args: int | None
    result: str = FLOAT  # BOOL, INT, FLOAT or SAME; "" for an effect
    id_kind: str = ""  # the first argument is an id of this kind (event, action, flag, posture)
    record: str = ""  # "event" or "action": the value is ``rule`` of that record
    rule: Callable[[Any, Any, Any, Select], Any] | None = None


FUNCTIONS: dict[str, Function] = {
    "min": Function("pure", 2, None, SAME),
    "max": Function("pure", 2, None, SAME),
    "abs": Function("pure", 1, 1, SAME),
    "clamp": Function("pure", 3, 3, SAME),
    "round": Function("pure", 1, 1, FLOAT),
    "flag": Function("id", 1, 1, BOOL, id_kind="flag"),
    "fired": Function("id", 1, 1, INT, id_kind="event", record="event", rule=count_of),
    "turns_since": Function("id", 1, 1, FLOAT, id_kind="event", record="event", rule=turns_since),
    "taken": Function("id", 1, 1, INT, id_kind="action", record="action", rule=count_of),
    "posture": Function("id", 1, 1, BOOL, id_kind="posture"),
    "chance": Function("random", 1, 1, BOOL),
    "uniform": Function("random", 2, 2, FLOAT),
    "schedule": Function("effect", 2, 2, "", id_kind="event"),
    "set_flag": Function("effect", 1, 1, "", id_kind="flag"),
    "clear_flag": Function("effect", 1, 1, "", id_kind="flag"),
}
ALL_FUNCTIONS = sorted(FUNCTIONS)


def functions_of(group: str) -> tuple[str, ...]:
    """The names of the functions of one group, in the table's order."""
    return tuple(name for name, f in FUNCTIONS.items() if f.group == group)


@dataclass
class Compiled:
    """A compiled expression or effect list, with what it touches (for the validator)."""

    source: str
    fn: Callable[[Any], Any]
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    sets: set[str] = field(default_factory=set)  # the writes that set outright ('x = ...')
    # (event, the fewest turns the delay can be): 0 unless the delay is provably 1 or more.
    schedules: list[tuple[str, int]] = field(default_factory=list)
    flags_read: set[str] = field(default_factory=set)
    flags_set: set[str] = field(default_factory=set)
    # The rest of the game's record it reads: (function, id), as ("fired", "lumber_232") or
    # ("posture", "deal"), for what reads the record of which events (``report``).
    records_read: set[tuple[str, str]] = field(default_factory=set)
    random: bool = False  # draws from the game's generator (chance, uniform)
    # The source of each statement (effects) or the expression (a condition), for the
    # vector backend; empty for a constant, whose value is then in ``constant``.
    sources: tuple[str, ...] = ()
    effects: bool = False  # compiled by compile_effects
    constant: float | bool | None = None
    # The vector form (``vexpr.vector``), built on first use and kept here.
    vector_fn: Any = field(default=None, init=False, repr=False, compare=False)

    def __call__(self, ctx: Any) -> Any:
        return self.fn(ctx)


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


def _syntax_problem(text: str, mode: str, exc: SyntaxError) -> str:
    """What is wrong with an expression the parser refused, and where: the column and the
    text from there (the statement's line too, when there are several)."""
    message = exc.msg
    line_no, col = exc.lineno or 1, exc.offset or 0
    lines = text.splitlines() or [text]
    rest = ""
    if 1 <= line_no <= len(lines) and col >= 1:
        line = lines[line_no - 1]
        raw = line[col - 1 :]
        rest = raw.strip()
        col += len(raw) - len(raw.lstrip())  # the column of what is there, not of a space
        where = f"line {line_no}, column {col}" if len(lines) > 1 else f"column {col}"
        if rest:
            message += f" at {where} (here: '{rest[:30]}')"
    if not rest:
        message += " (it ends before it is complete)"
    turned = re.search(r"=\s*([<>])", text)  # '=>' or '=<': the comparison written backwards
    if turned and not re.search(r"[=!<>]\s*$", text[: turned.start()]):
        message += f"; to compare, write '{turned.group(1)}=' (the '=' goes second)"
    elif mode == "eval" and re.search(r"(?<![=!<>])=(?!=)", text):
        message += "; to compare, write '==' (a single '=' sets a value, in an effect)"
    if re.search(r"\d\s*%\s*(?:$|[)\s,]|and\b|or\b)", text):
        message += "; a percentage is written as its number (5, not 5%): '%' is the remainder"
    return message


def parse(source: str, mode: str) -> ast.AST:
    """The syntax tree of a content expression (``mode`` "eval") or effect ("exec"), within
    the language's limits of length, nesting and size."""
    if not isinstance(source, str):
        raise ExprError("an expression must be text")
    if len(source) > MAX_CHARS:
        raise ExprError(f"expression is {len(source)} characters long; the limit is {MAX_CHARS}")
    if not source.strip():
        raise ExprError("expression is empty")
    # Cheap guards before the parser sees the text: nesting it would refuse anyway (brackets
    # can nest no deeper than there are brackets, so most texts need no counting at all).
    if source.count("(") + source.count("[") + source.count("{") > MAX_DEPTH:
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
        raise ExprError(
            f"not a valid expression: {_syntax_problem(source.strip(), mode, exc)}"
        ) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise ExprError(f"not a valid expression: {type(exc).__name__}") from None
    # The tree's size and depth, a level at a time (no recursion, and no pair made per node).
    count = level = 0
    nodes: list[ast.AST] = [tree]
    children = ast.iter_child_nodes
    while nodes:
        count += len(nodes)
        if count > MAX_NODES:
            raise ExprError(f"expression is too long ({MAX_NODES} parts at most); split it up")
        if level > MAX_DEPTH * 2:
            raise ExprError("expression is nested too deeply")
        below: list[ast.AST] = []
        for node in nodes:
            below.extend(children(node))
        nodes = below
        level += 1
    return tree


# The trees of the texts parsed while checking a whole content set (``shared_trees``), in
# this thread only; None when no check is under way.
_SHARED: ContextVar[dict[tuple[str, str], ast.AST] | None] = ContextVar("shared", default=None)


@contextmanager
def shared_trees() -> Iterator[None]:
    """While a content set is checked, scenario by scenario: each text is parsed once, and its
    tree shared by every compiler that reads it (the three built-in scenarios compile most of
    their expressions alike). Forgotten when the check ends, so that a game keeps no tree."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def parse_shared(source: str, mode: str) -> ast.AST:
    """``parse``, or within ``shared_trees`` the tree of an earlier parse of the same text.
    The tree is only read: one that is to be changed (a formula put in place,
    ``formulas.expand``) comes from ``parse``. An error is not remembered: it is raised again
    each time."""
    shared = _SHARED.get()
    if shared is None or not isinstance(source, str):
        return parse(source, mode)
    tree = shared.get((source, mode))
    if tree is None:
        tree = shared[(source, mode)] = parse(source, mode)
    return tree
