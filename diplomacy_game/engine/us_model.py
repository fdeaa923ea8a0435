"""The US president: a posture each turn, drawn from a softmax over content-defined utilities.

Each posture's utility is an expression in the content (``[[posture]]``) over the hidden US
state and the scenario's profile traits; the draw's temperature is the profile's
unpredictability. Between turns the president's memory fades: affronts by the profile's
vindictiveness, banked concessions steadily.
"""

from __future__ import annotations

import math

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import seq_sum
from diplomacy_game.model.content import POSTURES

BANKED_FADE = 0.85  # share of banked concessions still counted a turn later


def posture_probabilities(ctx: TurnContext) -> dict[str, float]:
    temperature = max(ctx.values["profile.unpredictability"], 0.05)
    utilities = [float(ctx.ruleset.postures[p].utility.fn(ctx)) for p in POSTURES]
    top = max(utilities)
    weights = [math.exp((u - top) / temperature) for u in utilities]
    total = seq_sum(weights)
    return {p: w / total for p, w in zip(POSTURES, weights, strict=True)}


def choose_posture(ctx: TurnContext) -> str:
    """Draw this turn's posture and apply what choosing it does by itself."""
    probs = posture_probabilities(ctx)
    draw = ctx.rng.random()
    chosen = POSTURES[-1]
    cumulative = 0.0
    for posture in POSTURES:
        cumulative += probs[posture]
        if draw < cumulative:
            chosen = posture
            break
    ctx.state.posture = chosen
    effects = ctx.ruleset.postures[chosen].effects
    if effects is not None:
        effects(ctx)
    return chosen


def fade_memory(ctx: TurnContext) -> None:
    v = ctx.values
    vindictiveness = max(v["profile.vindictiveness"], 0.5)
    v["us.affront"] = ctx.clamp_value(
        "us.affront", v["us.affront"] * math.exp(-1.0 / vindictiveness)
    )
    v["us.banked"] = ctx.clamp_value("us.banked", v["us.banked"] * BANKED_FADE)
