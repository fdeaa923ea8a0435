"""Read a tariff schedule for the economy sandbox (``content/schedules/*.toml``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from diplomacy_game.model.schedule import Schedule
from diplomacy_game.safe_read import FileProblem, read_limited

MAX_SCHEDULE_BYTES = 1_000_000


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
