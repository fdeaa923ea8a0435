"""The game one browser plays: the process the server starts for each connection.

Its command line is written by the server when it starts (``game_command``) from the
teacher's options only; nothing a browser sends reaches it. Textual's web driver (chosen by
the server through the environment) carries the screen to the browser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def game_command(
    hand_in: Path | None,
    assignment: Path | None,
    roster: Path | None,
    saves_dir: Path | None,
    content: Sequence[Path] = (),
) -> list[str]:
    """The argument list of the game process (run without a shell)."""
    argv = [sys.executable, "-m", "diplomacy_game.web.game"]
    if assignment is not None and hand_in is not None:
        argv += ["--class", str(assignment.resolve()), "--hand-in", str(hand_in.resolve())]
        if roster is not None:
            argv += ["--students", str(roster.resolve())]
    elif saves_dir is not None:
        argv += ["--saves-dir", str(saves_dir.resolve())]
    for pack in content:
        argv += ["--content", str(Path(pack).resolve())]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="diplomacy_game.web.game")
    parser.add_argument("--class", dest="assignment", type=Path)
    parser.add_argument("--hand-in", type=Path)
    parser.add_argument("--students", type=Path)
    parser.add_argument("--saves-dir", type=Path)
    parser.add_argument("--content", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    if args.assignment is not None:
        from diplomacy_game.web.class_app import ClassroomApp
        from diplomacy_game.web.lab import LabError, read_lab

        try:
            lab = read_lab(args.assignment, args.hand_in, args.students, args.content)
        except LabError as exc:
            sys.stderr.write(f"diplomacy-game serve: {exc}\n")
            return 1
        app = ClassroomApp(lab)
    else:
        from diplomacy_game.tui.launch import LaunchConfig, build_app

        app = build_app(LaunchConfig(content=args.content, saves_dir=args.saves_dir))
    app.run()
    return int(app.return_code or 0)


if __name__ == "__main__":
    sys.exit(main())
