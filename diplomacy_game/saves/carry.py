"""Carrying a saved game over to this version of the content.

A save is tied to the content it was played with (its digest): the same seed and decisions
give the same game only under the same rules, so a save of another version is refused by
``store.load_game``. The player's game need not be lost for that. A save keeps its seed and
every decision, so the game can be played again from its first turn under this version: the
same seed, the same choices in the same order. The news may differ from what the player read;
a choice that cannot be taken in the replayed game (an action gone, an event that is not asked)
is left out, and the player is told which. The old file is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_game.engine.game import Dropped, new_game, replay_what_holds
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.saves.reading import SaveError, read_bytes
from diplomacy_game.saves.store import (
    SaveFile,
    newest_readable,
    read_newest_header,
    sound_document,
    validated,
)


@dataclass
class Carried:
    """A saved game replayed under this version of the content."""

    state: GameState
    source: Path  # the generation whose decisions were replayed
    turns: int  # turns the old save had played
    digest: str  # the short digest of the content the old save was played with
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def ended_early(self) -> bool:
        """The replayed game ended before all the old save's turns were played again."""
        return self.state.turn < self.turns

    def notes(self, most: int = 6, kept_as: Path | None = None) -> list[str]:
        """What the player is told as the carried game opens. ``kept_as``: where the game as
        it was is kept, when not in its own file (which the carried game then took)."""
        replayed = min(self.state.turn, self.turns)
        out = [
            f"Your {self.turns} turn{'s' if self.turns != 1 else ''} were played again under "
            f"this version of the game (the same seed and your choices); "
            f"{kept_as or self.source} is kept as it was. The news may differ from what you "
            "read before."
        ]
        if self.ended_early:
            out.append(
                f"Under this version the game ended at turn {replayed}; the choices of the turns "
                "after it were not played."
            )
        if self.dropped:
            shown = "; ".join(str(d) for d in self.dropped[:most])
            more = len(self.dropped) - most
            tail = f"; and {more} more" if more > 0 else ""
            out.append(f"Left out, as they cannot be taken in this version: {shown}{tail}.")
        else:
            out.append("Every choice could be taken again.")
        return out


def read_played(path: Path | str) -> tuple[SaveFile, Path]:
    """The save file of the newest generation that is whole (checksum and format sound),
    whatever content it was played with; SaveError when none is."""
    return newest_readable(path, lambda candidate: validated(sound_document(read_bytes(candidate))))


def carry_over(path: Path | str, ruleset: Ruleset) -> Carried:
    """Play the saved game's decisions again from its first turn under ``ruleset`` (which must
    be of the save's scenario). The file is only read."""
    save, source = read_played(path)
    if save.scenario != ruleset.scenario.id:
        raise SaveError(f"this save is a game of '{save.scenario}', not of '{ruleset.scenario.id}'")
    try:
        start = new_game(ruleset, save.seed)
    except ValueError as exc:
        raise SaveError(str(exc)) from None
    start.assignment = save.state.assignment
    decisions = [d.to_json_dict() for d in save.decisions]
    replayed = replay_what_holds(ruleset, start, decisions)
    digest = save.content_digest[:8] if save.content_digest.isalnum() else "unknown"
    return Carried(replayed.state, source, len(decisions), digest, replayed.dropped)


def offer_words(path: Path) -> str:
    """What a player is told of a save of another version before it is played again."""
    try:
        turns = int(read_newest_header(path).get("turn", 0))
    except (SaveError, TypeError, ValueError):
        turns = 0
    if turns <= 0:
        return (
            f"{path.name} was made with another version of the game or its content, or with content "
            "packs: if it came with packs (a class's assignment may), go back and open it with "
            "them (--content PACK). No turn of it has been played, so it can also start under "
            f"this version, with the same seed and assignment. {path.name} is not changed."
        )
    what = f"Its {turns} turn{'s' if turns != 1 else ''}"
    return (
        f"{path.name} was played with another version of the game or its content, so it cannot be "
        f"continued as it stands. {what} can be played again under this version: the same "
        "seed and your choices, in order. The news may differ from what you read, and a choice "
        f"this version does not allow is left out (you are told which). {path.name} is not "
        "changed. (A game played with content packs needs them again: open it with "
        "--content PACK instead.)"
    )
