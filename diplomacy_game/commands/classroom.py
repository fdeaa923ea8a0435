"""Commands for a class: write assignments, verify saves, report on a game, sum up a class."""

from __future__ import annotations

import sys
from pathlib import Path

from diplomacy_game.commands.output import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    err,
    print_json,
)


def verify(saves: list[Path], content: list[Path], as_json: bool) -> int:
    """Replay each save and say whether it is what the game produces."""
    from diplomacy_game.classroom.summary import checked
    from diplomacy_game.saves.safe_json import one_line

    verdicts = [checked(path, content) for path in saves]
    if as_json:
        print_json([v.as_dict() for v in verdicts])
    else:
        for v in verdicts:
            # a file's name and the message are printed as one line whatever they hold
            print(
                f"{'OK  ' if v.ok else 'FAIL'} {one_line(v.path, 500)}: {one_line(v.message, 500)}"
            )
        bad = sum(not v.ok for v in verdicts)
        print(f"{len(verdicts) - bad} consistent, {bad} not")
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_ERROR


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
    print(f"{len(made)} assignment file(s) for '{class_name}': {ruleset.scenario.title}.")
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
    from diplomacy_game.saves.store import SaveError, atomic_write, load_game, read_header

    if games < 0:
        err("--games must be 0 or more")
        return EXIT_USAGE
    if len(saves) > 1 or saves[0].is_dir():
        return class_report(saves, content, output, form, games)
    save = saves[0]
    try:
        ruleset = load_ruleset(read_header(save)["scenario"], extra=content)
        state = load_game(save, ruleset)
    except (SaveError, ContentError) as exc:
        err(f"{save}: {exc}")
        return EXIT_ERROR
    html = form == "html" or (
        form is None and output is not None and output.suffix.lower() in (".html", ".htm")
    )
    data = build_report(ruleset, state, games_per_policy=games)
    text = render_html(data) if html else render_markdown(data)
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        atomic_write(output, text.encode("utf-8"))
    except OSError as exc:
        err(f"could not write {output}: {exc.strerror or exc}")
        return EXIT_ERROR
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
    missing = [p for p in saves if not p.exists()]
    if missing:
        err(f"{missing[0]}: no such file or folder")
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
    print(f"Wrote {len(written) - 1} report(s) and {out / 'index.html'}")
    return EXIT_OK


def save_files(paths: list[Path]) -> list[Path]:
    """The save files given: files as they are, folders as their .json saves (never the
    damaged copies set aside)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.glob("*.json") if ".damaged-" not in p.name))
        else:
            out.append(path)
    return out


def class_summary(saves: list[Path], content: list[Path], output: Path | None) -> int:
    """One row per save and an overview of the class; the rows as CSV to ``output`` or
    stdout."""
    from diplomacy_game.classroom.summary import overview, summarise, to_csv
    from diplomacy_game.saves.store import atomic_write

    paths = save_files(saves)
    if not paths:
        err("no save files given (pass files, or a folder of .json saves)")
        return EXIT_USAGE
    rows, decisions = summarise(paths, content)
    text = overview(rows, decisions)
    if output is None:
        sys.stdout.write(to_csv(rows))
        sys.stdout.write("\n" + text)
        return EXIT_OK
    try:
        atomic_write(output, to_csv(rows).encode("utf-8"))
    except OSError as exc:
        err(f"could not write {output}: {exc.strerror or exc}")
        return EXIT_ERROR
    print(text)
    print(f"Wrote {len(rows)} row(s) to {output}")
    return EXIT_OK
