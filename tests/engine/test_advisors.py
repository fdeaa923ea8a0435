"""Advisors' readings draw their noise in one call of standard normals, scaled: the numbers
that numpy's ``normal(0, noise)`` drawn one reading at a time gives, from the same stream."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine import advisors
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.state import generator_from_state


def one_at_a_time(ctx: TurnContext) -> list[float]:
    """Each reading's value before rounding, noise drawn by ``normal`` reading by reading."""
    out = []
    for advisor in ctx.ruleset.advisors:
        for name, how in advisor.reads.items():
            spec = ctx.ruleset.variables[name]
            noise = float(ctx.rng.normal(0.0, how.noise)) if how.noise > 0 else 0.0
            out.append(min(spec.hi, max(spec.lo, ctx.values[name] + how.bias + noise)))
    return out


@pytest.mark.parametrize("scenario", ["second-visit", "review-sprint"])
def test_readings_draw_what_normal_draws(scenario: str):
    ruleset = load_ruleset(scenario)
    for seed in range(20):
        state = new_game(ruleset, seed)
        ours = TurnContext(ruleset, state.copy(), generator_from_state(state.rng_state))
        theirs = TurnContext(ruleset, state.copy(), generator_from_state(state.rng_state))
        readings = advisors.read_all(ours)
        expected = one_at_a_time(theirs)
        assert [r["estimate"] for r in readings] == [round(v) for v in expected]
        assert ours.rng.bit_generator.state == theirs.rng.bit_generator.state
