"""The economy on its own: run a tariff schedule from a no-tariff baseline, quarter by quarter.

It is the classroom's "what if" calculator and the calibration harness: no events, no US or
domestic model, only the sectors and the equations of ``economy.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from diplomacy_game.engine.economy import Economy, EconomyParams
from diplomacy_game.engine.variables import CORE, SECTOR_FIELDS
from diplomacy_game.model.content import Sector
from diplomacy_game.model.schedule import Schedule

TURN_DAYS = 14
DAYS_PER_QUARTER = 365.25 / 4
FIELDS = ("us_tariff", "ieepa_rate", "cusma_share", "counter_tariff", "support")
# What a schedule may set each field to: the game's own bounds for these sector variables.
RANGES = {fld: (lo, hi) for fld, lo, hi, _, _ in SECTOR_FIELDS if fld in FIELDS}


class ScheduleError(ValueError):
    """A schedule that names an unknown sector or sets a value out of its range: one line per
    problem, each naming the step."""


def schedule_problems(schedule: Schedule, sector_ids: Sequence[str]) -> list[str]:
    """Every problem of a schedule against these sectors, one line each ([] when none)."""
    known = ", ".join(["all", *sector_ids])
    problems = []
    for index, step in enumerate(schedule.step):
        for fld in FIELDS:
            table: dict[str, float] = getattr(step, fld)
            unknown = sorted(set(table) - set(sector_ids) - {"all"})
            if unknown:
                problems.append(
                    f"step[{index}].{fld}: unknown sector(s) {', '.join(unknown)}; known: {known}"
                )
            lo, hi = RANGES[fld]
            wrong = [f"{sid} = {value:g}" for sid, value in table.items() if not lo <= value <= hi]
            if wrong:
                problems.append(
                    f"step[{index}].{fld}: {', '.join(wrong)} is outside {lo:g} to {hi:g}"
                )
    return problems


def baseline_values(sectors: Sequence[Sector]) -> dict[str, float]:
    """The no-tariff path: every gap zero, exports and jobs at their base levels."""
    values = {v.name: float(v.initial) for v in CORE}
    for key in ("gdp_gap", "unemployment_gap", "inflation_gap", "uncertainty", "fiscal_room"):
        values[key] = 0.0
    values["us.ieepa_scale"] = 1.0
    for s in sectors:
        prefix = f"sector.{s.id}."
        values.update(
            {
                prefix + "us_tariff": 0.0,
                prefix + "ieepa_rate": 0.0,
                prefix + "cusma_share": s.cusma_share,
                prefix + "counter_tariff": 0.0,
                prefix + "support": 0.0,
                prefix + "exports": s.exports,
                prefix + "output": 100.0,
                prefix + "jobs": s.jobs,
                prefix + "jobs_change": 0.0,
                prefix + "effective_tariff": 0.0,
                prefix + "us_price": 0.0,
                prefix + "us_cost": 0.0,
            }
        )
    return values


def _step_turn(schedule: Schedule, at: int | dt.date) -> int:
    if isinstance(at, dt.date):
        assert schedule.start is not None
        return (at - schedule.start).days // TURN_DAYS
    return round(at * DAYS_PER_QUARTER / TURN_DAYS)


def _apply(values: dict[str, float], sector_ids: list[str], step: Any) -> None:
    for fld in FIELDS:
        table: dict[str, float] = getattr(step, fld)
        if "all" in table:
            for sid in sector_ids:
                values[f"sector.{sid}.{fld}"] = float(table["all"])
        for sid, value in table.items():
            if sid != "all":
                values[f"sector.{sid}.{fld}"] = float(value)
    if step.uncertainty is not None:
        values["uncertainty"] = float(step.uncertainty)
    if step.ieepa_scale is not None:
        values["us.ieepa_scale"] = float(step.ieepa_scale)


def _sector_rows(
    sectors: Sequence[Sector], values: dict[str, float], exports: np.ndarray
) -> dict[str, dict[str, float]]:
    out = {}
    for s, average in zip(sectors, exports.tolist(), strict=True):
        prefix = f"sector.{s.id}."
        out[s.id] = {
            "exports": round(average, 3),
            "exports_change_pct": round((average / s.exports - 1.0) * 100.0, 4),
            "output_index": round(values[prefix + "output"], 3),
            "jobs_thousands": round(values[prefix + "jobs"], 3),
            "jobs_change_pct": round((values[prefix + "jobs"] / s.jobs - 1.0) * 100.0, 4),
            "effective_tariff_pct": round(values[prefix + "effective_tariff"], 4),
            "us_price_pct": round(values[prefix + "us_price"], 4),
            "us_duties": round(values[prefix + "us_cost"], 3),
        }
    return out


def run_schedule(
    sectors: Sequence[Sector], schedule: Schedule, params: EconomyParams | None = None
) -> list[dict[str, Any]]:
    """One row per quarter: deviations from the no-tariff path, the effective tariffs, the US
    side, and per sector exports (the quarter's average), output, jobs and US prices."""
    sector_ids = [s.id for s in sectors]
    problems = schedule_problems(schedule, sector_ids)
    if problems:
        raise ScheduleError("\n".join(problems))
    economy = Economy(sectors, params)
    values = baseline_values(sectors)
    values["uncertainty"] = schedule.uncertainty
    base_exports = sum(s.exports for s in sectors)
    steps = sorted(schedule.step, key=lambda st: _step_turn(schedule, st.at))
    total_turns = round(schedule.quarters * DAYS_PER_QUARTER / TURN_DAYS)
    quarter_ends = {
        round(q * DAYS_PER_QUARTER / TURN_DAYS): q for q in range(1, schedule.quarters + 1)
    }
    rows: list[dict[str, Any]] = []
    exports_sum = 0.0
    sector_exports_sum = np.zeros(len(sector_ids))
    turns_in_quarter = 0
    index = 0
    for turn in range(total_turns):
        while index < len(steps) and _step_turn(schedule, steps[index].at) <= turn:
            _apply(values, sector_ids, steps[index])
            index += 1
        economy.step(values, TURN_DAYS / 365.0)
        exports_sum += values["exports_us"]
        sector_exports_sum += [values[f"sector.{sid}.exports"] for sid in sector_ids]
        turns_in_quarter += 1
        quarter = quarter_ends.get(turn + 1)
        if quarter is None:
            continue
        row: dict[str, Any] = {"quarter": quarter}
        if schedule.start is not None:
            row["ends"] = (
                schedule.start
                + dt.timedelta(days=round(quarter * DAYS_PER_QUARTER))
                - dt.timedelta(days=1)
            ).isoformat()
            # from the first day of a calendar quarter, the quarters are the calendar's
            if schedule.start.day == 1 and schedule.start.month % 3 == 1:
                n = (schedule.start.month - 1) // 3 + quarter - 1
                row["calendar_quarter"] = f"{schedule.start.year + n // 4} Q{n % 4 + 1}"
        average_exports = exports_sum / turns_in_quarter
        row.update(
            {
                "gdp_gap_pct": round(values["gdp_gap"], 4),
                "unemployment_gap_pp": round(values["unemployment_gap"], 4),
                "inflation_gap_pp": round(values["inflation_gap"], 4),
                "exports_us": round(average_exports, 3),
                "exports_us_change_pct": round((average_exports / base_exports - 1.0) * 100.0, 4),
                "effective_us_tariff_pct": round(values["effective_us_tariff"], 4),
                "effective_ca_tariff_pct": round(values["effective_ca_tariff"], 4),
                "jobs_lost_thousands": round(values["jobs_lost"], 3),
                "us_price_level_pct": round(values["us.price_level"], 4),
                "us_gdp_gap_pct": round(values["us.gdp_gap"], 4),
                "us_duties": round(sum(values[f"sector.{sid}.us_cost"] for sid in sector_ids), 3),
                "us_relief": round(values["us.relief"], 3),
                "sectors": _sector_rows(sectors, values, sector_exports_sum / turns_in_quarter),
            }
        )
        rows.append(row)
        exports_sum, turns_in_quarter = 0.0, 0
        sector_exports_sum = np.zeros(len(sector_ids))
    return rows
