"""The US president: a posture each turn, drawn from a softmax over content-defined utilities.

Each posture's utility is an expression in the content (``[[posture]]``) over the hidden US
state and the scenario's profile traits; the draw's temperature is the profile's
unpredictability. Between turns the president's memory fades: affronts by the profile's
vindictiveness, banked concessions steadily.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, Arith
from diplomacy_game.model.content import POSTURES

BANKED_FADE = 0.85  # share of banked concessions still counted a turn later


def posture_weights(
    utilities: Sequence[Any], unpredictability: Any, ar: Arith
) -> tuple[list[Any], Any]:
    """The softmax of the postures' utilities (in ``POSTURES`` order) at the profile's
    temperature: each posture's weight and their total (a posture's chance is weight/total)."""
    temperature = ar.max(unpredictability, 0.05)
    top = utilities[0]
    for u in utilities[1:]:
        top = ar.max(top, u)
    weights = [ar.exp((u - top) / temperature) for u in utilities]
    total = 0.0
    for w in weights:
        total = total + w
    return weights, total


def posture_drawn(weights: Sequence[Any], total: Any, draw: Any, ar: Arith) -> Any:
    """The position in ``POSTURES`` that a uniform draw in [0, 1) picks (the last posture
    when rounding leaves the draw above every cumulative chance)."""
    chosen: Any = len(POSTURES) - 1
    decided: Any = False
    cumulative = 0.0
    for k, w in enumerate(weights):
        cumulative = cumulative + w / total
        hit = ar.both(ar.negate(decided), draw < cumulative)
        chosen = ar.where(hit, k, chosen)
        decided = ar.where(hit, True, decided)
    return chosen


def fade_memory(get: Callable[[str], Any], put: Callable[[str, Any], None], ar: Arith) -> None:
    """Between turns affronts fade by the profile's vindictiveness, banked concessions
    steadily: ``put`` clamps and stores a value."""
    vindictiveness = ar.max(get("profile.vindictiveness"), 0.5)
    put("us.affront", get("us.affront") * ar.exp(-1.0 / vindictiveness))
    put("us.banked", get("us.banked") * BANKED_FADE)


def choose_posture(ctx: TurnContext) -> str:
    """Draw this turn's posture and apply what choosing it does by itself."""
    utilities = [float(ctx.ruleset.postures[p].utility.fn(ctx)) for p in POSTURES]
    weights, total = posture_weights(utilities, ctx.values["profile.unpredictability"], ONE_GAME)
    chosen = POSTURES[posture_drawn(weights, total, ctx.rng.random(), ONE_GAME)]
    ctx.state.posture = chosen
    effects = ctx.ruleset.postures[chosen].effects
    if effects is not None:
        effects(ctx)
    return chosen


def step_memory(ctx: TurnContext) -> None:
    """``fade_memory`` for one game."""
    v = ctx.values

    def put(name: str, value: float) -> None:
        v[name] = ctx.clamp_value(name, value)

    fade_memory(v.__getitem__, put, ONE_GAME)
