"""Follow-ups that multiply: events that, round a cycle of ``schedule()`` calls, schedule more
than one firing of the cycle for each firing, so that they fire ever more often until the
engine refuses a turn (``engine/events.py``, ``RunawayEvents``).

Each event's effects are read as a plan of what one firing schedules: the events it names, an
``if``/``else`` that runs one side, and its options, of which the player answers one. Among the
events that can fire again, a cycle is a runaway when some event of it schedules two or more
firings of the cycle each time it fires (``a`` schedules ``b`` twice and ``b`` schedules ``a``;
or ``a`` schedules ``b`` and ``c``, which both schedule ``a``). A cycle in which each event
schedules one firing of the next is a chain: it fires one event at a time, for as long as the
game lasts, and is not warned of.

An event cannot multiply a cycle when it fires a bounded number of times, or at most once a
turn: ``once = true``, a ``cooldown``, a ``date``, or a condition such as ``fired('x') < 5``
(with ``x`` in the cycle) or ``turns_since('x') > 0`` (``x`` the event itself). A side of an
``if``, or an option, whose test is ``fired('x') < 5`` with ``x`` the event itself runs a
bounded number of times, and counts for nothing.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from diplomacy_game.content.issues import Findings
from diplomacy_game.engine.expr import Compiled
from diplomacy_game.engine.language import parse
from diplomacy_game.engine.rules import CompiledEvent

# What one firing schedules, in order: an event's id, or a choice of which one runs (the two
# sides of an if/else, or an event's options).
Plan = tuple["str | tuple[Plan, ...]", ...]


@dataclass(frozen=True)
class Bounds:
    """The events whose record bounds how often a test holds: ``fired``, while one of them has
    fired fewer than N times; ``each_turn``, only when one of them has not fired this turn."""

    fired: frozenset[str] = frozenset()
    each_turn: frozenset[str] = frozenset()

    def __or__(self, other: Bounds) -> Bounds:
        return Bounds(self.fired | other.fired, self.each_turn | other.each_turn)

    def __and__(self, other: Bounds) -> Bounds:
        return Bounds(self.fired & other.fired, self.each_turn & other.each_turn)


NO_BOUNDS = Bounds()


def _record_call(node: ast.AST) -> tuple[str, str] | None:
    """``("fired", "x")`` for ``fired('x')``, and the like for ``turns_since``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("fired", "turns_since")
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.func.id, node.args[0].value
    return None


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    return None


_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.Gt,
    ast.LtE: ast.GtE,
    ast.Gt: ast.Lt,
    ast.GtE: ast.LtE,
}


def _pair_bounds(left: ast.AST, op: ast.cmpop, right: ast.AST) -> tuple[Bounds, Bounds]:
    """What bounds ``left op right`` holding, and not holding."""
    call, number, kind = _record_call(left), _number(right), type(op)
    if call is None:  # '5 > fired('x')' reads as 'fired('x') < 5'
        call, number = _record_call(right), _number(left)
        kind = _FLIPPED.get(kind, kind)
    if call is None or number is None:
        return NO_BOUNDS, NO_BOUNDS
    name, ident = call
    if name == "fired":
        if kind in (ast.Lt, ast.LtE):
            return Bounds(fired=frozenset({ident})), NO_BOUNDS
        if kind in (ast.Gt, ast.GtE):
            return NO_BOUNDS, Bounds(fired=frozenset({ident}))
    elif (kind is ast.Gt and number >= 0) or (kind is ast.GtE and number >= 1):
        return Bounds(each_turn=frozenset({ident})), NO_BOUNDS  # turns_since('x') > 0
    return NO_BOUNDS, NO_BOUNDS


def bounds(test: ast.AST) -> tuple[Bounds, Bounds]:
    """What bounds a test holding (``fired('x') < 5``, ``a and turns_since('x') > 0``), and
    what bounds it not holding (``fired('x') >= 5``)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        holds, fails = bounds(test.operand)
        return fails, holds
    if isinstance(test, ast.BoolOp):
        parts = [bounds(value) for value in test.values]
        holds, fails = parts[0]
        for h, f in parts[1:]:
            if isinstance(test.op, ast.And):  # holds only if each holds
                holds, fails = holds | h, fails & f
            else:
                holds, fails = holds & h, fails | f
        return holds, fails
    if isinstance(test, ast.Compare):
        pairs = list(zip([test.left, *test.comparators], test.ops, test.comparators, strict=False))
        holds = NO_BOUNDS
        for left, op, right in pairs:
            holds = holds | _pair_bounds(left, op, right)[0]
        fails = _pair_bounds(*pairs[0])[1] if len(pairs) == 1 else NO_BOUNDS
        return holds, fails
    return NO_BOUNDS, NO_BOUNDS


def condition_bounds(comp: Compiled | None) -> Bounds:
    """What bounds a compiled condition holding (none for a constant)."""
    if comp is None or len(comp.sources) != 1:
        return NO_BOUNDS
    tree = parse(comp.sources[0], "eval")
    assert isinstance(tree, ast.Expression)
    return bounds(tree.body)[0]


def _statements_plan(stmts: Sequence[ast.stmt], owner: str) -> Plan:
    plan: list[str | tuple[Plan, ...]] = []
    for node in stmts:
        if isinstance(node, ast.If):
            body, orelse = _statements_plan(node.body, owner), _statements_plan(node.orelse, owner)
            holds, fails = bounds(node.test)
            if owner in holds.fired:  # runs only while the event has fired fewer than N times
                body = ()
            if owner in fails.fired:
                orelse = ()
            if body or orelse:
                plan.append((body, orelse))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if isinstance(call.func, ast.Name) and call.func.id == "schedule" and call.args:
                target = call.args[0]
                if isinstance(target, ast.Constant) and isinstance(target.value, str):
                    plan.append(target.value)
    return tuple(plan)


def effects_plan(comp: Compiled | None, owner: str) -> Plan:
    """What one run of compiled effects of the event ``owner`` schedules."""
    if comp is None or not comp.schedules:
        return ()
    plan: list[str | tuple[Plan, ...]] = []
    for source in comp.sources:
        tree = parse(source, "exec")
        assert isinstance(tree, ast.Module)
        plan.extend(_statements_plan(tree.body, owner))
    return tuple(plan)


def targets(plan: Plan) -> Iterator[str]:
    """Every event a plan can schedule, in order (with repeats)."""
    for item in plan:
        if isinstance(item, str):
            yield item
        else:
            for side in item:
                yield from targets(side)


def most(plan: Plan, among: set[str] | frozenset[str]) -> int:
    """The most firings of events ``among`` that one run of a plan schedules."""
    total = 0
    for item in plan:
        if isinstance(item, str):
            total += item in among
        else:
            total += max((most(side, among) for side in item), default=0)
    return total


@dataclass
class Firing:
    """What one firing of an event schedules, by field: its effects and each option's."""

    fields: list[tuple[str, Plan]]

    @property
    def plan(self) -> Plan:
        effects = [plan for fld, plan in self.fields if fld == "effects"]
        options = tuple(plan for fld, plan in self.fields if fld != "effects")
        return (*(effects[0] if effects else ()), *((options,) if options else ()))


def firing(event: CompiledEvent) -> Firing:
    """What one firing of ``event`` schedules; an option open only while the event has fired
    fewer than N times counts for nothing."""
    eid = event.spec.id
    fields: list[tuple[str, Plan]] = [("effects", effects_plan(event.effects, eid))]
    for index, option in enumerate(event.options):
        plan = effects_plan(option.effects, eid)
        if eid in condition_bounds(option.condition).fired:
            plan = ()
        fields.append((f"options[{index}].effects", plan))
    return Firing(fields)


def repeats(event: CompiledEvent) -> bool:
    """Whether an event can fire more than once a turn, turn after turn, whatever others do."""
    spec = event.spec
    if spec.once or spec.cooldown or spec.date is not None:
        return False
    own = condition_bounds(event.condition)
    return spec.id not in own.fired | own.each_turn


def components(nodes: set[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of a graph with a cycle in them (Tarjan's, without
    recursion), each in the order its nodes were first met, in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = [c for c in edges.get(node, []) if c in nodes]
            if i < len(children):
                work.append((node, i + 1))
                child = children[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                part: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1 or node in children:
                    found.append(sorted(part, key=index.__getitem__))
    return found


def way_back(start: str, goal: str, part: set[str], edges: dict[str, list[str]]) -> list[str]:
    """The shortest path from ``start`` to ``goal`` within ``part`` (both ends included)."""
    came: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for child in edges.get(node, []):
            if child in part and child not in came:
                came[child] = node
                queue.append(child)
    path = [goal]
    while came.get(path[-1]) is not None:
        path.append(came[path[-1]])  # type: ignore[arg-type]
    return path[::-1]


def check_runaways(found: Findings, events: dict[str, CompiledEvent]) -> None:
    """Warn of each cycle of follow-ups that multiplies (see the module's docstring), at the
    event of it that schedules more than one firing of the cycle each time it fires."""
    firings = {eid: firing(event) for eid, event in events.items()}
    edges = {eid: list(dict.fromkeys(targets(f.plan))) for eid, f in firings.items()}
    order = {eid: k for k, eid in enumerate(events)}
    work = [{eid for eid, event in events.items() if repeats(event)}]
    runaways: list[tuple[str, set[str]]] = []
    while work:
        for part in components(work.pop(), edges):
            members = set(part)
            # An event that fires only while one of the cycle has fired fewer than N times
            # stops the cycle: what is left of it may still multiply on its own.
            bounded = {e for e in part if condition_bounds(events[e].condition).fired & members}
            if bounded:
                work.append(members - bounded)
                continue
            growing = [e for e in part if most(firings[e].plan, members) >= 2]
            if growing:
                runaways.append((min(growing, key=order.__getitem__), members))
    for eid, members in sorted(runaways, key=lambda r: order[r[0]]):  # in the content's order
        _warn(found, firings, eid, members, edges)


def _warn(
    found: Findings,
    firings: dict[str, Firing],
    eid: str,
    members: set[str],
    edges: dict[str, list[str]],
) -> None:
    fields = [(fld, most(plan, members)) for fld, plan in firings[eid].fields]
    fld = max(fields, key=lambda f: f[1])[0] if fields[0][1] == 0 else "effects"
    times = most(firings[eid].plan, members)
    stop = f"\"fired('{eid}') < 5\""
    if members == {eid}:
        found.warn(
            "event",
            eid,
            fld,
            f"it schedules itself {times} times each time it fires, so it fires ever more often"
            f" until a turn refuses to play; schedule it at most once, or give it a condition"
            f" such as {stop}",
        )
        return
    cycles = []
    for child in dict.fromkeys(c for c in edges[eid] if c in members):
        cycles.append([eid, *way_back(child, eid, members, edges)])
    shown = [" -> ".join(cycle) for cycle in cycles[:3]] + (["..."] if len(cycles) > 3 else [])
    named = list(dict.fromkeys(e for cycle in cycles for e in cycle))
    files = ", ".join(f"{e} in {found.where('event', e)}" for e in named)
    found.warn(
        "event",
        eid,
        fld,
        f"its follow-ups multiply round a cycle: {' and '.join(shown)} ({files}); each time"
        f" it fires it schedules {times} follow-ups that lead back to it, so these events fire"
        " ever more often until a turn refuses to play; make one of them once = true, or give"
        f" one a condition that stops it, such as {stop}",
    )
