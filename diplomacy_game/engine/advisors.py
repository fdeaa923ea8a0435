"""Advisors read the hidden US state through their own bias and error, and speak in bands.

An advisor's error is not drawn afresh each turn: it carries over, so that a reading changes
when the value does and not because the dice did. With persistence ``p`` (the advisor's
``persistence`` in the content), this turn's error is ``p`` of last turn's plus fresh noise::

    error = p * last_error + sqrt(1 - p * p) * noise * z        (z a standard normal draw)

so the error's spread stays the read's ``noise`` while it moves slowly from turn to turn; the
first reading of a game draws ``noise * z``. The draws are the same numbers in the same order
whatever ``p`` is (one standard normal per noisy reading each turn), so ``p`` changes the
readings and nothing else of a game. ``p = 0`` is a fresh error every turn.

A reading's word then changes only when the estimate clears a band's edge by the reading's
``margin`` (hysteresis): an estimate that wanders a point or two either side of an edge keeps
the word it had. The batch engine (``engine/batch``) carries the errors the same way through
``carry_error``; it keeps the estimates the strategies read, not the words.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

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


def _band_index(bands: list[tuple[float, str]], value: float) -> int:
    index = 0
    for k, (low, _) in enumerate(bands):
        if value >= low:
            index = k
    return index


def held_band(bands: list[tuple[float, str]], value: float, margin: float, previous: str) -> str:
    """The word for an estimate when the advisor last used ``previous``: it moves up a band
    only once the estimate is ``margin`` past that band's lower edge, and down only once it is
    ``margin`` below the edge of the band it had; otherwise the word stays."""
    words = [name for _, name in bands]
    if margin <= 0 or previous not in words:
        return band(bands, value)
    was = words.index(previous)
    up = _band_index(bands, value - margin)
    down = _band_index(bands, value + margin)
    if up > was:
        return words[up]
    if down < was:
        return words[down]
    return previous


class Read(NamedTuple):
    """How one advisor reads one variable (``_plan``)."""

    advisor: str
    variable: str
    spec: VarSpec
    noise: float
    bias: float
    persistence: float
    fresh: float  # the spread of the fresh part of the error: sqrt(1 - p * p) * noise
    label: str
    bands: list[tuple[float, str]] | None
    margin: float


def fresh_spread(noise: float, persistence: float) -> float:
    """The spread of an error's new part, so that the error's own spread stays ``noise``."""
    return math.sqrt(1.0 - persistence * persistence) * noise


def carry_error(previous: Any, z: Any, read: Read) -> Any:
    """This turn's error of a noisy reading from last turn's (None: the game's first reading)
    and this turn's standard normal draw ``z``; numbers or arrays alike."""
    if read.persistence <= 0 or previous is None:
        # normal(0, s) is 0 + s * a standard normal draw (numpy's own formula)
        return 0.0 + read.noise * z
    return read.persistence * previous + read.fresh * z


def estimate(spec: VarSpec, value: Any, bias: float, noise: Any, ar: Arith) -> Any:
    """An advisor's reading of a hidden value: the value through their bias and their error
    this turn, held within the variable's range (rounded to a whole number when spoken)."""
    return ar.min(spec.hi, ar.max(spec.lo, value + bias + noise))


@lru_cache(maxsize=8)  # a ruleset is one object, hashed by identity
def plan(ruleset: Ruleset) -> tuple[list[Read], int]:
    """What ``read_all`` reads, in its order, once per ruleset; and how many reads are noisy."""
    readings = {r.variable: r for r in ruleset.readings}
    out = []
    for advisor in ruleset.advisors:
        for name, how in advisor.reads.items():
            spec = ruleset.variables[name]
            reading = readings.get(name)
            p = advisor.persistence
            out.append(
                Read(
                    advisor=advisor.id,
                    variable=name,
                    spec=spec,
                    noise=how.noise,
                    bias=how.bias,
                    persistence=p,
                    fresh=fresh_spread(how.noise, p),
                    label=reading.label if reading else spec.description,
                    bands=reading.bands if reading else None,
                    margin=reading.margin if reading else 0.0,
                )
            )
    return out, sum(1 for read in out if read.noise > 0)


def read_all(ctx: TurnContext) -> list[dict[str, Any]]:
    """Each advisor's reading of each variable they follow: a band word and an estimate,
    carried on from the advisors' last readings (``ctx.state.readings``)."""
    reads, noisy = plan(ctx.ruleset)
    # every noisy reading's standard draw is made in one call, in the readings' order
    standard = iter(ctx.rng.standard_normal(noisy).tolist())
    last = {(r["advisor"], r["variable"]): r for r in ctx.state.readings}
    values = ctx.values
    out: list[dict[str, Any]] = []
    for read in reads:
        before = last.get((read.advisor, read.variable))
        error = 0.0
        if read.noise > 0:
            previous = before.get("error") if before is not None else None
            if not isinstance(previous, float) or not math.isfinite(previous):
                previous = None  # a reading that kept no error (or a damaged one): a fresh one
            error = carry_error(previous, next(standard), read)
        value = estimate(read.spec, values[read.variable], read.bias, error, ONE_GAME)
        word = ""
        if read.bands is not None:
            said = str(before["band"]) if before is not None else ""
            word = held_band(read.bands, value, read.margin, said)
        reading = {
            "advisor": read.advisor,
            "variable": read.variable,
            "label": read.label,
            "estimate": round(value),
            "band": word,
        }
        if read.persistence > 0:  # the error the next turn carries on
            reading["error"] = error
        out.append(reading)
    return out


def mean_estimate(readings: list[dict[str, Any]], variable: str) -> float | None:
    """The advisors' mean estimate of a variable (what the player can know of it)."""
    estimates = [r["estimate"] for r in readings if r["variable"] == variable]
    return round(sum(estimates) / len(estimates), 2) if estimates else None
