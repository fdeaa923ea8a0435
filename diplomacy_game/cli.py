"""Command line: argument parsing only. Each command is one call of a typed function in
``diplomacy_game.commands`` (or the UI's launchers); nothing below this module sees argparse.

To add a command: a subparser in ``build_parser`` and a ``cmd_*`` that makes that one call.
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from diplomacy_game import RULES_VERSION, __version__
from diplomacy_game.commands.output import EXIT_ERROR, EXIT_OK, EXIT_USAGE
from diplomacy_game.web import GAME_MB, WARM_GAMES

SAVES_ENV = "ELBOWS_UP_SAVES"
# What the game needs installed (pyproject.toml's dependencies), as Python imports them.
REQUIRED = frozenset({"textual", "textual_serve", "pydantic", "pydantic_core", "numpy"})


def cmd_scenarios(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.content import scenarios

    return scenarios(a.content, as_json=a.json)


def cmd_validate(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.content import validate

    return validate(a.paths, with_builtin=a.with_builtin, as_json=a.json)


def cmd_economy(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.content import economy

    return economy(a.schedule, a.content, as_json=a.json)


# play's options for a game without prompts, which --interactive cannot take
HEADLESS_ONLY = (
    ("save", "--save"),
    ("turns", "--turns"),
    ("json", "--json"),
    ("policy", "--policy"),
    ("decisions", "--decisions"),
)


def cmd_play(a: argparse.Namespace) -> int:
    if a.interactive:
        given = [flag for name, flag in HEADLESS_ONLY if getattr(a, name) not in (None, False)]
        if given:
            sys.stderr.write(
                f"diplomacy-game play: --interactive cannot take {', '.join(given)}: you decide"
                " each turn and save with the 'Save the game' choice. Drop them, or drop"
                " --interactive to play without prompts.\n"
            )
            return EXIT_USAGE
        from diplomacy_game.tui.config import LaunchConfig
        from diplomacy_game.tui.plain import run_plain

        mode = "load" if a.load else "new"
        return run_plain(
            LaunchConfig(mode, a.scenario, a.seed, a.load, a.content, saves_dir=_saves_dir(a))
        )
    from diplomacy_game.commands.play import PlayOptions, run_headless

    return run_headless(
        PlayOptions(
            scenario=a.scenario,
            seed=a.seed,
            decisions=a.decisions,
            policy=a.policy,
            turns=a.turns,
            save=a.save,
            load=a.load,
            as_json=a.json,
            content=a.content,
            saves_dir=_saves_dir(a),
        )
    )


def cmd_verify(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.classroom import verify

    return verify(a.saves, a.content, as_json=a.json, assignment=a.assignment)


def cmd_assign(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.classroom import assign

    return assign(
        a.scenario,
        a.seed,
        a.class_name,
        a.students,
        a.content,
        output=a.output,
        seed_per_student=a.seed_per_student,
        memo_required=a.memo_required,
        replace=a.replace,
    )


def cmd_report(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.classroom import report

    return report(a.save, a.content, a.output, a.format, a.games, a.assignment)


def cmd_class_summary(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.classroom import class_summary

    return class_summary(a.saves, a.content, a.output, a.turns, a.assignment)


def cmd_actions(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.classroom import actions

    return actions(a.scenario, a.content, a.format, a.output)


def cmd_simulate(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.simulate import simulate

    return simulate(a.scenario, a.policy, a.games, a.seed, a.workers, a.content, a.json)


def cmd_tournament(a: argparse.Namespace) -> int:
    from diplomacy_game.commands.simulate import tournament

    return tournament(
        a.scenario, a.policy or [], a.games, a.seed, a.workers, a.content, a.json, a.csv
    )


def cmd_ui(a: argparse.Namespace) -> int:
    """Open the terminal UI (or plain mode): the title screen, a new game, or a saved game."""
    from diplomacy_game.tui.config import LaunchConfig

    config = LaunchConfig(
        mode=a.mode,
        scenario=getattr(a, "scenario", None),
        seed=getattr(a, "seed", None),
        path=getattr(a, "path", None),
        content=[Path(p) for p in a.content],
        saves_dir=_saves_dir(a),
    )
    if getattr(a, "plain", False):
        from diplomacy_game.tui.plain import run_plain

        return run_plain(config)
    from diplomacy_game.tui.launch import run_app

    return run_app(config)


def _saves_dir(a: argparse.Namespace) -> Path | None:
    return getattr(a, "saves_dir", None)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the game to browsers (a class, with --class)."""
    from diplomacy_game.web.server import ServeOptions, serve

    saves = getattr(args, "saves_dir", None)
    if saves is not None:
        from diplomacy_game.saves.library import SaveLibrary

        problem = SaveLibrary(saves).folder_problem()
        if problem:
            sys.stderr.write(f"diplomacy-game serve: {problem}\n")
            return EXIT_USAGE
    return serve(
        ServeOptions(
            host=args.host,
            port=args.port,
            assignment=args.assignment,
            roster=args.students,
            hand_in=args.hand_in,
            saves_dir=getattr(args, "saves_dir", None),
            content=args.content,
            max_players=args.max_players,
            idle_minutes=args.idle,
            code=args.code,
            warm=args.warm,
        )
    )


# --- the parser ---------------------------------------------------------------------------


def _path(text: str) -> Path:
    """A path given on the command line; an empty one is refused (Path('') would be the
    current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path: give a file or folder name")
    return Path(text)


def _add_assignment(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--assignment",
        type=_path,
        metavar="PATH",
        help="the class's assignment: a file 'assign' wrote, or their folder; every game of "
        "another is named and not counted (default: told from the hand-ins)",
    )


def _add_workers(p: argparse.ArgumentParser) -> None:
    """The worker processes of a command that plays many games (simulate, tournament)."""
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="K",
        help="worker processes (default: one per 1,000 games, up to the cores); "
        "results do not depend on it",
    )


def _add_content(p: argparse.ArgumentParser, content_help: str) -> None:
    """``--content PATH``, repeatable: the extra content packs a command loads."""
    p.add_argument(
        "--content", action="append", type=_path, default=[], metavar="PATH", help=content_help
    )


def _add_ui_options(p: argparse.ArgumentParser, content_help: str, saves_help: str) -> None:
    """The options the UI commands share. SUPPRESS keeps a subcommand from resetting what was
    given before it (`diplomacy-game --saves-dir D new ...`)."""
    _add_content(p, content_help)
    p.add_argument(
        "--saves-dir", type=_path, metavar="DIR", default=argparse.SUPPRESS, help=saves_help
    )
    p.add_argument(
        "--plain",
        action="store_true",
        default=argparse.SUPPRESS,
        help="plain text mode instead of the full-screen UI",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with an unknown option reported by the command it was given to: its own
    usage line, and the nearest option it has ("diplomacy-game tournament: error:
    unrecognized arguments: --seeds 100 (did you mean --seed?)"), where plain argparse names
    the program and shows the list of commands."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extra = super().parse_known_args(args, namespace)
        if extra:
            self.error(f"unrecognized arguments: {' '.join(extra)}{self._nearest(extra)}")
        return parsed, extra

    def _nearest(self, extra: list[str]) -> str:
        import difflib

        known = [o for o in self._option_string_actions if o.startswith("--")]
        for word in extra:
            if word.startswith("--"):
                close = difflib.get_close_matches(word.partition("=")[0], known, n=1)
                if close:
                    return f" (did you mean {close[0]}?)"
        return ""


class _Version(argparse.Action):
    """--version: the game's version, its rules' and its built-in content's digest, as verify
    names them ("played with another version of the game or its content (the save's is
    e2bc8e8f, this game's 70b2c99f)"), so a teacher can compare two machines."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="print the version of the game, of its rules and of its built-in content",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from diplomacy_game.content.files import content_digest

        digest = content_digest()[:8] or "unreadable"
        print(f"{parser.prog} {__version__} (rules {RULES_VERSION}, built-in content {digest})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="diplomacy-game",
        description="Elbows Up: Canada's prime minister in the 2025-26 trade conflict with the United States.",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--saves-dir",
        type=_path,
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
    _add_content(p, content_help)
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("validate", help="check content packs and print every problem")
    p.add_argument(
        "paths",
        nargs="*",
        type=_path,
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
        type=_path,
        metavar="FILE",
        help="JSON-lines file of decisions, one line per turn",
    )
    p.add_argument(
        "--policy",
        metavar="NAME|FILE",
        help="a built-in strategy (passive, hardline, appease, random, tit-for-tat,"
        " generous-tit-for-tat, grim, flatter-then-firm, diversify, advisor, steady)"
        " or a strategy .toml file",
    )
    p.add_argument(
        "--turns",
        type=int,
        metavar="K",
        help="stop after K turns (the game can be saved and continued)",
    )
    p.add_argument(
        "--save", type=_path, metavar="PATH", help="write the game to this save file at the end"
    )
    p.add_argument("--load", type=_path, metavar="PATH", help="continue a saved game")
    p.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the briefings"
    )
    _add_content(p, content_help)
    p.add_argument(
        "--interactive", action="store_true", help="you decide each turn, at numbered prompts"
    )
    p.add_argument(
        "--plain", action="store_true", help="plain text lines with no box drawing (screen readers)"
    )
    p.add_argument(
        "--saves-dir", type=_path, metavar="DIR", default=argparse.SUPPRESS, help=saves_help
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
        type=_path,
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
        type=_path,
        metavar="DIR",
        help="where to write them (default: assignments/NAME)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="the folder holds another assignment (or files of students no longer on the "
        "roster): hand out this one instead, moving those files to a folder beside it "
        "(nothing is deleted). Without it, the same assignment written again only adds the "
        "new students' files, and another one is refused",
    )
    _add_content(p, content_help)
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser(
        "report",
        help="write an after-action report of a saved game, or of a class's (a folder)",
    )
    p.add_argument(
        "save",
        type=_path,
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
        type=_path,
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
    _add_assignment(p)
    _add_content(p, content_help)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("actions", help="a student handout of every action of a scenario")
    p.add_argument("--scenario", metavar="ID", required=True, help="scenario id (see 'scenarios')")
    p.add_argument(
        "--format",
        choices=("text", "md", "html"),
        help="plain text (default), Markdown, or a self-contained HTML page",
    )
    p.add_argument(
        "-o", "--output", type=_path, metavar="FILE", help="write to this file (default: print)"
    )
    _add_content(p, content_help)
    p.set_defaults(func=cmd_actions)

    p = sub.add_parser("class-summary", help="one row per student and an overview of the class")
    p.add_argument(
        "saves", nargs="+", type=_path, metavar="SAVE", help="save files, or folders of them"
    )
    p.add_argument(
        "-o", "--output", type=_path, metavar="FILE.csv", help="write the rows as CSV here"
    )
    p.add_argument(
        "--turns",
        type=_path,
        metavar="FILE.csv",
        help="also write a grade book: one row per student and turn (actions, answers, memo)",
    )
    _add_assignment(p)
    _add_content(p, content_help)
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
    _add_workers(p)
    p.add_argument("--json", action="store_true", help="print the league as JSON")
    p.add_argument("--csv", type=_path, metavar="FILE", help="also write the league table as CSV")
    _add_content(p, content_help)
    p.set_defaults(func=cmd_tournament)

    p = sub.add_parser("verify", help="replay saves and check that they are what the game produces")
    p.add_argument(
        "saves", nargs="+", type=_path, metavar="SAVE", help="save files, or folders of them"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the verdicts as a JSON array, one object per save",
    )
    _add_assignment(p)
    _add_content(p, content_help)
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
    _add_workers(p)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    _add_content(p, content_help)
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser(
        "economy", help="run the economy alone over a tariff schedule (a what-if calculator)"
    )
    p.add_argument(
        "schedule",
        type=_path,
        metavar="SCHEDULE",
        help="a schedule file, or a built-in one by name (c0-october-2025 to "
        "c4-de-escalation; a start such as c3 is enough)",
    )
    p.add_argument("--json", action="store_true", help="print the quarters as JSON")
    _add_content(p, content_help)
    p.set_defaults(func=cmd_economy)

    p = sub.add_parser("serve", help="serve the game to browsers: a class plays without installing")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDR",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for the room)",
    )
    p.add_argument("--port", type=int, default=8000, metavar="N", help="port (default 8000)")
    p.add_argument(
        "--class",
        dest="assignment",
        type=_path,
        metavar="PATH",
        help="the assignment to play: the folder 'assign' wrote, or one file of it",
    )
    p.add_argument(
        "--students",
        type=_path,
        metavar="FILE",
        help="the roster, one name a line (when the assignment names no students)",
    )
    p.add_argument(
        "--hand-in",
        type=_path,
        metavar="DIR",
        help="where each student's game is saved as STUDENT.json (default: handed-in/CLASS)",
    )
    p.add_argument(
        "--max-players",
        type=int,
        default=40,
        metavar="N",
        help="games open at once, at most (default 40)",
    )
    p.add_argument(
        "--idle",
        type=float,
        default=20.0,
        metavar="MIN",
        help="close a game after this many minutes without a key or click (default 20)",
    )
    p.add_argument(
        "--warm",
        type=int,
        metavar="N",
        help="with --class, games started ahead so that arriving browsers wait for none "
        f"(about {GAME_MB} MB each; default: one per student on the class list, or {WARM_GAMES})",
    )
    p.add_argument("--code", metavar="CODE", help="the class code (default: a new one each start)")
    _add_content(p, content_help)
    p.add_argument(
        "--saves-dir", type=_path, metavar="DIR", default=argparse.SUPPRESS, help=saves_help
    )
    p.set_defaults(func=cmd_serve)

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
    p.add_argument("path", type=_path, metavar="PATH", help="a save file")
    _add_ui_options(p, content_help, saves_help)
    p.set_defaults(func=cmd_ui, mode="load")
    return parser


def fewer_collections() -> None:
    """A collection of young objects every 10,000 allocations instead of 700 (see ``run``)."""
    gc.set_threshold(10_000, *gc.get_threshold()[1:])


def quiet_dependencies() -> None:
    """Two settings of the libraries under the game, unless the user chose otherwise; set
    before either library is imported, since each reads its setting then.

    - numpy's linear algebra library (OpenBLAS in numpy's wheels) on one thread. The game's
      arithmetic is element by element, on arrays of a few thousand values at most: it never
      hands OpenBLAS work worth a thread. But OpenBLAS starts a thread per core when numpy is
      imported, and each spins for a while waiting for work: on a machine of two cores the
      spinning takes the processor from the command itself (measured: numpy's own import took
      60 ms longer when it came late in a class summary, and the summary of 30 saves 0.80 s
      instead of 0.74 s).
    - No pydantic plugins: the game uses none, and looking for them reads the metadata of
      every package installed in this Python the first time a model is built (3 ms here; more
      where hundreds of packages are installed)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run() -> int:
    """The program's entry point (``diplomacy-game``, ``python -m diplomacy_game``): ``main``,
    with numpy's linear algebra on one thread and no pydantic plugins (``quiet_dependencies``)
    and fewer collections of reference cycles, then a quick way out.

    Starting up makes hundreds of thousands of objects that live as long as the command (the
    modules, the content, its compiled expressions) and few cycles; at Python's default of a
    collection every 700 allocations, the collector walks the young ones over a hundred times
    while a save is checked, and the older ones a dozen times: 20-30 ms of a 0.3 s command. One
    every 10,000 finds the same garbage, later. And a command leaves tens of thousands of
    objects behind, which the interpreter's shutdown would walk again, for nothing: the process
    is ending. Frozen, they are left out of those walks; everything else about the exit
    (buffers flushed, exit handlers run) is as usual. Only here, never in ``main``, which tests
    and tools call in a process that goes on."""
    quiet_dependencies()
    fewer_collections()
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        args.func, args.mode = cmd_ui, "title"
        args.content = []
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        sys.stderr.write("diplomacy-game: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in REQUIRED:
            raise
        sys.stderr.write(
            f"diplomacy-game: {missing} is not installed in this Python ({sys.executable}).\n"
            "Install the game with its dependencies from the game's folder: pip install .\n"
        )
        return EXIT_ERROR
    except OSError as exc:  # what a command did not foresee of a file: one line, not a trace
        sys.stderr.write(f"diplomacy-game: {file_problem(exc)}\n")
        return EXIT_ERROR


def file_problem(exc: OSError) -> str:
    """An operating system's refusal of a file in words: which file (shortened) and why."""
    name = str(exc.filename) if exc.filename is not None else ""
    shown = name if len(name) <= 80 else f"{name[:40]}…{name[-20:]} ({len(name)} characters)"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{shown}: the name is too long for this system; choose a shorter one"
    why = exc.strerror or str(exc)
    return f"{shown}: {why}" if shown else why
