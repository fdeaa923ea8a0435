"""Events: dated milestones, follow-ups, the US posture's expression, and random pressure.

A turn's events come in two parts with the President's choice of posture between them. The
turn's news (``run_news``): dated events whose date falls in the turn, then follow-ups that
fall due. Then, once the posture is drawn in the light of that news (``run_rest``): the
follow-ups this turn's answers and actions scheduled with no delay (a call, a visit), one
event expressing the US posture, then up to the scenario's ``random_events_per_turn`` other
events drawn by weight without replacement. Follow-ups scheduled with no delay fire in the
same part, after the event that scheduled them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from math import inf
from typing import TYPE_CHECKING, Any, Protocol

from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.numeric import ONE_GAME, Arith

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import CompiledEvent

MAX_EVENTS_PER_TURN = 40
# Follow-ups falling due in one turn, at most: an event that schedules itself (or a chain
# that does) several times a turn doubles them every turn and would stop the game.
MAX_FOLLOW_UPS_PER_TURN = 200


class RunawayEvents(RuntimeError):
    """Content whose events schedule more follow-ups than a turn can hold: the message names
    the event and says what to change. Nothing of the turn is applied."""

    def __init__(self, event_id: str, due: int, turn: int):
        self.event_id, self.due, self.turn = event_id, due, turn
        super().__init__(self.told("diplomacy-game validate"))

    def told(self, check: str) -> str:
        """The message, ending with ``check``: the command that checks this content (with the
        packs it was played with, which a bare 'validate' would leave out)."""
        return (
            f"the content's event '{self.event_id}' is scheduled to fire {self.due} times at"
            f" turn {self.turn} (at most {MAX_FOLLOW_UPS_PER_TURN} follow-ups a turn): its"
            " effects, or those of the events it schedules, schedule it again more than once a"
            " turn, so the number grows every turn. Make it schedule itself at most once a turn"
            f" (or give it a condition such as \"fired('{self.event_id}') < 5\"), then run"
            f" '{check}'"
        )


def used_up(count: Any, most: int, ar: Arith) -> Any:
    """Whether an event or action has been used as often as it may be (``most``; 0: no
    limit), from its count: one game's or many games'."""
    if not most:
        return False
    return ar.both(count > 0, count >= most)


def cooling_down(count: Any, last: Any, turn: int, cooldown: int, ar: Arith) -> Any:
    """Whether an event or action used on turn ``last`` is still in its cooldown."""
    if not cooldown:
        return False
    return ar.both(count > 0, turn - last <= cooldown)


def held_back(spec: Any, count: Any, last: Any, turn: int, ar: Arith) -> Any:
    """Whether an event's record keeps it from firing now (``once``, ``cooldown``)."""
    return ar.either(
        used_up(count, 1 if spec.once else 0, ar),
        cooling_down(count, last, turn, spec.cooldown, ar),
    )


def split_due(entries: list[Any], turn: int) -> tuple[list[Any], list[Any]]:
    """Follow-ups or delayed effects (each entry's first item is the turn it falls due): those
    due by ``turn``, and the rest, each in the order they were scheduled."""
    return [e for e in entries if e[0] <= turn], [e for e in entries if e[0] > turn]


def usable_weight(w: Any, ar: Arith) -> Any:
    """An event's weight as the draw counts it: 0 unless a positive, finite number."""
    return ar.where(ar.both(ar.both(w > 0, w == w), w != inf), w, 0.0)


class Games(Protocol):
    """What the events phase needs of one game (``OneGame`` below) or of many (the batch
    engine's ``batch.games._Phase``): the only part of the phase written twice. Where a method takes
    or gives ``among``, it is ``True``/``False`` for one game and a mask for many."""

    ar: Arith
    everyone: Any  # the games playing this turn
    nobody: Any
    window: tuple[dt.date, dt.date] | None
    current_turn: int

    def event_record(self, event_id: str) -> tuple[Any, Any]: ...
    def holds(self, compiled: Any, among: Any) -> Any: ...  # a condition, where ``among``
    def number(self, compiled: Any, among: Any) -> Any: ...  # an expression, where ``among``
    def draw(self, has: Any) -> Any: ...  # a uniform draw from each game's generator
    def fire(self, event: CompiledEvent, among: Any) -> None: ...
    def drain(self) -> None: ...  # follow-ups scheduled with no delay, each game's in order
    def set_aside(self) -> None: ...  # those scheduled so far wait for ``bring_back``
    def bring_back(self) -> None: ...  # before any scheduled since, each game's in order
    def follow_ups_due(self) -> list[list[tuple[CompiledEvent, Any]]]: ...  # in slots
    def has_posture(self, posture: str) -> Any: ...
    def room_left(self) -> Any: ...  # fewer than MAX_EVENTS_PER_TURN fired this turn
    def fire_drawn(self, pool: Sequence[CompiledEvent], picks: Any) -> None: ...
    def pick(self, pool: Sequence[CompiledEvent], drawn: Sequence[Any], go: Any) -> Any: ...


def eligible(g: Games, event: CompiledEvent, among: Any) -> Any:
    """Whether the event may fire now (its date window, ``once``, ``cooldown``, condition),
    asked only where ``among`` holds."""
    ar = g.ar
    if not ar.any(among):
        return among
    spec = event.spec
    if g.window is not None and not event.in_window(*g.window):
        return g.nobody
    if spec.once or spec.cooldown:
        count, last = g.event_record(spec.id)
        among = ar.both(among, ar.negate(held_back(spec, count, last, g.current_turn, ar)))
        if not ar.any(among):
            return among
    return ar.both(among, g.holds(event.condition, among))


def weight(g: Games, event: CompiledEvent, among: Any) -> Any:
    """The event's weight in a draw where ``among`` holds, 0 elsewhere."""
    ar = g.ar
    if not ar.any(among):
        return ar.where(among, 0.0, 0.0)
    return ar.where(among, usable_weight(g.number(event.weight, among), ar), 0.0)


def pick(g: Games, pool: Sequence[CompiledEvent], drawn: Sequence[Any], go: Any) -> Any:
    """Each game's draw by weight among the pool's eligible events (the position, -1: none),
    where ``go`` holds; ``drawn[k]``: where event k was drawn already (it is not drawn again)."""
    ar = g.ar
    candidates = [ar.both(go, ar.negate(d)) for d in drawn]
    weights = [weight(g, e, eligible(g, e, c)) for e, c in zip(pool, candidates, strict=True)]
    return ar.where(go, weighted_choice(weights, lambda has: g.draw(ar.both(go, has)), ar), -1)


def run_news(g: Games, pools: Any, start: dt.date, end: dt.date) -> None:
    """The turn's news, for one game or many: dated events in calendar order, then the
    follow-ups falling due. The President picks his posture after it (``run_rest`` then
    runs the rest); the follow-ups this turn's answers and actions scheduled with no delay (a
    call, a visit) wait for his posture, as the rest of his move does."""
    g.window = (start, end)  # news of a period fires only within it
    g.set_aside()
    # An event outside the turn's window has no weight in any draw of this turn, so it is
    # left out of the pools (the same draws).
    turn_pools = pools.for_turn(start, end)
    for event in turn_pools.dated:  # calendar order
        g.fire(event, eligible(g, event, g.everyone))
        g.drain()
    slots = g.follow_ups_due()
    if len(slots) > MAX_FOLLOW_UPS_PER_TURN:  # a runaway: say which event, never hang
        counts: dict[str, int] = {}
        for slot in slots:
            for event, _ in slot:
                counts[event.spec.id] = counts.get(event.spec.id, 0) + 1
        worst = max(counts, key=lambda event_id: counts[event_id])
        raise RunawayEvents(worst, counts[worst], g.current_turn)
    for slot in slots:  # each game's in the order they were scheduled
        for event, among in slot:
            g.fire(event, eligible(g, event, among))
        g.drain()


def run_rest(
    g: Games, pools: Any, start: dt.date, end: dt.date, random_events: int, final: bool
) -> None:
    """The events phase after the President has picked his posture (``run_news`` came
    before it), for one game or many (see the module's docstring). On the ``final`` turn the
    posture's event and the random ones are drawn among those that ask for no answer."""
    ar = g.ar
    g.bring_back()
    g.drain()  # follow-ups scheduled by this turn's answers and actions
    turn_pools = pools.for_turn(start, end, final)
    for posture, pool in turn_pools.by_posture.items():  # the event expressing the US posture
        among = g.has_posture(posture)
        if ar.any(among):
            g.fire_drawn(pool, g.pick(pool, [g.nobody] * len(pool), among))
    # Random events, drawn without replacement.
    pool = turn_pools.random
    drawn = [g.nobody] * len(pool)
    go = g.everyone
    for _ in range(random_events):
        if not pool or not ar.any(go):
            break
        picks = g.pick(pool, drawn, go)
        go = ar.both(go, picks >= 0)
        drawn = [ar.either(d, picks == k) for k, d in enumerate(drawn)]
        g.fire_drawn(pool, picks)
        go = ar.both(go, g.room_left())


class OneGame:
    """The events phase of one game (``Games``): its context, and the events fired."""

    ar = ONE_GAME
    everyone = True
    nobody = False

    def __init__(self, ctx: TurnContext):
        self.ctx = ctx
        self.fired: list[dict[str, Any]] = []
        self.window: tuple[dt.date, dt.date] | None = None
        self.current_turn = ctx.current_turn
        self.event_record = ctx.event_record
        # Whether an event's record holds it back (``held_back``), by event, as asked in
        # this turn's draws: a record changes only when its event fires (``_fire``).
        self._held: dict[str, Any] = {}
        self._aside: list[str] = []  # follow-ups with no delay waiting for the posture

    def holds(self, compiled: Any, among: Any) -> bool:
        return bool(compiled.fn(self.ctx))

    def number(self, compiled: Any, among: Any) -> float:
        return float(compiled.fn(self.ctx))

    def draw(self, has: Any) -> float:
        return self.ctx.rng.random() if has else 0.0

    def fire(self, event: CompiledEvent, among: Any) -> None:
        if among:
            self._fire(event)

    def _fire(self, event: CompiledEvent) -> None:
        fire(self.ctx, event, self.fired)
        self._held.pop(event.spec.id, None)

    def set_aside(self) -> None:
        self._aside = self.ctx.due_now[:]
        self.ctx.due_now.clear()

    def bring_back(self) -> None:
        self.ctx.due_now[:0] = self._aside
        self._aside = []

    def drain(self) -> None:
        ctx = self.ctx
        due_now = ctx.due_now
        while due_now and len(self.fired) < MAX_EVENTS_PER_TURN:
            event = ctx.ruleset.events.get(due_now.pop(0))
            if event is not None:
                self.fire(event, eligible(self, event, True))

    def follow_ups_due(self) -> list[list[tuple[CompiledEvent, Any]]]:
        state = self.ctx.state
        due, state.scheduled = split_due(state.scheduled, self.current_turn)
        events = self.ctx.ruleset.events
        return [[(events[event_id], True)] for _, event_id in due if event_id in events]

    def has_posture(self, posture: str) -> bool:
        return self.ctx.state.posture == posture

    def room_left(self) -> bool:
        return len(self.fired) < MAX_EVENTS_PER_TURN

    def fire_drawn(self, pool: Sequence[CompiledEvent], picks: Any) -> None:
        if picks >= 0:
            self._fire(pool[picks])
            self.drain()

    def pick(self, pool: Sequence[CompiledEvent], drawn: Sequence[Any], go: Any) -> int:
        """``pick`` (eligibility, weights, ``weighted_choice``) walked through for one game:
        the same conditions and weights asked in the same order, the same draw, the same
        event. The rules it applies are the shared ones (``held_back``, ``usable_weight``);
        what is its own is the walk, with no mask to carry: through ``ONE_GAME``'s calls at
        every step the draws of random events took a fifth of a turn. The pool is within the
        turn's window of dates (``EventPools.for_turn``), so the window is not asked again.
        tests/engine/test_events.py holds the two equal."""
        ctx = self.ctx
        turn = self.current_turn
        weights = []
        for event, done in zip(pool, drawn, strict=True):
            weights.append(self._weight(ctx, event, go and not done, turn))
        if not go:
            return -1
        total = 0.0
        for w in weights:
            total = total + w
        if not total > 0:
            return -1
        point = ctx.rng.random() * total
        last = -1
        cumulative = 0.0
        for k, w in enumerate(weights):
            cumulative = cumulative + w
            if w > 0:
                if point < cumulative:
                    return k
                last = k
        return last  # rounding past the last cumulative weight

    def _weight(
        self,
        ctx: TurnContext,
        event: CompiledEvent,
        candidate: Any,
        turn: int,
    ) -> float:
        """``weight(g, event, eligible(g, event, candidate))`` for one game, of an event
        within the turn's window."""
        if not candidate:
            return 0.0
        spec = event.spec
        if spec.once or spec.cooldown:
            held = self._held.get(spec.id)
            if held is None:
                record = self.event_record(spec.id)
                held = self._held[spec.id] = held_back(spec, *record, turn, ONE_GAME)
            if held:
                return 0.0
        if not event.condition.fn(ctx):
            return 0.0
        constant = event.weight.constant
        return usable_weight(
            float(constant if constant is not None else event.weight.fn(ctx)), ONE_GAME
        )


def fire(ctx: TurnContext, event: CompiledEvent, fired: list[dict[str, Any]]) -> None:
    spec = event.spec
    count = ctx.state.fired.get(spec.id, [0, 0])[0]
    ctx.state.fired[spec.id] = [count + 1, ctx.current_turn]
    if event.effects is not None:
        event.effects.fn(ctx)
    ctx.cause("event", spec.id, spec.title)
    options = []
    for option in event.options:
        options.append(
            {
                "id": option.id,
                "label": option.label,
                "hint": option.hint,
                "default": option is event.default_option,
            }
        )
    if event.options:
        ctx.state.pending.append(spec.id)
    fired.append(
        {
            "id": spec.id,
            "title": spec.title,
            "category": spec.category,
            "posture": spec.posture or "",
            "variant": event.variant(ctx),
            "text": "",  # told as the turn ends, with the figures then (turn.OneTurn.clock)
            "options": options,
        }
    )


def weighted_choice(weights: Sequence[Any], draw: Callable[[Any], Any], ar: Arith) -> Any:
    """The position drawn among events by weight (-1: none has any weight). ``draw(has)`` is
    a uniform draw in [0, 1) from each game's generator where ``has`` holds, made only there;
    rounding past the last cumulative weight gives the last event with a weight."""
    total = 0.0
    for w in weights:
        total = total + w
    has = total > 0
    point = draw(has) * total
    chosen: Any = -1
    last: Any = -1
    cumulative = 0.0
    for k, w in enumerate(weights):
        cumulative = cumulative + w
        candidate = w > 0
        last = ar.where(candidate, k, last)
        hit = ar.both(ar.both(has, chosen < 0), ar.both(candidate, point < cumulative))
        chosen = ar.where(hit, k, chosen)
    return ar.where(ar.both(has, chosen < 0), last, ar.where(has, chosen, -1))


def news_phase(ctx: TurnContext, turn_start: dt.date, turn_end: dt.date) -> OneGame:
    """One game's news of the turn (``run_news``): the phase, whose ``fired`` lists the events
    so far, to be finished by ``finish_phase`` once the President has picked his posture."""
    game = OneGame(ctx)
    run_news(game, ctx.ruleset.event_pools, turn_start, turn_end)
    return game


def finish_phase(
    game: OneGame, turn_start: dt.date, turn_end: dt.date, final: bool
) -> list[dict[str, Any]]:
    """The rest of one game's events phase (``run_rest``): every event of the turn fired,
    in order, as the player reads them."""
    rs = game.ctx.ruleset
    random_events = rs.scenario.random_events_per_turn
    run_rest(game, rs.event_pools, turn_start, turn_end, random_events, final)
    return game.fired
