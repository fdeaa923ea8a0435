"""How the terminal UI starts, as the command line (or a test) asks for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LaunchConfig:
    """How the app starts: the title screen, a new game or a saved game."""

    mode: str = "title"  # "title", "new" or "load"
    scenario: str | None = None
    seed: int | None = None
    path: Path | None = None
    content: list[Path] = field(default_factory=list)
    builtin: bool = True
    saves_dir: Path | None = None
    blink: bool = True  # cursor blink; tests switch it off for stable snapshots
