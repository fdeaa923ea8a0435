"""Starting a game and asking what the player can do now.

The engine in three lines::

    ruleset = load_ruleset("second-visit")
    state = new_game(ruleset, seed=42)
    state, report = resolve_turn(ruleset, state, Decision())
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from diplomacy_game.engine import advisors, domestic
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState, new_generator
from diplomacy_game.engine.turn import (
    TurnReport,
    action_rest,
    action_status,
    apply_answers,
    memo_required,
    options_open,
    resolve_turn,
    take_action,
    waiting_entry,
)
from diplomacy_game.model.decisions import ActionChoice, Decision, DecisionError

MAX_SEED = 2**63 - 1
QUOTES = '"“”'  # around an event title that is a quotation


def new_game(ruleset: Ruleset, seed: int) -> GameState:
    """A new game of the ruleset's scenario with the given seed."""
    if not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}")
    sc = ruleset.scenario
    rng = new_generator(int(seed))
    state = GameState(
        scenario_id=sc.id,
        seed=int(seed),
        start=sc.start,
        turn_days=sc.turn_days,
        last_turn=sc.turns,
        values={k: float(v) for k, v in ruleset.initial_values.items()},
        flags={flag: True for flag in sc.flags},
    )
    ruleset.economy.settle(state.values)
    ctx = TurnContext(ruleset, state, rng)
    state.values["capital"] = domestic.opening_capital(
        ruleset, state.values["capital"], float(ruleset.capital_per_turn(ctx)), ONE_GAME
    )
    state.readings = advisors.read_all(ctx)
    state.rng_state = rng.bit_generator.state
    return state


def preview_context(ruleset: Ruleset, state: GameState) -> TurnContext:
    """A context over a copy of the state, for questions that must not change the game.

    Its generator is made only if an expression draws from it (most previews never do)."""
    copy = state.copy()
    return TurnContext(ruleset, copy, None)


@dataclass
class ActionOption:
    """One action as the player sees it now."""

    id: str
    name: str
    family: str
    cost: float
    reason: str  # why it cannot be taken now; '' when it can
    hint: str
    params: list[dict[str, Any]] = field(default_factory=list)
    used_up: bool = False  # used as often as allowed (its cost is then not worked out)
    wait: int = 0  # the turns it still rests after use (its cost is then not worked out)

    @property
    def available(self) -> bool:
        return not self.reason


def default_params(ruleset: Ruleset, action_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in ruleset.actions[action_id].spec.params:
        if p.default is not None:
            out[p.name] = p.default if p.kind != "number" else float(p.default)
        elif p.kind == "number":
            out[p.name] = float(p.values[0])
        else:
            out[p.name] = p.choices[0]
    return out


def list_actions(ruleset: Ruleset, state: GameState, spent: float = 0.0) -> list[ActionOption]:
    """Every action of the scenario with its cost now and whether it can be taken."""
    ctx = preview_context(ruleset, state)
    out = []
    for action_id, action in ruleset.actions.items():
        params = default_params(ruleset, action_id)
        cost, reason = action_status(ruleset, ctx, action_id, params, spent)
        used, wait = action_rest(ruleset, ctx, action_id)
        out.append(
            ActionOption(
                id=action_id,
                name=action.spec.name,
                family=action.spec.family,
                cost=cost,
                reason=reason,
                hint=action.spec.hint,
                params=[
                    {k: list(v) if isinstance(v, list) else v for k, v in p}
                    for p in action.spec.params
                ],
                used_up=bool(used),
                wait=wait,
            )
        )
    return out


def check_action(
    ruleset: Ruleset, state: GameState, action_id: str, params: dict[str, Any], spent: float = 0.0
) -> tuple[float, str]:
    """(cost, reason it cannot be taken or '') for an action with the given parameters."""
    if action_id not in ruleset.actions:
        return 0.0, "unknown action"
    full = {**default_params(ruleset, action_id), **params}
    return action_status(ruleset, preview_context(ruleset, state), action_id, full, spent)


def pending_events(ruleset: Ruleset, state: GameState) -> list[dict[str, Any]]:
    """Events of the last turn waiting for an answer, with the options open now."""
    ctx = preview_context(ruleset, state)
    events = ruleset.events

    def holds(condition: Any) -> Any:
        return condition(ctx)

    return [
        waiting_entry(events[event_id], options_open(events[event_id], holds, ONE_GAME))
        for event_id in state.pending
        if event_id in events
    ]


class ActionPlanner:
    """Builds a turn's list of actions one at a time, each checked against the state as the
    earlier ones leave it (their costs paid and effects applied), on a copy of the game."""

    def __init__(self, ruleset: Ruleset, state: GameState, answers: dict[str, str] | None = None):
        self.ruleset = ruleset
        self.ctx = preview_context(ruleset, state)
        apply_answers(ruleset, self.ctx, answers or {})  # answers take effect before actions
        self.chosen: list[ActionChoice] = []
        self._seen: set[str] = set()

    def try_add(self, action_id: str, params: dict[str, Any] | None = None) -> str:
        """Add the action if it can be taken now; return '' or the reason it cannot."""
        choice = ActionChoice(id=action_id, params=params or {})
        try:
            take_action(self.ruleset, self.ctx, choice, self._seen)
        except DecisionError as exc:
            return exc.reason
        self.chosen.append(choice)
        return ""

    @property
    def capital_left(self) -> float:
        return self.ctx.values["capital"]


@dataclass
class Dropped:
    """A choice a replay left out: it cannot be taken in the replayed game."""

    turn: int
    what: str  # the action's name, or "your answer to “…”"
    reason: str

    def __str__(self) -> str:
        return f"turn {self.turn}: {self.what} ({self.reason})"


@dataclass
class Replayed:
    state: GameState
    dropped: list[Dropped] = field(default_factory=list)


def replay_what_holds(
    ruleset: Ruleset, start: GameState, decisions: Sequence[dict[str, Any]]
) -> Replayed:
    """Replay logged decisions from ``start``, leaving out each action or answer that cannot
    be taken in the replayed game (it may differ from the one they were made in: other rules,
    or a choice taken out of the log), and saying which. Stops when the game ends."""
    state, dropped = start, []
    for logged in decisions:
        if state.over:
            break
        turn = state.turn + 1
        wanted = Decision.model_validate({**logged, "turn": None})
        asked: dict[str, str] = {}
        for event_id, option in wanted.answers.items():
            if event_id in state.pending:
                asked[event_id] = option
            else:
                dropped.append(
                    Dropped(turn, _answer_words(ruleset, event_id), "the question was not asked")
                )
        try:  # as a rule every answer still holds: one planner, not one per answer
            answers, planner = asked, ActionPlanner(ruleset, state, asked)
        except DecisionError:
            answers = {}
            for event_id, option in asked.items():
                try:
                    ActionPlanner(ruleset, state, {**answers, event_id: option})
                except DecisionError as exc:
                    dropped.append(Dropped(turn, _answer_words(ruleset, event_id), exc.reason))
                    continue
                answers[event_id] = option
            planner = ActionPlanner(ruleset, state, answers)
        for choice in wanted.actions:
            action = ruleset.actions.get(choice.id)
            if action is None:
                dropped.append(Dropped(turn, f"'{choice.id}'", "there is no such action now"))
                continue
            reason = planner.try_add(choice.id, dict(choice.params))
            if reason:
                dropped.append(Dropped(turn, action.spec.name, reason))
        memo = wanted.memo
        if not memo.strip() and memo_required(ruleset, state):
            memo = "-"
        decision = Decision(
            actions=planner.chosen, answers=answers, memo=memo, memo_by=wanted.memo_by
        )
        state, _ = resolve_turn(ruleset, state, decision)
    return Replayed(state, dropped)


def _answer_words(ruleset: Ruleset, event_id: str) -> str:
    event = ruleset.events.get(event_id)
    title = event.spec.title if event is not None else event_id
    return "your answer to “" + title.strip(QUOTES) + "”"


def turn_reports(ruleset: Ruleset, state: GameState) -> list[tuple[GameState, TurnReport]]:
    """Every turn of a game with its report, recomputed from its seed and logged decisions.

    Reports (the events' texts, the ledger of causes) are not kept in saves; a game is the same
    game when replayed, so they are rebuilt for the history screen, the report and
    ``play --json``. Raises DecisionError if the log does not replay (an edited save)."""
    replay = new_game(ruleset, state.seed)
    replay.assignment = state.assignment
    turns = []
    for logged in state.decisions:
        replay, report = resolve_turn(ruleset, replay, Decision.model_validate(logged))
        turns.append((replay, report))
    return turns


def turn_story(ruleset: Ruleset, state_after: GameState, report: TurnReport) -> dict[str, Any]:
    """A turn as data for tools: every visible figure's change and its causes (which add up
    to it), the US tariffs after the turn, and the events with the text the player read."""
    return {
        "changes": {name: change.as_dict() for name, change in report.changes.items()},
        "us_tariffs": {
            sector: state_after.values[f"sector.{sector}.us_tariff"]
            for sector in ruleset.sector_ids
        },
        "events": [{"id": e["id"], "title": e["title"], "text": e["text"]} for e in report.events],
    }
