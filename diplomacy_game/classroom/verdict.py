"""A save's verdict: what ``verify`` says of it (``verify.verify_save``), and what tools that
go on to read the same file take from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState

INTERNAL_ERROR = "could not be checked (an error in the game itself"


@dataclass
class Verdict:
    path: str
    ok: bool
    message: str
    scenario: str = ""
    seed: int | None = None
    turns: int = 0
    ending: dict[str, Any] | None = None
    turn: int | None = None  # the first turn that differs, when one does
    where: str = ""  # the field that differs
    details: dict[str, Any] = field(default_factory=dict)
    # consistent | altered (an edit, or a decision log that does not fit) | machine (differs
    # only through floating-point arithmetic) | unreadable | content (another content version)
    kind: str = "consistent"
    # The game as loaded from the file, when it loaded: tools that go on to read the same
    # file (the class summary) take it from here rather than reading and decoding it again.
    state: GameState | None = field(default=None, repr=False, compare=False)
    # What the class summary shows of the game, when the verdict came from a record that
    # holds it (``summary.game_facts``); then ``state`` is None.
    facts: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    # Under which save and content digests the verdict is recorded, when it is.
    record: tuple[str, str] | None = field(default=None, repr=False, compare=False)
    # The digest of the content the replay used, when it got that far.
    content: str = field(default="", repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "message": self.message,
            "scenario": self.scenario,
            "seed": self.seed,
            "turns": self.turns,
            "ending": self.ending,
            "turn": self.turn,
            "field": self.where,
            "kind": self.kind,
            **({"assignment": self.details["assignment"]} if "assignment" in self.details else {}),
        }


def game_shown(
    path: Path, verdict: Verdict, extra: Sequence[Path] = ()
) -> tuple[Ruleset, GameState]:
    """The ruleset and the game the tools show of a checked save: the game its verification
    loaded, else read from the file (never an older save beside it, and the file is never
    moved); a save that failed is shown as the file claims it, checksum or not. Raises
    SaveError or ContentError when there is no game to show."""
    from diplomacy_game.content import load_ruleset_once
    from diplomacy_game.saves.store import load_claims, load_exact, read_header

    if verdict.state is not None:  # replayed just now: the game the check loaded
        return load_ruleset_once(verdict.state.scenario_id, tuple(extra)), verdict.state
    ruleset = load_ruleset_once(read_header(path)["scenario"], tuple(extra))
    return ruleset, (load_exact if verdict.ok else load_claims)(path, ruleset)
