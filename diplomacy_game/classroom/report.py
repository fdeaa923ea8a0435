"""After-action reports: what happened, why, how it compares, and what one change would have done.

``build_report`` gathers the data from a finished (or unfinished) game; ``render_markdown`` and
``render_html`` lay it out. The HTML is one self-contained file: plots are inline SVG.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.engine.game import ActionPlanner, new_game, turn_reports
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.engine.turn import TurnReport, resolve_turn
from diplomacy_game.model.decisions import Decision, DecisionError
from diplomacy_game.sim.batch import game_seed, play_many
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY, get_policy

GRADE_POINTS = {"A": 4, "B": 3, "C": 2, "D": 1, "F": 0}
SERIES = (
    ("approval", "Approval, %"),
    ("gdp_gap_pct", "Real GDP vs no-tariff path, %"),
    ("unemployment_pct", "Unemployment, %"),
    ("inflation_pct", "Inflation, %"),
    ("us_rapport", "The President's rapport (hidden during play)"),
    ("talks_progress", "CUSMA technical talks (hidden during play)"),
)


def outcome_score(state: GameState) -> float:
    """Grade first, approval to break ties; an unfinished game counts as a C."""
    grade = state.ending["grade"] if state.ending else "C"
    return GRADE_POINTS.get(grade, 2) * 100 + state.values["approval"]


def replay_lenient(
    ruleset: Ruleset, state0: GameState, decisions: Sequence[dict[str, Any]]
) -> GameState:
    """Replay decisions, dropping any action or answer that is no longer legal."""
    state = state0
    for logged in decisions:
        if state.over:
            break
        wanted = Decision.model_validate({**logged, "turn": None})
        answers = {k: v for k, v in wanted.answers.items() if k in state.pending}
        try:
            planner = ActionPlanner(ruleset, state, answers)
        except DecisionError:
            answers = {}
            planner = ActionPlanner(ruleset, state, answers)
        for choice in wanted.actions:
            planner.try_add(choice.id, dict(choice.params))
        decision = Decision(actions=planner.chosen, answers=answers, memo=wanted.memo or "-")
        state, _ = resolve_turn(ruleset, state, decision)
    return state


def _start(ruleset: Ruleset, state: GameState) -> GameState:
    start = new_game(ruleset, state.seed)
    start.assignment = state.assignment
    return start


def counterfactual(ruleset: Ruleset, state: GameState) -> dict[str, Any] | None:
    """The single turn whose actions, left undone, would have changed the outcome most."""
    base = outcome_score(state)
    best: dict[str, Any] | None = None
    for index, logged in enumerate(state.decisions):
        if not logged.get("actions"):
            continue
        changed = [dict(d) for d in state.decisions]
        changed[index] = {**changed[index], "actions": []}
        other = replay_lenient(ruleset, _start(ruleset, state), changed)
        if not other.over and state.over:
            other = play_through(ruleset, other, policy=get_policy("passive"))
        delta = outcome_score(other) - base
        if best is None or abs(delta) > abs(best["delta"]):
            best = {
                "turn": index + 1,
                "actions": [_action_name(ruleset, a) for a in logged["actions"]],
                "delta": round(delta, 2),
                "ending": other.ending["title"] if other.ending else "not finished",
                "grade": other.ending["grade"] if other.ending else "",
                "approval": round(other.values["approval"], 1),
                "gdp_gap_pct": round(other.values["gdp_gap"], 2),
            }
    return best


def compare(ruleset: Ruleset, state: GameState, games_per_policy: int = 200) -> dict[str, Any]:
    """The student's outcome against the built-in policies on the same scenario and seeds
    derived from the student's seed (the first of them is the student's seed itself). The
    games are played by the batch engine, each the same game the turn engine would play."""
    mine = outcome_score(state)
    titles = {e.spec.id: e.spec.title for e in ruleset.endings}
    seeds = [state.seed] + [game_seed(state.seed, i) for i in range(1, games_per_policy)]
    scores: list[float] = []
    by_policy = {}
    for name in REGISTRY:
        results = play_many(ruleset, name, seeds)
        policy_scores = [
            GRADE_POINTS.get(r.grade if r.ending else "C", 2) * 100 + r.final["approval"]
            for r in results
        ]
        scores.extend(policy_scores)
        endings: dict[str, int] = {}
        for r in results:
            title = titles.get(r.ending, "not finished")
            endings[title] = endings.get(title, 0) + 1
        first = results[0]
        by_policy[name] = {
            "mean_score": round(sum(policy_scores) / len(policy_scores), 1),
            "same_seed_ending": titles.get(first.ending, ""),
            "same_seed_grade": first.grade,
            "endings": endings,
        }
    below = sum(s < mine for s in scores) + 0.5 * sum(s == mine for s in scores)
    return {
        "score": round(mine, 1),
        "percentile": round(100.0 * below / len(scores), 1),
        "games": len(scores),
        "policies": by_policy,
    }


def _action_name(ruleset: Ruleset, entry: dict[str, Any]) -> str:
    action = ruleset.actions.get(entry["id"])
    name = action.spec.name if action else entry["id"]
    params = fmt.params_text(ruleset, entry["id"], entry.get("params") or {})
    return f"{name} ({params})" if params else name


def turning_points(
    history: list[dict[str, Any]], reports: list[TurnReport] | None = None
) -> list[dict[str, Any]]:
    """The turns where approval moved most, each with its main causes from the turn's ledger,
    and the turns Washington escalated or offered a deal."""
    by_turn = {r.turn: r for r in reports or ()}
    points = []
    for prev, rec in zip([None, *history], history, strict=False):
        if prev is None:
            continue
        change = rec["approval"] - prev["approval"]
        why = f"approval {change:+.1f} points"
        report = by_turn.get(rec["turn"])
        ledger = report.changes.get("approval") if report is not None else None
        if ledger is not None and ledger.causes:
            main = [
                f"{cause.label} {fmt.contribution('approval', delta)}"
                for cause, delta in ledger.causes[:3]
                if fmt.contribution("approval", delta) != "±0"
            ]
            if main:
                why += " (" + "; ".join(main) + ")"
        points.append((abs(change), rec["turn"], why))
    points.sort(reverse=True)
    marks = {turn: why for _, turn, why in points[:3]}
    for rec in history:
        if rec["us_posture"] in ("escalate", "deal") and len(marks) < 6:
            marks.setdefault(
                rec["turn"],
                {"escalate": "Washington escalated", "deal": "Washington offered a deal"}[
                    rec["us_posture"]
                ],
            )
    return [{"turn": t, "why": marks[t]} for t in sorted(marks)]


def _reports(ruleset: Ruleset, state: GameState) -> list[TurnReport]:
    """The game's turn reports (with their ledgers), or none if its log does not replay."""
    try:
        return [report for _, report in turn_reports(ruleset, state)]
    except DecisionError:
        return []


def build_report(
    ruleset: Ruleset,
    state: GameState,
    games_per_policy: int = 200,
    with_counterfactual: bool = True,
) -> dict[str, Any]:
    events = ruleset.events
    timeline = []
    for logged, record in zip(state.decisions, state.history, strict=False):
        timeline.append(
            {
                "turn": record["turn"],
                "date": fmt.date(dt.date.fromisoformat(record["date"])),
                "actions": [_action_name(ruleset, a) for a in logged.get("actions", [])],
                "answers": [
                    f"{events[e].spec.title}: {next((o.label for o in events[e].options if o.id == o_id), o_id)}"
                    for e, o_id in logged.get("answers", {}).items()
                    if e in events
                ],
                "memo": logged.get("memo", ""),
                "posture": ruleset.postures[record["us_posture"]].spec.name,
                "events": [events[e].spec.title for e in record["events"] if e in events],
                "approval": fmt.shown("approval", record["approval"]),
                "gdp_gap_pct": fmt.shown("gdp_gap", record["gdp_gap_pct"]),
            }
        )
    hidden_names = [
        name
        for name, spec in ruleset.variables.items()
        if spec.hidden and name.startswith(("us.", "talks."))
    ]
    hidden = [
        {
            "label": fmt.hidden_label(ruleset, name),
            "words": fmt.hidden_words(ruleset, name, state.values[name]),
        }
        for name in [*hidden_names, "talks.progress"]
    ]
    last_readings = {(r["advisor"], r["variable"]): r for r in state.readings}
    readings = [
        {
            "advisor": next(a.name for a in ruleset.advisors if a.id == advisor),
            "label": r["label"],
            "band": r["band"] or fmt.hidden_words(ruleset, variable, float(r["estimate"])),
            "truth": fmt.hidden_words(ruleset, variable, state.values[variable]),
        }
        for (advisor, variable), r in last_readings.items()
    ]
    data: dict[str, Any] = {
        "scenario": ruleset.scenario.title,
        "scenario_id": ruleset.scenario.id,
        "seed": state.seed,
        "student": (state.assignment or {}).get("student", ""),
        "class": (state.assignment or {}).get("class", ""),
        "turns": state.turn,
        "last_turn": state.last_turn,
        "ending": state.ending,
        "timeline": timeline,
        "series": {key: [rec.get(key) for rec in state.history] for key, _ in SERIES},
        "hidden": hidden,
        "readings": readings,
        "turning_points": turning_points(state.history, _reports(ruleset, state)),
        "comparison": compare(ruleset, state, games_per_policy) if games_per_policy else None,
        "counterfactual": counterfactual(ruleset, state) if with_counterfactual else None,
        "discussion": list(ruleset.scenario.discussion),
        "memos": sum(1 for d in state.decisions if d.get("memo", "").strip()),
    }
    return data


# --- shared wording --------------------------------------------------------------------------


def decisions_text(row: dict[str, Any]) -> str:
    return "; ".join(row["actions"] + [f"answered {a}" for a in row["answers"]]) or "—"


def counterfactual_text(cf: dict[str, Any], esc: Any, strong: Any) -> str:
    """The counterfactual as a sentence; ``esc`` escapes text, ``strong`` marks the ending."""
    verb = "better" if cf["delta"] > 0 else "worse"
    return (
        f"Had you not taken {esc(', '.join(cf['actions']))} on turn {cf['turn']}, the same game (same "
        f"seed, your other decisions wherever still possible) would have ended in "
        f"{strong(esc(cf['ending']))} ({esc(cf['grade'])}), approval "
        f"{fmt.shown('approval', cf['approval'])}, GDP gap {fmt.shown('gdp_gap', cf['gdp_gap_pct'])}"
        f" — {abs(cf['delta']):.1f} points {verb} by the score above."
    )


# --- Markdown ------------------------------------------------------------------------------


def render_markdown(data: dict[str, Any]) -> str:
    out: list[str] = []
    who = f" — {data['student']}" if data["student"] else ""
    out.append(f"# After-action report: {data['scenario']}{who}")
    out.append(f"Seed {data['seed']}, {data['turns']} of {data['last_turn']} turns played.")
    ending = data["ending"]
    out.append("\n## Outcome\n")
    if ending:
        out.append(
            f"**{ending['title']}** — grade **{ending['grade']}**. CUSMA: {ending['cusma_status']}.\n"
        )
        out.append(ending["explanation"])
        if ending.get("grade_text"):
            out.append(f"\n_{ending['grade_text']}_")
    else:
        out.append("The game is not finished.")
    out.append("\n## Timeline\n")
    out.append("| Turn | Date | Your decisions | Memo | Washington | Events | Approval | GDP gap |")
    out.append("|---|---|---|---|---|---|---|---|")
    for t in data["timeline"]:
        decisions = decisions_text(t)
        out.append(
            f"| {t['turn']} | {t['date']} | {_md(decisions)} | {_md(t['memo']) or '—'} | {t['posture']} | "
            f"{_md('; '.join(t['events'])) or '—'} | {t['approval']} | {t['gdp_gap_pct']} |"
        )
    out.append("\n## Turning points\n")
    for p in data["turning_points"]:
        out.append(f"- Turn {p['turn']}: {p['why']}")
    out.append("\n## What Washington was really thinking\n")
    out.append("The hidden values at the end, and what your advisors made of them:\n")
    for h in data["hidden"]:
        out.append(f"- {h['label']}: {h['words']}")
    if data["readings"]:
        out.append("")
        for r in data["readings"]:
            out.append(
                f"- {r['advisor']} read {fmt.in_sentence(r['label'])} as {r['band']} (in fact: {r['truth']})"
            )
    cmp_ = data.get("comparison")
    if cmp_:
        out.append("\n## Compared with the built-in strategies\n")
        out.append(
            f"Your outcome beats {cmp_['percentile']:.0f}% of {cmp_['games']} simulated games on the same scenario "
            f"(same seed and seeds derived from it).\n"
        )
        out.append("| Strategy | Same seed | Mean score | Endings |")
        out.append("|---|---|---|---|")
        for name, p in cmp_["policies"].items():
            endings = ", ".join(f"{k} {v}" for k, v in p["endings"].items())
            out.append(
                f"| {name} | {p['same_seed_ending']} ({p['same_seed_grade']}) | {p['mean_score']} | {endings} |"
            )
        out.append("\nScore: grade (A=4 ... F=0) times 100, plus final approval.")
    cf = data.get("counterfactual")
    if cf:
        out.append("\n## The decision that mattered most\n")
        out.append(counterfactual_text(cf, lambda t: t, lambda t: f"**{t}**"))
    if data["discussion"]:
        out.append("\n## For discussion\n")
        out.extend(f"{i}. {q}" for i, q in enumerate(data["discussion"], 1))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- HTML ----------------------------------------------------------------------------------


def svg_plot(
    values: Sequence[float | None], title: str, width: int = 560, height: int = 150
) -> str:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    lo = min(v for _, v in points)
    hi = max(v for _, v in points)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    pad_l, pad_r, pad_t, pad_b = 48, 10, 22, 22
    n = max(1, len(values) - 1)

    def x(i: int) -> float:
        return pad_l + (width - pad_l - pad_r) * i / n

    def y(v: float) -> float:
        return pad_t + (height - pad_t - pad_b) * (hi - v) / (hi - lo)

    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="{pad_l}" y="14" font-size="12" font-family="sans-serif">{html.escape(title)}</text>',
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" y2="{height - pad_b}" stroke="#999"/>',
        f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{height - pad_b}" stroke="#999"/>',
        f'<text x="{pad_l - 4}" y="{pad_t + 4}" font-size="10" text-anchor="end" font-family="sans-serif">{hi:.1f}</text>',
        f'<text x="{pad_l - 4}" y="{height - pad_b}" font-size="10" text-anchor="end" font-family="sans-serif">{lo:.1f}</text>',
        f'<text x="{width - pad_r}" y="{height - 6}" font-size="10" text-anchor="end" font-family="sans-serif">turn {len(values)}</text>',
        f'<polyline fill="none" stroke="#b22222" stroke-width="2" points="{line}"/>',
        "</svg>",
    ]
    return "\n".join(parts)


def render_html(data: dict[str, Any]) -> str:
    e = html.escape
    body: list[str] = []
    who = f" — {e(data['student'])}" if data["student"] else ""
    body.append(f"<h1>After-action report: {e(data['scenario'])}{who}</h1>")
    body.append(f"<p>Seed {data['seed']}, {data['turns']} of {data['last_turn']} turns played.</p>")
    ending = data["ending"]
    body.append("<h2>Outcome</h2>")
    if ending:
        body.append(
            f"<p><strong>{e(ending['title'])}</strong> — grade <strong>{e(ending['grade'])}</strong>. CUSMA: {e(ending['cusma_status'])}.</p>"
        )
        body.append(f"<p>{e(ending['explanation'])}</p>")
        if ending.get("grade_text"):
            body.append(f"<p><em>{e(ending['grade_text'])}</em></p>")
    else:
        body.append("<p>The game is not finished.</p>")
    body.append("<h2>The indicators</h2><div class='plots'>")
    for key, title in SERIES:
        body.append(svg_plot(data["series"][key], title))
    body.append(
        "</div><h2>Timeline</h2><table><tr><th>Turn</th><th>Date</th><th>Your decisions</th><th>Memo</th><th>Washington</th><th>Events</th><th>Approval</th><th>GDP gap</th></tr>"
    )
    for t in data["timeline"]:
        decisions = decisions_text(t)
        body.append(
            f"<tr><td>{t['turn']}</td><td>{t['date']}</td><td>{e(decisions)}</td><td>{e(t['memo']) or '—'}</td>"
            f"<td>{e(t['posture'])}</td><td>{e('; '.join(t['events'])) or '—'}</td><td>{e(t['approval'])}</td><td>{e(t['gdp_gap_pct'])}</td></tr>"
        )
    body.append("</table><h2>Turning points</h2><ul>")
    body.extend(f"<li>Turn {p['turn']}: {e(p['why'])}</li>" for p in data["turning_points"])
    body.append("</ul><h2>What Washington was really thinking</h2><ul>")
    body.extend(f"<li>{e(h['label'])}: {e(h['words'])}</li>" for h in data["hidden"])
    body.append("</ul><ul>")
    body.extend(
        f"<li>{e(r['advisor'])} read {e(fmt.in_sentence(r['label']))} as {e(r['band'])} (in fact: {e(r['truth'])})</li>"
        for r in data["readings"]
    )
    body.append("</ul>")
    cmp_ = data.get("comparison")
    if cmp_:
        body.append("<h2>Compared with the built-in strategies</h2>")
        body.append(
            f"<p>Your outcome beats {cmp_['percentile']:.0f}% of {cmp_['games']} simulated games on the same scenario.</p>"
        )
        body.append(
            "<table><tr><th>Strategy</th><th>Same seed</th><th>Mean score</th><th>Endings</th></tr>"
        )
        for name, p in cmp_["policies"].items():
            endings = ", ".join(f"{k} {v}" for k, v in p["endings"].items())
            body.append(
                f"<tr><td>{e(name)}</td><td>{e(p['same_seed_ending'])} ({e(p['same_seed_grade'])})</td><td>{p['mean_score']}</td><td>{e(endings)}</td></tr>"
            )
        body.append("</table><p>Score: grade (A=4 ... F=0) times 100, plus final approval.</p>")
    cf = data.get("counterfactual")
    if cf:
        body.append("<h2>The decision that mattered most</h2>")
        body.append(f"<p>{counterfactual_text(cf, e, lambda t: f'<strong>{t}</strong>')}</p>")
    if data["discussion"]:
        body.append("<h2>For discussion</h2><ol>")
        body.extend(f"<li>{e(q)}</li>" for q in data["discussion"])
        body.append("</ol>")
    style = (
        "body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top}"
        "th{background:#f3f3f3}.plots{display:flex;flex-wrap:wrap;gap:.5rem}svg{max-width:100%;height:auto}"
        "@media print{.plots svg{width:48%}body{margin:0}}"
    )
    title = e(f"After-action report: {data['scenario']}")
    return (
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{title}</title><style>{style}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
