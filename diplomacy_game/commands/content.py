"""Commands about the content: list the scenarios, validate packs, run the economy alone."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from diplomacy_game.commands.output import (
    EXIT_ERROR,
    EXIT_OK,
    err,
    print_json,
    print_lines,
)
from diplomacy_game.content.issues import NO_SCENARIO, Issue, shown_at
from diplomacy_game.text.tables import (
    economy_lines,
    scenario_lines,
    scenario_rows,
    validation_lines,
)


def validate_command(content: Sequence[Path | str]) -> str:
    """The command that checks the built-in content with these packs, to quote in a message."""
    if not content:
        return "diplomacy-game validate"
    packs = " ".join(shlex.quote(str(p)) for p in content)
    return f"diplomacy-game validate {packs} --with-builtin"


def scenarios(content: list[Path], as_json: bool) -> int:
    """List the scenarios of the built-in content and the packs in ``content``."""
    from diplomacy_game.content import ContentError, load_content

    cs = load_content(content)
    errors = [i for i in cs.issues if i.severity == "error"]
    if errors:
        err(
            f"{ContentError(shown_at(errors, cs.shown))}\n"
            f"Run '{validate_command(content)}' for the full list."
        )
        return EXIT_ERROR
    rows = scenario_rows(list(cs.scenarios.values()))
    if as_json:
        print_json(rows)
    else:
        print_lines(scenario_lines(rows))
    return EXIT_OK


def validate(paths: list[Path], with_builtin: bool, as_json: bool) -> int:
    """Check content packs (the built-in one when none is given) and print every problem."""
    from diplomacy_game.content import load_content
    from diplomacy_game.content import validate as check

    builtin = not paths or with_builtin
    cs = load_content(paths, builtin=builtin)
    issues = shown_at(check(cs), cs.shown)
    if paths and not with_builtin and not cs.scenarios:
        issues = [_alone(i, paths) if i.message == NO_SCENARIO else i for i in issues]
    elif paths and not with_builtin:
        issues = [_world_alone(i, paths) for i in issues]
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if as_json:
        print_json(
            {
                "ok": not errors,
                "errors": [i.as_dict() | {"text": str(i)} for i in errors],
                "warnings": [i.as_dict() | {"text": str(i)} for i in warnings],
                "counts": cs.counts(),
            }
        )
    else:
        print_lines(validation_lines(errors, warnings, cs.counts(), len(cs.files)))
    return EXIT_OK if not errors else EXIT_ERROR


def _alone(issue: Issue, paths: Sequence[Path]) -> Issue:
    """The message for a pack checked alone that has no scenario: most packs add to the
    built-in content, and are checked with it."""
    return replace(
        issue,
        file=" ".join(str(p) for p in paths),
        message=f"{NO_SCENARIO}: a pack that adds to the built-in content is checked with it,"
        f" '{validate_command(paths)}'",
    )


def _world_alone(issue: Issue, paths: Sequence[Path]) -> Issue:
    """The message for a scenario of a pack checked alone that finds no sectors or advisors:
    most scenarios play in the built-in world, and are checked with it."""
    if not issue.message.startswith("the content defines no [["):
        return issue
    return replace(
        issue,
        message=f"{issue.message}: a scenario that plays in the built-in world is checked"
        f" with it, '{validate_command(paths)}'",
    )


def economy(schedule_path: Path, content: list[Path], as_json: bool) -> int:
    """Run the economy alone over a tariff schedule and print its quarters."""
    from diplomacy_game.content import load_content
    from diplomacy_game.content.schedule import find_schedule, load_schedule
    from diplomacy_game.engine.sandbox import ScheduleError, run_schedule

    try:
        schedule_path = find_schedule(schedule_path)
        schedule = load_schedule(schedule_path)
    except ValueError as exc:
        err(str(exc))
        return EXIT_ERROR
    cs = load_content(content)
    sectors = sorted(cs.entities["sector"].values(), key=lambda s: s.id)
    if not sectors:
        err(f"the content defines no sectors; run '{validate_command(content)}'")
        return EXIT_ERROR
    try:
        rows = run_schedule(sectors, schedule)
    except ScheduleError as exc:
        for line in str(exc).splitlines():
            err(f"{schedule_path}: {line}")
        return EXIT_ERROR
    if as_json:
        print_json({"title": schedule.title, "quarters": rows})
    else:
        print_lines(economy_lines(schedule.title, rows, {s.id: s.name for s in sectors}))
    return EXIT_OK
