"""Read a tariff schedule for the economy sandbox (``content/schedules/*.toml``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from diplomacy_game.content.files import builtin_content_dir
from diplomacy_game.model.schedule import Schedule
from diplomacy_game.safe_read import FileProblem, read_limited

MAX_SCHEDULE_BYTES = 1_000_000


def builtin_schedules() -> dict[str, Path]:
    """The schedules that come with the game, by name (the file's name without .toml)."""
    folder = builtin_content_dir() / "schedules"
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def find_schedule(given: Path) -> Path:
    """The schedule file ``given`` names: a file, else a built-in schedule by its name or by
    a start of it that only one has (``c3``); ValueError naming the built-in ones if neither.
    A file of that name wins, so a schedule of one's own is never shadowed."""
    if given.exists() or given.parent != Path("."):
        return given
    known = builtin_schedules()
    word = given.name.removesuffix(".toml")
    matches = [name for name in known if name == word] or [n for n in known if n.startswith(word)]
    if len(matches) == 1:
        return known[matches[0]]
    what = "matches several built-in schedules" if matches else "no such schedule file"
    listed = ", ".join(matches or known)
    raise ValueError(
        f"{given}: {what}; the built-in schedules: {listed} (a start such as 'c3' is enough)"
    )


def load_schedule(path: Path) -> Schedule:
    """Read a schedule file, or raise ValueError with a message for the user."""
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
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            lines.append(
                f"{path}: {where.lstrip('.')}: {message}" if where else f"{path}: {message}"
            )
        raise ValueError("\n".join(lines)) from None
