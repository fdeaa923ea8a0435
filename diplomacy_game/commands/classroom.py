"""Commands for a class: write assignments, verify saves, report on a game, sum up a class."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt
from diplomacy_game.commands.output import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    emit_text,
    err,
    output_form,
    print_json,
    write_output,
)

REPORT_FORMS = ("md", "html")  # the formats each command writes, its plain one first
HANDOUT_FORMS = ("text", "md", "html")

if TYPE_CHECKING:
    from diplomacy_game.classroom.handin import HandIn


def _named(assignment: Path | None) -> tuple[bool, Any]:
    """The assignment the teacher names with ``--assignment`` (``assigned.read_assignment``):
    (True, its key, or None when not named); (False, None) after saying why it cannot be read."""
    named, key, _ = _named_class(assignment)
    return named, key


def _named_class(assignment: Path | None) -> tuple[bool, Any, list[str]]:
    """``_named``, with the students its files name (the class list)."""
    if assignment is None:
        return True, None, []
    from diplomacy_game.classroom.assigned import read_class

    key, students, problem = read_class(assignment)
    if problem:
        err(problem)
        return False, None, []
    return True, key, students


def verify(
    saves: list[Path], content: list[Path], as_json: bool, assignment: Path | None = None
) -> int:
    """Replay each handed-in game and judge it on one line; backups are set aside with a note,
    students who handed in several games are named, and games not played with the class's
    assignment (``assigned.py``) are named as such. Files, or folders of them."""
    from diplomacy_game.classroom.assigned import class_assignment
    from diplomacy_game.classroom.handin import gather
    from diplomacy_game.classroom.verdicts import checked
    from diplomacy_game.saves.safe_json import one_line

    named, expected, class_list = _named_class(assignment)
    if not named:
        return EXIT_USAGE
    handed, problem = gather(saves, "verify", class_list)
    if problem:
        err(f"{problem}; nothing was verified")
        return EXIT_ERROR
    verdicts = [checked(item.path, content, **item.kept()) for item in handed.games]
    assigned = class_assignment(handed.games, expected)
    foreign = {
        Path(v.path): assigned.problems[Path(v.path)]
        for v in verdicts
        if Path(v.path) in assigned.problems
    }
    bad = sum(not v.ok for v in verdicts)
    other = sum(v.ok and Path(v.path) in foreign for v in verdicts)
    if as_json:
        rows = []
        for v in verdicts:
            row = v.as_dict()
            row["class_assignment"] = foreign.get(Path(v.path), "")
            if row["class_assignment"]:
                row["ok"] = False
            rows.append(row)
        skipped = [
            {"path": str(p), "ok": None, "kind": "set aside", "message": note}
            for p, note in [*handed.set_aside, *handed.skipped]
        ]
        # the NOTE lines of the text output: students with several games, the assignment
        notes = [*handed.notes()]
        if foreign or assigned.tie:
            notes.append(f"the class's assignment: {assigned.describe()}")
        said = [{"path": None, "ok": None, "kind": "note", "message": n} for n in notes]
        print_json(rows + skipped + said)
        return EXIT_ERROR if bad or other else EXIT_OK
    for item, v in zip(handed.games, verdicts, strict=True):
        # a file's name and the message are printed as one line whatever they hold
        message = one_line(v.message, 500)
        why = foreign.get(Path(v.path))
        if why and v.ok:
            message = f"not the class's assignment: {why} (the game itself replays: {message})"
        elif why:
            message += f"; and not the class's assignment: {why}"
        ok = v.ok and not why
        print(f"{'OK  ' if ok else 'FAIL'} {one_line(v.path, 500)}{_whose(item)}: {message}")
    for note in handed.notes():
        print(f"NOTE {note}")
    if foreign or assigned.tie:
        print(f"NOTE the class's assignment: {assigned.describe()}")
    readable = [item for item in handed.games if item.readable]
    students = len({item.key or item.path for item in readable})
    extra = [fmt.count(students, "student")] if students != len(verdicts) else []
    if len(readable) != len(handed.games):
        extra.append(f"{fmt.count(len(handed.games) - len(readable), 'file')} not readable")
    if handed.set_aside:
        extra.append(f"{fmt.count(len(handed.set_aside), 'backup')} not counted")
    if handed.skipped:
        extra.append(f"{fmt.count(len(handed.skipped), 'other file')} not read")
    tail = f" ({', '.join(extra)})" if extra else ""
    also = f", {other} consistent but not the class's assignment" if other else ""
    print(f"{len(verdicts) - bad - other} consistent, {bad} not{also}{tail}")
    return EXIT_ERROR if bad or other else EXIT_OK


def _whose(item: HandIn) -> str:
    """ " (Zoë Ng)" after a file whose name does not say whose game it is ("my game.json", a
    classmate's file handed in under another name); "" when it does, or names nobody."""
    if not item.student:
        return ""
    from diplomacy_game.classroom.names import file_key
    from diplomacy_game.saves.safe_json import one_line

    if file_key(item.student) in item.path.stem.casefold():
        return ""
    return f" ({one_line(item.student, 120)})"


def assign(
    scenario: str,
    seed: int,
    class_name: str,
    students_file: Path | None,
    content: list[Path],
    output: Path | None = None,
    seed_per_student: bool = False,
    memo_required: bool = False,
    replace: bool = False,
) -> int:
    """Write the files a class (or each student in ``students_file``) opens to play. A folder
    that holds the same assignment gets the new students' files, the others left as they
    were; one that holds another assignment is refused, unless ``replace`` (its files are
    then moved to a folder beside it): ``classroom.assign_folder``."""
    from diplomacy_game.classroom.assign import one_per_student, read_students
    from diplomacy_game.classroom.assign_folder import FolderProblem, handed_in_games, plan, write
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.engine.game import MAX_SEED
    from diplomacy_game.saves.library import safe_name
    from diplomacy_game.saves.safe_json import one_line

    notes: list[str] = []
    try:
        students = read_students(students_file) if students_file else None
        if students is not None:
            students = one_per_student(students, notes)
        ruleset = load_ruleset(scenario, extra=content)
    except ValueError as exc:
        err(str(exc))
        return EXIT_USAGE
    except ContentError as exc:
        err(str(exc))
        return EXIT_ERROR
    if not 0 <= seed <= MAX_SEED:
        err(f"the seed must be a whole number from 0 to {MAX_SEED}")
        return EXIT_USAGE
    out_dir = output or Path("assignments") / safe_name(class_name)
    try:
        found = plan(ruleset, class_name, seed, students, out_dir, seed_per_student, memo_required)
        done = write(found, ruleset, replace)
    except FolderProblem as exc:
        err(str(exc))
        return EXIT_ERROR
    for note in notes:
        print(f"Note: {note}")
    folder = one_line(str(out_dir), 300)
    if done.kept_aside is not None:
        aside = one_line(str(done.kept_aside), 300)
        for words in done.replaced:
            print(f"Replaced: {words}.")
        print(f"Moved {fmt.count(len(done.moved), 'file')} to {aside}/ (nothing is deleted):")
        for item in found.others:
            print(f"  {item.whose()}: the assignment replaced")
        for item in found.off_roster:
            print(f"  {item.whose()}: not on this roster")
        for item in found.strangers:
            print(f"  {one_line(item.path.name, 120)}: {item.why}")
        for item in found.spare:
            print(f"  {item.whose()}: a second file of that student's")
        if done.replaced:
            print(
                "Check the games already played from the files replaced against them:"
                f"  diplomacy-game verify HAND-IN-FOLDER --assignment {shlex.quote(aside)}"
            )
            hand_in, games = handed_in_games(found)
            if games:
                untouched = "it is" if games == 1 else "they are"
                print(
                    f"Note: {hand_in} holds {fmt.count(games, 'game')} of another assignment"
                    f" than this one (the class's hand-ins under 'serve'); {untouched} not"
                    " touched. 'serve --class' does not reopen a student's game of another"
                    " scenario or seed for the new assignment: serve this class with another"
                    " hand-in folder (--hand-in DIR), or move those games first."
                )
    again = bool(found.kept)
    for a in done.files:
        who = one_line(a.student, 120) or "the whole class"
        state = ("  new" if a.new else "  already there, unchanged") if again else ""
        print(f"{a.path}  ({who}, seed {a.seed}){state}")
    if found.off_roster and done.kept_aside is None:
        one = len(found.off_roster) == 1
        listed = ", ".join(item.whose() for item in found.off_roster[:6])
        more = f" and {len(found.off_roster) - 6} more" if len(found.off_roster) > 6 else ""
        print(
            f"Note: not on this roster, left in {folder} as files of this assignment:"
            f" {listed}{more}. {'That student is' if one else 'Those students are'} still part"
            " of the class ('serve --class' lets them sign in, and --assignment counts them)."
            " To drop them, run this again with --replace: their files are moved to a folder"
            " beside this one."
        )
    for item in found.spare if done.kept_aside is None else []:
        print(
            f"Note: {item.whose()} in {folder} is a second file of this assignment for that"
            " student: left as it is."
        )
    if found.strangers and done.kept_aside is None:
        for item in found.strangers:
            print(
                f"Note: {one_line(item.path.name, 120)} in {folder}, {item.why}; left as it"
                " is, and not read as part of the assignment."
            )
    what = f"'{class_name}': {ruleset.scenario.title}"
    new = len(found.new)
    if not again:
        print(f"{fmt.count(new, 'assignment file')} for {what}.")
    else:
        kept = len(found.kept)
        written = f"{fmt.count(new, 'new assignment file')}" if new else "No new assignment file"
        print(
            f"{written} for {what}; {kept} already there, unchanged: the same assignment"
            " (scenario, seed and settings)."
        )
    packs = "".join(f" --content {shlex.quote(str(p))}" for p in content)
    print(
        f"Students open theirs with:  diplomacy-game load FILE{packs}   "
        f"(or: diplomacy-game play --interactive --load FILE{packs})"
    )
    if content:
        print("Give the students the content packs with their files: the game needs them.")
    return EXIT_OK


def report(
    saves: list[Path],
    content: list[Path],
    output: Path | None,
    form: str | None,
    games: int,
    assignment: Path | None = None,
) -> int:
    """Write the after-action report of a saved game (Markdown or HTML) to ``output`` or
    stdout; ``games`` simulated games per built-in strategy set it against the others. Given
    a folder (or several saves), every student's report and index.html go into ``output``."""
    from diplomacy_game.classroom.handin import find_saves
    from diplomacy_game.classroom.report import (
        build_report,
        not_counted,
        render_html,
        render_markdown,
    )
    from diplomacy_game.classroom.verdict import game_shown
    from diplomacy_game.classroom.verdicts import checked
    from diplomacy_game.content import ContentError
    from diplomacy_game.saves.safe_json import one_line
    from diplomacy_game.saves.store import SaveError

    if games < 0:
        err("--games must be 0 or more")
        return EXIT_USAGE
    if len(saves) > 1 or saves[0].is_dir():
        return class_report(saves, content, output, form, games, assignment)
    written = output_form(output, form, REPORT_FORMS, "report")
    if written is None:
        return EXIT_USAGE
    html = written == "html"
    named, expected = _named(assignment)
    if not named:
        return EXIT_USAGE
    found = find_saves(saves, "report")
    if found.problem:
        err(f"{found.problem}; no report was written")
        return EXIT_ERROR
    save = found.paths[0]
    # The save is verified first (the verdict recorded by verify or class-summary, when this
    # very file was checked before): a save that fails is never reported as the student's.
    verdict = checked(save, content)
    foreign = ""
    if expected is not None:
        from diplomacy_game.classroom.assigned import class_assignment
        from diplomacy_game.classroom.handin import describe

        foreign = class_assignment([describe(save)], expected).problems.get(save, "")
    try:  # never load_game: a handed-in file is never moved, whatever it holds
        ruleset, state = game_shown(save, verdict, content)
    except (SaveError, ContentError) as exc:
        why = exc.without_name(save) if isinstance(exc, SaveError) else str(exc)
        if verdict.ok:
            err(f"{save}: {why}")
            return EXIT_ERROR
        # Nothing to show but why: the page says so, as every save that fails gets its page.
        return _unreadable_report(save, verdict, output, html)
    # A game that failed is not analysed as the student's: no replays without each choice,
    # no comparison with the strategies, only what the file shows, under a warning.
    data = build_report(
        ruleset, state, games_per_policy=games if verdict.ok else 0, with_counterfactual=verdict.ok
    )
    if not verdict.ok:
        data["problem"] = not_counted("failed", one_line(verdict.message, 500), save)
    elif foreign:
        data["problem"] = not_counted("foreign", foreign)
    text = render_html(data) if html else render_markdown(data)
    if not emit_text(text, output):
        return EXIT_ERROR
    if output is not None:
        print(f"Wrote {output}")
    if not verdict.ok:
        err(
            f"{one_line(save, 300)} failed verification ({one_line(verdict.message, 300)}): the"
            " report is marked NOT VERIFIED; its ending and grade are the file's claims, not the"
            " student's result"
        )
        return EXIT_ERROR
    if foreign:
        err(f"{one_line(save, 300)} is not a game of the assignment named: {foreign}")
        return EXIT_ERROR
    return EXIT_OK


def _unreadable_report(save: Path, verdict: Any, output: Path | None, html: bool) -> int:
    """The NOT VERIFIED page of a save that holds no game to show; exits 1, as for every
    save that fails verification."""
    from diplomacy_game.classroom.handin import describe
    from diplomacy_game.classroom.report import ask_for_the_save, render_unreadable
    from diplomacy_game.saves.safe_json import one_line

    why = one_line(verdict.message, 500)
    student = one_line(describe(save).student)
    # a save of another content version is sound: its verdict says what to do
    advice = "" if verdict.kind == "content" else ask_for_the_save(save)
    page = render_unreadable(one_line(save, 300), student, why, html, advice)
    if not emit_text(page, output):
        return EXIT_ERROR
    if output is not None:
        print(f"Wrote {output}")
    err(
        f"{one_line(save, 300)} failed verification ({why}): the report is marked NOT VERIFIED"
        " and holds no game"
    )
    return EXIT_ERROR


def class_report(
    saves: list[Path],
    content: list[Path],
    output: Path | None,
    form: str | None,
    games: int,
    assignment: Path | None = None,
) -> int:
    """``report FOLDER -o reports/``: one HTML report per student and reports/index.html."""
    from diplomacy_game.classroom.class_page import build_class, write_class
    from diplomacy_game.saves.safe_json import one_line

    if form == "md":
        err("a class report is HTML (one page per student and index.html); drop --format md")
        return EXIT_USAGE
    out = output or Path("reports")
    if (out.exists() and not out.is_dir()) or out.suffix.lower() in (".html", ".htm", ".md"):
        what = "is a file" if out.exists() else "names a file"
        err(
            f"{out} {what}; a class report is a folder, one page per student and index.html"
            " (-o reports/)"
        )
        return EXIT_USAGE

    def progress(line: str) -> None:  # on stderr, as it goes: a class takes a while
        sys.stderr.write(f"  {line}\n")
        sys.stderr.flush()

    named, expected, class_list = _named_class(assignment)
    if not named:
        return EXIT_USAGE
    built = build_class(
        saves, content, games, progress=progress, expected=expected, class_list=class_list
    )
    if built.problem:
        err(f"{built.problem}; no report was written")
        return EXIT_ERROR
    if not built.reports:
        why = [
            f"{one_line(o['source'], 300)}: {o['why'].removeprefix('failed verification: ')}"
            for o in built.others
        ] + built.notes
        more = f" (and {len(why) - 1} more)" if len(why) > 1 else ""
        err("no readable saves: " + (why[0] + more if why else "no .json files"))
        return EXIT_ERROR
    try:
        written = write_class(built, out)
    except OSError as exc:
        err(f"could not write to {out}: {exc.strerror or exc}")
        return EXIT_ERROR
    for note in built.notes:
        print(f"  note: {note}")
    apart = [r for r in built.reports if r.get("problem")]
    for r in apart:
        print(f"  not counted: {r['student']} ({Path(r['source']).name}): {r['problem']['why']}")
    for o in built.others:
        print(f"  not counted: {o['student']} ({Path(o['source']).name}): {o['why']}")
    if built.assignment:  # games set apart, or the hand-ins split evenly between assignments
        print(f"  the class's assignment: {built.assignment}")
    print(f"Wrote {fmt.count(len(written) - 1, 'report')} and {out / 'index.html'}")
    return EXIT_OK


def class_summary(
    saves: list[Path],
    content: list[Path],
    output: Path | None,
    turns: Path | None = None,
    assignment: Path | None = None,
) -> int:
    """One row per student and an overview of the class: the rows as CSV to ``output`` (or
    stdout, with the overview on stderr, so that ``> class.csv`` keeps a CSV and nothing
    else) and, with ``turns``, the grade book of every student's turns."""
    from diplomacy_game.classroom.handin import gather
    from diplomacy_game.classroom.summary import TURN_COLUMNS, overview, summarise, to_csv

    named, expected, class_list = _named_class(assignment)
    if not named:
        return EXIT_USAGE
    handed, problem = gather(saves, "class-summary", class_list)
    if problem:
        err(f"{problem}; nothing was summarised")
        return EXIT_ERROR
    summary = summarise([], content, handed, expected, class_list)
    for target, data in (
        (output, to_csv(summary.rows)),
        (turns, to_csv(summary.turns, TURN_COLUMNS)),
    ):
        if target is not None and not write_output(target, data.encode("utf-8")):
            return EXIT_ERROR
    text = overview(summary)
    if output is None:
        sys.stdout.write(to_csv(summary.rows))
        sys.stdout.flush()
        sys.stderr.write("\n" + text)
    else:
        print(text)
        print(f"Wrote {fmt.count(len(summary.rows), 'row')}, one per student, to {output}")
    if turns is not None:
        print(f"Wrote {fmt.count(len(summary.turns), 'row')}, one per student and turn, to {turns}")
    return EXIT_OK


def actions(
    scenario: str, content: list[Path], form: str | None = None, output: Path | None = None
) -> int:
    """The student handout of a scenario's actions: printed, or written to ``output`` as text,
    Markdown or HTML (``form``, else from the file's suffix)."""
    from diplomacy_game.classroom.handout import RENDER, build_handout
    from diplomacy_game.content import ContentError, load_ruleset

    try:
        ruleset = load_ruleset(scenario, extra=content)
    except ContentError as exc:
        errors = [i for i in exc.issues if i.severity == "error"]
        if len(errors) == 1 and errors[0].field == "scenario":  # a scenario the content lacks
            err(errors[0].message, "actions")
        else:
            err(f"{exc}\nRun 'diplomacy-game validate'.", "actions")
        return EXIT_ERROR
    form = output_form(output, form, HANDOUT_FORMS, "actions")
    if form is None:
        return EXIT_USAGE
    handout = build_handout(ruleset)
    text = RENDER[form](handout)
    if not emit_text(text, output, "actions"):
        return EXIT_ERROR
    if output is None:
        return EXIT_OK
    count = sum(len(entries) for _, entries in handout.families)
    print(f"Wrote {output}: {count} actions of '{ruleset.scenario.title}'.")
    return EXIT_OK
