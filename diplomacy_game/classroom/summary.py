"""A class at a glance: one CSV row per save and a short Markdown overview for the discussion."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diplomacy_game.classroom.verify import Verdict, verify_save
from diplomacy_game.content import ContentError, load_ruleset_once
from diplomacy_game.saves.safe_json import one_line
from diplomacy_game.saves.store import SaveError, load_exact, read_header

COLUMNS = (
    "file",
    "student",
    "class",
    "scenario",
    "seed",
    "verified",
    "verification",
    "turns",
    "ending",
    "grade",
    "approval",
    "gdp_gap_pct",
    "unemployment_pct",
    "inflation_pct",
    "us_rapport",
    "memos",
)


def summarise(
    paths: Sequence[Path], extra: Sequence[Path] = ()
) -> tuple[list[dict[str, Any]], Counter]:
    """One row per save and the decisions the class took. A file that cannot be read or
    checked gets a row saying why; the others are summarised all the same."""
    rows: list[dict[str, Any]] = []
    decisions: Counter = Counter()
    for path in paths:
        verdict = checked(path, extra)
        row: dict[str, Any] = {k: "" for k in COLUMNS}
        row.update(
            {
                "file": str(path),
                "verified": "yes" if verdict.ok else "no",
                "verification": one_line(verdict.message),
            }
        )
        try:
            header = read_header(path)
            ruleset = load_ruleset_once(header["scenario"], extra)
            state = load_exact(path, ruleset)  # never falls back, never moves a handed-in file
        except (SaveError, ContentError):
            rows.append(row)
            continue
        assignment = state.assignment or {}
        v = state.values
        row.update(
            {
                "student": one_line(assignment.get("student") or path.stem),
                "class": one_line(assignment.get("class", "")),
                "scenario": state.scenario_id,
                "seed": state.seed,
                "turns": state.turn,
                "ending": one_line(state.ending["title"]) if state.ending else "not finished",
                "grade": one_line(state.ending["grade"]) if state.ending else "",
                "approval": round(v["approval"], 1),
                "gdp_gap_pct": round(v["gdp_gap"], 2),
                "unemployment_pct": round(v["unemployment"], 2),
                "inflation_pct": round(v["inflation"], 2),
                "us_rapport": round(v["us.rapport"], 1),
                "memos": sum(1 for d in state.decisions if d.get("memo", "").strip()),
            }
        )
        for logged in state.decisions:
            for action in logged.get("actions", []):
                name = (
                    ruleset.actions[action["id"]].spec.name
                    if action["id"] in ruleset.actions
                    else one_line(action["id"])
                )
                decisions[name] += 1
        rows.append(row)
    return rows, decisions


INTERNAL_ERROR = "could not be checked (an error in the game itself"


def checked(path: Path, extra: Sequence[Path] = ()) -> Verdict:
    """The verdict on one save; a file that trips up the game itself gets a failing verdict
    saying so, so that one hand-in never stops the checking of the others."""
    try:
        return verify_save(path, list(extra))
    except Exception as exc:  # one hand-in must never stop the class summary
        return Verdict(
            str(path), False, f"{INTERNAL_ERROR}: {type(exc).__name__}; please report it)"
        )


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def overview(rows: list[dict[str, Any]], decisions: Counter) -> str:
    n = len(rows)
    out = [f"# Class overview: {n} save(s)", ""]
    bad = [r for r in rows if r["verified"] != "yes"]
    out.append(f"- Verified: {n - len(bad)} of {n}.")
    for r in bad:
        out.append(f"  - **{r['student'] or one_line(r['file'])}**: {r['verification']}")
    played = [r for r in rows if r["ending"]]
    endings = Counter(r["ending"] for r in played)
    grades = Counter(r["grade"] for r in played if r["grade"])
    if endings:
        out.append("- Endings: " + ", ".join(f"{k} {v}" for k, v in endings.most_common()) + ".")
    if grades:
        out.append("- Grades: " + ", ".join(f"{k} {grades[k]}" for k in sorted(grades)) + ".")
    if decisions:
        out.append(
            "- Most common decisions: "
            + ", ".join(f"{k} ({v})" for k, v in decisions.most_common(5))
            + "."
        )
    scored = [r for r in played if r["approval"] != "" and r["verified"] == "yes"]
    if len(scored) >= 2:
        best = max(scored, key=lambda r: r["approval"])
        worst = min(scored, key=lambda r: r["approval"])
        deepest = min(scored, key=lambda r: r["gdp_gap_pct"])
        out.append(
            f"- Highest approval: {best['student']} ({best['approval']}%, {best['ending']})."
        )
        out.append(
            f"- Lowest approval: {worst['student']} ({worst['approval']}%, {worst['ending']})."
        )
        out.append(
            f"- Deepest recession: {deepest['student']} (GDP gap {deepest['gdp_gap_pct']}%)."
        )
        no_memo = [r["student"] for r in scored if not r["memos"]]
        if no_memo:
            out.append(f"- No memos: {', '.join(map(str, no_memo))}.")
    return "\n".join(out) + "\n"
