"""One turn: ``resolve_turn(ruleset, state, decision) -> (new state, report)``.

The order of a turn, each step a rule of the game:

1. The decision is checked whole: answers, actions, parameters, conditions, costs. An
   illegal decision raises ``DecisionError`` and nothing is applied.
2. Answers to last turn's events take effect (unanswered events take their default option).
3. The player's actions: political capital is paid, effects apply, tag reactions follow
   (the US reaction table and each group's tags), delayed effects are scheduled.
4. Delayed effects that fall due this turn apply.
5. The economy moves one turn.
6. The scenario's drift; the US memory of affronts and concessions fades; the turn's news:
   dated events, then follow-ups falling due.
7. The US picks a posture, seeing that news (the talks terminated on a date make "offers a
   deal" unlikely, not already applied); then the follow-ups of this turn's actions (a call,
   a visit), the posture's event, random events.
8. Domestic politics: group pressure, approval, resolve, the opposition.
9. The clock advances, political capital refills, the advisors read the US side.
10. Endings are checked (the final ones only on the last turn).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from diplomacy_game.engine import advisors, domestic, endings, events, us_model
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.events import cooling_down, split_due, used_up
from diplomacy_game.engine.expr import suggest
from diplomacy_game.engine.ledger import Change, Ledger, figures_of
from diplomacy_game.engine.numeric import ONE_GAME, Arith
from diplomacy_game.engine.state import GameState, generator_from_state
from diplomacy_game.model.decisions import ActionChoice, Decision, DecisionError

if TYPE_CHECKING:
    from diplomacy_game.engine.language import Compiled
    from diplomacy_game.engine.rules import ActionVariant, CompiledAction, CompiledEvent, Ruleset

INDICATORS = (
    ("approval", "approval"),
    ("gdp_gap_pct", "gdp_gap"),
    ("unemployment_pct", "unemployment"),
    ("inflation_pct", "inflation"),
    ("us_rapport", "us.rapport"),
)

# Kept unrounded in each turn's record (the figures above are rounded to 4 places): verify
# compares them within a tolerance, and their last digits show whether the replaying machine
# computes exactly as the saving one did (see classroom.verify).
UNROUNDED = (*(name for _, name in INDICATORS), "exports_us", "jobs_lost", "fiscal_room")

# The JSON that the chain and a decision's fingerprint hash, as ``json.dumps`` with these
# options writes it. A state and a decision are plain data, never cyclic: the check for
# cycles is left out (a fifth of the time of encoding a state, every turn).
_CHAIN_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), check_circular=False)
_DECISION_JSON = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
)


@dataclass
class TurnReport:
    turn: int
    start: dt.date
    end: dt.date
    posture: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)
    ending: dict[str, Any] | None = None
    changes: dict[str, Change] = field(default_factory=dict)  # the ledger of causes
    news: int = 0  # how many of ``events`` came before the posture was drawn (the turn's news)


def turn_window(state: GameState, scenario_end: dt.date, turn: int) -> tuple[dt.date, dt.date]:
    """First day of a (1-based) turn and the first day after it. The last turn ends on the
    scenario's end date: shorter when the days do not divide into whole turns, and a day
    longer when they do (the end date is the review itself, and its events fire in it)."""
    start = state.start + dt.timedelta(days=(turn - 1) * state.turn_days)
    after_the_end = scenario_end + dt.timedelta(days=1)
    if turn >= state.last_turn:
        return start, after_the_end
    return start, min(start + dt.timedelta(days=state.turn_days), after_the_end)


# --- checking a decision ------------------------------------------------------------------


def variant_key(action: CompiledAction, params: dict[str, Any]) -> tuple[str, ...]:
    """Which of an action's variants resolved parameters pick (its choice parameters)."""
    return tuple(str(params[name]) for name in action.choice_params)


def sets_of(ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> frozenset[str]:
    """The values an action's effects set outright (``name = ...``) for these settings: two
    actions of one turn that set the same value ("Raise a counter-tariff" and "Lower a
    counter-tariff" on aluminum) pay twice for what the second alone decides."""
    action = ruleset.actions.get(action_id)
    if action is None:
        return frozenset()
    key = tuple(str(params.get(name, "")) for name in action.choice_params)
    variant = action.variants.get(key)
    if variant is None or variant.effects is None:
        return frozenset()
    return frozenset(variant.effects.sets)


def resolve_params(
    action: CompiledAction, choice: ActionChoice, turn: int
) -> tuple[tuple[str, ...], dict[str, Any]]:
    what = f"action '{choice.id}'"
    declared = {p.name: p for p in action.spec.params}
    for name in choice.params:
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise DecisionError(turn, what, f"unknown parameter '{name}' (parameters: {known})")
    params: dict[str, Any] = {}
    for p in action.spec.params:
        value = choice.params.get(p.name, p.default)
        if value is None:
            raise DecisionError(turn, what, f"parameter '{p.name}' is required")
        if p.kind in ("sector", "choice"):
            if not isinstance(value, str) or value not in p.choices:
                raise DecisionError(
                    turn,
                    what,
                    f"parameter '{p.name}' must be one of: {', '.join(p.choices)} (got {value!r})",
                )
        else:
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or float(value) not in action.number_params[p.name]
            ):
                allowed = ", ".join(f"{v:g}" for v in action.number_params[p.name])
                raise DecisionError(
                    turn, what, f"parameter '{p.name}' must be one of: {allowed} (got {value!r})"
                )
            value = float(value)
        params[p.name] = value
    return variant_key(action, params), params


def action_cost(raw: Any, ar: Arith) -> Any:
    """An action's cost in political capital: its cost expression's value, never below 0."""
    return ar.max(0.0, raw)


def over_budget(cost: Any, capital: Any) -> Any:
    """Whether a cost is more than the capital left (a hair's breadth of rounding allowed)."""
    return cost > capital + 1e-9


def apply_action(
    rs: Ruleset,
    action: CompiledAction,
    variant: ActionVariant,
    cost: Any,
    get: Callable[[str], Any],
    put: Callable[[str, Any], None],
    run: Callable[[Compiled], None],
    pushes: list[tuple[str, float]] | None = None,
) -> None:
    """What taking an action does, to one game or many: the capital it costs, its effects,
    the reactions to its tags, and the pressure its tags put on the groups at once. ``put``
    clamps and stores; ``run`` runs compiled effects; ``pushes`` are
    ``domestic.tag_pushes`` of the action when the caller keeps them."""
    put("capital", get("capital") - cost)
    if variant.effects is not None:
        run(variant.effects)
    for tag in action.spec.tags:
        for reaction in rs.reactions.get(tag, ()):
            run(reaction)
    if pushes is None:
        pushes = domestic.tag_pushes(rs, action.spec.tags)
    domestic.push_groups(pushes, get, put)


def action_rest(ruleset: Ruleset, ctx: TurnContext, action_id: str) -> tuple[int, int]:
    """What an action's record says of taking it now: (the times it has been used, when that
    is as often as allowed, else 0; the turns it still rests after use, else 0)."""
    spec = ruleset.actions[action_id].spec
    count, last = ctx.state.taken.get(action_id, (0, 0))
    if used_up(count, spec.max_uses, ONE_GAME):
        return count, 0
    if cooling_down(count, last, ctx.current_turn, spec.cooldown, ONE_GAME):
        return 0, spec.cooldown - (ctx.current_turn - last) + 1
    return 0, 0


def action_status(
    ruleset: Ruleset, ctx: TurnContext, action_id: str, params: dict[str, Any], spent: float = 0.0
) -> tuple[float, str]:
    """(cost, reason it cannot be taken now or '') for an action with resolved parameters."""
    action = ruleset.actions[action_id]
    spec = action.spec
    used, wait = action_rest(ruleset, ctx, action_id)
    if used:
        times = "once" if used == 1 else f"{used} times"
        return 0.0, f"already used {times}, the most allowed"
    if wait and ctx.current_turn + wait > ctx.state.last_turn:
        return 0.0, "resting after use until after the last turn: not again in this game"
    if wait:
        return 0.0, f"can be taken again in {wait} {'turn' if wait == 1 else 'turns'}"
    variant = action.variants[variant_key(action, params)]
    ctx.with_params(params)
    cost = action_cost(float(variant.cost.fn(ctx)), ONE_GAME)
    if not variant.condition.fn(ctx):
        return (
            cost,
            # a clause, as every reason here: the screens end the sentence
            spec.unavailable_text.rstrip(". ")
            or f"its condition is not met ({variant.condition.source})",
        )
    capital = ctx.values["capital"] - spent
    if over_budget(cost, capital):
        return cost, f"costs {cost:g} political capital, {capital:g} left"
    return cost, ""


def delayed_effect(
    ruleset: Ruleset, action_id: str, variant_key: Sequence[str], index: int
) -> tuple[CompiledAction, Compiled, Any] | None:
    """An action's delayed effect as scheduled (the action, its effects, its text or None),
    or None when the content no longer has it."""
    action = ruleset.actions.get(action_id)
    variant = action.variants.get(tuple(variant_key)) if action is not None else None
    if variant is None or index >= len(variant.delayed):
        return None
    _, effects, text = variant.delayed[index]
    return action, effects, text


def apply_answers(
    ruleset: Ruleset, ctx: TurnContext, answers: dict[str, str]
) -> list[tuple[dict[str, Any], str]]:
    """Check the answers to the events waiting (defaults for the rest) and apply them.

    Raises DecisionError before changing anything. Returns report entries and texts.
    """
    chosen = _check_answers(ruleset, ctx, answers)
    ctx.state.pending = []
    out = []
    for event_id, option in chosen:
        if option is None:
            continue
        if option.effects is not None:
            option.effects(ctx.with_params({}))
        title = ruleset.events[event_id].spec.title
        said = title[1:-1] if title[:1] in "'\"“" and title[-1:] in "'\"”" else title
        entry = {"answer": event_id, "option": option.id, "label": option.label}
        if answers.get(event_id) != option.id:  # left unanswered: the option it then takes
            entry["default"] = True
            cause = f"“{said}” left unanswered: {option.label}"
        else:
            cause = f"Your answer to “{said}”: {option.label}"
        ctx.cause("answer", f"{event_id}:{option.id}", cause)
        text = option.text.render(ctx) if option.text is not None else ""
        out.append((entry, text))
    return out


def check_waiting(answers: dict[str, str], pending: list[str], turn: int) -> None:
    """Raise DecisionError for an answer to an event that is not waiting for one."""
    for event_id in answers:
        if event_id not in pending:
            waiting = ", ".join(pending) or "none"
            raise DecisionError(
                turn,
                f"answer to '{event_id}'",
                f"that event is not waiting for an answer (waiting: {waiting})",
            )


def default_position(event: CompiledEvent) -> int:
    """The position of the option an unanswered event takes when it is open."""
    return next((k for k, o in enumerate(event.options) if o.default), 0)


def option_chosen(
    event: CompiledEvent, answer: str | None, is_open: Callable[[int], Any], turn: int
) -> int:
    """The position of the option that applies to a waiting event (-1: none): the one
    answered, which must be open now; unanswered, the default option if it is open, else the
    first open one. ``is_open(k)``: whether option k's condition holds, before any answer
    of the turn applies. Raises DecisionError for an answer that cannot be given."""
    options = event.options
    if answer is None:
        if not options:
            return -1
        k = default_position(event)
        if is_open(k):
            return k
        return next((j for j in range(len(options)) if is_open(j)), -1)
    k = next((j for j, o in enumerate(options) if o.id == answer), -1)
    what = f"answer to '{event.spec.id}'"
    if k < 0:
        ids = ", ".join(o.id for o in options)
        raise DecisionError(turn, what, f"no option '{answer}' (options: {ids})")
    if not is_open(k):
        raise DecisionError(turn, what, f"option '{answer}' is not available now")
    return k


def options_open(event: CompiledEvent, holds: Callable[[Any], Any], ar: Arith) -> Any:
    """Which of a waiting event's options are open, as bits (bit k: option k), for one game
    or many: ``holds(condition)`` is a condition's truth now."""
    code: Any = 0
    for k, option in enumerate(event.options):
        code = code | (ar.where(holds(option.condition), 1, 0) << k)
    return code


def waiting_entry(event: CompiledEvent, code: int) -> dict[str, Any]:
    """An event waiting for an answer as a player (or a strategy) sees it: its options, which
    are open (``code``, from ``options_open``) and which is the default."""
    default = default_position(event)
    return {
        "id": event.spec.id,
        "title": event.spec.title,
        "options": [
            {
                "id": o.id,
                "label": o.label,
                "hint": o.hint,
                "available": bool(code >> k & 1),
                "default": k == default,
            }
            for k, o in enumerate(event.options)
        ],
    }


def _check_answers(
    ruleset: Ruleset, ctx: TurnContext, answers: dict[str, str]
) -> list[tuple[str, Any]]:
    pending = ctx.state.pending
    check_waiting(answers, pending, ctx.current_turn)
    chosen = []
    for event_id in pending:
        event = ruleset.events.get(event_id)
        if event is None:
            continue
        options = event.options
        k = option_chosen(
            event,
            answers.get(event_id),
            lambda j, options=options: options[j].condition(ctx),
            ctx.current_turn,
        )
        chosen.append((event_id, options[k] if k >= 0 else None))
    return chosen


def take_action(
    ruleset: Ruleset, ctx: TurnContext, choice: ActionChoice, seen: set[str]
) -> tuple[dict[str, Any], str]:
    """Check one action against the state as it is now and apply it.

    Raises DecisionError before changing anything if the action cannot be taken. Returns the
    report entry and the action's text.
    """
    turn = ctx.current_turn
    state = ctx.state
    action = ruleset.actions.get(choice.id)
    if action is None:
        raise DecisionError(
            turn, f"action '{choice.id}'", f"unknown action{suggest(choice.id, ruleset.actions)}"
        )
    if choice.id in seen:
        raise DecisionError(turn, f"action '{choice.id}'", "an action can be taken once per turn")
    variant_key, params = resolve_params(action, choice, turn)
    cost, reason = action_status(ruleset, ctx, choice.id, params)  # capital already debited
    if reason:
        raise DecisionError(turn, f"action '{choice.id}'", reason)
    seen.add(choice.id)
    variant = action.variants[variant_key]
    ctx.with_params(params)

    def put(name: str, value: float) -> None:
        ctx.values[name] = ctx.clamp_value(name, value)

    if action.pushes is None:  # the same for every turn of every game of the ruleset
        action.pushes = domestic.tag_pushes(ruleset, action.spec.tags)
    apply_action(
        ruleset,
        action,
        variant,
        cost,
        ctx.values.__getitem__,
        put,
        lambda c: c.fn(ctx),
        action.pushes,
    )
    for index, (after, _, _) in enumerate(variant.delayed):
        state.delayed.append([turn + after, choice.id, list(variant_key), index, dict(params)])
    count = state.taken.get(choice.id, [0, 0])[0]
    state.taken[choice.id] = [count + 1, turn]
    text = variant.text.render(ctx) if variant.text is not None else ""
    ctx.params = {}
    entry = {"action": choice.id, "name": action.spec.name, "params": params, "cost": cost}
    return entry, text


# --- resolving a turn ---------------------------------------------------------------------


def memo_required_by(ruleset: Ruleset, state: GameState) -> str:
    """Who asks this game for a memo every turn: "this scenario", "your assignment" (the one
    it was handed out with), or "" when a memo is optional. The one rule every screen and
    command asks (through ``memo_required``)."""
    if ruleset.scenario.memo_required:
        return "this scenario"
    return "your assignment" if (state.assignment or {}).get("memo_required") else ""


def memo_required(ruleset: Ruleset, state: GameState) -> bool:
    """Whether this game asks for a memo every turn (see ``memo_required_by``)."""
    return bool(memo_required_by(ruleset, state))


class Steps(Protocol):
    """The steps of a turn (2-10 in the module's docstring) for one game (``OneTurn``) or for
    many (the batch engine's ``batch.games.TurnSteps``): ``play_steps`` runs them in order."""

    def answers(self) -> None: ...
    def actions(self) -> None: ...
    def delayed(self) -> None: ...
    def economy(self, years: float) -> None: ...
    def drift(self) -> None: ...
    def news(self, start: dt.date, end: dt.date) -> None: ...
    def posture(self) -> None: ...
    def events(self, start: dt.date, end: dt.date, final: bool) -> None: ...
    def domestic(self) -> None: ...
    def clock(self, turn: int) -> None: ...
    def endings(self, final: bool) -> None: ...


# The economy's parts of a turn's move of the fiscal room, as the ledger names them.
FISCAL_PARTS = {"support": "Support paid to sectors", "counter_tariffs": "Counter-tariff revenue"}


def play_steps(steps: Steps, turn: int, start: dt.date, end: dt.date, last_turn: int) -> None:
    """A turn's steps in the rules' order, for one game or many."""
    steps.answers()  # 2. answers to the events waiting (or their defaults)
    steps.actions()  # 3. the player's actions, each paid from the capital left
    steps.delayed()  # 4. effects of earlier actions falling due
    steps.economy((end - start).days / 365.0)  # 5. the economy, over the turn's days
    steps.drift()  # 6. the scenario's every-turn drift, and the US memory fades;
    steps.news(start, end)  # then the turn's news: dated events, follow-ups falling due
    steps.posture()  # 7. the US picks a posture, seeing the news;
    # then this turn's call or visit, the posture's event, random events (on the last turn,
    # none of those drawn asks for an answer)
    steps.events(start, end, final=turn >= last_turn)
    steps.domestic()  # 8. domestic politics
    steps.clock(turn)  # 9. the clock, political capital, the advisors
    steps.endings(final=turn >= last_turn)  # 10. endings


class OneTurn:
    """The steps of one game's turn (``Steps``), each noting its cause in the ledger and
    what the player reads in the report."""

    def __init__(
        self, ruleset: Ruleset, ctx: TurnContext, decision: Decision, report: TurnReport
    ) -> None:
        self.ruleset = ruleset
        self.ctx = ctx
        self.decision = decision
        self.report = report
        self._phase: events.OneGame | None = None  # the events phase, from the news on

    def answers(self) -> None:
        for entry, text in apply_answers(self.ruleset, self.ctx, self.decision.answers):
            if text:
                self.report.lines.append(text)
            self.report.actions.append(entry)

    def actions(self) -> None:
        """Checked one by one against the capital left; any failure aborts the turn."""
        ctx = self.ctx
        seen: set[str] = set()
        for choice in self.decision.actions:
            entry, text = take_action(self.ruleset, ctx, choice, seen)
            ctx.cause("action", choice.id, entry["name"])
            if text:
                self.report.lines.append(text)
            self.report.actions.append(entry)

    def delayed(self) -> None:
        ctx = self.ctx
        due, ctx.state.delayed = split_due(ctx.state.delayed, ctx.current_turn)
        for _, action_id, variant_key, index, params in due:
            delayed = delayed_effect(self.ruleset, action_id, variant_key, index)
            if delayed is None:
                continue
            action, effects, text = delayed
            ctx.with_params(params)
            effects(ctx)
            ctx.cause("delayed", action_id, f"{action.spec.name} (taken earlier)")
            if text is not None:
                self.report.lines.append(text.render(ctx))
        ctx.params = {}

    def economy(self, years: float) -> None:
        ctx, economy = self.ctx, self.ruleset.economy
        economy.step(ctx.state.values, years)
        if ctx.ledger is not None:  # the fiscal room's move, told apart where the player acts
            for part, amount in economy.fiscal_parts(ctx.state.values, years):
                ctx.ledger.part("fiscal_room", "economy", part, FISCAL_PARTS[part], amount)
        ctx.cause("economy", "", "The economy")

    def drift(self) -> None:
        if self.ruleset.every_turn is not None:
            self.ruleset.every_turn(self.ctx)
        us_model.step_memory(self.ctx)  # hidden values only: no figure of the ledger moves
        self.ctx.cause("drift", "", "The scenario's drift")

    def news(self, start: dt.date, end: dt.date) -> None:
        self._phase = events.news_phase(self.ctx, start, end)
        self.report.news = len(self._phase.fired)

    def posture(self) -> None:
        ctx = self.ctx
        posture = self.report.posture = us_model.choose_posture(ctx)
        ctx.cause("posture", posture, f"The President {self.ruleset.postures[posture].spec.name}")

    def events(self, start: dt.date, end: dt.date, final: bool) -> None:
        assert self._phase is not None, "the news step comes first (play_steps)"
        self.report.events = events.finish_phase(self._phase, start, end, final)

    def domestic(self) -> None:
        domestic.step(self.ctx)
        self.ctx.cause("domestic", "", "Domestic politics")

    def clock(self, turn: int) -> None:
        ctx = self.ctx
        new = ctx.state
        new.turn = turn
        new.values["turn"] = float(turn)
        new.values["turns_left"] = float(max(0, new.last_turn - turn))
        self.ruleset.economy.count_jobs_lost(ctx.values)
        # The news is told as the turn ends: a poll quotes the approval the header then shows,
        # and "turns_left" counts the turns still to play after this one (see
        # CompiledEvent.retold for which of an event's texts is told).
        for fired in self.report.events:
            fired["text"] = self.ruleset.events[fired["id"]].retold(ctx, fired["variant"])
        domestic.refill_capital(ctx)
        # the approval to a tenth: the header's "45%" may be 44.8, under a step of the rule
        approval = f"{ctx.values['approval']:.1f}".replace("-0.0", "0.0")
        ctx.cause("capital", "", f"Political capital refills at {approval}% approval")
        new.readings = advisors.read_all(ctx)

    def endings(self, final: bool) -> None:
        ending = endings.check(self.ctx, final=final)
        if ending is None and final:
            raise AssertionError("the ruleset has no fallback final ending")  # validator forbids
        self.report.ending = ending
        if ending is not None:
            self.ctx.state.ending = ending
            self.ctx.state.pending = []


def resolve_turn(
    ruleset: Ruleset, state: GameState, decision: Decision
) -> tuple[GameState, TurnReport]:
    """Play one turn. The input state is never changed; an illegal decision changes nothing."""
    if state.ending is not None:
        raise DecisionError(state.turn + 1, "turn", "the game is over")
    new = state.copy()
    rng = generator_from_state(new.rng_state)
    ctx = TurnContext(ruleset, new, rng)
    turn = ctx.current_turn
    start, end = turn_window(new, ruleset.scenario.end, turn)
    report = TurnReport(turn=turn, start=start, end=end, posture="")
    report.before = snapshot(new.values)
    ctx.ledger = Ledger(new.values, figures_of(ruleset.sector_ids))
    if decision.turn is not None and decision.turn != turn:
        raise DecisionError(
            turn,
            "decision",
            f"it is marked for turn {decision.turn}, but turn {turn} is being played",
        )
    required_by = memo_required_by(ruleset, new)
    if required_by and not decision.memo.strip():
        raise DecisionError(
            turn, "memo", f"{required_by} asks for a memo every turn: say why you decided this"
        )

    play_steps(OneTurn(ruleset, ctx, decision, report), turn, start, end, new.last_turn)
    report.changes = ctx.ledger.changes(still=True)
    ctx.ledger = None

    new.rng_state = rng.bit_generator.state
    logged = {**decision.to_json_dict(), "turn": turn}
    new.decisions.append(logged)
    report.after = snapshot(new.values)
    record = history_record(new, report)
    record["decision_hash"] = decision_hash(logged)
    record["unrounded"] = [new.values[name] for name in UNROUNDED]
    previous = chain_of(state.history[-1]) if state.history else ""
    record["chain"] = state_chain(previous, record["decision_hash"], new)
    new.history.append(record)
    return new, report


def chain_of(record: dict[str, Any]) -> str:
    """A history record's link in the chain: ``chain`` (format 4), or the ``legacy_chain`` kept
    from a turn played under formats 2-3 (see ``saves.store``), or "" before either existed."""
    link = record.get("chain", record.get("legacy_chain", ""))
    return link if isinstance(link, str) else ""


def state_chain(previous: str, decision_fingerprint: str, state: GameState) -> str:
    """A hash chain over each turn's decision and everything discrete in the state after it
    (flags, the generator, what is pending, scheduled and delayed, what has fired and been
    taken, the posture, the ending), so that a replay finds an altered decision log (a memo
    rewritten, its fingerprint recomputed) at the turn it was altered.

    Floats are left out on purpose: the last bit of a power or a logarithm differs between
    CPUs and numpy versions, and a chain over them would accuse an honest save made on another
    machine. Verification compares the floats themselves, within a tolerance (``verify``).
    """
    digest = hashlib.sha256(f"chain-2|{previous}|{decision_fingerprint}|".encode())
    ending = state.ending.get("id") if state.ending else None
    rest = [
        state.turn,
        state.flags,
        state.rng_state["state"],
        state.pending,
        state.scheduled,
        state.delayed,
        state.fired,
        state.taken,
        state.posture,
        ending,
    ]
    digest.update(_CHAIN_JSON.encode(rest).encode())
    return digest.hexdigest()[:16]


def legacy_state_chain(previous: str, decision_fingerprint: str, state: GameState) -> str:
    """The chain of save formats 2 and 3: the same, but over every value bit for bit as well,
    so it can only be checked on a machine whose arithmetic matches the one that saved."""
    digest = hashlib.sha256(f"{previous}|{decision_fingerprint}|".encode())
    digest.update("\0".join(state.values).encode())
    digest.update(array("d", state.values.values()).tobytes())
    rest = [state.flags, state.rng_state["state"], state.pending, state.scheduled, state.delayed]
    digest.update(json.dumps(rest, separators=(",", ":")).encode())
    return digest.hexdigest()[:16]


def decision_hash(logged: dict[str, Any]) -> str:
    """A short fingerprint of a turn's decision, kept in the history to spot an altered log."""
    text = _DECISION_JSON.encode(logged)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def snapshot(values: dict[str, float]) -> dict[str, float]:
    return {out: values[name] for out, name in INDICATORS}


def history_record(state: GameState, report: TurnReport) -> dict[str, Any]:
    v = state.values
    return {
        "turn": report.turn,
        "date": report.start.isoformat(),
        **{out: round(v[name], 4) for out, name in INDICATORS},
        "cusma_status": state.ending["cusma_status"] if state.ending else "under review",
        "us_posture": report.posture,
        "events": [e["id"] for e in report.events],
        "actions": [a["action"] for a in report.actions if "action" in a],
        "capital": round(v["capital"], 4),
        "fiscal_room": round(v["fiscal_room"], 4),
        "talks_progress": round(v["talks.progress"], 4),
        "talks_estimate": advisors.mean_estimate(state.readings, "talks.progress"),
        "resolve": round(v["resolve"], 4),
        "jobs_lost": round(v["jobs_lost"], 4),
        "exports_us": round(v["exports_us"], 4),
    }
