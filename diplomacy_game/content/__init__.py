"""Content packs: load TOML, validate in one pass, compile a scenario into a Ruleset."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from diplomacy_game.content.issues import ContentError, Issue
from diplomacy_game.content.loader import ContentSet, builtin_content_dir, load_packs
from diplomacy_game.content.ruleset import Ruleset, build_ruleset, validate

__all__ = [
    "ContentError",
    "ContentSet",
    "Issue",
    "Ruleset",
    "builtin_content_dir",
    "load_content",
    "load_ruleset",
    "load_ruleset_once",
    "validate",
]


def load_content(extra: Sequence[Path | str] = (), builtin: bool = True) -> ContentSet:
    """The built-in content (unless ``builtin`` is false) plus any extra packs."""
    paths: list[Path | str] = [builtin_content_dir()] if builtin else []
    paths.extend(extra)
    return load_packs(paths)


def load_ruleset(
    scenario_id: str, extra: Sequence[Path | str] = (), builtin: bool = True
) -> Ruleset:
    """Load and compile one scenario; raises ContentError listing every problem."""
    return build_ruleset(load_content(extra, builtin), scenario_id)


@functools.lru_cache(maxsize=32)
def _load_once(scenario_id: str, extra: tuple[str, ...], builtin: bool) -> Ruleset:
    return load_ruleset(scenario_id, extra=list(extra), builtin=builtin)


def load_ruleset_once(
    scenario_id: str, extra: Sequence[Path | str] = (), builtin: bool = True
) -> Ruleset:
    """load_ruleset, remembered for the life of the process: for tools that open many saves or
    play many games of the same scenario (the content is not re-read if it changes meanwhile)."""
    return _load_once(scenario_id, tuple(str(p) for p in extra), builtin)
