"""How the commands speak: exit codes, JSON on stdout, one-line errors and a progress bar."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def print_lines(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


def err(message: str, command: str = "") -> None:
    """A message on stderr, after the program's (and the command's) name."""
    prefix = f"diplomacy-game {command}" if command else "diplomacy-game"
    sys.stderr.write(f"{prefix}: {message}\n")


def write_output(output: Path, data: bytes, command: str = "") -> bool:
    """Write a command's output file whole (atomically; into a device or a pipe as it is, to a
    link's target); False, with a one-line message, when it cannot be written."""
    from diplomacy_game.saves.store import atomic_write

    try:
        atomic_write(output, data)
    except OSError as exc:
        err(f"could not write {output}: {exc.strerror or exc}", command)
        return False
    return True


def emit_text(text: str, output: Path | None, command: str = "") -> bool:
    """Text to stdout, or written whole to ``output`` (``write_output``); False, with a
    one-line message, when the file cannot be written."""
    if output is None:
        sys.stdout.write(text)
        return True
    return write_output(output, text.encode("utf-8"), command)


# What a file's name says it holds, for the commands that write a document in the format its
# name asks for; and names of formats none of them writes (a report named a.pdf held Markdown).
FORMS_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "text"}
FORM_WORDS = {"md": "Markdown", "html": "HTML", "text": "text"}
OTHER_FORMATS = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".json", ".csv", ".xls", ".xlsx", ".ods",
    ".png", ".jpg", ".jpeg", ".svg", ".epub", ".ppt", ".pptx",
}  # fmt: skip


def output_form(
    output: Path | None, form: str | None, writes: tuple[str, ...], command: str
) -> str | None:
    """The format to write: the one asked for (--format), else the one the output file's name
    gives (``FORMS_BY_SUFFIX``; a .txt holds the command's first format, its plain one), else
    the command's first. None, with a message, when the name asks for a format the command
    cannot write (``writes``)."""
    if form is not None or output is None:
        return form or writes[0]
    suffix = output.suffix.lower()
    named = FORMS_BY_SUFFIX.get(suffix)
    if named in writes:
        return named
    if named == "text":
        return writes[0]
    if suffix in OTHER_FORMATS or named is not None:
        names = [next(n for n, kind in FORMS_BY_SUFFIX.items() if kind == w) for w in writes]
        err(
            f"{output}: {command} writes {_either([FORM_WORDS[w] for w in writes])}, not"
            f" {suffix[1:].upper()}; name the file {_either(names)}"
            f" (or give --format {'/'.join(writes)})",
            command,
        )
        return None
    return writes[0]


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def progress_bar() -> Callable[[int, int], None] | None:
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
