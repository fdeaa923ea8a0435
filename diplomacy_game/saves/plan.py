"""The plan of a turn in progress, kept beside the game's file: the actions chosen, the answers
given and the memo written so far, so that a game closed mid-turn (a browser tab shut, a laptop
that runs out of battery, a terminal closed) takes them up again when it is continued.

A kept plan is a convenience, never part of the game: it is not verified, not handed in, and
it does not change the save. It is a hidden file, ``.NAME.plan`` beside ``NAME.json``, which the
saves list and the hand-in listing leave out. It names the turn it was made for (the game's
scenario and seed, the turn, and the last link of its chain), so a plan that no longer fits the
game, or a damaged one, is set aside; the game itself is never affected by it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game.engine.state import GameState
from diplomacy_game.engine.turn import chain_of
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.saves import safe_json
from diplomacy_game.saves.store import create_temp

PLAN_FORMAT = "elbows-up-plan"
MAX_PLAN_BYTES = 100_000


@dataclass
class KeptPlan:
    """A turn's plan as it was kept: actions in the order chosen (id -> parameters), answers
    (event id -> option id) and the memo."""

    actions: dict[str, dict[str, Any]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    memo: str = ""

    @property
    def empty(self) -> bool:
        return not self.actions and not self.answers and not self.memo.strip()


def plan_path(save: Path) -> Path:
    """Where the plan of a game saved in ``save`` is kept: ``.NAME.plan`` beside it."""
    return save.with_name(f".{save.stem}.plan")


def _turn_of(state: GameState) -> dict[str, Any]:
    """What names the turn a plan was made for."""
    last = chain_of(state.history[-1]) if state.history else ""
    return {
        "scenario": state.scenario_id,
        "seed": state.seed,
        "turn": state.turn,
        "after": last,
    }


def keep_plan(save: Path, state: GameState, plan: KeptPlan) -> None:
    """Write the plan beside ``save`` whole or not at all (a temporary file, then a rename);
    an empty plan removes the file. Raises OSError, ValueError or TypeError when it cannot."""
    target = plan_path(save)
    if plan.empty:
        drop_plan(save)
        return
    doc = {
        "format": PLAN_FORMAT,
        **_turn_of(state),
        "actions": [{"id": a, "params": p} for a, p in plan.actions.items()],
        "answers": plan.answers,
        "memo": plan.memo,
    }
    data = json.dumps(doc, ensure_ascii=False, allow_nan=False).encode()
    # No fsync: a plan is written at every change (each letter of a memo), and one lost to a
    # power cut costs a few clicks, where a save costs a game.
    fd, tmp = create_temp(target.parent, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def drop_plan(save: Path) -> None:
    """Remove the plan kept beside ``save``, if any (quietly: it is only a convenience)."""
    with contextlib.suppress(OSError):
        os.unlink(plan_path(save))


def read_plan(save: Path, state: GameState) -> tuple[KeptPlan | None, str]:
    """The plan kept beside ``save`` for the turn ``state`` is at: (plan, '') when there is one
    for this very turn of this game; (None, '') when there is none or it was made for another
    turn; (None, why) when the file is there but cannot be read as a plan."""
    path = plan_path(save)
    if not path.exists():
        return None, ""
    try:
        doc = safe_json.loads(read_limited(path, MAX_PLAN_BYTES, "plan"))
    except (FileProblem, safe_json.JsonProblem) as exc:
        return None, f"the plan kept for this turn cannot be read ({exc})"
    if not isinstance(doc, dict) or doc.get("format") != PLAN_FORMAT:
        return None, "the plan kept for this turn is not a plan of this game"
    if any(doc.get(key) != value for key, value in _turn_of(state).items()):
        return None, ""  # made for another turn, or another game saved under this name
    actions, answers, memo = doc.get("actions"), doc.get("answers"), doc.get("memo")
    if (
        not isinstance(actions, list)
        or not all(
            isinstance(a, dict)
            and isinstance(a.get("id"), str)
            and isinstance(a.get("params"), dict)
            for a in actions
        )
        or not isinstance(answers, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in answers.items())
        or not isinstance(memo, str)
    ):
        return None, "the plan kept for this turn is damaged"
    return KeptPlan({a["id"]: a["params"] for a in actions}, answers, memo), ""
