"""Endings: checked at the end of every turn (``when = "any"``) and at the last turn."""

from __future__ import annotations

from typing import Any

from diplomacy_game.engine.context import TurnContext


def check(ctx: TurnContext, final: bool) -> dict[str, Any] | None:
    for ending in ctx.ruleset.endings:
        if ending.spec.when == "final" and not final:
            continue
        if not ending.condition(ctx):
            continue
        if ending.score is not None:  # the grades read it
            ctx.values["score"] = ctx.clamp_value("score", float(ending.score(ctx)))
        grade = ending.grades[-1]
        for candidate in ending.grades:
            if candidate.condition(ctx):
                grade = candidate
                break
        return {
            "id": ending.spec.id,
            "title": ending.spec.title,
            "grade": grade.grade,
            "grade_text": grade.text.render(ctx) if grade.text else "",
            "explanation": ending.explanation.render(ctx),
            "cusma_status": ending.spec.cusma_status,
            "turn": ctx.current_turn,
            "score": ctx.values["score"] if ending.score is not None else None,
        }
    return None
