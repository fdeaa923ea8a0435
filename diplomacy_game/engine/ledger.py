"""The ledger of causes: for every figure a player sees, what moved it this turn and by how much.

A turn is resolved as a sequence of steps (each answer, each action, each delayed effect, the
economy, the US posture, each event, domestic politics, the capital refill). The ledger takes a
snapshot of the visible figures before the turn and after every step, and books each step's
difference to that step. The contributions of a figure therefore add up to its change over the
turn by construction (up to the last bit of float addition), whatever the content does.

The ledger is kept by the turn engine only; the batch engine, which plays thousands of games for
statistics, does not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from operator import itemgetter, ne
from typing import Any

# The figures a player sees, by variable name; each sector adds its tariffs and its jobs.
FIGURES: tuple[str, ...] = (
    "approval",
    "gdp_gap",
    "unemployment",
    "inflation",
    "fiscal_room",
    "capital",
    "talks.progress",
    "us.ieepa_scale",  # the share of the layer on goods not claiming CUSMA in force
)
SECTOR_FIGURES: tuple[str, ...] = (
    "us_tariff",
    "ieepa_rate",
    "cusma_share",
    "counter_tariff",
    "jobs",
)


def figures_of(sector_ids: list[str]) -> tuple[str, ...]:
    """Every figure the ledger follows, for a scenario with these sectors."""
    return _figures(tuple(sector_ids))


@cache  # asked every turn, of the few scenarios there are
def _figures(sector_ids: tuple[str, ...]) -> tuple[str, ...]:
    return FIGURES + tuple(f"sector.{s}.{f}" for s in sector_ids for f in SECTOR_FIGURES)


@dataclass(frozen=True)
class Cause:
    """What moved a figure: a kind ("action", "answer", "delayed", "economy", "drift",
    "posture", "event", "domestic", "capital"), the content id when there is one, and the
    player's words for it."""

    kind: str
    id: str
    label: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "label": self.label}


@dataclass
class Change:
    """One figure over one turn: where it started, where it ended, and why."""

    figure: str
    start: float
    end: float
    causes: list[tuple[Cause, float]] = field(default_factory=list)

    @property
    def delta(self) -> float:
        return self.end - self.start

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "causes": [
                {"cause": c.label, "kind": c.kind, "id": c.id, "delta": d} for c, d in self.causes
            ],
        }


class Ledger:
    """Books the change of every followed figure to the step that made it."""

    def __init__(self, values: dict[str, float], figures: tuple[str, ...]):
        self._values = values
        self.figures = tuple(filter(values.__contains__, figures))
        self._read = itemgetter(*self.figures) if len(self.figures) > 1 else None
        self._seen = self._snapshot()
        self.start = dict(zip(self.figures, self._seen, strict=True))
        self._last = list(self._seen)  # each figure as last booked, in ``figures``' order
        # Each figure's bookings by cause, keyed by (kind, id, label): a tuple hashes in C,
        # a Cause in Python, and a turn books a few hundred times.
        self._booked: list[dict[tuple[str, str, str], float]] = [{} for _ in self.figures]
        self._causes: dict[tuple[str, str, str], Cause] = {}

    def _snapshot(self) -> tuple[float, ...]:
        if self._read is None:
            return tuple(self._values[f] for f in self.figures)
        return self._read(self._values)

    def mark(self, kind: str, id: str = "", label: str = "") -> None:
        """Book every change since the last mark to this cause."""
        seen = self._snapshot()
        if seen == self._seen:  # most steps move few figures, many none
            return
        self._seen = seen
        last = self._last
        moved = list(compress(range(len(seen)), map(ne, seen, last)))  # now != before, in C
        if not moved:
            return
        key = (kind, id, label or kind)
        if key not in self._causes:
            self._causes[key] = Cause(*key)
        for k in moved:
            now, before = seen[k], last[k]
            booked = self._booked[k]
            booked[key] = booked.get(key, 0.0) + (now - before)
            last[k] = now

    def part(self, figure: str, kind: str, id: str, label: str, amount: float) -> None:
        """Book ``amount`` of a figure's change since the last mark to this cause, the rest
        of it staying for the next mark: a step that moves a figure for several reasons it
        can tell apart (the economy's fiscal room: support paid, counter-tariff revenue)."""
        if not amount or figure not in self.start:
            return
        k = self.figures.index(figure)
        key = (kind, id, label or kind)
        if key not in self._causes:
            self._causes[key] = Cause(*key)
        booked = self._booked[k]
        booked[key] = booked.get(key, 0.0) + amount
        self._last[k] += amount

    def changes(self, still: bool = False) -> dict[str, Change]:
        """Every figure that moved this turn (with ``still``, every figure), with its causes,
        largest first."""
        out: dict[str, Change] = {}
        cause_of = self._causes
        values, start = self._values, self.start
        for name, booked in zip(self.figures, self._booked, strict=True):
            end = values[name]
            if not booked:  # most figures, most turns
                if still or end != start[name]:
                    out[name] = Change(name, start[name], end, [])
                continue
            causes = (
                sorted(booked.items(), key=_largest_first) if len(booked) > 1 else booked.items()
            )
            out[name] = Change(name, start[name], end, [(cause_of[k], d) for k, d in causes if d])
        return out


def _largest_first(booking: tuple[Any, float]) -> float:
    return -abs(booking[1])
