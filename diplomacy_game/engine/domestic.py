"""Domestic politics: group pressure, approval, the opposition, political capital.

Each group's pressure moves toward a target set by job losses in the sectors it cares
about and by prices; actions push it at once through the group's tags. Approval moves
toward a target made of its starting level, the groups' pressure above their starting
levels (weighted by the groups' size), and economic pain; events and actions move it at
once, and those bumps fade as approval returns toward the target.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, Arith, seq_sum

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset

PRESSURE_SPEED = 0.25  # share of the gap to its target a group's pressure closes per turn
LOSS_WEIGHT = 2.5  # pressure per % of a cared-about sector's jobs lost
PRICE_WEIGHT = 8.0  # pressure per point of tariff-driven inflation, times the group's sensitivity
APPROVAL_SPEED = 0.2
PRESSURE_TO_APPROVAL = 0.35
UNEMPLOYMENT_PAIN = 2.5  # approval points per point of unemployment above the no-tariff path
INFLATION_PAIN = 2.0
RESOLVE_HOME = 55.0
RESOLVE_SPEED = 0.05
OPPOSITION_SPEED = 0.15


def tag_pushes(rs: Ruleset, tags: list[str]) -> list[tuple[str, float]]:
    """The pressure an action's tags put on each group at once: (variable, push), for the
    groups it moves."""
    out = []
    for group in rs.groups:
        push = seq_sum(group.tags.get(tag, 0.0) for tag in tags)
        if push:
            out.append((f"group.{group.id}.pressure", push))
    return out


def push_groups(
    pushes: list[tuple[str, float]], get: Callable[[str], Any], put: Callable[[str, Any], None]
) -> None:
    """Apply ``tag_pushes`` to one game or many (``put`` clamps and stores)."""
    for name, push in pushes:
        put(name, get(name) + push)


def _putter(ctx: TurnContext) -> Callable[[str, float], None]:
    v = ctx.values

    def put(name: str, value: float) -> None:
        v[name] = ctx.clamp_value(name, value)

    return put


def step(ctx: TurnContext) -> None:
    advance(ctx.ruleset, ctx.values.__getitem__, _putter(ctx), _max0)


def _max0(x: float) -> float:
    return max(0.0, x)


def advance(
    rs: Ruleset,
    get: Callable[[str], Any],
    put: Callable[[str, Any], None],
    max0: Callable[[Any], Any],
) -> None:
    """One turn of domestic politics over numbers (one game) or arrays (many games): ``get``
    reads a value, ``put`` clamps and stores one, ``max0(x)`` is Python's ``max(0.0, x)``."""
    sector_loss = {}
    for sector in rs.sectors:
        jobs = get(f"sector.{sector.id}.jobs")
        sector_loss[sector.id] = max0((sector.jobs - jobs) / sector.jobs * 100.0)
    inflation_gap = max0(get("inflation_gap"))
    weighted_pressure = 0.0
    for group in rs.groups:
        key = f"group.{group.id}.pressure"
        total_weight = seq_sum(group.sectors.values()) or 1.0
        loss = 0.0
        for sid, w in group.sectors.items():
            loss = loss + w * sector_loss.get(sid, 0.0)
        loss = loss / total_weight
        target = (
            group.initial_pressure
            + LOSS_WEIGHT * loss
            + PRICE_WEIGHT * group.prices * inflation_gap
        )
        put(key, get(key) + PRESSURE_SPEED * (target - get(key)))
        weighted_pressure = weighted_pressure + group.weight * (get(key) - group.initial_pressure)
    base = rs.initial_values["approval"]
    target = (
        base
        - PRESSURE_TO_APPROVAL * weighted_pressure
        - UNEMPLOYMENT_PAIN * max0(get("unemployment_gap") - rs.initial_values["unemployment_gap"])
        - INFLATION_PAIN * inflation_gap
    )
    put("approval", get("approval") + APPROVAL_SPEED * (target - get("approval")))
    put("resolve", get("resolve") + RESOLVE_SPEED * (RESOLVE_HOME - get("resolve")))
    opposition_target = 40.0 + 0.8 * (50.0 - get("approval"))
    put(
        "opposition",
        get("opposition") + OPPOSITION_SPEED * (opposition_target - get("opposition")),
    )


def refill(
    rs: Ruleset,
    per_turn: Any,
    get: Callable[[str], Any],
    put: Callable[[str, Any], None],
    ar: Arith,
) -> None:
    """Political capital refills by the turn's allowance (never below nothing), up to the
    scenario's most; ``per_turn`` is the value of the ruleset's ``capital_per_turn``."""
    cap = rs.scenario.capital.max
    put("capital", ar.min(cap, get("capital") + ar.max(0.0, per_turn)))


def opening_capital(rs: Ruleset, capital: Any, per_turn: Any, ar: Arith) -> Any:
    """The capital a new game opens with: at least one turn's allowance, at most the most."""
    return ar.min(rs.scenario.capital.max, ar.max(capital, per_turn))


def refill_capital(ctx: TurnContext) -> None:
    per_turn = float(ctx.ruleset.capital_per_turn(ctx))
    refill(ctx.ruleset, per_turn, ctx.values.__getitem__, _putter(ctx), ONE_GAME)
