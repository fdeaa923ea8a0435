"""The rules' arithmetic over many games (``numeric.Arith``): numpy arrays, element by element
as Python computes one game."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from diplomacy_game.engine.numeric import Arith, pmax, pmin


def exp_each(x: Any) -> np.ndarray:
    """``math.exp`` of each element: libm's exponential, the one the single-game engine uses
    (numpy's own may differ in the last bit). Computed once per distinct value."""
    values, inverse = np.unique(np.asarray(x, dtype=float), return_inverse=True)
    return np.array([math.exp(v) for v in values.tolist()])[inverse.reshape(np.shape(x))]


MANY_GAMES = Arith(
    max=pmax,
    min=pmin,
    exp=exp_each,
    where=np.where,
    both=np.logical_and,
    either=np.logical_or,
    negate=np.logical_not,
    any=np.any,
)
