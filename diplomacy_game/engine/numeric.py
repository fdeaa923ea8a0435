"""Arithmetic with one defined order, so that a game is the same on every Python version and
the batch engine (numpy over many games) gives the single-game engine's results bit for bit.

Python's built-in ``sum`` of floats adds left to right up to 3.11 and with compensation
from 3.12; the engine adds left to right everywhere, in the same order as the batch engine.
``max``/``min`` of two numbers follow Python's rule (the first unless a later one is strictly
greater/less); ``pmax``/``pmin`` are the same rule over numpy arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


def seq_sum(values: Iterable[float]) -> float:
    """Left-to-right sum of floats, the same on every Python version."""
    total = 0.0
    for value in values:
        total += value
    return total


def pmax(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray | float:
    """Python's ``max(a, b)``, element by element; plain numbers for plain numbers (one
    game's economy compares a few a turn, and a 0-d array for each costs more than the rest)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.where(b > a, b, a)
    return b if b > a else a


def pmin(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray | float:
    """Python's ``min(a, b)``, element by element; plain numbers for plain numbers."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.where(b < a, b, a)
    return b if b < a else a


@dataclass(frozen=True)
class Arith:
    """How a rule computes, so that one body serves one game (Python numbers) or many
    (numpy arrays, ``engine/batch``): each operation is Python's, element by element."""

    max: Callable[[Any, Any], Any]  # max(a, b): a unless b > a
    min: Callable[[Any, Any], Any]  # min(a, b): a unless b < a
    exp: Callable[[Any], Any]  # math.exp (libm's, the same bits for every game)
    where: Callable[[Any, Any, Any], Any]  # a if cond else b
    both: Callable[[Any, Any], Any]  # a and b, of booleans
    either: Callable[[Any, Any], Any]  # a or b, of booleans
    negate: Callable[[Any], Any]  # not a
    any: Callable[[Any], bool]  # whether it holds for any game


def _choose(cond: Any, a: Any, b: Any) -> Any:
    return a if cond else b


ONE_GAME = Arith(
    max=max,
    min=min,
    exp=math.exp,
    where=_choose,
    both=lambda a, b: a and b,
    either=lambda a, b: a or b,
    negate=lambda a: not a,
    any=bool,
)


def first_holding(tests: Sequence[Callable[[Any], Any]], among: Any, ar: Arith) -> Any:
    """The position of the first test that holds (-1: none), for one game (``among`` True)
    or many (``among`` a mask of the games concerned). A test is asked only for the games
    where no earlier one held (``test(among)``): a condition that draws draws only there."""
    chosen: Any = -1
    for k, test in enumerate(tests):
        if not ar.any(among):
            break
        hit = ar.both(among, test(among))
        chosen = ar.where(hit, k, chosen)
        among = ar.both(among, ar.negate(hit))
    return chosen
