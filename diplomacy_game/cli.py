"""Command line: argument parsing only; the work is done by the packages below."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diplomacy_game import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
SAVES_ENV = "ELBOWS_UP_SAVES"


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def _err(message: str) -> None:
    sys.stderr.write(f"diplomacy-game: {message}\n")


def _progress_bar() -> Any:
    """A progress bar on stderr for long runs, when stderr is a terminal (else None)."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
        if done >= total:
            sys.stderr.write("\n")

    return progress


# --- scenarios ----------------------------------------------------------------------------


def cmd_scenarios(args: argparse.Namespace) -> int:
    from diplomacy_game.content import ContentError, load_content

    cs = load_content(args.content)
    errors = [i for i in cs.issues if i.severity == "error"]
    if errors:
        _err(str(ContentError(errors)) + "\nRun 'diplomacy-game validate' for the full list.")
        return EXIT_ERROR
    rows = []
    for sid in sorted(cs.scenarios):
        sc = cs.scenarios[sid]
        rows.append(
            {
                "id": sc.id,
                "title": sc.title,
                "turns": sc.turns,
                "turn_days": sc.turn_days,
                "start": sc.start.isoformat(),
                "end": sc.end.isoformat(),
                "difficulty": sc.difficulty,
            }
        )
    if args.json:
        _print_json(rows)
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        print(
            f"{r['id']:<{width}}  {r['title']}  ({r['turns']} turns of {r['turn_days']} days, {r['start']} to {r['end']}, {r['difficulty']})"
        )
    return EXIT_OK


# --- validate -----------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from diplomacy_game.content import load_content, validate

    builtin = not args.paths or args.with_builtin
    cs = load_content(args.paths, builtin=builtin)
    issues = validate(cs)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if args.json:
        _print_json(
            {
                "ok": not errors,
                "errors": [i.as_dict() | {"text": str(i)} for i in errors],
                "warnings": [i.as_dict() | {"text": str(i)} for i in warnings],
                "counts": cs.counts(),
            }
        )
    else:
        for issue in errors + warnings:
            print(issue)
        counts = ", ".join(f"{n} {k}" for k, n in cs.counts().items())
        verdict = "OK" if not errors else f"{len(errors)} error(s)"
        print(f"{verdict}, {len(warnings)} warning(s) — {counts} in {len(cs.files)} file(s)")
    return EXIT_OK if not errors else EXIT_ERROR


# --- play ---------------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    if args.interactive:
        from diplomacy_game.tui.plain import run_plain

        return run_plain(args)
    from diplomacy_game.sim.headless import run_headless

    return run_headless(args)


# --- verify -------------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    from diplomacy_game.classroom.summary import checked
    from diplomacy_game.saves.safe_json import one_line

    verdicts = [checked(path, args.content) for path in args.saves]
    if args.json:
        _print_json([v.as_dict() for v in verdicts])
    else:
        for v in verdicts:
            # a file's name and the message are printed as one line whatever they hold
            print(
                f"{'OK  ' if v.ok else 'FAIL'} {one_line(v.path, 500)}: {one_line(v.message, 500)}"
            )
        bad = sum(not v.ok for v in verdicts)
        print(f"{len(verdicts) - bad} consistent, {bad} not")
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_ERROR


# --- assign -------------------------------------------------------------------------------


def cmd_assign(args: argparse.Namespace) -> int:
    from diplomacy_game.classroom.assign import read_students, write_assignments
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.saves.store import SaveError

    try:
        students = read_students(args.students) if args.students else None
        ruleset = load_ruleset(args.scenario, extra=args.content)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except ContentError as exc:
        _err(str(exc))
        return EXIT_ERROR
    if not 0 <= args.seed < 2**63:
        _err("the seed must be a whole number from 0 to 2**63 - 1")
        return EXIT_USAGE
    from diplomacy_game.saves.library import safe_name

    out_dir = args.output or Path("assignments") / safe_name(args.class_name)
    try:
        made = write_assignments(
            ruleset,
            args.class_name,
            args.seed,
            students,
            out_dir,
            args.seed_per_student,
            args.memo_required,
        )
    except SaveError as exc:
        _err(str(exc))
        return EXIT_ERROR
    for a in made:
        who = a.student or "the whole class"
        print(f"{a.path}  ({who}, seed {a.seed})")
    print(f"{len(made)} assignment file(s) for '{args.class_name}': {ruleset.scenario.title}.")
    print(
        "Students open theirs with:  diplomacy-game load FILE   (or: diplomacy-game play --interactive --load FILE)"
    )
    return EXIT_OK


# --- report -------------------------------------------------------------------------------


def _load_any_save(path: Path, content: list[Path]) -> tuple[Any, Any]:
    """(ruleset, state) of a save, or raise ValueError with a message for the user."""
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.saves.store import SaveError, load_game, read_header

    try:
        header = read_header(path)
        ruleset = load_ruleset(header["scenario"], extra=content)
        return ruleset, load_game(path, ruleset)
    except (SaveError, ContentError) as exc:
        raise ValueError(f"{path}: {exc}") from None


def cmd_report(args: argparse.Namespace) -> int:
    from diplomacy_game.classroom.report import build_report, render_html, render_markdown

    if args.games < 0:
        _err("--games must be 0 or more")
        return EXIT_USAGE
    if len(args.save) > 1 or args.save[0].is_dir():
        return _class_report(args)
    try:
        ruleset, state = _load_any_save(args.save[0], args.content)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_ERROR
    fmt = args.format or (
        "html" if args.output and args.output.suffix.lower() in (".html", ".htm") else "md"
    )
    data = build_report(ruleset, state, games_per_policy=args.games)
    text = render_html(data) if fmt == "html" else render_markdown(data)
    if args.output:
        from diplomacy_game.saves.store import atomic_write

        try:
            atomic_write(args.output, text.encode("utf-8"))
        except OSError as exc:
            _err(f"could not write {args.output}: {exc.strerror or exc}")
            return EXIT_ERROR
        print(f"Wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _class_report(args: argparse.Namespace) -> int:
    """``report FOLDER -o reports/``: one HTML report per student and reports/index.html."""
    from diplomacy_game.classroom.class_page import build_class, write_class

    if args.format == "md":
        _err("a class report is HTML (one page per student and index.html); drop --format md")
        return EXIT_USAGE
    out = args.output or Path("reports")
    if out.exists() and not out.is_dir():
        _err(f"{out} is a file; a class report needs a folder (-o reports/)")
        return EXIT_USAGE
    missing = [p for p in args.save if not p.exists()]
    if missing:
        _err(f"{missing[0]}: no such file or folder")
        return EXIT_ERROR
    report = build_class(
        args.save, args.content, args.games, progress=lambda line: print(f"  {line}")
    )
    if not report.reports:
        _err("no readable saves: " + ("; ".join(report.notes) or "no .json files found"))
        return EXIT_ERROR
    try:
        written = write_class(report, out)
    except OSError as exc:
        _err(f"could not write to {out}: {exc.strerror or exc}")
        return EXIT_ERROR
    for note in report.notes:
        print(f"  note: {note}")
    print(f"Wrote {len(written) - 1} report(s) and {out / 'index.html'}")
    return EXIT_OK


# --- class summary ------------------------------------------------------------------------


def cmd_class_summary(args: argparse.Namespace) -> int:
    from diplomacy_game.classroom.summary import overview, summarise, to_csv
    from diplomacy_game.saves.store import atomic_write

    paths: list[Path] = []
    for path in args.saves:
        if path.is_dir():
            paths.extend(sorted(p for p in path.glob("*.json") if ".damaged-" not in p.name))
        else:
            paths.append(path)
    if not paths:
        _err("no save files given (pass files, or a folder of .json saves)")
        return EXIT_USAGE
    rows, decisions = summarise(paths, args.content)
    text = overview(rows, decisions)
    if args.output:
        try:
            atomic_write(args.output, to_csv(rows).encode("utf-8"))
        except OSError as exc:
            _err(f"could not write {args.output}: {exc.strerror or exc}")
            return EXIT_ERROR
        print(text)
        print(f"Wrote {len(rows)} row(s) to {args.output}")
    else:
        sys.stdout.write(to_csv(rows))
        sys.stdout.write("\n" + text)
    return EXIT_OK


# --- simulate -----------------------------------------------------------------------------


def _workers(requested: int | None, games: int) -> int:
    """The worker processes to use: as asked, else one per 1,000 games up to the cores (a
    pool costs more than it saves on a few hundred games). Results do not depend on it."""
    if requested is not None:
        return requested
    return max(1, min(os.cpu_count() or 1, games // 1000))


def _simulation_setup(args: argparse.Namespace, specs: list[str]) -> tuple[Any, int]:
    """The checks simulate and tournament share: the counts, the content, each strategy.
    (ruleset, EXIT_OK), or (None, exit code) once the problem is printed."""
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.sim.policies import REGISTRY
    from diplomacy_game.sim.strategy_file import StrategyError, resolve_policy

    if args.games < 1 or (args.workers is not None and args.workers < 1):
        _err("--games and --workers must be 1 or more")
        return None, EXIT_USAGE
    try:
        ruleset = load_ruleset(args.scenario, extra=args.content)
    except ContentError as exc:
        _err(str(exc))
        return None, EXIT_ERROR
    for spec in specs:
        try:
            resolve_policy(spec, ruleset)
        except KeyError:
            _err(
                f"unknown policy '{spec}'; choose one of: {', '.join(REGISTRY)}, "
                "or give a strategy .toml file"
            )
            return None, EXIT_USAGE
        except StrategyError as exc:
            _err(f"{spec} has problems:\n{exc}")
            return None, EXIT_ERROR
    return ruleset, EXIT_OK


def cmd_simulate(args: argparse.Namespace) -> int:
    from diplomacy_game.sim.batch import format_summary, simulate

    ruleset, code = _simulation_setup(args, [args.policy])
    if ruleset is None:
        return code
    progress = _progress_bar() if args.games >= 50 else None
    workers = _workers(args.workers, args.games)
    summary = simulate(ruleset, args.policy, args.games, args.seed, workers, args.content, progress)
    data = summary.to_json(ruleset)
    if args.json:
        _print_json(data)
    else:
        print(format_summary(data))
    return EXIT_OK


# --- tournament ---------------------------------------------------------------------------


def cmd_tournament(args: argparse.Namespace) -> int:
    from diplomacy_game.sim.policies import REGISTRY
    from diplomacy_game.sim.tournament import format_table, run_tournament, to_csv

    specs = args.policy or list(REGISTRY)
    if len(set(specs)) != len(specs):
        _err("each --policy may be given once")
        return EXIT_USAGE
    ruleset, code = _simulation_setup(args, specs)
    if ruleset is None:
        return code
    progress = _progress_bar()
    workers = _workers(args.workers, args.games * len(specs))
    rows = run_tournament(ruleset, specs, args.games, args.seed, workers, args.content, progress)
    if args.csv:
        from diplomacy_game.saves.store import atomic_write

        atomic_write(args.csv, to_csv(rows).encode("utf-8"))
    if args.json:
        _print_json(
            {
                "scenario": ruleset.scenario.id,
                "games": args.games,
                "seed": args.seed,
                "league": rows,
            }
        )
    else:
        print(format_table(rows, ruleset.scenario.id, args.games, args.seed))
        if args.csv:
            print(f"Wrote {args.csv}")
    return EXIT_OK


# --- economy sandbox ----------------------------------------------------------------------


MAX_SCHEDULE_BYTES = 1_000_000


def load_schedule(path: Path) -> Any:
    """Read a schedule file, or raise ValueError with a message for the user."""
    import tomllib

    from pydantic import ValidationError

    from diplomacy_game.model.schedule import Schedule
    from diplomacy_game.safe_read import FileProblem, read_limited

    try:
        data = tomllib.loads(read_limited(path, MAX_SCHEDULE_BYTES, "schedule file").decode())
    except FileProblem as exc:
        raise ValueError(str(exc)) from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    except RecursionError:
        raise ValueError(f"{path}: not valid TOML (nested too deeply)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    try:
        return Schedule.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())) or "-"
            lines.append(f"{path}: {where}: {err.get('msg')}")
        raise ValueError("\n".join(lines)) from None


def cmd_economy(args: argparse.Namespace) -> int:
    from diplomacy_game.content import load_content
    from diplomacy_game.engine.sandbox import ScheduleError, run_schedule

    try:
        schedule = load_schedule(args.schedule)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_ERROR
    cs = load_content(args.content)
    sectors = sorted(cs.entities["sector"].values(), key=lambda s: s.id)
    if not sectors:
        _err("the content defines no sectors; run 'diplomacy-game validate'")
        return EXIT_ERROR
    try:
        rows = run_schedule(sectors, schedule)
    except ScheduleError as exc:
        _err(f"{args.schedule}: {exc}")
        return EXIT_ERROR
    if args.json:
        _print_json({"title": schedule.title, "quarters": rows})
        return EXIT_OK
    print(schedule.title)
    print("Deviations from the no-tariff path. Exports: modelled sectors, C$ billion a year.")
    print(
        f"{'quarter':>7} {'GDP %':>7} {'unemp pp':>8} {'infl pp':>8} {'exports':>8} {'change %':>8} {'US tariff %':>11} {'CA tariff %':>11}"
    )
    for r in rows:
        label = r.get("ends", str(r["quarter"]))
        print(
            f"{label:>7} {r['gdp_gap_pct']:>7.2f} {r['unemployment_gap_pp']:>8.2f} {r['inflation_gap_pp']:>8.2f} "
            f"{r['exports_us']:>8.1f} {r['exports_us_change_pct']:>8.2f} {r['effective_us_tariff_pct']:>11.2f} "
            f"{r['effective_ca_tariff_pct']:>11.2f}"
        )
    return EXIT_OK


# --- the terminal UI ----------------------------------------------------------------------


def cmd_ui(args: argparse.Namespace) -> int:
    """Open the terminal UI: the title screen, a new game, or a saved game."""
    if getattr(args, "plain", False):
        from diplomacy_game.tui.plain import run_plain

        return run_plain(args)
    from diplomacy_game.tui.launch import run_app

    return run_app(args)


# --- the parser ---------------------------------------------------------------------------


def _add_ui_options(p: argparse.ArgumentParser, content_help: str, saves_help: str) -> None:
    """The options the UI commands share. SUPPRESS keeps a subcommand from resetting what was
    given before it (`diplomacy-game --saves-dir D new ...`)."""
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.add_argument(
        "--saves-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=saves_help
    )
    p.add_argument(
        "--plain",
        action="store_true",
        default=argparse.SUPPRESS,
        help="plain text mode instead of the full-screen UI",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diplomacy-game",
        description="Elbows Up: Canada's prime minister in the 2025-26 trade conflict with the United States.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--saves-dir",
        type=Path,
        metavar="DIR",
        help=f"where saved games go (default: ${SAVES_ENV} or ./saves)",
    )
    parser.add_argument(
        "--plain", action="store_true", help="plain text mode instead of the full-screen UI"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    content_help = (
        "an extra content pack (folder or .toml file) to load with the built-in one; repeatable"
    )
    saves_help = f"where saved games go (default: ${SAVES_ENV} or ./saves)"

    p = sub.add_parser("scenarios", help="list the scenarios")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("validate", help="check content packs and print every problem")
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="content packs (default: the built-in one)",
    )
    p.add_argument(
        "--with-builtin",
        action="store_true",
        help="check the packs together with the built-in content",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("play", help="play a whole game without the UI")
    p.add_argument("--scenario", metavar="ID", help="scenario id (see 'scenarios')")
    p.add_argument("--seed", type=int, metavar="N", help="random seed (default 1)")
    p.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE",
        help="JSON-lines file of decisions, one line per turn",
    )
    p.add_argument(
        "--policy", metavar="NAME", help="a built-in strategy: passive, hardline, appease, random"
    )
    p.add_argument(
        "--turns",
        type=int,
        metavar="K",
        help="stop after K turns (the game can be saved and continued)",
    )
    p.add_argument(
        "--save", type=Path, metavar="PATH", help="write the game to this save file at the end"
    )
    p.add_argument("--load", type=Path, metavar="PATH", help="continue a saved game")
    p.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the briefings"
    )
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.add_argument(
        "--interactive", action="store_true", help="you decide each turn, at numbered prompts"
    )
    p.add_argument(
        "--plain", action="store_true", help="plain text lines with no box drawing (screen readers)"
    )
    p.add_argument(
        "--saves-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=saves_help
    )
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("assign", help="write the files a class opens to play an assigned game")
    p.add_argument("--scenario", metavar="ID", required=True, help="scenario id (see 'scenarios')")
    p.add_argument("--seed", type=int, required=True, metavar="N", help="the class seed")
    p.add_argument(
        "--class",
        dest="class_name",
        required=True,
        metavar="NAME",
        help="class name, e.g. 'civics-10b'",
    )
    p.add_argument(
        "--students",
        type=Path,
        metavar="FILE",
        help="one student name per line (default: one file for the class)",
    )
    p.add_argument(
        "--seed-per-student",
        action="store_true",
        help="give each student a seed of their own, derived from N",
    )
    p.add_argument(
        "--memo-required",
        action="store_true",
        help="every turn needs a memo ('why I decided this')",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="where to write them (default: assignments/NAME)",
    )
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser(
        "report",
        help="write an after-action report of a saved game, or of a class's (a folder)",
    )
    p.add_argument(
        "save",
        type=Path,
        nargs="+",
        metavar="SAVE",
        help="a save file; or folders (and files) of a class's saves, reported with "
        "index.html into the -o folder",
    )
    p.add_argument(
        "--format", choices=("md", "html"), help="Markdown or a self-contained HTML page"
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to this file (default: print); for a class, this folder (default: reports)",
    )
    p.add_argument(
        "--games",
        type=int,
        default=30,
        metavar="N",
        help="simulated games per built-in strategy, computed once per scenario, seed and "
        "content and kept in the cache folder (default 30; 0 to skip)",
    )
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("class-summary", help="one row per save and an overview of the class")
    p.add_argument(
        "saves", nargs="+", type=Path, metavar="SAVE", help="save files, or folders of them"
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE.csv", help="write the rows as CSV here"
    )
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_class_summary)

    p = sub.add_parser(
        "tournament",
        help="strategies play the same seeds; a league table with confidence intervals",
    )
    p.add_argument("--scenario", metavar="ID", required=True, help="scenario id (see 'scenarios')")
    p.add_argument(
        "--games", type=int, default=200, metavar="N", help="games per strategy (default 200)"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="tournament seed; game i of every strategy uses the same seed",
    )
    p.add_argument(
        "--policy",
        action="append",
        metavar="NAME|FILE",
        help="a built-in strategy or a strategy .toml file; repeatable (default: all built-in)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="K",
        help="worker processes (default: one per 1,000 games, up to the cores); "
        "results do not depend on it",
    )
    p.add_argument("--json", action="store_true", help="print the league as JSON")
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write the league table as CSV")
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_tournament)

    p = sub.add_parser("verify", help="replay saves and check that they are what the game produces")
    p.add_argument("saves", nargs="+", type=Path, metavar="SAVE", help="save files")
    p.add_argument("--json", action="store_true", help="print one JSON object per save")
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "simulate", help="play many games with a strategy and summarise the outcomes"
    )
    p.add_argument("--scenario", metavar="ID", required=True, help="scenario id (see 'scenarios')")
    p.add_argument(
        "--policy",
        metavar="NAME|FILE",
        required=True,
        help="a built-in strategy or a strategy .toml file",
    )
    p.add_argument(
        "--games", type=int, default=100, metavar="N", help="number of games (default 100)"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="master seed; game i uses a seed derived from it",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="K",
        help="worker processes (default: one per 1,000 games, up to the cores); "
        "results do not depend on it",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser(
        "economy", help="run the economy alone over a tariff schedule (a what-if calculator)"
    )
    p.add_argument(
        "schedule", type=Path, metavar="SCHEDULE", help="a schedule file (see content/schedules/)"
    )
    p.add_argument("--json", action="store_true", help="print the quarters as JSON")
    p.add_argument("--content", action="append", default=[], metavar="PATH", help=content_help)
    p.set_defaults(func=cmd_economy)

    p = sub.add_parser("new", help="open the terminal UI on a new game")
    p.add_argument("--scenario", metavar="ID", required=True, help="scenario id (see 'scenarios')")
    p.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="random seed (default: a fresh one, shown in the game)",
    )
    _add_ui_options(p, content_help, saves_help)
    p.set_defaults(func=cmd_ui, mode="new")

    p = sub.add_parser("load", help="open the terminal UI on a saved game")
    p.add_argument("path", type=Path, metavar="PATH", help="a save file")
    _add_ui_options(p, content_help, saves_help)
    p.set_defaults(func=cmd_ui, mode="load")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        args.func, args.mode = cmd_ui, "title"
        args.content = []
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
