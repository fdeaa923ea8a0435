"""Tournaments: every strategy plays the same seeds of a scenario; a league table with
confidence intervals says which did better, and by how much we can trust the difference."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.saves import spreadsheet
from diplomacy_game.sim.batch import GRADE_ORDER, Summary, simulate_many
from diplomacy_game.sim.strategy_file import resolve_policy

GRADE_POINTS = {"A": 4, "B": 3, "C": 2, "D": 1, "F": 0}
Z95 = 1.96


def _mean_ci(values: Sequence[float]) -> tuple[float, float, float]:
    arr = np.asarray(values, dtype=float)
    mean = float(arr.mean())
    sd = float(arr.std(ddof=1)) if len(arr) > 1 else 0.0
    return mean, sd, Z95 * sd / math.sqrt(len(arr)) if len(arr) > 1 else math.nan


def league_row(name: str, spec: str, summary: Summary) -> dict[str, Any]:
    points = [GRADE_POINTS.get(g, 0) for g, n in summary.grades.items() for _ in range(n)]
    grade_mean, grade_sd, grade_ci = _mean_ci(points)
    row: dict[str, Any] = {
        "policy": name,
        "source": spec,
        "games": summary.games,
        "grade_mean": round(grade_mean, 3),
        "grade_sd": round(grade_sd, 3),
        "grade_ci95": round(grade_ci, 3),
        "grades": {g: summary.grades.get(g, 0) for g in GRADE_ORDER},
        "endings": dict(sorted(summary.endings.items(), key=lambda kv: -kv[1])),
    }
    for key, values in summary.finals.items():
        mean, sd, ci = _mean_ci(values)
        row[key] = {"mean": round(mean, 3), "sd": round(sd, 3), "ci95": round(ci, 3)}
    return row


def run_tournament(
    ruleset: Ruleset,
    specs: Sequence[str],
    games: int,
    seed: int,
    workers: int = 1,
    extra: Sequence[Path | str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    names = {spec: resolve_policy(spec, ruleset).name for spec in specs}
    jobs = [(ruleset.scenario.id, spec, games) for spec in specs]
    summaries = simulate_many(jobs, seed, workers, extra, progress, ruleset)
    rows = [league_row(names[spec], spec, summaries[(ruleset.scenario.id, spec)]) for spec in specs]
    rows.sort(
        key=lambda r: (-r["grade_mean"], -r["score"]["mean"], -r["approval"]["mean"], r["policy"])
    )
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def format_table(rows: list[dict[str, Any]], ruleset: Ruleset, games: int, seed: int) -> str:
    """The league as a table: the scenario and the endings by their titles, as players read
    them (the JSON and the CSV keep the ids)."""
    titles = {e.spec.id: e.spec.title for e in ruleset.endings}
    scenario = f"{ruleset.scenario.title} ({ruleset.scenario.id})"
    lines = [
        f"Tournament on {scenario}: {games} games per strategy, the same seeds for all (master seed {seed}).",
        "Grade points: A=4, B=3, C=2, D=1, F=0; score: the outcome score (0-100) the grades follow.",
        "± is a 95% confidence interval of the mean.",
        "",
        f"{'#':>2} {'strategy':<24} {'grade':>11} {'A/B/C/D/F':>19} {'score':>11} {'GDP gap %':>12} {'unemp %':>12} {'approval':>12} {'rapport':>8}  most common ending",
    ]
    for r in rows:
        grades = "/".join(str(r["grades"][g]) for g in GRADE_ORDER)
        ending, count = next(iter(r["endings"].items()))
        lines.append(
            f"{r['rank']:>2} {r['policy'][:24]:<24} {r['grade_mean']:>5.2f}±{r['grade_ci95']:<5.2f}"
            f"{grades:>19} {r['score']['mean']:>5.1f}±{r['score']['ci95']:<5.1f}"
            f"{r['gdp_gap_pct']['mean']:>6.2f}±{r['gdp_gap_pct']['ci95']:<5.2f}"
            f"{r['unemployment_pct']['mean']:>6.2f}±{r['unemployment_pct']['ci95']:<5.2f}"
            f"{r['approval']['mean']:>6.1f}±{r['approval']['ci95']:<5.1f}{r['us_rapport']['mean']:>8.1f}"
            f"  {titles.get(ending, ending)} ({100 * count / r['games']:.0f}%)"
        )
    lines.append("")
    lines.append(
        "Two strategies whose grade intervals overlap may not really differ: play more games to tell."
    )
    return "\n".join(lines)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The league table for a spreadsheet (``saves.spreadsheet``: a strategy's name comes from
    a file anyone can write, and text a spreadsheet takes for a formula is made inert)."""
    fields = [
        "rank",
        "policy",
        "source",
        "games",
        "grade_mean",
        "grade_sd",
        "grade_ci95",
        *(f"grade_{g}" for g in GRADE_ORDER),
    ]
    finals = ["score", "gdp_gap_pct", "unemployment_pct", "inflation_pct", "approval", "us_rapport"]
    fields += [f"{k}_{s}" for k in finals for s in ("mean", "sd", "ci95")] + ["endings"]
    table = []
    for r in rows:
        out = {
            k: r[k]
            for k in ("rank", "policy", "source", "games", "grade_mean", "grade_sd", "grade_ci95")
        }
        out.update({f"grade_{g}": r["grades"][g] for g in GRADE_ORDER})
        for k in finals:
            for s in ("mean", "sd", "ci95"):
                out[f"{k}_{s}"] = r[k][s]
        out["endings"] = "; ".join(f"{k} {v}" for k, v in r["endings"].items())
        table.append(out)
    return spreadsheet.to_csv(table, fields)
