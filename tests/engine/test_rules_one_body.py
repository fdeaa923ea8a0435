"""Each rule written once over an ``Arith`` gives, over arrays of games, what it gives one
game at a time, bit for bit, NaN and infinity included (``numeric.ONE_GAME`` against
``batch.arith.MANY_GAMES``)."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomacy_game.engine import advisors, domestic, events, turn, us_model
from diplomacy_game.engine.batch.arith import MANY_GAMES, exp_each
from diplomacy_game.engine.numeric import ONE_GAME, first_holding
from diplomacy_game.engine.turn import action_cost, over_budget
from diplomacy_game.engine.variables import VarSpec
from diplomacy_game.model.content import POSTURES
from diplomacy_game.model.decisions import DecisionError

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

ANY = st.floats(allow_nan=True, allow_infinity=True, width=64)
SPECIAL = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e308, math.inf, -math.inf, math.nan])
NUMBER = st.one_of(ANY, SPECIAL)
GAMES = st.integers(1, 12)


def column(draw: Any, n: int, element: Any = NUMBER) -> np.ndarray:
    return np.array(draw(st.lists(element, min_size=n, max_size=n)), dtype=float)


def same(a: Any, b: Any) -> bool:
    """Equal to the bit, NaN equal to NaN, and -0.0 told from 0.0."""
    return np.array_equal(
        np.asarray(a, dtype=float).view(np.int64), np.asarray(b, dtype=float).view(np.int64)
    ) or (np.isnan(a).all() and np.isnan(b).all())


def each_same(many: Any, ones: list[Any]) -> None:
    many = np.broadcast_to(np.asarray(many, dtype=float), (len(ones),))
    for i, one in enumerate(ones):
        assert same(many[i], float(one)), (i, many[i], one)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_exp_each_is_math_exp(data: Any):
    below = st.one_of(st.floats(max_value=700, width=64), st.just(math.nan))
    x = column(data.draw, data.draw(GAMES), below)
    each_same(exp_each(x), [math.exp(v) for v in x.tolist()])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fade_memory(data: Any):
    n = data.draw(GAMES)
    values = {
        name: column(data.draw, n) for name in ("profile.vindictiveness", "us.affront", "us.banked")
    }
    values["profile.vindictiveness"] = np.maximum(values["profile.vindictiveness"], -700.0)
    out: dict[str, Any] = {}
    us_model.fade_memory(values.__getitem__, out.__setitem__, MANY_GAMES)
    for i in range(n):
        one = {k: float(v[i]) for k, v in values.items()}
        got: dict[str, Any] = {}
        us_model.fade_memory(one.__getitem__, got.__setitem__, ONE_GAME)
        for name, value in got.items():
            assert same(out[name][i], value), (name, i)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_posture_weights_and_draw(data: Any):
    n = data.draw(GAMES)
    utilities = [column(data.draw, n) for _ in POSTURES]
    unpredictability = column(data.draw, n, st.floats(0.0, 10.0))
    draw = column(data.draw, n, st.floats(0.0, 1.0, exclude_max=True))
    weights, total = us_model.posture_weights(utilities, unpredictability, MANY_GAMES)
    chosen = us_model.posture_drawn(weights, total, draw, MANY_GAMES)
    for i in range(n):
        one = [float(u[i]) for u in utilities]
        w, t = us_model.posture_weights(one, float(unpredictability[i]), ONE_GAME)
        each_same(np.array([x[i] for x in weights]), w)
        assert same(np.asarray(total)[i], t)
        assert np.broadcast_to(chosen, (n,))[i] == us_model.posture_drawn(
            w, t, float(draw[i]), ONE_GAME
        )


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_weighted_choice(data: Any):
    n = data.draw(GAMES)
    pool = data.draw(st.integers(1, 6))
    raw = [column(data.draw, n) for _ in range(pool)]
    weights = [events.usable_weight(w, MANY_GAMES) for w in raw]
    u = column(data.draw, n, st.floats(0.0, 1.0, exclude_max=True))
    drawn_for: list[np.ndarray] = []

    def draw(has: Any) -> np.ndarray:
        drawn_for.append(np.asarray(has))
        return np.where(has, u, 0.0)

    picks = events.weighted_choice(weights, draw, MANY_GAMES)
    for i in range(n):
        one = [events.usable_weight(float(w[i]), ONE_GAME) for w in raw]
        each_same(np.array([w[i] for w in weights]), one)
        asked: list[bool] = []

        def draw_one(has: Any, i: int = i, asked: list[bool] = asked) -> float:
            asked.append(bool(has))
            return float(u[i]) if has else 0.0

        assert np.broadcast_to(picks, (n,))[i] == events.weighted_choice(one, draw_one, ONE_GAME)
        # A game draws only where some event has a weight, in both.
        assert bool(np.broadcast_to(drawn_for[0], (n,))[i]) == asked[0]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_use_limits_and_cooldowns(data: Any):
    n = data.draw(GAMES)
    count = column(data.draw, n, st.integers(0, 5).map(float))
    last = column(data.draw, n, st.integers(0, 20).map(float))
    turn = data.draw(st.integers(1, 21))
    most, cooldown = data.draw(st.integers(0, 4)), data.draw(st.integers(0, 4))
    spec = SimpleNamespace(once=data.draw(st.booleans()), cooldown=cooldown)
    used = np.broadcast_to(events.used_up(count, most, MANY_GAMES), (n,))
    cool = np.broadcast_to(events.cooling_down(count, last, turn, cooldown, MANY_GAMES), (n,))
    held = np.broadcast_to(events.held_back(spec, count, last, turn, MANY_GAMES), (n,))
    for i in range(n):
        c, t = int(count[i]), int(last[i])
        assert used[i] == bool(events.used_up(c, most, ONE_GAME))
        assert cool[i] == bool(events.cooling_down(c, t, turn, cooldown, ONE_GAME))
        assert held[i] == bool(events.held_back(spec, c, t, turn, ONE_GAME))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_costs_capital_and_estimates(data: Any):
    n = data.draw(GAMES)
    raw, capital, per_turn = column(data.draw, n), column(data.draw, n), column(data.draw, n)
    cost = action_cost(raw, MANY_GAMES)
    over = over_budget(cost, capital)
    rs = SimpleNamespace(scenario=SimpleNamespace(capital=SimpleNamespace(max=12.0)))
    opening = domestic.opening_capital(rs, capital, per_turn, MANY_GAMES)
    refilled: dict[str, Any] = {}
    domestic.refill(
        rs, per_turn, {"capital": capital}.__getitem__, refilled.__setitem__, MANY_GAMES
    )
    spec = VarSpec(name="us.rapport", lo=0.0, hi=100.0, initial=50.0)
    noise = column(data.draw, n)
    estimate = advisors.estimate(spec, capital, 2.5, noise, MANY_GAMES)
    for i in range(n):
        c = action_cost(float(raw[i]), ONE_GAME)
        assert same(cost[i], c) and over[i] == over_budget(c, float(capital[i]))
        assert same(opening[i], domestic.opening_capital(rs, capital[i], per_turn[i], ONE_GAME))
        got: dict[str, Any] = {}
        domestic.refill(
            rs, float(per_turn[i]), {"capital": float(capital[i])}.get, got.__setitem__, ONE_GAME
        )
        assert same(refilled["capital"][i], got["capital"])
        one = advisors.estimate(spec, float(capital[i]), 2.5, float(noise[i]), ONE_GAME)
        assert same(estimate[i], one)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_first_holding_asks_only_where_nothing_held_before(data: Any):
    n = data.draw(GAMES)
    truths = [
        np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        for _ in range(data.draw(st.integers(0, 5)))
    ]
    among = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    asked: list[np.ndarray] = []

    def test_of(k: int) -> Any:
        def test(mask: Any) -> Any:
            asked.append((k, np.asarray(mask).copy()))
            return truths[k]

        return test

    chosen = np.broadcast_to(
        first_holding([test_of(k) for k in range(len(truths))], among.copy(), MANY_GAMES), (n,)
    )
    for i in range(n):
        asked_one: list[int] = []

        def test_one(k: int, i: int = i, asked_one: list[int] = asked_one) -> Any:
            def test(_: Any) -> Any:
                asked_one.append(k)
                return bool(truths[k][i])

            return test

        expected = (
            first_holding([test_one(k) for k in range(len(truths))], True, ONE_GAME)
            if among[i]
            else -1
        )
        assert chosen[i] == expected
        # Game i is among the games asked test k exactly when the one-game rule asks it.
        for k, mask in asked:
            assert bool(mask[i]) == (among[i] and k in asked_one), (i, k)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_options_open_and_the_answer_rule(data: Any):
    """Which options of a waiting event are open (bits), and the option an answer or its
    default picks from them, for one game and for many."""
    n = data.draw(GAMES)
    count = data.draw(st.integers(0, 5))
    open_ = [data.draw(st.lists(st.booleans(), min_size=n, max_size=n)) for _ in range(count)]
    default = data.draw(st.integers(0, max(0, count - 1)))
    options = [
        SimpleNamespace(id=f"o{k}", condition=k, default=k == default and count > 1)
        for k in range(count)
    ]
    event = SimpleNamespace(spec=SimpleNamespace(id="e"), options=options)
    many = turn.options_open(event, lambda k: np.array(open_[k]), MANY_GAMES)
    for i in range(n):
        one = turn.options_open(event, lambda k, i=i: open_[k][i], ONE_GAME)
        assert int(np.broadcast_to(many, (n,))[i]) == one
        chosen = turn.option_chosen(event, None, lambda k, one=one: one >> k & 1, 1)
        opened = [k for k in range(count) if open_[k][i]]
        expected = (
            turn.default_position(event)
            if turn.default_position(event) in opened
            else (opened[0] if opened else -1)
        )
        assert chosen == (expected if count else -1)
        for k in range(count):
            if open_[k][i]:
                assert turn.option_chosen(event, f"o{k}", lambda j, one=one: one >> j & 1, 1) == k
            else:
                with pytest.raises(DecisionError, match="not available now"):
                    turn.option_chosen(event, f"o{k}", lambda j, one=one: one >> j & 1, 1)
