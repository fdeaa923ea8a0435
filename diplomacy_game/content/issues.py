"""Problems found in content, collected in one pass and reported together."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from diplomacy_game import fmt

NO_SCENARIO = "the content defines no [[scenario]]"


@dataclass(frozen=True, order=True)
class Issue:
    file: str
    entry: str
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"
    line: int = 0  # in the file, where known (``shown_at``): an editor's "file:line"
    # the entry's kind (its ``[[header]]``), where known: a file may hold an event and an
    # action of one id, and the line is the one of the entry the issue is about
    kind: str = ""

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        at = f"{self.file}:{self.line}" if self.line else self.file
        return f"{at}: {self.entry or '-'}: {self.field or '-'}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "entry": self.entry,
            "kind": self.kind,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


def shown_at(issues: Iterable[Issue], shown: Mapping[str, str]) -> list[Issue]:
    """The issues with each content file named as the reader can open it (``shown``: a file's
    name as the loader gives it -> its path, ``files.shown_path``): the file an issue is in,
    and the files its message names ("first defined in ...")."""
    issues = _with_lines(list(issues), shown)
    named = {name: path for name, path in shown.items() if name != path}
    if not named:
        return issues
    # Longest first, and never inside a longer name ('pack/a.toml' in 'my-pack/a.toml').
    pattern = re.compile(
        r"(?<![\w./~-])("
        + "|".join(re.escape(n) for n in sorted(named, key=len, reverse=True))
        + r")(?![\w/~-])"
    )
    out = []
    for issue in issues:
        message = pattern.sub(lambda m: named[m.group(1)], issue.message)
        out.append(replace(issue, file=named.get(issue.file, issue.file), message=message))
    return out


MAX_LOOKED_UP = 2_000_000  # bytes of a content file read again to find an issue's line


def _with_lines(issues: list[Issue], shown: Mapping[str, str]) -> list[Issue]:
    """The issues with the line of each one's entry and field, where the file can be read
    again and the entry found in it (``lines.line_of``)."""
    from pathlib import Path

    texts: dict[str, str | None] = {}
    out = []
    for issue in issues:
        if issue.line or not issue.file.endswith(".toml") or not issue.entry:
            out.append(issue)
            continue
        if issue.file not in texts:
            texts[issue.file] = None
            path = Path(shown.get(issue.file, issue.file))
            try:
                if path.is_file() and path.stat().st_size <= MAX_LOOKED_UP:
                    texts[issue.file] = path.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                pass
        out.append(at_line(issue, texts[issue.file]))
    return out


def at_line(issue: Issue, text: str | None) -> Issue:
    """The issue with the line of its entry and field in ``text``, the file it is in
    (``lines.line_of``), where they are found there."""
    from diplomacy_game.content.lines import line_of

    if issue.line or text is None or not issue.entry:
        return issue
    line = line_of(text, issue.entry, issue.field, issue.kind)
    return replace(issue, line=line) if line else issue


class ContentError(Exception):
    """Content that cannot be played; carries every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        lines = "\n".join(str(i) for i in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"the content has {fmt.count(len(errors), 'error')}:\n{lines}{more}")


class UnknownScenario(ContentError):
    """A scenario asked for by id that sound content does not have: the asker's mistake, not
    the content's, so its message names the scenarios there are and nothing else."""

    def __init__(self, issue: Issue):
        super().__init__([issue])
        self.args = (issue.message,)


def top_field(fld: str) -> str:
    """The entity's own field a field path starts with: ``cost`` of ``cost``, ``options`` of
    ``options[2].effects``, ``capital`` of ``capital.per_turn``."""
    return re.split(r"[.\[]", fld, maxsplit=1)[0]


@dataclass(frozen=True)
class Override:
    """Where a scenario changes fields of a shared entity: the scenario's file and id, and
    the fields it sets. A problem in one of those fields is the scenario author's, and is
    reported there (``overrides.action.ID.FIELD``), not in the file the entity came from."""

    file: str
    scenario: str
    fields: frozenset[str]


class Findings:
    """The issues found while checking one scenario, each placed in the file its entry came
    from (``where(kind, ident)``), or in the scenario that overrides the field
    (``overridden``, by kind and id)."""

    def __init__(
        self,
        where: Callable[[str, str], str],
        overridden: dict[tuple[str, str], Override] | None = None,
    ):
        self.where = where
        self.overridden = overridden or {}
        self.issues: list[Issue] = []

    def place(self, kind: str, ident: str, fld: str) -> tuple[str, str, str, str]:
        """The file, entry, field and entry's kind an issue of ``kind``/``ident``/``fld`` is
        reported at."""
        override = self.overridden.get((kind, ident))
        if override is not None and top_field(fld) in override.fields:
            return (
                override.file,
                override.scenario,
                f"overrides.{kind}.{ident}.{fld}",
                "scenario",
            )
        return self.where(kind, ident), ident, fld, kind

    def err(self, kind: str, ident: str, fld: str, message: str) -> None:
        file, entry, field, of = self.place(kind, ident, fld)
        self.issues.append(Issue(file, entry, field, message, kind=of))

    def warn(self, kind: str, ident: str, fld: str, message: str) -> None:
        file, entry, field, of = self.place(kind, ident, fld)
        self.issues.append(Issue(file, entry, field, message, "warning", kind=of))

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)


# The kind of entity an "unknown ..." message is about: 'unknown name' is a variable's.
_UNKNOWN = re.compile(r"unknown (name|variable|action|event|sector|ending|posture) '([^']+)'")


def follow_on(issues: list[Issue], failed: dict[tuple[str, str], str]) -> list[Issue]:
    """``issues`` with each "unknown action 'x'" about an entry that could not be read (its
    own errors are reported at it) saying so instead: the author fixes the cause first."""
    if not failed:
        return issues
    out = []
    for issue in issues:
        hit = _UNKNOWN.search(issue.message)
        kind = hit and ("variable" if hit.group(1) == "name" else hit.group(1))
        file = hit and failed.get((kind, hit.group(2)))
        if hit and file:
            message = (
                f"{kind} '{hit.group(2)}' has errors of its own ({file}, reported above);"
                " fix those first"
            )
            issue = Issue(issue.file, issue.entry, issue.field, message, issue.severity)
        out.append(issue)
    return out
