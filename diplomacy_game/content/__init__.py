"""Content packs: load TOML (``loader``), check (``validator``), compile a scenario into the
engine's Ruleset (``compiler``)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game.content.files import builtin_content_dir
from diplomacy_game.content.issues import ContentError, Issue, UnknownScenario

if TYPE_CHECKING:
    from diplomacy_game.content.loader import ContentSet
    from diplomacy_game.engine.rules import Ruleset

__all__ = [
    "ContentError",
    "ContentSet",
    "Issue",
    "UnknownScenario",
    "builtin_content_dir",
    "load_content",
    "load_ruleset",
    "load_ruleset_once",
    "validate",
]


def __getattr__(name: str) -> Any:
    # The loader (and the content models under it) is imported on first use: a tool that
    # only needs the content's digest (``files.content_digest``) does not load them.
    if name in ("ContentSet", "load_packs"):
        from diplomacy_game.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_content(extra: Sequence[Path | str] = (), builtin: bool = True) -> ContentSet:
    """The built-in content (unless ``builtin`` is false) plus any extra packs."""
    paths: list[Path | str] = [builtin_content_dir()] if builtin else []
    paths.extend(extra)
    from diplomacy_game.content.loader import load_packs

    return load_packs(paths)


def validate(cs: ContentSet) -> list[Issue]:
    """Every problem in a content set: loading, then compiling each scenario. Deduplicated."""
    from diplomacy_game.content import validator
    from diplomacy_game.content.compiler import check_scenario
    from diplomacy_game.engine.language import shared_trees

    with shared_trees():  # the scenarios' compilers read most texts alike: parsed once
        return validator.collect(
            cs, (check_scenario(cs, sid)[1] for sid in sorted(cs.entities["scenario"]))
        )


def load_ruleset(
    scenario_id: str, extra: Sequence[Path | str] = (), builtin: bool = True
) -> Ruleset:
    """Load and compile one scenario; raises ContentError listing every problem."""
    # The compiler (and the engine under it) is imported only by what plays or checks a
    # scenario: listing the scenarios needs neither.
    from diplomacy_game.content.compiler import build_ruleset

    return build_ruleset(load_content(extra, builtin), scenario_id, cached=True)


@functools.lru_cache(maxsize=32)
def _load_once(scenario_id: str, extra: tuple[str, ...], builtin: bool) -> Ruleset:
    return load_ruleset(scenario_id, extra=list(extra), builtin=builtin)


def load_ruleset_once(
    scenario_id: str, extra: Sequence[Path | str] = (), builtin: bool = True
) -> Ruleset:
    """load_ruleset, remembered for the life of the process: for tools that open many saves or
    play many games of the same scenario (the content is not re-read if it changes meanwhile)."""
    return _load_once(scenario_id, tuple(str(p) for p in extra), builtin)
