"""The evaluation context: what content expressions see and change during a turn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from diplomacy_game.engine.language import NEVER
from diplomacy_game.engine.state import GameState, clamp_to, generator_from_state

if TYPE_CHECKING:
    from diplomacy_game.engine.ledger import Ledger
    from diplomacy_game.engine.rules import Ruleset

__all__ = ["NEVER", "TurnContext"]

_NO_RECORD = (0, 0)


class TurnContext:
    """Wraps a (copied) game state and the live generator for one turn's resolution."""

    def __init__(self, ruleset: Ruleset, state: GameState, rng: np.random.Generator | None):
        self.ruleset = ruleset
        self.state = state
        self._rng = rng
        self.values = state.values
        self.flags = state.flags
        self.params: dict[str, float] = {}
        self.current_turn = state.turn + 1  # the turn being resolved (1-based)
        self.due_now: list[str] = []  # events scheduled with no delay, fired this turn
        self.lines: list[str] = []
        self.ledger: Ledger | None = None  # kept by the turn engine (engine.ledger)

    def cause(self, kind: str, id: str = "", label: str = "") -> None:
        """Book the changes since the last step to this one (when a ledger is kept)."""
        if self.ledger is not None:
            self.ledger.mark(kind, id, label)

    @property
    def rng(self) -> np.random.Generator:
        """The game's generator (built from the saved state on first use in a preview)."""
        if self._rng is None:
            self._rng = generator_from_state(self.state.rng_state)
        return self._rng

    # Functions available to expressions --------------------------------------------------
    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi)) if hi > lo else float(lo)

    def event_record(self, event_id: str) -> tuple[int, int]:
        return self.state.fired.get(event_id, _NO_RECORD)

    def action_record(self, action_id: str) -> tuple[int, int]:
        return self.state.taken.get(action_id, _NO_RECORD)

    def posture_is(self, posture: str) -> bool:
        return self.state.posture == posture

    def schedule(self, event_id: str, turns: int) -> None:
        if turns <= 0:
            self.due_now.append(event_id)
        else:
            self.state.scheduled.append([self.current_turn + turns, event_id])

    def clamp_value(self, name: str, value: float) -> float:
        return clamp_to(self.ruleset.variables.get(name), value, self.values.get(name, 0.0))

    def with_params(self, params: dict[str, Any]) -> TurnContext:
        self.params = {k: float(v) for k, v in params.items() if isinstance(v, int | float)}
        return self
