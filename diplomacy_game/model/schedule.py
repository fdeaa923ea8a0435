"""A tariff schedule for the economy sandbox: per-sector tariffs switched on and off over time.

::

    title = "C1: 25% on everything, Canada retaliates"
    quarters = 8
    start = 2025-01-01            # optional: lets steps use dates
    [[step]]
    at = 0                        # a quarter number, or a date such as 2025-03-04
    ieepa_rate = { all = 25, energy = 10 }
    cusma_share = { all = 0.0 }
    counter_tariff = { all = 25, energy = 0 }
    uncertainty = 80

In each table ``all`` sets every sector, then named sectors override it.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from diplomacy_game.model.content import Entity  # unknown keys refused, numbers finite


class Step(Entity):
    at: int | dt.date = Field(description="Quarter number from the start (0 = at once), or a date")
    us_tariff: dict[str, float] = Field(default_factory=dict)
    ieepa_rate: dict[str, float] = Field(default_factory=dict)
    cusma_share: dict[str, float] = Field(default_factory=dict)
    counter_tariff: dict[str, float] = Field(default_factory=dict)
    support: dict[str, float] = Field(default_factory=dict)
    uncertainty: float | None = Field(None, ge=0, le=100)
    ieepa_scale: float | None = Field(None, ge=0, le=3)
    note: str = ""


class Schedule(Entity):
    title: str
    description: str = ""
    quarters: int = Field(ge=1, le=40)
    start: dt.date | None = None
    uncertainty: float = Field(0.0, ge=0, le=100, description="Uncertainty index at the start")
    step: list[Step] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_need_a_start(self) -> Schedule:
        for index, step in enumerate(self.step):
            if isinstance(step.at, dt.date) and self.start is None:
                raise ValueError(f"step[{index}] is dated: give the schedule a 'start' date")
            if isinstance(step.at, dt.date) and self.start is not None and step.at < self.start:
                raise ValueError(f"step[{index}] ({step.at}) comes before the start ({self.start})")
            if isinstance(step.at, int) and not 0 <= step.at <= self.quarters:
                raise ValueError(f"step[{index}]: quarter {step.at} is outside 0..{self.quarters}")
        return self
