"""Events: dated milestones, follow-ups, the US posture's expression, and random pressure.

Order within a turn's event phase: dated events whose date falls in the turn, follow-ups
that fall due, one event expressing the US posture, then up to the scenario's
``random_events_per_turn`` other events drawn by weight without replacement. Follow-ups
scheduled with no delay fire in the same phase, after the event that scheduled them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import seq_sum

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import CompiledEvent

MAX_EVENTS_PER_TURN = 40


def eligible(ctx: TurnContext, event: CompiledEvent) -> bool:
    spec = event.spec
    window = ctx.window
    if window is not None and not event.in_window(*window):
        return False
    record = ctx.state.fired.get(spec.id)
    if record:
        if spec.once:
            return False
        if spec.cooldown and ctx.current_turn - record[1] <= spec.cooldown:
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


def _weighted_pick(
    ctx: TurnContext, candidates: list[tuple[CompiledEvent, float]]
) -> CompiledEvent | None:
    total = seq_sum(w for _, w in candidates)
    if total <= 0:
        return None
    draw = ctx.rng.random() * total
    cumulative = 0.0
    for event, weight in candidates:
        cumulative += weight
        if draw < cumulative:
            return event
    return candidates[-1][0]


def _weight(ctx: TurnContext, event: CompiledEvent) -> float:
    w = float(event.weight.fn(ctx))
    return w if w > 0 and w == w and w != float("inf") else 0.0


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

    posture = ctx.state.posture
    candidates = [
        (e, w)
        for e in rs.event_pools.by_posture.get(posture, ())
        if eligible(ctx, e) and (w := _weight(ctx, e)) > 0
    ]

    chosen = _weighted_pick(ctx, candidates)
    if chosen is not None:
        fire(ctx, chosen, fired)
        drain_due_now()

    pool = list(rs.event_pools.random)
    for _ in range(rs.scenario.random_events_per_turn):
        candidates = [(e, w) for e in pool if eligible(ctx, e) and (w := _weight(ctx, e)) > 0]
        chosen = _weighted_pick(ctx, candidates)
        if chosen is None:
            break
        pool = [e for e in pool if e is not chosen]
        fire(ctx, chosen, fired)
        drain_due_now()
        if len(fired) >= MAX_EVENTS_PER_TURN:
            break
    return fired
