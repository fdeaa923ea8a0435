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
from operator import itemgetter
from typing import Any

# The figures a player sees, by variable name; each sector adds its US tariff and counter-tariff.
FIGURES: tuple[str, ...] = (
    "approval",
    "gdp_gap",
    "unemployment",
    "inflation",
    "fiscal_room",
    "capital",
    "talks.progress",
)
SECTOR_FIGURES: tuple[str, ...] = ("us_tariff", "counter_tariff")


def figures_of(sector_ids: list[str]) -> tuple[str, ...]:
    """Every figure the ledger follows, for a scenario with these sectors."""
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
        self.figures = tuple(f for f in figures if f in values)
        self.start = {f: values[f] for f in self.figures}
        self._read = itemgetter(*self.figures) if len(self.figures) > 1 else None
        self._seen = self._snapshot()
        self._last = dict(self.start)
        self._booked: dict[str, dict[Cause, float]] = {f: {} for f in self.figures}

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
        cause: Cause | None = None
        last = self._last
        for name, now in zip(self.figures, seen, strict=True):
            before = last[name]
            if now != before:
                cause = cause or Cause(kind, id, label or kind)
                booked = self._booked[name]
                booked[cause] = booked.get(cause, 0.0) + (now - before)
                last[name] = now

    def changes(self, still: bool = False) -> dict[str, Change]:
        """Every figure that moved this turn (with ``still``, every figure), with its causes,
        largest first."""
        out: dict[str, Change] = {}
        for name in self.figures:
            end = self._values[name]
            if end == self.start[name] and not self._booked[name] and not still:
                continue
            causes = sorted(self._booked[name].items(), key=lambda item: -abs(item[1]))
            out[name] = Change(name, self.start[name], end, [(c, d) for c, d in causes if d])
        return out
