"""The game state: plain data that serialises to JSON and copies cheaply.

Everything the game needs to continue is here, the generator's state included, so a saved
game continues exactly as an unsaved one would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from math import inf
from typing import Any

import numpy as np

from diplomacy_game.engine.variables import VarSpec


def new_generator(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


# What a generator is seeded with before its saved state replaces the seed's. PCG64() would
# seed it from the system's entropy: half the cost of building a generator, every turn.
_PLACEHOLDER_SEED = np.random.SeedSequence(0)


def generator_from_state(state: dict[str, Any]) -> np.random.Generator:
    bit_gen = np.random.PCG64(_PLACEHOLDER_SEED)
    bit_gen.state = state
    return np.random.Generator(bit_gen)


@dataclass
class GameState:
    scenario_id: str
    seed: int
    start: dt.date
    turn_days: int
    last_turn: int
    turn: int = 0
    values: dict[str, float] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    rng_state: dict[str, Any] = field(default_factory=dict)
    # event -> [count, last turn], action -> [count, last turn]: a record is replaced whole,
    # never changed in place, so a copy of the state shares the records themselves.
    fired: dict[str, list[int]] = field(default_factory=dict)
    taken: dict[str, list[int]] = field(default_factory=dict)
    scheduled: list[list[Any]] = field(default_factory=list)  # [due turn, event id]
    delayed: list[list[Any]] = field(
        default_factory=list
    )  # [due turn, action id, variant, index, params]
    pending: list[str] = field(default_factory=list)  # events awaiting the player's answer
    posture: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)  # advisors' latest readings
    ending: dict[str, Any] | None = None
    assignment: dict[str, Any] | None = None  # class, student, scenario, seed, memo_required

    @property
    def date(self) -> dt.date:
        """The first day of the next turn to play (or the end date once over)."""
        return self.start + dt.timedelta(days=self.turn * self.turn_days)

    @property
    def over(self) -> bool:
        return self.ending is not None

    def copy(self) -> GameState:
        return GameState(
            scenario_id=self.scenario_id,
            seed=self.seed,
            start=self.start,
            turn_days=self.turn_days,
            last_turn=self.last_turn,
            turn=self.turn,
            values=dict(self.values),
            flags=dict(self.flags),
            rng_state=_copy_rng_state(self.rng_state),
            fired=dict(self.fired),
            taken=dict(self.taken),
            scheduled=[list(x) for x in self.scheduled],
            delayed=[[x[0], x[1], list(x[2]), x[3], dict(x[4])] for x in self.delayed],
            pending=list(self.pending),
            posture=self.posture,
            history=list(self.history),
            decisions=list(self.decisions),
            readings=list(self.readings),
            ending=dict(self.ending) if self.ending else None,
            assignment=self.assignment,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            "seed": self.seed,
            "start": self.start.isoformat(),
            "turn_days": self.turn_days,
            "last_turn": self.last_turn,
            "turn": self.turn,
            "values": self.values,
            "flags": self.flags,
            "rng_state": self.rng_state,
            "fired": self.fired,
            "taken": self.taken,
            "scheduled": self.scheduled,
            "delayed": self.delayed,
            "pending": self.pending,
            "posture": self.posture,
            "history": self.history,
            "decisions": self.decisions,
            "readings": self.readings,
            "ending": self.ending,
            "assignment": self.assignment,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameState:
        fields = dict(data)
        fields["start"] = dt.date.fromisoformat(fields["start"])
        return cls(**fields)


def _copy_rng_state(state: dict[str, Any]) -> dict[str, Any]:
    out = dict(state)
    if isinstance(out.get("state"), dict):
        out["state"] = dict(out["state"])
    return out


def clamp_to(spec: VarSpec | None, value: float, old: float) -> float:
    """Clamp a new value into its variable's range; a non-number keeps the old value."""
    value = float(value)
    if value != value or value == inf or value == -inf:
        if value == inf and spec is not None:
            return spec.hi
        if value == -inf and spec is not None:
            return spec.lo
        return old
    if spec is None:
        return value
    # Bounds may be written as whole numbers; a value is always a float (100.0, not 100), so
    # that a game reloaded from JSON is the same game, bit for bit.
    return float(spec.lo) if value < spec.lo else float(spec.hi) if value > spec.hi else value
