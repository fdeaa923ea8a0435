"""A class as the classroom tests set it up, the way docs/classroom.md does: the roster
written one name a line and ``assign`` run on it (review-sprint, class "Civics 11B")."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from diplomacy_game.cli import main


def assign_class(
    tmp: Path, names: Sequence[str], *more: str, seed: int = 2026, folder: str = "handout"
) -> Path:
    """Write ``tmp/roster.txt`` and the assignment files of its students into
    ``tmp/folder`` (``more``: further options of ``assign``); returns that folder."""
    roster = tmp / "roster.txt"
    roster.write_text("\n".join(names) + "\n", encoding="utf-8")
    out = tmp / folder
    args = ["assign", "--scenario", "review-sprint", "--seed", str(seed), "--class", "Civics 11B"]
    assert main([*args, "--students", str(roster), *more, "-o", str(out)]) == 0
    return out
