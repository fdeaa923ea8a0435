"""A turn's decisions: one canonical form in the log, and bounds on what a file may say."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from diplomacy_game.model.decisions import ActionChoice, Decision


def test_the_logged_form_is_canonical() -> None:
    """Answers and parameters sorted; ``memo_by`` only for a strategy's memo, so the log of a
    game saved before the key existed reads as it was written."""
    decision = Decision.model_validate(
        {
            "turn": 3,
            "actions": [{"id": "counter_tariff", "params": {"sector": "steel", "level": 50}}],
            "answers": {"b_event": "x", "a_event": "y"},
            "memo": "Hold the line.",
        }
    )
    logged = decision.to_json_dict()
    assert logged == {
        "turn": 3,
        "actions": [{"id": "counter_tariff", "params": {"level": 50, "sector": "steel"}}],
        "answers": {"a_event": "y", "b_event": "x"},
        "memo": "Hold the line.",
    }
    assert list(logged["answers"]) == ["a_event", "b_event"]
    assert list(logged["actions"][0]["params"]) == ["level", "sector"]
    assert Decision.model_validate(logged) == decision
    by_strategy = Decision(memo="m", memo_by="strategy").to_json_dict()
    assert by_strategy["memo_by"] == "strategy"


@pytest.mark.parametrize(
    "raw",
    [
        {"turn": 0},
        {"turn": 1001},
        {"actions": [{"id": "call_president"}] * 31},
        {"actions": [{"id": "x" * 61}]},
        {"memo": "m" * 4001},
        {"memo_by": "teacher"},
        {"actions": [{"id": "call_president", "cost": 0}]},
        {"capital": 99},
        {"answers": {"event": 3}},
    ],
)
def test_out_of_bounds_or_unknown_fields_are_refused(raw) -> None:
    with pytest.raises(ValidationError):
        Decision.model_validate(raw)


def test_a_decision_cannot_be_changed_after_it_is_made() -> None:
    choice = ActionChoice(id="call_president")
    with pytest.raises(ValidationError):
        choice.id = "other"  # type: ignore[misc]
