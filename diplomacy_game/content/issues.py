"""Problems found in content, collected in one pass and reported together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from diplomacy_game import fmt


@dataclass(frozen=True, order=True)
class Issue:
    file: str
    entry: str
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.file}: {self.entry or '-'}: {self.field or '-'}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "entry": self.entry,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


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


class Findings:
    """The issues found while checking one scenario, each placed in the file its entry came
    from (``where(kind, ident)``)."""

    def __init__(self, where: Callable[[str, str], str]):
        self.where = where
        self.issues: list[Issue] = []

    def err(self, kind: str, ident: str, fld: str, message: str) -> None:
        self.issues.append(Issue(self.where(kind, ident), ident, fld, message))

    def warn(self, kind: str, ident: str, fld: str, message: str) -> None:
        self.issues.append(Issue(self.where(kind, ident), ident, fld, message, "warning"))

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)
