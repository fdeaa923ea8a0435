"""A turn's decisions: the actions taken, the answers to events, and a memo.

The same shape is one line of a ``--decisions`` JSON-lines file and one entry of a save's
decision log::

    {"turn": 1, "actions": [{"id": "call_president"},
                            {"id": "counter_tariff", "params": {"sector": "steel", "level": 50}}],
     "answers": {"ford_demands_retaliation": "meet_premiers"}, "memo": "Keep the line open."}

A memo a strategy filled in (``play --policy`` on an assignment that asks for memos) is logged
with ``"memo_by": "strategy"``; a memo a person wrote carries no such key, so the log of every
game saved before the key existed reads exactly as it was written.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MemoBy = Literal["person", "strategy"]


class ActionChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(max_length=60)
    params: dict[str, str | float] = Field(default_factory=dict)


MAX_MEMO = 4000  # characters of a turn's memo


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    turn: int | None = Field(None, ge=1, le=1000, description="1-based turn this line is for")
    actions: list[ActionChoice] = Field(default_factory=list, max_length=30)
    answers: dict[str, str] = Field(default_factory=dict)
    memo: str = Field("", max_length=MAX_MEMO)
    memo_by: MemoBy = Field("person", description="who wrote the memo: a person or a strategy")

    def to_json_dict(self) -> dict:
        out: dict = {
            "turn": self.turn,
            "actions": [],
            "answers": dict(sorted(self.answers.items())),
            "memo": self.memo,
        }
        if self.memo_by != "person":  # absent for a person's memo: older logs stay as written
            out["memo_by"] = self.memo_by
        for choice in self.actions:
            entry: dict = {"id": choice.id}
            if choice.params:
                entry["params"] = dict(sorted(choice.params.items()))
            out["actions"].append(entry)
        return out


class DecisionError(Exception):
    """A decision that is not legal now; nothing of the turn has been applied."""

    def __init__(self, turn: int, what: str, message: str):
        self.turn = turn
        self.what = what
        self.reason = message
        super().__init__(f"turn {turn}: {what}: {message}")
