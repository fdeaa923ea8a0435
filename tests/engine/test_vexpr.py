"""The vector backend gives, game by game, exactly what the scalar backend gives.

Each check runs an expression through both backends over a batch of games: the scalar one
game by game on a plain context, the vector one on a context holding the same games as
columns, each game with its own generator seeded alike. Results must agree bit for bit
(the sign of a zero included), and so must the values, flags and schedules effects leave
behind and the generators' states (the same draws, in the same order, for the same games).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplomacy_game.engine import vexpr
from diplomacy_game.engine.expr import (
    Compiled,
    ExprError,
    Namespace,
    compile_condition,
    compile_effects,
)
from diplomacy_game.engine.language import NEVER
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import clamp_to
from diplomacy_game.engine.variables import VarSpec
from diplomacy_game.model.content import POSTURES

# A warning from the vector backend (a masked-out game dividing by zero, say) is a failure.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

TURN = 30  # the turn being resolved in these contexts


# --- the games ---------------------------------------------------------------------------


@dataclass
class Game:
    """One game's state, as both contexts start from it."""

    values: dict[str, float]
    params: dict[str, float]
    flags: set[str]
    fired: dict[str, int]
    since: dict[str, float]
    taken: dict[str, int]
    posture: str
    seed: int

    def __post_init__(self) -> None:
        self.initial_state = new_rng(self.seed).bit_generator.state["state"]


def new_rng(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


@dataclass
class World:
    specs: dict[str, VarSpec | None]
    events: list[str]
    actions: list[str]
    flags: list[str]
    games: list[Game]
    columns: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)


class ScalarCtx:
    """A scalar evaluation context for one game, behaving as the engine's TurnContext."""

    def __init__(self, world: World, game: Game):
        self.specs = world.specs
        self.values = dict(game.values)
        self.params = dict(game.params)
        self.flags = dict.fromkeys(game.flags, True)
        self.game = game
        self._rng: np.random.Generator | None = None
        self.scheduled: list[tuple[str, int]] = []
        self.current_turn = TURN

    @property
    def rng(self) -> np.random.Generator:
        if self._rng is None:
            self._rng = new_rng(self.game.seed)
        return self._rng

    def rng_state(self) -> Any:
        return self.game.initial_state if self._rng is None else rng_state(self._rng)

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi)) if hi > lo else float(lo)

    def event_record(self, event_id: str) -> tuple[int, float]:
        # The turn it last fired, as the turn being resolved less the turns since.
        return self.game.fired.get(event_id, 0), TURN - self.game.since.get(event_id, NEVER)

    def action_record(self, action_id: str) -> tuple[int, int]:
        return self.game.taken.get(action_id, 0), 1

    def posture_is(self, posture: str) -> bool:
        return self.game.posture == posture

    def schedule(self, event_id: str, turns: int) -> None:
        self.scheduled.append((event_id, turns))

    def clamp_value(self, name: str, value: float) -> float:
        return clamp_to(self.specs.get(name), value, self.values.get(name, 0.0))


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False  # an expression that writes into a column fails loudly
    return a


class VectorCtx:
    """The same games as columns; draws loop over the masked games' own generators."""

    def __init__(self, world: World):
        games = world.games
        self.n = len(games)
        self.current_turn = TURN
        self.specs = world.specs
        self.games = games
        if not world.columns:  # built once per world; the arrays are read-only, so shared
            names = list(games[0].values)
            world.columns = {
                "cols": {k: np.array([g.values[k] for g in games]) for k in names},
                "params": {k: np.array([g.params[k] for g in games]) for k in games[0].params},
                "flags": {f: np.array([f in g.flags for g in games]) for f in world.flags},
                "fired": {
                    e: np.array([float(g.fired.get(e, 0)) for g in games]) for e in world.events
                },
                "since": {
                    e: np.array([g.since.get(e, NEVER) for g in games]) for e in world.events
                },
                "taken": {
                    a: np.array([float(g.taken.get(a, 0)) for g in games]) for a in world.actions
                },
            }
            for group in world.columns.values():
                for array in group.values():
                    _frozen(array)
        columns = world.columns
        self.cols = dict(columns["cols"])
        self.params = dict(columns["params"])
        self.flags = dict(columns["flags"])
        self._fired, self._since, self._taken = columns["fired"], columns["since"], columns["taken"]
        self.postures = np.array([g.posture for g in games])
        self._rngs: dict[int, np.random.Generator] = {}
        self.scheduled: list[list[tuple[str, int]]] = [[] for _ in games]

    def rng(self, i: int) -> np.random.Generator:
        if i not in self._rngs:
            self._rngs[i] = new_rng(self.games[i].seed)
        return self._rngs[i]

    def rng_state(self, i: int) -> Any:
        return rng_state(self._rngs[i]) if i in self._rngs else self.games[i].initial_state

    def _check_mask(self, mask: np.ndarray) -> np.ndarray:
        assert mask.dtype == np.bool_ and mask.shape == (self.n,)
        return np.flatnonzero(mask)

    def col(self, name: str) -> np.ndarray:
        return self.cols[name]

    def assign(self, name: str, value: np.ndarray, mask: np.ndarray) -> None:
        assert value.dtype == np.float64 and value.shape == (self.n,)
        new = self.cols[name].copy()
        for i in self._check_mask(mask):
            new[i] = clamp_to(self.specs.get(name), float(value[i]), float(new[i]))
        self.cols[name] = _frozen(new)

    def flag(self, name: str) -> np.ndarray:
        return self.flags.get(name, np.zeros(self.n, dtype=bool))

    def set_flag(self, name: str, mask: np.ndarray) -> None:
        self._check_mask(mask)
        self.flags[name] = _frozen(self.flag(name) | mask)

    def clear_flag(self, name: str, mask: np.ndarray) -> None:
        self._check_mask(mask)
        self.flags[name] = _frozen(self.flag(name) & ~mask)

    def event_record(self, event_id: str) -> tuple[np.ndarray, np.ndarray]:
        return self._fired[event_id], TURN - self._since[event_id]

    def action_record(self, action_id: str) -> tuple[np.ndarray, np.ndarray]:
        return self._taken[action_id], np.ones(self.n)

    def posture_is(self, posture: str) -> np.ndarray:
        return self.postures == posture

    def chance(self, p: np.ndarray, mask: np.ndarray) -> np.ndarray:
        assert p.shape == (self.n,)
        out = np.zeros(self.n, dtype=bool)
        for i in self._check_mask(mask):
            out[i] = self.rng(i).random() < p[i]
        return out

    def uniform(self, lo: np.ndarray, hi: np.ndarray, mask: np.ndarray) -> np.ndarray:
        assert lo.shape == hi.shape == (self.n,)
        out = np.full(self.n, np.nan)  # what masked-out games get must not matter
        for i in self._check_mask(mask):
            a, b = float(lo[i]), float(hi[i])
            out[i] = float(self.rng(i).uniform(a, b)) if b > a else a
        return out

    def schedule(self, event_id: str, turns: np.ndarray, mask: np.ndarray) -> None:
        assert turns.dtype == np.int64 and turns.shape == (self.n,)
        for i in self._check_mask(mask):
            self.scheduled[i].append((event_id, int(turns[i])))


def _pick_value(rng: np.random.Generator, spec: VarSpec | None) -> float:
    lo, hi = (spec.lo, spec.hi) if spec is not None else (-100.0, 100.0)
    roll = rng.random()
    if roll < 0.15:
        return float(lo)
    if roll < 0.3:
        return float(hi)
    if roll < 0.4 and lo <= 0 <= hi:
        return 0.0
    if roll < 0.65:
        return float(rng.integers(math.ceil(lo), math.floor(hi) + 1))
    if roll < 0.75:
        return float(round(rng.uniform(lo, hi) * 2) / 2)  # halves: round() ties
    return float(rng.uniform(lo, hi))


def make_world(
    specs: dict[str, VarSpec | None],
    params: dict[str, list[float]],
    events: list[str],
    actions: list[str],
    flags: list[str],
    n: int,
    seed: int,
) -> World:
    rng = np.random.Generator(np.random.PCG64(seed))
    games = []
    for i in range(n):
        fired = {e: int(rng.integers(0, 4)) for e in events if rng.random() < 0.5}
        since = {e: float(rng.integers(0, 12)) for e, count in fired.items() if count}
        games.append(
            Game(
                values={name: _pick_value(rng, spec) for name, spec in specs.items()},
                params={k: float(rng.choice(vs)) for k, vs in params.items()},
                flags={f for f in flags if rng.random() < 0.5},
                fired=fired,
                since=since,
                taken={a: int(rng.integers(0, 4)) for a in actions if rng.random() < 0.5},
                posture=str(rng.choice(POSTURES)),
                seed=seed * 1000 + i,
            )
        )
    return World(specs, events, actions, flags, games)


# --- comparing the backends --------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal as floats, the sign of a zero included; NaN equals NaN."""
    x, y = float(a), float(b)
    if x != x or y != y:
        return x != x and y != y
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)


def rng_state(rng: np.random.Generator) -> Any:
    return rng.bit_generator.state["state"]


def compare(compiled: Compiled, world: World, mask: np.ndarray) -> list[str]:
    """Run both backends; return the differences (empty when they agree)."""
    label = " / ".join(compiled.sources) or compiled.source
    vctx = VectorCtx(world)
    fn = vexpr.vector(compiled)
    result = fn(vctx, mask.copy())
    problems: list[str] = []
    if not compiled.effects:
        assert isinstance(result, np.ndarray), label
        assert result.shape == (vctx.n,) and result.dtype in (np.bool_, np.float64), label
    for i, game in enumerate(world.games):
        ctx = ScalarCtx(world, game)
        if not mask[i]:
            # Nothing happens to a game outside the mask.
            if vctx.rng_state(i) != game.initial_state:
                problems.append(f"{label}: game {i} (masked out) drew numbers")
            if compiled.effects:
                ctx_values = {k: float(vctx.cols[k][i]) for k in game.values}
                if any(not same(ctx_values[k], game.values[k]) for k in game.values):
                    problems.append(f"{label}: game {i} (masked out) changed")
                if vctx.scheduled[i]:
                    problems.append(f"{label}: game {i} (masked out) scheduled events")
            continue
        scalar = compiled(ctx)
        if not compiled.effects and not same(scalar, result[i]):
            problems.append(f"{label}: game {i}: scalar {scalar!r}, vector {result[i]!r}")
        if ctx.rng_state() != vctx.rng_state(i):
            problems.append(f"{label}: game {i}: the generators differ")
        if compiled.effects:
            for k, value in ctx.values.items():
                if not same(value, vctx.cols[k][i]):
                    problems.append(f"{label}: game {i}: {k} = {value!r} vs {vctx.cols[k][i]!r}")
            flags = {f for f, on in ctx.flags.items() if on}
            vflags = {f for f, col in vctx.flags.items() if col[i]}
            if flags != vflags:
                problems.append(f"{label}: game {i}: flags {sorted(flags)} vs {sorted(vflags)}")
            if ctx.scheduled != vctx.scheduled[i]:
                problems.append(
                    f"{label}: game {i}: schedules {ctx.scheduled} vs {vctx.scheduled[i]}"
                )
    return problems


# --- the real content --------------------------------------------------------------------


def content_expressions(rs: Ruleset) -> Iterator[Compiled]:
    def with_templates(*items: Any) -> Iterator[Compiled]:
        for item in items:
            if isinstance(item, Compiled):
                yield item
            elif item is not None and hasattr(item, "parts"):
                for part in item.parts:
                    if not isinstance(part, str):
                        yield part[0]

    for event in rs.events.values():
        yield from with_templates(event.condition, event.weight, event.effects, event.text)
        for option in event.options:
            yield from with_templates(option.condition, option.effects, option.text)
    for action in rs.actions.values():
        for variant in action.variants.values():
            yield from with_templates(
                variant.cost, variant.condition, variant.effects, variant.text
            )
            for _after, comp, text in variant.delayed:
                yield from with_templates(comp, text)
    for ending in rs.endings:
        yield from with_templates(ending.condition, ending.explanation)
        for grade in ending.grades:
            yield from with_templates(grade.condition, grade.text)
    for posture in rs.postures.values():
        yield from with_templates(posture.utility, posture.effects)
    for reactions in rs.reactions.values():
        yield from reactions
    yield from with_templates(rs.every_turn, rs.capital_per_turn)


@pytest.fixture(scope="module")
def content(ruleset: Ruleset) -> tuple[list[Compiled], World, World]:
    seen: set[Any] = set()
    compiled: list[Compiled] = []
    for comp in content_expressions(ruleset):
        key = (comp.effects, comp.sources, comp.constant, comp.source)
        if key not in seen:
            seen.add(key)
            compiled.append(comp)
    flags = sorted(
        set(ruleset.scenario.flags)
        | {f for c in compiled for f in c.flags_read | c.flags_set}
        | {"never_set"}
    )
    params: dict[str, list[float]] = {}
    for action in ruleset.actions.values():
        for name, values in action.number_params.items():
            params.setdefault(name, []).extend(values)
    args = (
        dict(ruleset.variables),
        params,
        list(ruleset.events),
        list(ruleset.actions),
        flags,
    )
    return compiled, make_world(*args, n=64, seed=1), make_world(*args, n=64, seed=2)


def test_content_has_expressions_of_every_sort(content: tuple[list[Compiled], World, World]):
    compiled = content[0]
    assert len(compiled) > 300
    assert any(c.random for c in compiled if c.effects)
    assert any(c.random for c in compiled if not c.effects)
    assert any(c.constant is not None for c in compiled)


@pytest.mark.parametrize("world_index", [1, 2])
def test_content_agrees_with_the_scalar_backend(
    content: tuple[list[Compiled], World, World], world_index: int
):
    compiled, world = content[0], content[world_index]
    rng = np.random.Generator(np.random.PCG64(world_index))
    problems: list[str] = []
    for comp in compiled:
        mask = rng.random(len(world.games)) < 0.75
        problems.extend(compare(comp, world, mask))
    assert not problems, "\n".join(problems[:20])


# --- a corpus of awkward cases -----------------------------------------------------------

NS = Namespace(
    variables=["a", "b", "c", "x", "y", "turn"],
    writable=["a", "b", "c", "x", "y"],
    params=["level"],
    ids={"event": ["e1", "e2"], "action": ["a1", "a2"], "posture": list(POSTURES)},
)
SPECS: dict[str, VarSpec | None] = {
    "a": VarSpec("a", -50, 50, 0),
    "b": VarSpec("b", -10, 10, 0),
    "c": None,
    "x": VarSpec("x", 0, 100, 50),
    "y": VarSpec("y", -20.5, 20.5, 0),
    "turn": VarSpec("turn", 0, 30, 0),
}
FLAGS = ["f1", "f2"]

CONDITIONS = [
    # division by zero and Python's floor division and modulo signs
    "a / b",
    "a / 0",
    "(a - a) / b",
    "a // b",
    "a % b",
    "-a // 3",
    "a % -3",
    "-7 // b",
    "-7 % b",
    "a // -b",
    "b % (a - a)",
    "0 // b",
    "(-b) % 1",
    "c / b // a % 7",
    # integers (counts and booleans): an integer zero has no sign
    "-fired('e1')",
    "-flag('f1')",
    "flag('f1') * -1",
    "-(flag('f1') * -1)",
    "fired('e1') * -taken('a1')",
    "-(fired('e1') * -taken('a1'))",
    "-(fired('e1') - taken('a1'))",
    "fired('e1') // taken('a1')",
    "fired('e1') % taken('a1')",
    "-(fired('e1') // taken('a1'))",
    "-(taken('a1') % fired('e1'))",
    "-(fired('e1') % b)",
    "-(flag('f1') // flag('f2'))",
    "(flag('f1') // flag('f2')) * -1",
    "-(flag('f1') + flag('f2')) * -(fired('e2') // 1)",
    "-min(fired('e1'), a)",
    "-max(taken('a1'), b, 0)",
    "-(fired('e1') if a > 0 else b * 0)",
    "-(fired('e1') if chance(0.5) else -b * 0) * taken('a2')",
    "-clamp(fired('e1'), b, 3)",
    "-clamp(a, fired('e1'), taken('a1'))",
    "abs(-flag('f1'))",
    "-abs(fired('e1') if a > 0 else a * 0)",
    "-round(flag('f1'))",
    "-true",
    "-(true - true)",
    "true + true",
    "+flag('f1')",
    "posture('hold') + posture('escalate')",
    "turns_since('e1') - 999",
    "-(turns_since('e2') - turns_since('e2'))",
    # rounding halves to even
    "round(2.5)",
    "round(-0.5)",
    "round(-2.5)",
    "round(0.5)",
    "round(-0.4)",
    "round(a / 2)",
    "round(b / 4) + round(y)",
    # chained comparisons stop at the first that fails
    "a < b < chance(0.5)",
    "0 < chance(0.3) + a < b",
    "a < uniform(0, 10) < b < chance(0.5)",
    "a <= b == c",
    "chance(0.5) < a < b",
    "a < b < c < x",
    "b < 0 < uniform(b, a) != chance(0.4)",
    # and/or stop early, and give booleans
    "chance(0.5) and chance(0.5)",
    "flag('f1') or chance(0.3) or uniform(0, 1) > 0.5",
    "a > 0 and (chance(0.5) or b > 0) and chance(0.2)",
    "b and a",
    "b or a or chance(0.5)",
    "a - a or chance(0.5) and uniform(0, 1)",
    "not chance(0.5)",
    "not a",
    "not (a - a)",
    "not flag('f1') or chance(0.25)",
    # if-expressions evaluate one branch
    "uniform(0, 1) if chance(0.5) else (chance(0.2) if a > 0 else uniform(a, b))",
    "1 if chance(0.5) else 2",
    "flag('f1') if a > 0 else 0.5",
    "(fired('e1') if chance(0.5) else 0.0) * -1",
    "-(taken('a1') if chance(0.5) else -0.0)",
    "chance(0.1) if chance(0.9) else chance(0.5)",
    "2 if true else chance(0.5)",
    "chance(0.5) if false else 3",
    # min and max keep the first of equal items
    "min(a, b)",
    "min(a, b, c)",
    "max(flag('f1'), 1.0)",
    "min(0.0, -0.0)",
    "max(-0.0, 0.0)",
    "min(-0.0, 0.0) + max(0, -0)",
    "min(true, 1)",
    "max(1, true)",
    "min(flag('f1'), fired('e1'), a)",
    "-min(flag('f1'), fired('e1'), a)",
    "max(chance(0.5), chance(0.5), uniform(0, 1))",
    "min(a, uniform(a, b), chance(0.5))",
    "max(a * 0, b * 0)",
    # clamp, uniform, parameters, constants
    "clamp(a, b, c)",
    "clamp(a, 0, 1)",
    "clamp(uniform(0, 1), chance(0.5), 0.7)",
    "clamp(a * 0, -0.0, b)",
    "uniform(b, a)",
    "uniform(a, a)",
    "uniform(flag('f1'), 2) * chance(param.level / 100)",
    "param.level * 2 - a",
    "chance(2)",
    "chance(-1) or chance(true)",
    "7",
    "true",
    "1 < 2 < 3",
    "-(1 // 0)",
    "c * 1e12 * 1e12 - c * 1e12 * 1e12",
    "(c * 1e12 * 1e12 * 1e12) / (c * 1e12 * 1e12 * 1e12)",
    # infinity and NaN where they leave arithmetic (c may be huge: see any_number)
    "round(c * 1e12 * 1e12)",
    "round(-c * 1e12 * 1e12)",
    "round(c * 1e12 * 1e12 - c * 1e12 * 1e12)",
    "-round(c * 1e12 * 1e12 - c * 1e12 * 1e12)",
    "uniform(-c * 1e12 * 1e12, c * 1e12 * 1e12)",
    "uniform(c * 1e12 * 1e12 - c * 1e12 * 1e12, 1)",
    "uniform(0, c * 1e12 * 1e12 - c * 1e12 * 1e12)",
    "chance(c * 1e12 * 1e12 - c * 1e12 * 1e12) or chance(c * 1e12 * 1e12)",
    "max(c * 1e12 * 1e12 - c * 1e12 * 1e12, 1)",
    "min(1, c * 1e12 * 1e12 - c * 1e12 * 1e12, -c * 1e12 * 1e12)",
    "clamp(c * 1e12 * 1e12 - c * 1e12 * 1e12, 0, 1)",
    "(c * 1e12 * 1e12) // 7 + (c * 1e12 * 1e12) % 7",
    "7 % (c * 1e12 * 1e12) + (-7) % (c * 1e12 * 1e12) + 7 // -(c * 1e12 * 1e12)",
    "(c * 1e12 * 1e12 - c * 1e12 * 1e12) // 2",
    "abs(-c * 1e12 * 1e12) if c * 1e12 * 1e12 - c * 1e12 * 1e12 else 3",
]

EFFECTS: list[list[str]] = [
    ["x = a / b"],
    ["x += chance(0.5) * 10"],
    ["y *= -1"],
    ["y *= b"],
    ["y *= fired('e1') - taken('a1')"],
    ["x -= uniform(0, 5)"],
    ["x = flag('f1')"],
    ["c = a * 0", "c *= -1"],
    ["c = 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12 * 1e12"],
    ["x = 1e12 * 1e12"],
    ["x = -1e12 * 1e12"],
    ["if chance(0.5):\n    x += 1\nelse:\n    y -= 1"],
    ["if a > 0: set_flag('f1')"],
    ["if flag('f1'):\n    clear_flag('f1')\nelse:\n    set_flag('f1')"],
    ["if chance(0.5): set_flag('f2')", "if flag('f2') and chance(0.5): schedule('e1', 2)"],
    ["schedule('e1', a)"],
    ["schedule('e1', uniform(0, 5))"],
    ["schedule('e2', -3)"],
    ["schedule('e1', flag('f1'))"],
    ["schedule('e1', b / 3)"],
    ["schedule('e1', -0.5)", "schedule('e2', 2.9)"],
    ["x += 1", "if x > 50: y = x", "schedule('e1', x / 10)"],
    ["x = 60; y = x / 4; a -= y"],
    [
        "if chance(0.5):\n"
        "    if chance(0.5):\n"
        "        x += 1\n"
        "    else:\n"
        "        x -= uniform(1, 2)\n"
        "    y = uniform(0, 1)\n"
        "else:\n"
        "    set_flag('f2')\n"
        "    if uniform(0, 1) < 0.5: b = -b"
    ],
    ["if true: x = 1\nelse: x = chance(0.5)"],
    ["if a > 100: x = chance(0.5)"],
    ["x *= 1 if chance(0.5) else 0.5", "a += -0.5 if b >= 0 else 0.3"],
    # infinity and NaN in what effects do
    ["schedule('e1', c * 1e12 * 1e12)", "schedule('e2', -c * 1e12 * 1e12)"],
    ["schedule('e1', c * 1e12 * 1e12 - c * 1e12 * 1e12)", "schedule('e2', 1e12)"],
    ["x = c * 1e12 * 1e12", "y = -c * 1e12 * 1e12", "a = c * 1e12 * 1e12 - c * 1e12 * 1e12"],
    ["x = round(c * 1e12 * 1e12 - c * 1e12 * 1e12)", "b *= c * 1e12 * 1e12"],
    ["x = uniform(-c * 1e12 * 1e12, c * 1e12 * 1e12)", "y = uniform(c * 1e12 * 1e12, 0)"],
]


def corpus_world(n: int, seed: int) -> World:
    return make_world(
        SPECS, {"level": [0.0, 25.0, 50.0]}, ["e1", "e2"], ["a1", "a2"], FLAGS, n, seed
    )


def corpus() -> list[Compiled]:
    out = [compile_condition(s, NS) for s in CONDITIONS]
    out += [compile_effects(e, NS) for e in EFFECTS]
    out += [compile_condition(v, NS) for v in (True, False, 0, 2.5)]
    return out


CORPUS = corpus()


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_corpus_agrees_with_the_scalar_backend(seed: int):
    world = corpus_world(96, seed)
    rng = np.random.Generator(np.random.PCG64(seed))
    problems: list[str] = []
    for comp in CORPUS:
        problems.extend(compare(comp, world, rng.random(96) < 0.7))
        problems.extend(compare(comp, world, np.ones(96, dtype=bool)))
    assert not problems, "\n".join(problems[:20])


SPECIAL = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5, 3.0, -3.0, 7.0, -7.0, 1e-300, -1e-300]
number = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(-20, 20).map(float),
    st.floats(-1e6, 1e6, allow_nan=False),
)
# c is never clamped: it may be huge, so that sums overflow to infinity.
any_number = st.one_of(number, st.sampled_from([1e300, -1e300, 1.7e308]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(number, number, any_number, st.integers(0, 3), st.integers(0, 3), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    seed=st.integers(0, 2**16),
)
def test_corpus_over_any_values(rows: list[tuple[float, float, float, int, int, bool]], seed: int):
    world = corpus_world(len(rows), seed)
    for game, (a, b, c, fired, taken, flag) in zip(world.games, rows, strict=True):
        game.values.update(a=a, b=b, c=c)
        game.fired["e1"] = fired
        game.taken["a1"] = taken
        game.flags = {"f1"} if flag else set()
    mask = np.random.Generator(np.random.PCG64(seed)).random(len(rows)) < 0.7
    problems = [p for comp in CORPUS for p in compare(comp, world, mask)]
    assert not problems, "\n".join(problems[:20])


PRODUCT = "fired('e1') * fired('e1') * fired('e1') * taken('a1') * taken('a1')"
BIG_COUNTS = [
    f"{PRODUCT} + true",
    f"-({PRODUCT} + true)",
    f"{PRODUCT} + true - {PRODUCT}",
    f"({PRODUCT} + true) // 7",
    f"({PRODUCT} - true) % 1000",
    f"({PRODUCT}) // -(taken('a1') + true)",
    f"min({PRODUCT} + true, {PRODUCT})",
    f"({PRODUCT} + true) / 3",
    f"round({PRODUCT} + true) + true",
]


@pytest.mark.parametrize("source", BIG_COUNTS, ids=range(len(BIG_COUNTS)))
def test_counts_past_2_53_agree(source: str):
    """Integers past 2**53 (counts multiplied together) are float64 in the vector backend;
    the scalar backend rounds its exact integers the same way, step by step."""
    world = corpus_world(24, 9)
    for i, game in enumerate(world.games):
        game.fired["e1"] = 10_007 + 7_919 * i
        game.taken["a1"] = 1_009 + 31 * i
    problems = compare(compile_condition(source, NS), world, np.ones(24, dtype=bool))
    assert not problems, "\n".join(problems[:5])
    effects = compile_effects([f"x = ({source}) % 97", f"schedule('e1', ({source}) % 5)"], NS)
    problems = compare(effects, world, np.ones(24, dtype=bool))
    assert not problems, "\n".join(problems[:5])


# --- the API -----------------------------------------------------------------------------


def test_vector_is_built_once_and_cached():
    comp = compile_condition("a + 1", NS)
    assert comp.sources == ("a + 1",) and not comp.effects
    assert vexpr.vector(comp) is vexpr.vector(comp)
    eff = compile_effects(["if a > 0: x = 1\nelse: x = 2", "y += 1"], NS)
    assert eff.sources == ("if a > 0: x = 1\nelse: x = 2", "y += 1") and eff.effects


def test_constants_fill_the_batch():
    vctx = VectorCtx(corpus_world(5, 0))
    mask = np.ones(5, dtype=bool)
    const = compile_condition(True, NS)
    assert const.sources == () and const.constant is True
    out = vexpr.vector(const)(vctx, mask)
    assert out.dtype == np.bool_ and out.tolist() == [True] * 5
    out = vexpr.vector(compile_condition(3, NS))(vctx, mask)
    assert out.dtype == np.float64 and out.tolist() == [3.0] * 5
    out = vexpr.vector(compile_condition("2 * 3 - 1", NS))(vctx, mask)
    assert out.tolist() == [5.0] * 5
    direct = Compiled(source="False", fn=lambda ctx: False)
    assert vexpr.vector(direct)(vctx, mask).tolist() == [False] * 5


def test_results_have_one_entry_per_game_for_any_mask():
    vctx = VectorCtx(corpus_world(6, 0))
    none = np.zeros(6, dtype=bool)
    for source in ("a < b", "chance(0.5) and a > 0", "uniform(0, 1)", "min(a, 1)", "b"):
        out = vexpr.compile_vector_condition(source)(vctx, none)
        assert out.shape == (6,)


def test_no_draws_for_an_empty_mask():
    world = corpus_world(6, 7)
    vctx = VectorCtx(world)
    none = np.zeros(6, dtype=bool)
    vexpr.compile_vector_condition("chance(0.5) or uniform(0, 1) < 2")(vctx, none)
    vexpr.compile_vector_effects(["x += uniform(0, 1)", "schedule('e1', 1)"])(vctx, none)
    assert all(vctx.rng_state(i) == g.initial_state for i, g in enumerate(world.games))
    assert vctx.scheduled == [[] for _ in range(6)]


@pytest.mark.parametrize(
    "source", ["a ** 2", "a & b", "[a]", "a is b", "a in b", "~a", "a @ b", "f(a)", "'x'"]
)
def test_unsupported_conditions_are_refused(source: str):
    with pytest.raises(ExprError):
        vexpr.compile_vector_condition(source)


@pytest.mark.parametrize("source", ["x /= 2", "a", "del x", "pass", "x = y = 1", "print(x)"])
def test_unsupported_effects_are_refused(source: str):
    with pytest.raises(ExprError):
        vexpr.compile_vector_effects(source)
