"""Arithmetic with one defined order, so that a game is the same on every Python version and
the batch engine (numpy over many games) gives the single-game engine's results bit for bit.

Python's built-in ``sum`` of floats adds left to right up to 3.11 and with compensation
from 3.12; the engine adds left to right everywhere, in the same order as the batch engine.
``max``/``min`` of two numbers follow Python's rule (the first unless a later one is strictly
greater/less); ``pmax``/``pmin`` are the same rule over numpy arrays.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def seq_sum(values: Iterable[float]) -> float:
    """Left-to-right sum of floats, the same on every Python version."""
    total = 0.0
    for value in values:
        total += value
    return total


def pmax(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Python's ``max(a, b)``, element by element."""
    return np.where(b > a, b, a)


def pmin(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """Python's ``min(a, b)``, element by element."""
    return np.where(b < a, b, a)
