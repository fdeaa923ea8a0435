"""A class's reports at once: one report per student and ``index.html``, the class page.

The class page shows the endings, grades and indicators side by side, the decisions by turn
across the class (who retaliated when, who conceded what), and links to every report; each
report says where its student stands among the games that share the same scenario, seed and
content. Comparison games are computed once per scenario, seed and content (``compare.py``).
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.classroom.assigned import Key, class_assignment
from diplomacy_game.classroom.compare import GAMES_PER_POLICY, prepare
from diplomacy_game.classroom.handin import HandIn, gather, preferred, unreadable_file_of
from diplomacy_game.classroom.names import file_part, names_listed
from diplomacy_game.classroom.report import (
    build_report,
    not_counted,
    page,
    render_html,
    svg_strip,
)
from diplomacy_game.classroom.scoring import shown_scores
from diplomacy_game.classroom.verdict import game_shown
from diplomacy_game.classroom.verdicts import checked
from diplomacy_game.content import ContentError
from diplomacy_game.saves.library import safe_name
from diplomacy_game.saves.safe_json import one_line
from diplomacy_game.saves.store import SaveError

FAMILIES = {
    "retaliation": ("R", "#b22222", "retaliation"),
    "concession": ("C", "#2f5fa7", "concession"),
    "diplomacy": ("D", "#2e7d32", "diplomacy"),
    "domestic": ("H", "#7a6a53", "at home"),
}


@dataclass
class ClassReport:
    reports: list[dict[str, Any]] = field(default_factory=list)  # build_report data + "file"
    notes: list[str] = field(default_factory=list)  # files set aside, and why
    # Games checked but not counted with the class that have no page of their own (a second
    # game of a student that failed verification): {"student", "source", "why"}.
    others: list[dict[str, str]] = field(default_factory=list)
    assignment: str = ""  # the class's assignment in words, when some game differs from it
    problem: str = ""  # when nothing could be read: what is wrong and what to do


def _key(report: dict[str, Any]) -> tuple[str, int, str]:
    return (report["scenario_id"], report["seed"], report["digest"])


def counted(report: dict[str, Any]) -> bool:
    """Whether a report's game counts with the class: verified, and of the class's assignment."""
    return not report.get("problem")


def build_class(
    paths: Sequence[Path],
    extra: Sequence[Path] = (),
    games_per_policy: int = GAMES_PER_POLICY,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
    expected: Key | None = None,
    class_list: Sequence[str] = (),
) -> ClassReport:
    """Every readable save's report, each placed within the class games that share its
    scenario, seed and content. The hand-ins are sorted and checked as class-summary sorts
    and checks them (``handin.py``, ``verdicts.checked``, ``assigned.py``): backups set aside,
    one game per student (a verified one of the class's assignment first, then the finished
    one, then the one played furthest, then the one saved last), the others named in the
    notes. A game that failed verification or is not of the class's assignment gets a page
    marked so, and is kept out of the class's tallies and rankings."""
    handed, problem = gather(paths, "report", class_list)
    if problem:
        return ClassReport(problem=problem)
    # a file that cannot be read but is named for a student is said in the games not counted
    out = ClassReport(notes=handed.notes(unreadable=False))
    say = progress or (lambda line: None)
    say(f"checking {fmt.count(len(handed.games), 'save')} (a replay each, unless checked before)")
    verdicts = {item.path: checked(item.path, tuple(extra), **item.kept()) for item in handed.games}
    assignment = class_assignment(handed.games, expected)
    if assignment.problems or assignment.tie:
        out.assignment = assignment.describe()
    verified = {p: v.ok for p, v in verdicts.items()}
    fits = {item.path: assignment.fits(item.path) for item in handed.games}
    picked: list[HandIn] = []
    seen: set[tuple[str, str]] = set()
    for item in handed.games:  # one game per student, chosen as class-summary chooses
        if item.key is None:
            picked.append(item)
        elif item.key not in seen:
            seen.add(item.key)
            group = handed.duplicates.get(item.key, [item])
            chosen = preferred(group, verified, fits)
            picked.append(chosen)
            for other in group:
                if other is chosen:
                    continue
                if not verified[other.path]:
                    why = "failed verification: " + one_line(verdicts[other.path].message)
                elif not fits[other.path]:
                    why = "not the class's assignment: " + assignment.problems[other.path]
                else:
                    continue  # a verified earlier game of the student's: named in the notes
                out.others.append(
                    {"student": one_line(other.student), "source": str(other.path), "why": why}
                )
    loaded: list[tuple[HandIn, Any, Any]] = []
    for item in picked:
        path = item.path
        verdict = verdicts[path]
        try:
            ruleset, state = game_shown(path, verdict, extra)
        except (SaveError, ContentError, OSError) as exc:
            why = exc.without_name(path) if isinstance(exc, SaveError) else one_line(exc, 300)
            if not verdict.ok:  # the verdict says why, and the file still names its student
                why = "failed verification: " + one_line(verdict.message, 500)
            student = one_line(item.student or item.file_of or path.stem)
            if item.file_of:  # whose it is by its name, and what to do
                why = f"{why}. {unreadable_file_of(item)}"
            out.others.append({"student": student, "source": str(path), "why": why})
            continue
        loaded.append((item, ruleset, state))
    if len(loaded) < len(handed.games):  # the count below is of the reports written
        chosen = {id(item) for item in picked}
        left_out = [g for g in handed.games if id(g) not in chosen]
        unshown = len(picked) - len(loaded)
        # a file handed in under a classmate's name holds another student's game: not theirs
        under = sum(bool(g.named_for) for g in left_out)
        # a file whose name is not its student's, when no class list says whose it is
        stray = sum(g.stray for g in left_out)
        others = len(left_out) - under - stray
        left = [
            *([fmt.count(unshown, "save") + " that cannot be shown"] if unshown else []),
            *(
                [f"{fmt.count(others, 'other game')} of a student who handed in more than one"]
                if others == 1
                else [f"{others} other games of students who handed in more than one"]
                if others
                else []
            ),
            *(
                [
                    f"{fmt.count(under, 'file')} handed in under a classmate's name, holding"
                    " another student's game"
                ]
                if under
                else []
            ),
            *(
                [f"{fmt.count(stray, 'file')} holding a student's game under a name not theirs"]
                if stray
                else []
            ),
        ]
        said = ", ".join(left)
        say(f"writing {fmt.count(len(loaded), 'report')} (not reported: {said})")
    # The comparison games of every seed in the class, one batch per scenario: a class with a
    # seed per student pays for thirty seeds at once (``compare.prepare``).
    seeds: dict[Any, tuple[Any, list[int]]] = {}
    for item, ruleset, state in loaded:
        if games_per_policy and state.over and verdicts[item.path].ok:
            seeds.setdefault(id(ruleset), (ruleset, []))[1].append(state.seed)
    for ruleset, group in seeds.values():
        prepare(ruleset, group, games_per_policy, cache)
    names: set[str] = set()
    for done, (item, ruleset, state) in enumerate(loaded, 1):
        path, verdict = item.path, verdicts[item.path]
        student = (state.assignment or {}).get("student") or path.stem
        problem_of = None
        if not verdict.ok:
            problem_of = not_counted("failed", one_line(verdict.message, 500), path)
        elif path in assignment.problems:
            problem_of = not_counted("foreign", assignment.problems[path])
        # A game that failed is not analysed as the student's: no replays, no comparison.
        data = build_report(
            ruleset,
            state,
            games_per_policy if verdict.ok else 0,
            with_counterfactual=verdict.ok,
            cache=cache,
        )
        data["problem"] = problem_of
        data["index"] = "index.html"  # every page links back to the class page
        data["digest"] = ruleset.content_digest
        data["student"] = data["student"] or student
        base = safe_name(file_part(student))  # "李伟": student-<digest>, as 'assign' names it
        name, n = f"{base}.html", 2
        while name.lower() in names:
            name, n = f"{base}-{n}.html", n + 1
        names.add(name.lower())
        data["file"] = name
        data["source"] = str(path)
        out.reports.append(data)
        ending = data["ending"]["title"] if data["ending"] else "not finished"
        mark = (
            f" ({'NOT VERIFIED' if not verdict.ok else 'not the assignment'})" if problem_of else ""
        )
        say(f"[{done}/{len(loaded)}] {one_line(student)}: {ending}{mark}")
    _place([r for r in out.reports if counted(r)])
    return out


def _place(reports: list[dict[str, Any]]) -> None:
    """Each report's standing among the class games sharing its scenario, seed and content."""
    groups: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for r in reports:
        groups.setdefault(_key(r), []).append(r)
    for members in groups.values():
        scores = [r["score"] for r in members if r["score"] is not None]
        label = next((r["class_name"] for r in members if r["class_name"]), "") or "this class"
        if len(scores) < 2:
            continue  # a game alone on its seed (a seed per student) has no standing to show
        # Ranked by the scores as every page shows them (cut to the whole number): two games
        # both shown as 55/100 share a place, never third and fourth by a hidden decimal.
        digits = fmt.figure("score").digits
        shown = [fmt.cut(s, digits) for s in scores]
        for r in members:
            if r["score"] is None:
                continue
            mine = fmt.cut(r["score"], digits)
            r["class"] = {
                "rank": 1 + sum(s > mine for s in shown),
                "tied": sum(s == mine for s in shown) - 1,
                "of": len(scores),
                "median": statistics.median(scores),
                "scores": scores,
                "label": label,
                "index": "index.html",
            }


# What the columns of the side-by-side table measure, for a class that has no glossary open.
SIDE_KEY = (
    "Ranked by the outcome score as shown (equal scores share a place). Approval: of the prime "
    "minister, in the last poll. GDP gap: Canada's real GDP against the path it would have "
    "taken without the tariffs (-1.3% is 1.3% smaller). Unemployment: the rate at the end. "
    "Jobs lost: direct jobs lost to the tariffs in the tariff-hit industries since 2025, in "
    "thousands (18.9k is 18,900). Fiscal room: what Ottawa has left for new measures, in "
    "Canadian dollars (it can go below zero). Concessions: the concession actions taken (the "
    "handout's list); each student's report says which the outcome score counted as given "
    "away. Memos: the turns with a memo the student wrote; those a strategy filled in are "
    "counted apart. The decision that mattered most: the choice whose absence, replayed on "
    "the same seed, changes the outcome score most."
)


def mattered_by(cf: dict[str, Any]) -> str:
    """How much the decision that mattered most mattered, in the class table's few words: the
    points of the outcome score it earned or cost, as the scores are shown, else what it
    changed (its report says the same at length)."""
    _, _, delta = shown_scores(cf)
    if delta < 0:
        return f"earned {fmt.count(-delta, 'point')}"
    if delta > 0:
        return f"cost {fmt.count(delta, 'point')}"
    differs = cf.get("differs", "")
    if differs == "events":
        return "changed the game's course, not its score"
    if differs == "figures":
        return "moved only the figures, not the score"
    if differs is None:
        return "changed nothing"
    return "the same score"


def memos_cell(report: dict[str, Any]) -> str:
    """The student's own memos, and those a strategy filled in, which are not theirs."""
    by_strategy = report.get("strategy_memos") or 0
    return f"{report['memos']}" + (f" ({by_strategy} by a strategy)" if by_strategy else "")


def write_class(report: ClassReport, folder: Path) -> list[Path]:
    """Write every student's report and ``index.html`` into ``folder``; the paths written."""
    from diplomacy_game.saves.store import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for data in report.reports:
        path = folder / data["file"]
        atomic_write(path, render_html(data).encode("utf-8"))
        written.append(path)
    index = folder / "index.html"
    atomic_write(index, render_index(report).encode("utf-8"))
    written.append(index)
    return written


# --- the class page --------------------------------------------------------------------------


def _chips(families: list[str], names: list[str]) -> str:
    e = html.escape
    out = []
    for family, name in zip(families, names, strict=False):
        letter, colour, _ = FAMILIES.get(family, ("?", "#555", family))
        out.append(
            f"<span class='chip' style='background:{colour}' title='{e(name)}'>{letter}</span>"
        )
    return "".join(out)


def svg_turn_bars(reports: list[dict[str, Any]], width: int = 560, height: int = 170) -> str:
    """Per turn, how many students took each family of action (stacked bars)."""
    turns = max((len(r["timeline"]) for r in reports), default=0)
    if not turns:
        return ""
    counts = [Counter() for _ in range(turns)]
    for r in reports:
        for i, t in enumerate(r["timeline"]):
            for family in set(t["families"]):
                counts[i][family] += 1
    top = max((sum(c.values()) for c in counts), default=1) or 1
    pad_l, pad_b, pad_t = 28, 22, 24
    bar_w = (width - pad_l - 8) / turns
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Students taking each kind of action, by turn">',
        '<text x="28" y="14" font-size="12" font-family="sans-serif">Students taking each kind of action, by turn</text>',
    ]
    for i, c in enumerate(counts):
        y = height - pad_b
        x = pad_l + i * bar_w + 2
        for family, (_, colour, label) in FAMILIES.items():
            n = c.get(family, 0)
            if not n:
                continue
            h = (height - pad_b - pad_t) * n / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" fill="{colour}"><title>turn {i + 1}: {n} {label}</title></rect>'
            )
        parts.append(
            f'<text x="{x + (bar_w - 4) / 2:.1f}" y="{height - 6}" font-size="10" text-anchor="middle" font-family="sans-serif">{i + 1}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _worlds(reports: list[dict[str, Any]]) -> str:
    """What the games were, once per scenario and content version: "The Review Sprint,
    content version cce3b51c, each student with a seed of their own" rather than thirty seeds
    one after another."""
    worlds: dict[tuple[str, str], list[int]] = {}
    for r in reports:
        worlds.setdefault((r["scenario"], r["digest"][:8]), []).append(r["seed"])
    said = []
    for (scenario, digest), seeds in sorted(worlds.items()):
        counts = Counter(seeds)
        if len(seeds) > 1 and len(counts) == len(seeds):
            played = "each student with a seed of their own"
        elif len(counts) <= 4:
            played = "; ".join(
                f"seed {seed}" + (f" ({n} games)" if n > 1 and len(counts) > 1 else "")
                for seed, n in sorted(counts.items())
            )
        else:
            played = f"{len(counts)} different seeds"
        said.append(f"{scenario}, content version {digest}, {played}")
    return "; ".join(said)


def render_index(report: ClassReport) -> str:
    e = html.escape
    # Only the verified games of the class's assignment count; the others are listed apart.
    reports = sorted(
        (r for r in report.reports if counted(r)),
        key=lambda r: (-(r["score"] if r["score"] is not None else -1), r["student"].lower()),
    )
    apart = [r for r in report.reports if not counted(r)]
    body: list[str] = []
    classes = sorted({r["class_name"] for r in reports if r["class_name"]})
    title = f"Class report: {', '.join(classes) or 'the class'}"
    body.append(f"<h1>{e(title)}</h1>")
    if report.assignment and not (apart or report.others):
        # the hand-ins split evenly between assignments: nothing set apart, and the teacher told
        body.append(
            "<p style='border:3px solid #b22222;padding:.6rem;background:#fdecea'>"
            f"<strong>The class's assignment: {e(report.assignment)}.</strong></p>"
        )
    groups = sorted({(r["scenario"], r["seed"], r["digest"][:8]) for r in reports})
    body.append(
        f"<p>{fmt.count(len(reports), 'game')}: {e(_worlds(reports))}. Each student's place is "
        "among the games that share their scenario, seed and content. Scores are out of 100 "
        "(how they are made: <em>How a game is scored</em> in the classroom guide).</p>"
    )
    if len(groups) > 1:
        body.append(
            "<p><strong>Not everyone played the same world:</strong> compare scores only within "
            "one scenario, seed and content.</p>"
        )
    if not reports:
        body.append("<p>No readable saves.</p>")
    # Endings and grades.
    endings = Counter(r["ending"]["title"] if r["ending"] else "not finished" for r in reports)
    grades = Counter(r["ending"]["grade"] if r["ending"] else "not finished" for r in reports)
    body.append("<h2>Endings and grades</h2><ul>")
    body.extend(f"<li>{e(k)}: {v}</li>" for k, v in endings.most_common())
    body.append("</ul><p>Grades: " + ", ".join(f"{e(g)} {n}" for g, n in sorted(grades.items())))
    body.append("</p>")
    scores = [r["score"] for r in reports if r["score"] is not None]
    if scores:
        body.append(svg_strip(scores, None, "Outcome scores in the class (0-100)"))
    # Side by side.
    body.append("<h2>Side by side</h2><div class='wide'><table class='side'>")
    body.append(
        "<tr><th>#</th><th>Student</th><th>Ending</th><th>Grade</th><th>Score</th>"
        # the long headers break at a hyphen where the page is narrow (&shy;)
        "<th>Approval</th><th>GDP gap</th><th>Unemploy&shy;ment</th><th>Jobs lost</th>"
        "<th>Fiscal room</th><th>Conces&shy;sions</th><th>Memos</th><th>The decision that mattered most</th></tr>"
    )
    for r in reports:
        rec = r["record"]
        cf = r.get("counterfactual")
        if cf:
            mattered = f"turn {cf['turn']}: {cf['what']} ({mattered_by(cf)})"
        elif (
            r["ending"]
            and r.get("problem") is None
            and not any(row["actions"] or row["answers"] for row in r["timeline"])
        ):
            mattered = "none: no action taken, every answer left to its default"
        else:
            mattered = "—"
        rank = r["class"]["rank"] if r.get("class") else "—"
        body.append(
            f"<tr><td>{rank}</td><td class='words'><a href='{e(r['file'])}'>{e(r['student'])}</a></td>"
            f"<td class='words'>{e(r['ending']['title']) if r['ending'] else 'not finished'}</td>"
            f"<td>{e(r['ending']['grade']) if r['ending'] else '—'}</td>"
            f"<td>{fmt.shown('score', r['score']) if r['score'] is not None else '—'}</td>"
            f"<td>{fmt.shown('approval', rec['approval'])}</td>"
            f"<td>{fmt.shown('gdp_gap', rec['gdp_gap'])}</td>"
            f"<td>{fmt.shown('unemployment', rec['unemployment'])}</td>"
            f"<td>{fmt.shown('jobs_lost', rec['jobs_lost'])}</td>"
            f"<td>{fmt.shown('fiscal_room', rec['fiscal_room'])}</td>"
            f"<td>{rec['concessions']}</td><td class='words'>{e(memos_cell(r))}</td><td class='why'>{e(mattered)}</td></tr>"
        )
    body.append("</table></div>")
    body.append(f"<p class='key'>{e(SIDE_KEY)}</p>")
    # Decisions by turn.
    turns = max((len(r["timeline"]) for r in reports), default=0)
    if turns:
        body.append("<h2 id='decisions'>Decisions by turn</h2>")
        legend = " ".join(
            f"<span class='chip' style='background:{c}'>{letter}</span> {e(label)}"
            for letter, c, label in FAMILIES.values()
        )
        body.append(f"<p>{legend}. Hover (or tap) a letter for the action.</p>")
        body.append(svg_turn_bars(reports))
        body.append("<div class='wide'><table class='grid'><tr><th>Student</th>")
        body.extend(f"<th>{t}</th>" for t in range(1, turns + 1))
        body.append("</tr>")
        for r in reports:
            cells = [f"<td>{_chips(t['families'], t['actions'])}</td>" for t in r["timeline"]] + [
                "<td></td>"
            ] * (turns - len(r["timeline"]))
            body.append(f"<tr><td>{e(r['student'])}</td>{''.join(cells)}</tr>")
        body.append("</table></div>")
        body.extend(_who_did(reports))
    asked = class_questions(reports)
    if asked:
        body.append("<h2 id='questions'>Questions for the class</h2><ol>")
        body.extend(f"<li>{e(q)}</li>" for q in asked)
        body.append("</ol>")
    if apart or report.others:
        body.append(
            "<h2 id='not-counted'>Not counted</h2><p>These games are not in the endings, grades,"
            " rankings or decisions above."
            + (f" The class's assignment: {e(report.assignment)}." if report.assignment else "")
            + "</p><div class='wide'><table><tr><th>Student</th><th>File</th><th>Why</th></tr>"
        )
        for r in apart:
            body.append(
                f"<tr><td><a href='{e(r['file'])}'>{e(r['student'])}</a></td>"
                f"<td>{e(Path(r['source']).name)}</td><td>{e(r['problem']['listed'])}</td></tr>"
            )
        for o in report.others:
            body.append(
                f"<tr><td>{e(o['student'])}</td><td>{e(Path(o['source']).name)}</td>"
                f"<td>{e(o['why'])}</td></tr>"
            )
        body.append("</table></div>")
    if report.notes:
        body.append("<h2>About the files read</h2><ul>")
        body.extend(f"<li>{e(n)}</li>" for n in report.notes)
        body.append("</ul>")
    style = (
        "<style>.chip{display:inline-block;min-width:1.1em;padding:0 .2em;margin:1px;border-radius:3px;"
        "color:#fff;font:bold .75rem sans-serif;text-align:center}"
        ".grid td{white-space:nowrap;padding:.15rem .25rem}"
        # the figures keep to one line; names, endings and the decision wrap, so that the
        # table fits a laptop's page
        ".side td{white-space:nowrap}.side td.words{white-space:normal}"
        ".side td.why{white-space:normal;min-width:8rem}"
        # an A4 or Letter page is narrower than a laptop's: smaller type and tighter cells
        # keep every column on the paper
        "@media print{.side{font-size:.68rem}.side td,.side th{padding:.15rem .2rem}"
        ".side td.why{min-width:6rem}}</style>"
    )
    return page(title, [style, *body])


def _first_retaliation(report: dict[str, Any]) -> int | None:
    return next((t["turn"] for t in report["timeline"] if "retaliation" in t["families"]), None)


def _who(reports: list[dict[str, Any]]) -> str:
    """The students as a sentence names them: "Zoë Ng and Ben O'Connor", "A, B and C"."""
    names = list(dict.fromkeys(r["student"] for r in reports))
    if len(names) < 2:
        return names_listed(names)
    return f"{names_listed(names[:-1])} and {names[-1]}"


def class_questions(reports: list[dict[str, Any]]) -> list[str]:
    """Questions for the whole class, built from its finished games: the best and the worst
    game side by side, those who hit back early against those who did not, the one who gave
    away most, and the memos written on the decisions that mattered most."""
    done = [r for r in reports if r["ending"] and r["score"] is not None]
    if len(done) < 2:
        return []
    seeds = {(r["scenario_id"], r["seed"]) for r in done}
    same = " on the same seed" if len(seeds) == 1 else ""
    out: list[str] = []
    best, worst = done[0], done[-1]
    if best["ending"]["title"] != worst["ending"]["title"]:
        out.append(
            f"{best['student']}'s game ended in {fmt.in_sentence(best['ending']['title'])} "
            f"({fmt.shown('score', best['score'])}) and {worst['student']}'s in "
            f"{fmt.in_sentence(worst['ending']['title'])} "
            f"({fmt.shown('score', worst['score'])}){same}. "
            "Compare their decisions turn by turn: where did the two games part ways, and why?"
        )
    early = [r for r in done if (_first_retaliation(r) or 99) <= 2]
    rest = [r for r in done if r not in early]
    if early and rest:

        def endings(group: list[dict[str, Any]]) -> str:
            counts = Counter(r["ending"]["title"] for r in group)
            return ", ".join(f"{fmt.in_sentence(title)} {n}" for title, n in counts.most_common())

        # The games still in play are left out, and the sentence says so: a student who hit
        # back early in a game not finished is in neither group.
        of = "Of the finished games, " if len(done) < len(reports) else ""
        out.append(
            f"{of}{_who(early)} hit back in the first two turns (endings: {endings(early)}); "
            f"{'the other student' if len(rest) == 1 else f'the other {len(rest)} students'} "
            f"did not (endings: {endings(rest)}). What did hitting back early buy, and what did "
            "it cost?"
        )
    gave = max(done, key=lambda r: (r["record"]["concessions"], r["score"]))
    parts = gave["record"].get("parts")
    if gave["record"]["concessions"] >= 3 and parts:
        out.append(
            f"{gave['student']} took {gave['record']['concessions']} concession actions: the "
            f"game ended in {fmt.in_sentence(gave['ending']['title'])}, and what was given away "
            f"took the record from {fmt.number(parts['before'], 1)} to "
            f"{fmt.number(parts['record'], 1)} of 100. Was it worth it, and who in Canada paid "
            "for it?"
        )
    quoted = 0
    for r in done:
        cf = r.get("counterfactual")
        row = next((t for t in r["timeline"] if cf and t["turn"] == cf["turn"]), None)
        if row and row["memo"] and row.get("memo_by") == "person" and quoted < 2:
            quoted += 1
            out.append(
                f"{r['student']}'s decision that mattered most was {cf['what']} on turn "
                f'{cf["turn"]} ({mattered_by(cf)}); the memo said: "{row["memo"]}" Was the '
                "reasoning right? What would the class have written?"
            )
    return out


def _who_did(reports: list[dict[str, Any]]) -> list[str]:
    """Who retaliated when, and who conceded what (each student once an action, with the
    turns: "Smith, John (turns 1, 6)")."""
    e = html.escape
    retaliated: dict[int, list[str]] = {}
    conceded: dict[str, dict[int, list[int]]] = {}  # action -> report's index -> turns
    for n, r in enumerate(reports):
        for t in r["timeline"]:
            for family, name in zip(t["families"], t["actions"], strict=False):
                if family == "retaliation":
                    retaliated.setdefault(t["turn"], []).append(r["student"])
                elif family == "concession":
                    conceded.setdefault(name, {}).setdefault(n, []).append(t["turn"])
    out = ["<h3>Who retaliated when</h3><ul>"]
    out.extend(
        f"<li>Turn {turn}: {e(names_listed(dict.fromkeys(who)))}</li>"
        for turn, who in sorted(retaliated.items())
    )
    if not retaliated:
        out.append("<li>Nobody retaliated.</li>")
    out.append("</ul><h3>Who conceded what</h3><ul>")
    for name, by in sorted(conceded.items()):
        who = [
            f"{reports[n]['student']} ({'turn' if len(turns) == 1 else 'turns'} "
            f"{', '.join(map(str, dict.fromkeys(turns)))})"
            for n, turns in by.items()
        ]
        out.append(f"<li>{e(name)}: {e('; '.join(who))}</li>")
    if not conceded:
        out.append("<li>Nobody conceded anything.</li>")
    out.append("</ul>")
    return out
