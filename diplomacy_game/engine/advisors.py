"""Advisors read the hidden US state through their own bias and noise, and speak in bands."""

from __future__ import annotations

from typing import Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, Arith
from diplomacy_game.engine.variables import VarSpec


def band(bands: list[tuple[float, str]], value: float) -> str:
    label = bands[0][1]
    for low, name in bands:
        if value >= low:
            label = name
    return label


def estimate(spec: VarSpec, value: Any, bias: float, noise: Any, ar: Arith) -> Any:
    """An advisor's reading of a hidden value: the value through their bias and this turn's
    noise, held within the variable's range (rounded to a whole number when spoken)."""
    return ar.min(spec.hi, ar.max(spec.lo, value + bias + noise))


def read_all(ctx: TurnContext) -> list[dict[str, Any]]:
    """Each advisor's reading of each variable they follow: a band word and an estimate."""
    readings = {r.variable: r for r in ctx.ruleset.readings}
    # normal(0, s) is 0 + s * a standard normal draw (numpy's own formula): every noisy
    # reading's standard draw is made in one call, in the readings' order, the same numbers.
    noisy = sum(1 for a in ctx.ruleset.advisors for how in a.reads.values() if how.noise > 0)
    standard = iter(ctx.rng.standard_normal(noisy).tolist())
    out: list[dict[str, Any]] = []
    for advisor in ctx.ruleset.advisors:
        for name, how in advisor.reads.items():
            spec = ctx.ruleset.variables[name]
            noise = 0.0 + how.noise * next(standard) if how.noise > 0 else 0.0
            value = estimate(spec, ctx.values[name], how.bias, noise, ONE_GAME)
            reading = readings.get(name)
            out.append(
                {
                    "advisor": advisor.id,
                    "variable": name,
                    "label": reading.label if reading else spec.description,
                    "estimate": round(value),
                    "band": band(reading.bands, value) if reading else "",
                }
            )
    return out


def mean_estimate(readings: list[dict[str, Any]], variable: str) -> float | None:
    """The advisors' mean estimate of a variable (what the player can know of it)."""
    estimates = [r["estimate"] for r in readings if r["variable"] == variable]
    return round(sum(estimates) / len(estimates), 2) if estimates else None
