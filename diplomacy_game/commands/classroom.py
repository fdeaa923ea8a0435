"""Commands for a class: write assignments, verify saves, report on a game, sum up a class."""

from __future__ import annotations

import sys
from pathlib import Path

from diplomacy_game import fmt
from diplomacy_game.commands.output import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    emit_text,
    err,
    print_json,
)


def _missing(paths: list[Path], consequence: str) -> bool:
    """Whether a path given does not exist, said on stderr: a mistyped folder is refused
    whole, not read as a class where someone handed in nothing."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        err(f"{missing[0]}: no such file or folder; {consequence}")
    return bool(missing)


def verify(saves: list[Path], content: list[Path], as_json: bool) -> int:
    """Replay each handed-in game and judge it on one line; backups are set aside with a note
    and students who handed in several games are named. Files, or folders of them."""
    from diplomacy_game.classroom.handin import expand, sort_hand_ins
    from diplomacy_game.classroom.verdicts import checked
    from diplomacy_game.saves.safe_json import one_line

    paths = expand(saves)
    if not paths:
        err("no save files found (pass files, or a folder of them)")
        return EXIT_USAGE
    handed = sort_hand_ins(paths)
    verdicts = [checked(item.path, content, **item.kept()) for item in handed.games]
    bad = sum(not v.ok for v in verdicts)
    if as_json:
        skipped = [
            {"path": str(p), "ok": None, "kind": "set aside", "message": note}
            for p, note in handed.set_aside
        ]
        print_json([v.as_dict() for v in verdicts] + skipped)
        return EXIT_ERROR if bad else EXIT_OK
    for v in verdicts:
        # a file's name and the message are printed as one line whatever they hold
        print(f"{'OK  ' if v.ok else 'FAIL'} {one_line(v.path, 500)}: {one_line(v.message, 500)}")
    for note in handed.notes():
        print(f"NOTE {note}")
    students = len({item.key or item.path for item in handed.games})
    extra = [fmt.count(students, "student")] if students != len(verdicts) else []
    if handed.set_aside:
        extra.append(f"{fmt.count(len(handed.set_aside), 'backup')} set aside")
    tail = f" ({', '.join(extra)})" if extra else ""
    print(f"{len(verdicts) - bad} consistent, {bad} not{tail}")
    return EXIT_ERROR if bad else EXIT_OK


def assign(
    scenario: str,
    seed: int,
    class_name: str,
    students_file: Path | None,
    content: list[Path],
    output: Path | None = None,
    seed_per_student: bool = False,
    memo_required: bool = False,
) -> int:
    """Write the files a class (or each student in ``students_file``) opens to play."""
    from diplomacy_game.classroom.assign import read_students, write_assignments
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.engine.game import MAX_SEED
    from diplomacy_game.saves.library import safe_name
    from diplomacy_game.saves.store import SaveError

    try:
        students = read_students(students_file) if students_file else None
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
        made = write_assignments(
            ruleset, class_name, seed, students, out_dir, seed_per_student, memo_required
        )
    except SaveError as exc:
        err(str(exc))
        return EXIT_ERROR
    for a in made:
        who = a.student or "the whole class"
        print(f"{a.path}  ({who}, seed {a.seed})")
    print(
        f"{fmt.count(len(made), 'assignment file')} for '{class_name}': {ruleset.scenario.title}."
    )
    print(
        "Students open theirs with:  diplomacy-game load FILE   "
        "(or: diplomacy-game play --interactive --load FILE)"
    )
    return EXIT_OK


def report(
    saves: list[Path], content: list[Path], output: Path | None, form: str | None, games: int
) -> int:
    """Write the after-action report of a saved game (Markdown or HTML) to ``output`` or
    stdout; ``games`` simulated games per built-in strategy set it against the others. Given
    a folder (or several saves), every student's report and index.html go into ``output``."""
    from diplomacy_game.classroom.report import build_report, render_html, render_markdown
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.saves.store import SaveError, load_game, read_header

    if games < 0:
        err("--games must be 0 or more")
        return EXIT_USAGE
    if len(saves) > 1 or saves[0].is_dir():
        return class_report(saves, content, output, form, games)
    save = saves[0]
    try:
        ruleset = load_ruleset(read_header(save)["scenario"], extra=content)
        state = load_game(save, ruleset)
    except SaveError as exc:
        err(f"{save}: {exc.without_name(save)}")
        return EXIT_ERROR
    except ContentError as exc:
        err(f"{save}: {exc}")
        return EXIT_ERROR
    html = form == "html" or (
        form is None and output is not None and output.suffix.lower() in (".html", ".htm")
    )
    data = build_report(ruleset, state, games_per_policy=games)
    text = render_html(data) if html else render_markdown(data)
    if not emit_text(text, output):
        return EXIT_ERROR
    if output is not None:
        print(f"Wrote {output}")
    return EXIT_OK


def class_report(
    saves: list[Path], content: list[Path], output: Path | None, form: str | None, games: int
) -> int:
    """``report FOLDER -o reports/``: one HTML report per student and reports/index.html."""
    from diplomacy_game.classroom.class_page import build_class, write_class

    if form == "md":
        err("a class report is HTML (one page per student and index.html); drop --format md")
        return EXIT_USAGE
    out = output or Path("reports")
    if (out.exists() and not out.is_dir()) or out.suffix.lower() in (".html", ".htm", ".md"):
        err(f"{out} is a file; a class report needs a folder (-o reports/)")
        return EXIT_USAGE
    if _missing(saves, "no report was written"):
        return EXIT_ERROR
    built = build_class(saves, content, games, progress=lambda line: print(f"  {line}"))
    if not built.reports:
        more = f" (and {len(built.notes) - 1} more)" if len(built.notes) > 1 else ""
        err("no readable saves: " + (built.notes[0] + more if built.notes else "no .json files"))
        return EXIT_ERROR
    try:
        written = write_class(built, out)
    except OSError as exc:
        err(f"could not write to {out}: {exc.strerror or exc}")
        return EXIT_ERROR
    for note in built.notes:
        print(f"  note: {note}")
    print(f"Wrote {fmt.count(len(written) - 1, 'report')} and {out / 'index.html'}")
    return EXIT_OK


def class_summary(
    saves: list[Path], content: list[Path], output: Path | None, turns: Path | None = None
) -> int:
    """One row per student and an overview of the class: the rows as CSV to ``output`` (or
    stdout) and, with ``turns``, the grade book of every student's turns."""
    from diplomacy_game.classroom.handin import expand
    from diplomacy_game.classroom.summary import TURN_COLUMNS, overview, summarise, to_csv

    if _missing(saves, "nothing was summarised"):
        return EXIT_ERROR
    paths = expand(saves)
    if not paths:
        err("no save files found (pass files, or a folder of .json saves)")
        return EXIT_USAGE
    summary = summarise(paths, content)
    for target, data in (
        (output, to_csv(summary.rows)),
        (turns, to_csv(summary.turns, TURN_COLUMNS)),
    ):
        if target is None:
            continue
        from diplomacy_game.saves.store import atomic_write

        try:
            atomic_write(target, data.encode("utf-8"))
        except OSError as exc:
            err(f"could not write {target}: {exc.strerror or exc}")
            return EXIT_ERROR
    text = overview(summary)
    if output is None:
        sys.stdout.write(to_csv(summary.rows) + "\n" + text)
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
    if form is None:
        suffix = output.suffix.lower() if output is not None else ""
        form = {".html": "html", ".htm": "html", ".md": "md"}.get(suffix, "text")
    handout = build_handout(ruleset)
    text = RENDER[form](handout)
    if not emit_text(text, output, "actions"):
        return EXIT_ERROR
    if output is None:
        return EXIT_OK
    count = sum(len(entries) for _, entries in handout.families)
    print(f"Wrote {output}: {count} actions of '{ruleset.scenario.title}'.")
    return EXIT_OK
