"""The command line's lists and tables as lines of text: scenarios, content problems, save
checks and the economy's quarters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from diplomacy_game import fmt


def scenario_rows(scenarios: Sequence[Any]) -> list[dict[str, Any]]:
    """One row per scenario, as ``scenarios --json`` prints them."""
    return [
        {
            "id": sc.id,
            "title": sc.title,
            "turns": sc.turns,
            "turn_days": sc.turn_days,
            "start": sc.start.isoformat(),
            "end": sc.end.isoformat(),
            "difficulty": sc.difficulty,
        }
        for sc in sorted(scenarios, key=lambda s: s.id)
    ]


def scenario_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The scenarios, one a line, ids in a column."""
    width = max((len(r["id"]) for r in rows), default=2)
    return [
        f"{r['id']:<{width}}  {r['title']}  ({r['turns']} turns of {r['turn_days']} days, "
        f"{r['start']} to {r['end']}, {r['difficulty']})"
        for r in rows
    ]


def validation_lines(
    errors: Sequence[Any], warnings: Sequence[Any], counts: dict[str, int], files: int
) -> list[str]:
    """Every problem, one a line, then the verdict and what was checked."""
    what = ", ".join(f"{n} {k}" for k, n in counts.items())
    verdict = "OK" if not errors else fmt.count(len(errors), "error")
    return [
        *(str(i) for i in [*errors, *warnings]),
        f"{verdict}, {fmt.count(len(warnings), 'warning')} — {what} in {fmt.count(files, 'file')}",
    ]


ECONOMY_COLUMNS = (
    ("quarter", 0, None),
    ("GDP %", 7, ("gdp_gap_pct", 2)),
    ("unemp pp", 8, ("unemployment_gap_pp", 2)),
    ("infl pp", 8, ("inflation_gap_pp", 2)),
    ("exports", 8, ("exports_us", 1)),
    ("change %", 8, ("exports_us_change_pct", 2)),
    ("US tariff %", 11, ("effective_us_tariff_pct", 2)),
    ("CA tariff %", 11, ("effective_ca_tariff_pct", 2)),
)


def economy_lines(
    title: str, quarters: list[dict[str, Any]], sector_names: dict[str, str] | None = None
) -> list[str]:
    """The economy sandbox's quarters as a table of deviations from the no-tariff path; the US
    side and the last quarter by sector when the rows carry them (each sector by its name in
    ``sector_names``, else its id)."""
    names = sector_names or {}
    out = [
        title,
        "Deviations from the no-tariff path. Exports: modelled sectors, C$ billion a year.",
        *_columns(ECONOMY_COLUMNS, [(_quarter(q), q) for q in quarters]),
    ]
    if quarters and "us_price_level_pct" in quarters[0]:
        out += [
            "",
            "The United States: consumer prices and real GDP against the no-tariff path; duties US buyers pay.",
            *_columns(US_COLUMNS, [(_quarter(q), q) for q in quarters]),
        ]
    if quarters and "sectors" in quarters[-1]:
        last = quarters[-1]
        out += [
            "",
            f"By sector, {_quarter(last, with_preposition=True)}:",
            *_columns(
                SECTOR_COLUMNS,
                sorted(
                    ((names.get(k, k), row) for k, row in last["sectors"].items()),
                    key=lambda pair: pair[0],
                ),
            ),
        ]
    return out


def _quarter(q: dict[str, Any], with_preposition: bool = False) -> str:
    """A quarter as the table names it: "2025 Q1" when the schedule starts on a calendar
    quarter, else the day it ends on, else its number; with its preposition in a sentence
    ("in 2025 Q1", "at 2025-06-30", "in quarter 3")."""
    if "calendar_quarter" in q:
        return f"in {q['calendar_quarter']}" if with_preposition else q["calendar_quarter"]
    if "ends" in q:
        return f"at {q['ends']}" if with_preposition else q["ends"]
    return f"in quarter {q['quarter']}" if with_preposition else str(q["quarter"])


def _columns(
    columns: tuple[tuple[str, int, Any], ...], rows: list[tuple[str, dict[str, Any]]]
) -> list[str]:
    """A header and one line per (label, row): the label first, left-aligned and as wide as
    the widest, then each column's figure, right-aligned, with the column's digits."""
    first = max([len(columns[0][0]), *(len(label) for label, _ in rows)])
    lines = [" ".join([f"{columns[0][0]:<{first}}", *(f"{n:>{w}}" for n, w, _ in columns[1:])])]
    for label, row in rows:
        cells = [f"{row[key]:>{w}.{digits}f}" for _, w, (key, digits) in columns[1:]]
        lines.append(" ".join([f"{label:<{first}}", *cells]))
    return lines


US_COLUMNS = (
    ("quarter", 0, None),
    ("prices %", 9, ("us_price_level_pct", 2)),
    ("GDP %", 7, ("us_gdp_gap_pct", 2)),
    ("duties C$B/yr", 13, ("us_duties", 2)),
)
SECTOR_COLUMNS = (
    ("sector", 0, None),
    ("exports %", 9, ("exports_change_pct", 1)),
    ("output", 7, ("output_index", 1)),
    ("jobs %", 7, ("jobs_change_pct", 1)),
    ("US price %", 10, ("us_price_pct", 1)),
)
