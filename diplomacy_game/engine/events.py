"""Events: dated milestones, follow-ups, the US posture's expression, and random pressure.

Order within a turn's event phase: dated events whose date falls in the turn, follow-ups
that fall due, one event expressing the US posture, then up to the scenario's
``random_events_per_turn`` other events drawn by weight without replacement. Follow-ups
scheduled with no delay fire in the same phase, after the event that scheduled them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, Arith

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import CompiledEvent

MAX_EVENTS_PER_TURN = 40


def used_up(count: Any, most: int, ar: Arith) -> Any:
    """Whether an event or action has been used as often as it may be (``most``; 0: no
    limit), from its count: one game's or many games'."""
    if not most:
        return False
    return ar.both(count > 0, count >= most)


def cooling_down(count: Any, last: Any, turn: int, cooldown: int, ar: Arith) -> Any:
    """Whether an event or action used on turn ``last`` is still in its cooldown."""
    if not cooldown:
        return False
    return ar.both(count > 0, turn - last <= cooldown)


def held_back(spec: Any, count: Any, last: Any, turn: int, ar: Arith) -> Any:
    """Whether an event's record keeps it from firing now (``once``, ``cooldown``)."""
    return ar.either(
        used_up(count, 1 if spec.once else 0, ar),
        cooling_down(count, last, turn, spec.cooldown, ar),
    )


def usable_weight(w: Any, ar: Arith) -> Any:
    """An event's weight as the draw counts it: 0 unless a positive, finite number."""
    return ar.where(ar.both(ar.both(w > 0, w == w), w != float("inf")), w, 0.0)


def eligible(ctx: TurnContext, event: CompiledEvent) -> bool:
    spec = event.spec
    window = ctx.window
    if window is not None and not event.in_window(*window):
        return False
    count, last = ctx.state.fired.get(spec.id, (0, 0))
    if held_back(spec, count, last, ctx.current_turn, ONE_GAME):
        return False
    return bool(event.condition.fn(ctx))


def fire(ctx: TurnContext, event: CompiledEvent, fired: list[dict[str, Any]]) -> None:
    spec = event.spec
    count = ctx.state.fired.get(spec.id, [0, 0])[0]
    ctx.state.fired[spec.id] = [count + 1, ctx.current_turn]
    if event.effects is not None:
        event.effects(ctx)
    ctx.cause("event", spec.id, spec.title)
    options = []
    for option in event.options:
        options.append(
            {
                "id": option.id,
                "label": option.label,
                "hint": option.hint,
                "default": option is event.default_option,
            }
        )
    if event.options:
        ctx.state.pending.append(spec.id)
    fired.append(
        {
            "id": spec.id,
            "title": spec.title,
            "category": spec.category,
            "posture": spec.posture or "",
            "variant": (variant := event.variant(ctx)),
            "text": event.render(ctx, variant),
            "options": options,
        }
    )


def weighted_choice(weights: Sequence[Any], draw: Callable[[Any], Any], ar: Arith) -> Any:
    """The position drawn among events by weight (-1: none has any weight). ``draw(has)`` is
    a uniform draw in [0, 1) from each game's generator where ``has`` holds, made only there;
    rounding past the last cumulative weight gives the last event with a weight."""
    total = 0.0
    for w in weights:
        total = total + w
    has = total > 0
    point = draw(has) * total
    chosen: Any = -1
    last: Any = -1
    cumulative = 0.0
    for k, w in enumerate(weights):
        cumulative = cumulative + w
        candidate = w > 0
        last = ar.where(candidate, k, last)
        hit = ar.both(ar.both(has, chosen < 0), ar.both(candidate, point < cumulative))
        chosen = ar.where(hit, k, chosen)
    return ar.where(ar.both(has, chosen < 0), last, ar.where(has, chosen, -1))


def _weighted_pick(ctx: TurnContext, pool: Sequence[CompiledEvent]) -> CompiledEvent | None:
    """One eligible event of the pool drawn by weight, or None."""
    weights = [_weight(ctx, e) if eligible(ctx, e) else 0.0 for e in pool]
    k = weighted_choice(weights, lambda has: ctx.rng.random() if has else 0.0, ONE_GAME)
    return pool[k] if k >= 0 else None


def _weight(ctx: TurnContext, event: CompiledEvent) -> float:
    return usable_weight(float(event.weight.fn(ctx)), ONE_GAME)


def run_phase(ctx: TurnContext, turn_start: dt.date, turn_end: dt.date) -> list[dict[str, Any]]:
    rs = ctx.ruleset
    fired: list[dict[str, Any]] = []
    ctx.window = (turn_start, turn_end)  # news of a period fires only within it

    def drain_due_now() -> None:
        while ctx.due_now and len(fired) < MAX_EVENTS_PER_TURN:
            event = rs.events.get(ctx.due_now.pop(0))
            if event is not None and eligible(ctx, event):
                fire(ctx, event, fired)

    drain_due_now()  # follow-ups scheduled by this turn's answers and actions
    dated = [
        e for e in rs.event_pools.dated if turn_start <= e.spec.date < turn_end
    ]  # calendar order
    for event in dated:
        if eligible(ctx, event):
            fire(ctx, event, fired)
            drain_due_now()

    due = [entry for entry in ctx.state.scheduled if entry[0] <= ctx.current_turn]
    ctx.state.scheduled = [entry for entry in ctx.state.scheduled if entry[0] > ctx.current_turn]
    for _, event_id in due:
        event = rs.events.get(event_id)
        if event is not None and eligible(ctx, event):
            fire(ctx, event, fired)
            drain_due_now()

    chosen = _weighted_pick(ctx, rs.event_pools.by_posture.get(ctx.state.posture, ()))
    if chosen is not None:
        fire(ctx, chosen, fired)
        drain_due_now()

    pool = list(rs.event_pools.random)
    for _ in range(rs.scenario.random_events_per_turn):
        chosen = _weighted_pick(ctx, pool)
        if chosen is None:
            break
        pool = [e for e in pool if e is not chosen]
        fire(ctx, chosen, fired)
        drain_due_now()
        if len(fired) >= MAX_EVENTS_PER_TURN:
            break
    return fired
