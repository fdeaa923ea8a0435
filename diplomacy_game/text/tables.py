"""The command line's lists and tables as lines of text: scenarios, content problems, save
checks and the economy's quarters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
    verdict = "OK" if not errors else f"{len(errors)} error(s)"
    return [
        *(str(i) for i in [*errors, *warnings]),
        f"{verdict}, {len(warnings)} warning(s) — {what} in {files} file(s)",
    ]


ECONOMY_COLUMNS = (
    ("quarter", 7, None),
    ("GDP %", 7, "gdp_gap_pct"),
    ("unemp pp", 8, "unemployment_gap_pp"),
    ("infl pp", 8, "inflation_gap_pp"),
    ("exports", 8, "exports_us"),
    ("change %", 8, "exports_us_change_pct"),
    ("US tariff %", 11, "effective_us_tariff_pct"),
    ("CA tariff %", 11, "effective_ca_tariff_pct"),
)


def economy_lines(title: str, quarters: list[dict[str, Any]]) -> list[str]:
    """The economy sandbox's quarters as a table of deviations from the no-tariff path."""
    out = [
        title,
        "Deviations from the no-tariff path. Exports: modelled sectors, C$ billion a year.",
        " ".join(f"{name:>{width}}" for name, width, _ in ECONOMY_COLUMNS),
    ]
    for q in quarters:
        cells = [f"{q.get('ends', str(q['quarter'])):>7}"]
        for _, width, key in ECONOMY_COLUMNS[1:]:
            digits = 1 if key == "exports_us" else 2
            cells.append(f"{q[key]:>{width}.{digits}f}")
        out.append(" ".join(cells))
    if quarters and "us_price_level_pct" in quarters[0]:
        out += [
            "",
            "The United States: consumer prices and real GDP against the no-tariff path; duties US buyers pay.",
        ]
        out.append(" ".join(f"{name:>{width}}" for name, width, _ in US_COLUMNS))
        for q in quarters:
            cells = [f"{q.get('ends', str(q['quarter'])):>10}"]
            cells += [f"{q[key]:>{width}.2f}" for _, width, key in US_COLUMNS[1:]]
            out.append(" ".join(cells))
    if quarters and "sectors" in quarters[-1]:
        last = quarters[-1]
        out += ["", f"By sector, at {last.get('ends', 'quarter ' + str(last['quarter']))}:"]
        out.append(" ".join(f"{name:>{width}}" for name, width, _ in SECTOR_COLUMNS))
        for sid, row in last["sectors"].items():
            cells = [f"{sid:>13}"]
            cells += [f"{row[key]:>{width}.1f}" for _, width, key in SECTOR_COLUMNS[1:]]
            out.append(" ".join(cells))
    return out


US_COLUMNS = (
    ("quarter", 10, None),
    ("prices %", 9, "us_price_level_pct"),
    ("GDP %", 7, "us_gdp_gap_pct"),
    ("duties C$B/yr", 13, "us_duties"),
)
SECTOR_COLUMNS = (
    ("sector", 13, None),
    ("exports %", 9, "exports_change_pct"),
    ("output", 7, "output_index"),
    ("jobs %", 7, "jobs_change_pct"),
    ("US price %", 10, "us_price_pct"),
)
