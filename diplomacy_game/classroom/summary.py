"""A class at a glance: one CSV row per student, a grade book of every student's turns, and a
short Markdown overview for the discussion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt
from diplomacy_game.classroom import verdicts as recorded
from diplomacy_game.classroom.assigned import Key, class_assignment
from diplomacy_game.classroom.handin import (
    HandIn,
    Sorted,
    not_named_for,
    preferred,
    sort_hand_ins,
    under_another_name,
    unreadable_file_of,
)
from diplomacy_game.classroom.names import file_key, name_key, names_listed
from diplomacy_game.classroom.verdicts import INTERNAL_ERROR, Verdict, checked
from diplomacy_game.saves import spreadsheet
from diplomacy_game.saves.safe_json import one_line

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState

__all__ = ["INTERNAL_ERROR", "overview", "summarise", "to_csv"]

# What the ending column says of a game that has not reached an ending.
NOT_FINISHED = "not finished"

# The outcome score, when there is one, goes after the grade.
COLUMNS = (
    "file",
    "student",
    "class",
    "scenario",
    "seed",
    "verified",
    "verification",
    "assigned",
    "turns",
    "ending",
    "grade",
    "score",
    "approval",
    "gdp_gap_pct",
    "unemployment_pct",
    "inflation_pct",
    "us_rapport",
    "memos",
    "strategy_memos",
    "note",
)

# A verdict is the tool's own sentence (what is wrong, and what to do about it): kept whole in
# the overview and the CSV, never cut at the advice.
MESSAGE_LIMIT = 2000

# What a row shows of a game's outcome, "ending" to "us_rapport": for a game that failed
# verification, the file's claims.
CLAIMED = COLUMNS[COLUMNS.index("ending") : COLUMNS.index("us_rapport") + 1]

TURN_COLUMNS = (
    "student",
    "class",
    "file",
    "verified",
    "assigned",
    "turn",
    "date",
    "actions",
    "answers",
    "memo",
    "memo_by",
    "us_posture",
    "approval",
)


@dataclass
class ClassSummary:
    """The class: one row per student, the grade book's rows (a student's turns), the
    decisions the class took, and the files set aside or counted once."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)
    decisions: Counter = field(default_factory=Counter)
    deciders: Counter = field(default_factory=Counter)  # an action: how many students took it
    notes: list[str] = field(default_factory=list)
    # Every game checked (counted or not) that failed verification: (student, file, why).
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    # Every game not played with the class's assignment: (student, file, why).
    foreign: list[tuple[str, str, str]] = field(default_factory=list)
    assignment: str = ""  # the class's assignment in words, when some game differs from it
    games: int = 0  # the games checked (all of them, duplicates included)
    unreadable: int = 0  # files that could not be read as a save at all
    # Students on the class list (the assignment named with --assignment) who handed in nothing.
    missing: list[str] = field(default_factory=list)


def memo_by(logged: dict[str, Any]) -> str:
    """Who wrote a turn's memo: 'person', 'strategy', or '' when there is none. Saves from
    before memos were marked tell a strategy's memo by its exact words."""
    memo = logged.get("memo", "")
    if not isinstance(memo, str) or not memo.strip():
        return ""
    if logged.get("memo_by") == "strategy" or memo in _strategy_memos():
        return "strategy"
    return "person"


def _strategy_memos() -> set[str]:
    from diplomacy_game.sim.policies import REGISTRY

    return {f"[{p.name}] {p.idea}" for p in REGISTRY.values()}


def summarise(
    paths: Sequence[Path],
    extra: Sequence[Path] = (),
    handed: Sorted | None = None,
    expected: Key | None = None,
    class_list: Sequence[str] = (),
) -> ClassSummary:
    """One row per student (their best game when they handed in several) and one per file
    whose student cannot be told. A file that cannot be read or checked gets a row saying
    why; the others are summarised all the same. Backups are set aside with a note. Only
    verified games of the class's assignment (``assigned.py``) count in the overview's
    tallies; every other game is named with the reason. ``handed``: the hand-ins already
    sorted (``handin.gather``), else ``paths`` are sorted here. ``expected``: the assignment
    the teacher named (``assigned.read_assignment``), else it is told from the hand-ins;
    ``class_list``: its students, to name those who handed in nothing."""
    if handed is None:
        handed = sort_hand_ins(paths, class_list)
    out = ClassSummary(notes=handed.notes(), games=len(handed.games))
    # Recorded here, once each, with what the summary shows of the game (below).
    verdicts = {
        item.path: checked(item.path, extra, keep=False, **item.kept()) for item in handed.games
    }
    unrecorded = [v for v in verdicts.values() if v.facts is None]
    verified = {p: v.ok for p, v in verdicts.items()}
    assignment = class_assignment(handed.games, expected)
    if assignment.problems or assignment.tie:
        out.assignment = assignment.describe()
    fits = {item.path: assignment.fits(item.path) for item in handed.games}
    out.unreadable = sum(not item.readable for item in handed.games)
    counted: list[HandIn] = []
    seen: set[tuple[str, str]] = set()
    for item in handed.games:
        key = item.key
        if key is None:
            counted.append(item)
        elif key not in seen:
            seen.add(key)
            counted.append(preferred(handed.duplicates.get(key, [item]), verified, fits))
    for item in handed.games:
        verdict = verdicts[item.path]
        who = one_line(item.student or item.file_of or item.path.stem)
        if not verdict.ok:
            out.failed.append(
                (who, one_line(item.path.name), one_line(verdict.message, MESSAGE_LIMIT))
            )
        elif item.path in assignment.problems:
            out.foreign.append((who, one_line(item.path.name), assignment.problems[item.path]))
    for item in counted:
        verdict = verdicts[item.path]
        tally = verdict.ok and fits[item.path]
        row, turns = _summarise_one(item, verdict, extra, out.decisions if tally else Counter())
        if tally and verdict.facts is not None:
            out.deciders.update(set(verdict.facts["decisions"]))
        notes = (
            [f"the backup of {one_line(item.backup_of.name)}, which was not handed in"]
            if (item.backup_of is not None)
            else []
        )
        why = assignment.problems.get(item.path)
        if not item.readable:  # nothing in the file says whose assignment it is
            why = "the file cannot be read"
        row["assigned"] = f"no: {why}" if why else "yes"
        for turn in turns:  # the grade book tells a game of another assignment too
            turn["assigned"] = "no" if why else "yes"
        if not verdict.ok:
            claims = ", ".join(
                f"{name} {row[name]}" for name in ("grade", "score") if row[name] != ""
            )
            claimed = f" (the file claims {claims})" if claims else ""
            if row["turns"] != "":
                notes.append(
                    f"not counted: it failed verification{claimed}; its ending and figures are"
                    " the file's claims and are left out"
                )
            elif verdict.kind == "content":  # a sound game, of another version of the content
                notes.append(
                    "not counted: it was played with another version of the game or its content, so"
                    " this"
                    " version cannot show it (the verification column says what to do)"
                )
            else:
                notes.append(
                    "not counted: it failed verification, and holds no game that can be shown"
                )
            # a failed game's figures are what the file says, not the game's
            for name in CLAIMED:
                row[name] = ""
        elif why:
            notes.append("not counted: not the class's assignment")
        if item.named_for:
            notes.append(under_another_name(item, handed.duplicates))
        if item.stray:  # the game counted is in a file not named for its student
            notes.append(not_named_for(item, handed.duplicates))
        if item.file_of:
            notes.append(unreadable_file_of(item))
        others = [g for g in handed.duplicates.get(item.key, []) if g is not item]
        own = [g for g in others if not g.named_for and not g.stray]

        def marked(g: HandIn, said: str) -> str:
            return (
                said
                + ("" if verdicts[g.path].ok else " (FAILED verification)")
                + ("" if fits[g.path] else " (not the class's assignment)")
            )

        if own:
            names = ", ".join(marked(g, one_line(g.path.name, 120)) for g in own)
            notes.append(f"counted this game of {len(own) + 1}; also handed in: {names}")
        # a classmate's file that holds this game: said as the overview says it
        notes.extend(under_another_name(g, handed.duplicates) for g in others if g.named_for)
        notes.extend(marked(g, not_named_for(g, handed.duplicates)) for g in others if g.stray)
        row["note"] = "; ".join(notes)
        out.rows.append(row)
        out.turns.extend(turns)
    for verdict in unrecorded:  # the next summary takes them from the record
        recorded.remember(verdict, verdict.facts)
    if class_list:
        # A file that names no student (cut short, emptied, or a game started without the
        # assignment) stands under its file's name ("Connor-McDavid"): the student handed
        # something in, and it is listed with why it does not count.
        handed_in = {name_key(r["student"]) for r in out.rows if r["student"]}
        handed_in |= {file_key(r["student"]) for r in out.rows if r["student"]}
        # a student whose file holds a classmate's game handed that in: the notes say so
        handed_in |= {name_key(g.named_for) for g in handed.games if g.named_for}
        out.missing = [
            name
            for name in class_list
            if name_key(name) not in handed_in and file_key(name) not in handed_in
        ]
    return out


def _summarise_one(
    item: HandIn, verdict: Verdict, extra: Sequence[Path], decisions: Counter
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    path = item.path
    row: dict[str, Any] = {k: "" for k in COLUMNS}
    row.update(
        {
            "file": str(path),
            # a damaged save is named by its file, or the student the assignment gave that name
            "student": item.student or item.file_of or path.stem,
            "class": item.class_name,
            "verified": "yes" if verdict.ok else "no",
            "verification": one_line(verdict.message, MESSAGE_LIMIT),
        }
    )
    row["student"], row["class"] = one_line(row["student"]), one_line(row["class"])
    facts = verdict.facts
    if facts is None:
        facts = verdict.facts = _facts_of(path, verdict, extra)
        if facts is None:  # no game to show: the scenario and seed its header names
            row["scenario"] = one_line(item.scenario)
            row["seed"] = "" if item.seed is None else item.seed
            return row, []
    head = {k: row[k] for k in ("student", "class", "file", "verified")}
    row.update({k: v for k, v in facts["row"].items() if k in COLUMNS and k not in head})
    decisions.update(facts["decisions"])
    turns = [
        {**head, **{k: v for k, v in turn.items() if k in TURN_COLUMNS and k not in head}}
        for turn in facts["turns"]
    ]
    return row, turns


def _facts_of(path: Path, verdict: Verdict, extra: Sequence[Path]) -> dict[str, Any] | None:
    """What the summary shows of a game, from the game the verification loaded (else read
    from the file); None when it does not load."""
    from diplomacy_game.classroom.verdict import game_shown
    from diplomacy_game.content import ContentError
    from diplomacy_game.saves.store import SaveError

    try:  # a failed save's figures are the file's claims: the summary leaves them out
        ruleset, state = game_shown(path, verdict, extra)
    except (SaveError, ContentError):
        return None
    return game_facts(ruleset, state)


def _at(rows: list[dict[str, Any]], column: str, pick: Callable[..., Any]) -> list[dict[str, Any]]:
    """The rows at the highest (``pick`` = max) or lowest value of a column: every student
    tied there, not the first listed (two students who played alike have one game)."""
    value = pick(r[column] for r in rows)
    return [r for r in rows if r[column] == value]


def _tied(rows: list[dict[str, Any]], figure: Callable[[dict[str, Any]], str]) -> str:
    """Students with what they are named for: "Ann Lee and Bo Chan (53.5%, Limbo)" when the
    figure reads alike for all, else each with their own."""
    said = [figure(r) for r in rows]
    if len(set(said)) == 1:
        return f"{_and(str(r['student']) for r in rows)} ({said[0]})"
    return _and(f"{r['student']} ({text})" for r, text in zip(rows, said, strict=True))


def _and(names: Iterable[str]) -> str:
    """'Ann', 'Ann and Bo', 'Ann, Bo and Cy'; 'Smith, John; Ann' where a name holds a comma,
    as ``names_listed`` separates them."""
    names = list(names)
    return names_listed(names) if any("," in n for n in names) else fmt.listed(names)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def game_facts(ruleset: Ruleset, state: GameState) -> dict[str, Any]:
    """Everything the summary shows of one game that the game alone decides (not who handed
    it in): the row's figures, each turn's row, and the actions taken by name. JSON, so that
    it is recorded with the game's verdict."""
    v = state.values
    authors = [memo_by(d) for d in state.decisions]
    row = {
        "scenario": state.scenario_id,
        "seed": state.seed,
        "turns": state.turn,
        "ending": one_line(state.ending["title"]) if state.ending else NOT_FINISHED,
        "grade": one_line(state.ending["grade"]) if state.ending else "",
        "score": fmt.cut(state.ending["score"], 1)  # as every score shown is cut
        if state.ending and state.ending.get("score") is not None
        else "",
        "approval": round(v["approval"], 1),
        "gdp_gap_pct": round(v["gdp_gap"], 2),
        "unemployment_pct": round(v["unemployment"], 2),
        "inflation_pct": round(v["inflation"], 2),
        "us_rapport": round(v["us.rapport"], 1),
        "memos": authors.count("person"),
        "strategy_memos": authors.count("strategy"),
    }
    taken = [
        _action_name(ruleset, action["id"])
        for logged in state.decisions
        for action in logged.get("actions", [])
    ]
    blank = {"student": "", "class": "", "file": "", "verified": ""}
    turns = [
        {k: v for k, v in turn.items() if k not in blank}
        for turn in turn_rows(ruleset, state, blank)
    ]
    return {"row": row, "turns": turns, "decisions": taken}


def turn_rows(ruleset: Ruleset, state: GameState, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The grade book's rows of one game: each turn's actions with their settings, answers to
    events, the memo and who wrote it, as a student reads them (names, not ids)."""
    out = []
    for logged, record in zip(state.decisions, state.history, strict=False):
        actions = []
        for action in logged.get("actions", []):
            settings = fmt.params_text(ruleset, action["id"], action.get("params") or {})
            name = _action_name(ruleset, action["id"])
            actions.append(f"{name} ({settings})" if settings else name)
        answers = [
            _answer_text(ruleset, event_id, option_id)
            for event_id, option_id in (logged.get("answers") or {}).items()
        ]
        out.append(
            {
                "student": row["student"],
                "class": row["class"],
                "file": row["file"],
                "verified": row["verified"],
                "turn": record.get("turn", ""),
                "date": record.get("date", ""),
                "actions": "; ".join(actions),
                "answers": "; ".join(answers),
                "memo": one_line(logged.get("memo", ""), 4000),
                "memo_by": memo_by(logged),
                "us_posture": fmt.humanize(str(record.get("us_posture", ""))),
                "approval": round(float(record.get("approval", 0.0)), 1),
            }
        )
    return out


def _action_name(ruleset: Ruleset, action_id: str) -> str:
    action = ruleset.actions.get(action_id)
    return action.spec.name if action is not None else one_line(action_id)


def _answer_text(ruleset: Ruleset, event_id: str, option_id: str) -> str:
    event = ruleset.events.get(event_id)
    if event is None:
        return one_line(f"{event_id}: {option_id}")
    label = next((o.label for o in event.spec.options if o.id == option_id), option_id)
    return f"{event.spec.title}: {label}"


def to_csv(rows: list[dict[str, Any]], columns: Sequence[str] = COLUMNS) -> str:
    """The rows as CSV, every cell safe to open in a spreadsheet (``saves.spreadsheet``)."""
    return spreadsheet.to_csv(rows, columns)


def overview(summary: ClassSummary) -> str:
    """The class at a glance, in Markdown. The tallies, highs and lows count only the verified
    games of the class's assignment; every game that failed, or was played with another
    assignment, is named with the reason."""
    rows, decisions = summary.rows, summary.decisions
    files = {r["file"] for r in rows}
    unreadable = summary.unreadable
    students = len(rows) - min(unreadable, len(files))
    head = f"# Class overview: {fmt.count(students, 'student')}"
    if unreadable:
        head += f", and {fmt.count(unreadable, 'file')} that could not be read"
    out = [head, ""]
    games = summary.games or len(rows)
    out.append(f"- Verified: {games - len(summary.failed)} of {fmt.count(games, 'game')}.")
    for student, name, why in summary.failed:
        out.append(f"  - **{student}** ({name}): {why}")
    if summary.failed:
        out.append("  - A game that failed is not counted in the endings, grades or rankings.")
    if summary.foreign:
        out.append("- Not the class's assignment (not counted in the endings, grades or rankings):")
        out.extend(f"  - **{student}** ({name}): {why}" for student, name, why in summary.foreign)
    if summary.assignment:
        out.append(f"- The class's assignment: {summary.assignment}.")
    if summary.missing:
        out.append("- Nothing handed in: " + names_listed(summary.missing) + ".")
    if summary.notes:
        out.append("- Not counted, or counted once:")
        out.extend(f"  - {note}" for note in summary.notes)
    counted = [
        r for r in rows if r["verified"] == "yes" and r["assigned"] == "yes" and r["approval"] != ""
    ]
    endings = Counter(r["ending"] for r in counted if r["ending"])
    grades = Counter(r["grade"] for r in counted if r["grade"])
    if endings:
        out.append("- Endings: " + ", ".join(f"{k} {v}" for k, v in endings.most_common()) + ".")
    if grades:
        out.append("- Grades: " + ", ".join(f"{k} {grades[k]}" for k in sorted(grades)) + ".")
    if decisions:
        out.append(
            "- Most common decisions: "
            + ", ".join(
                f"{k} ({_times(v)}, by {fmt.count(summary.deciders[k], 'student')})"
                for k, v in decisions.most_common(5)
            )
            + "."
        )
    unfinished = [r for r in counted if r["ending"] == NOT_FINISHED]
    if unfinished:
        out.append(
            "- Not finished: "
            + names_listed(
                f"{r['student']} ({fmt.count(r['turns'], 'turn')} played)"
                if r["turns"]
                else f"{r['student']} (not started)"
                for r in unfinished
            )
            + "."
        )
    # The highs and lows compare games at their end: a game stopped after four turns, or
    # never started, shows the figures of that moment, not an outcome.
    finished = [r for r in counted if r["ending"] != NOT_FINISHED]
    if len(finished) >= 2:
        among = " (finished games)" if unfinished else ""
        ranked = [r for r in finished if r["score"] != ""]
        if ranked:
            out.append(
                f"- Highest outcome score{among}: "
                + _tied(
                    _at(ranked, "score", max),
                    lambda r: f"{fmt.shown('score', r['score'])}, {r['ending']}",
                )
                + "."
            )
        if len({r["approval"] for r in finished}) == 1:  # not a high beside the same low
            value = finished[0]["approval"]
            games = "both games" if len(finished) == 2 else f"all {len(finished)} games"
            out.append(f"- Approval{among}: {value}% in {games}.")
        else:
            for label, pick in (("Highest", max), ("Lowest", min)):
                tied = _at(finished, "approval", pick)
                said = _tied(tied, lambda r: f"{r['approval']}%, {r['ending']}")
                out.append(f"- {label} approval{among}: {said}.")
        deepest = _at(finished, "gdp_gap_pct", min)
        said = _tied(deepest, lambda r: f"GDP gap {r['gdp_gap_pct']}%")
        out.append(f"- Deepest recession{among}: {said}.")
    no_memo = [r["student"] for r in counted if r["turns"] and not r["memos"]]
    if no_memo:
        out.append(f"- No memos of their own: {names_listed(map(str, no_memo))}.")
    by_strategy = [r["student"] for r in counted if r["strategy_memos"]]
    if by_strategy:
        out.append(f"- Memos filled by a strategy: {names_listed(map(str, by_strategy))}.")
    return "\n".join(out) + "\n"
