"""Advisors read the hidden US state through their own bias and noise, and speak in bands."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, Arith
from diplomacy_game.engine.variables import VarSpec

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset


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


@lru_cache(maxsize=8)  # a ruleset is one object, hashed by identity
def _plan(ruleset: Ruleset) -> tuple[list[tuple[str, str, VarSpec, float, float, str, Any]], int]:
    """What ``read_all`` reads, in its order, once per ruleset: (advisor, variable, its spec,
    noise, bias, the reading's label, its bands or None); and how many readings are noisy."""
    readings = {r.variable: r for r in ruleset.readings}
    plan = []
    for advisor in ruleset.advisors:
        for name, how in advisor.reads.items():
            spec = ruleset.variables[name]
            reading = readings.get(name)
            label = reading.label if reading else spec.description
            bands = reading.bands if reading else None
            plan.append((advisor.id, name, spec, how.noise, how.bias, label, bands))
    return plan, sum(1 for entry in plan if entry[3] > 0)


def read_all(ctx: TurnContext) -> list[dict[str, Any]]:
    """Each advisor's reading of each variable they follow: a band word and an estimate."""
    plan, noisy = _plan(ctx.ruleset)
    # normal(0, s) is 0 + s * a standard normal draw (numpy's own formula): every noisy
    # reading's standard draw is made in one call, in the readings' order, the same numbers.
    standard = iter(ctx.rng.standard_normal(noisy).tolist())
    values = ctx.values
    out: list[dict[str, Any]] = []
    for advisor_id, name, spec, noise_sd, bias, label, bands in plan:
        noise = 0.0 + noise_sd * next(standard) if noise_sd > 0 else 0.0
        value = estimate(spec, values[name], bias, noise, ONE_GAME)
        out.append(
            {
                "advisor": advisor_id,
                "variable": name,
                "label": label,
                "estimate": round(value),
                "band": band(bands, value) if bands is not None else "",
            }
        )
    return out


def mean_estimate(readings: list[dict[str, Any]], variable: str) -> float | None:
    """The advisors' mean estimate of a variable (what the player can know of it)."""
    estimates = [r["estimate"] for r in readings if r["variable"] == variable]
    return round(sum(estimates) / len(estimates), 2) if estimates else None
