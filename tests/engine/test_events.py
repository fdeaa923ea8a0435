"""One game's draw of an event (``OneGame.pick``, written out for speed) is the shared rule's
(``events.pick`` over ``ONE_GAME``): the same event, and the same numbers drawn from the
game's generator, whatever the records, conditions and weights."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy_game.engine import events
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.language import Compiled
from diplomacy_game.engine.rules import CompiledEvent
from diplomacy_game.engine.state import GameState, new_generator

START = dt.date(2025, 11, 4)
WINDOW = (START, START + dt.timedelta(days=14))
WEIGHTS = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.8, 3.0, 1e308, math.inf, -math.inf, math.nan]),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.booleans(),
)
DATES = st.one_of(st.none(), st.sampled_from([START - dt.timedelta(days=30), *WINDOW]))


@st.composite
def event(draw: Any, k: int) -> CompiledEvent:
    spec = SimpleNamespace(
        id=f"e{k}",
        once=draw(st.booleans()),
        cooldown=draw(st.sampled_from([0, 0, 1, 3])),
        after=draw(DATES),
        until=draw(DATES),
    )
    holds = draw(st.sampled_from(["always", "never", "chance"]))
    chance = draw(st.floats(0.0, 1.0))

    def condition(ctx: Any) -> Any:
        if holds == "chance":
            return ctx.rng.random() < chance
        return holds == "always"

    w = draw(WEIGHTS)
    constant = draw(st.booleans())
    random_weight = draw(st.booleans())

    def weight(ctx: Any) -> Any:
        return w * ctx.rng.random() if random_weight else w

    weight_fn = Compiled(source="w", fn=weight)
    if constant:
        weight_fn = Compiled(source="w", fn=lambda ctx: w, constant=w)
    return CompiledEvent(
        spec=spec,  # type: ignore[arg-type]  (only what the draw reads)
        condition=Compiled(source="c", fn=condition),
        weight=weight_fn,
        effects=None,
        text=None,  # type: ignore[arg-type]
        options=[],
    )


def game(fired: dict[str, list[int]], seed: int) -> events.OneGame:
    state = GameState(
        scenario_id="test", seed=seed, start=START, turn_days=14, last_turn=20, turn=5
    )
    state.fired = {k: list(v) for k, v in fired.items()}
    g = events.OneGame(TurnContext(None, state, new_generator(seed)))  # type: ignore[arg-type]
    g.window = WINDOW
    return g


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=400, deadline=None)
@given(st.data())
def test_one_game_pick_is_the_shared_rule(data: Any):
    n = data.draw(st.integers(1, 8))
    # a turn's pool: the events within its window of dates (EventPools.for_turn)
    pool = [e for e in (data.draw(event(k)) for k in range(n)) if e.in_window(*WINDOW)]
    n = len(pool)
    fired = {
        e.spec.id: [data.draw(st.integers(1, 3)), data.draw(st.integers(1, 6))]
        for e in pool
        if data.draw(st.booleans())
    }
    drawn = [data.draw(st.booleans()) for _ in range(n)]
    go = data.draw(st.booleans())
    seed = data.draw(st.integers(0, 2**32))
    shared, written_out = game(fired, seed), game(fired, seed)
    assert written_out.pick(pool, drawn, go) == events.pick(shared, pool, drawn, go)
    assert written_out.ctx.rng.bit_generator.state == shared.ctx.rng.bit_generator.state
