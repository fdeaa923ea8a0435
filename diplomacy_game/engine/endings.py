"""Endings: checked at the end of every turn (``when = "any"``) and at the last turn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, first_holding

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import CompiledEnding, Ruleset


def applicable(rs: Ruleset, final: bool) -> list[CompiledEnding]:
    """The endings checked now, in order: every ending at the last turn, else the ``any`` ones."""
    return [e for e in rs.endings if final or e.spec.when != "final"]


def check(ctx: TurnContext, final: bool) -> dict[str, Any] | None:
    """The game's ending now: the first that holds, graded by its first grade that holds (the
    last grade when none does); None while no ending holds."""
    endings = applicable(ctx.ruleset, final)
    tests = [lambda _, e=e: e.condition.fn(ctx) for e in endings]
    k = first_holding(tests, True, ONE_GAME)
    if k < 0:
        return None
    ending = endings[k]
    if ending.score is not None:  # the grades read it
        ctx.values["score"] = ctx.clamp_value("score", float(ending.score(ctx)))
    g = first_holding([lambda _, c=c: c.condition(ctx) for c in ending.grades], True, ONE_GAME)
    grade = ending.grades[g]  # -1, none holding: the last grade
    return {
        "id": ending.spec.id,
        "title": ending.spec.title,
        "grade": grade.grade,
        "grade_text": grade.text.render(ctx) if grade.text else "",
        "explanation": ending.explain(ctx),
        "cusma_status": ending.spec.cusma_status,
        "turn": ctx.current_turn,
        "score": ctx.values["score"] if ending.score is not None else None,
    }
