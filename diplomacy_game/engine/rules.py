"""The engine's input: a scenario compiled into a Ruleset.

A Ruleset is everything the engine needs to play one scenario: the content's entities, its
expressions compiled to closures, the variables and the economy. ``content/`` builds it from
TOML once per scenario; the turn loop never parses text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from diplomacy_game.engine.economy import Economy
from diplomacy_game.engine.expr import Compiled, Template
from diplomacy_game.engine.variables import VarSpec
from diplomacy_game.model.content import (
    Action,
    Advisor,
    Ending,
    Event,
    GlossaryEntry,
    Group,
    Posture,
    Reading,
    Scenario,
    Sector,
)


@dataclass
class ActionVariant:
    """An action compiled for one choice of its sector/choice parameters."""

    cost: Compiled
    condition: Compiled
    effects: Compiled | None
    delayed: list[tuple[int, Compiled, Template | None]]
    text: Template | None


@dataclass
class CompiledAction:
    spec: Action
    variants: dict[tuple[str, ...], ActionVariant]
    choice_params: list[str]
    number_params: dict[str, list[float]]
    # ``domestic.tag_pushes`` of the action's tags, kept by the turn engine on first use.
    pushes: list[tuple[str, float]] | None = field(default=None, repr=False, compare=False)


@dataclass
class CompiledOption:
    id: str
    label: str
    condition: Compiled
    effects: Compiled | None
    text: Template | None
    hint: str
    default: bool


@dataclass
class CompiledEvent:
    spec: Event
    condition: Compiled
    weight: Compiled
    effects: Compiled | None
    text: Template
    options: list[CompiledOption]
    variants: list[tuple[Compiled, Template]] = field(default_factory=list)

    def variant(self, ctx: Any) -> int:
        """Which text this game gets: the first variant whose condition holds, else -1 for the
        default text."""
        for i, (condition, _) in enumerate(self.variants):
            if condition.fn(ctx):
                return i
        return -1

    def render(self, ctx: Any, variant: int | None = None) -> str:
        """The event's text for this game (``variant`` as chosen earlier, or chosen now)."""
        if variant is None:
            variant = self.variant(ctx)
        return (self.text if variant < 0 else self.variants[variant][1]).render(ctx)

    def retold(self, ctx: Any, variant: int) -> str:
        """The text told again later in the turn, with the figures as they are now: the variant
        chosen when the event fired while its condition still holds (a text chosen by state its
        own effects set stays chosen), else the one that holds now."""
        if variant >= 0 and not self.variants[variant][0](ctx):
            variant = self.variant(ctx)
        return self.render(ctx, variant)

    def meets(self, start: dt.date, end: dt.date) -> bool:
        """Whether the event's date, or its window of dates, falls in the days from ``start``
        to ``end`` (exclusive): a dated event fires only in the turn holding its date."""
        if self.spec.date is not None:
            return start <= self.spec.date < end
        return self.in_window(start, end)

    def in_window(self, turn_start: dt.date, turn_end: dt.date) -> bool:
        """Whether a turn from ``turn_start`` to ``turn_end`` (exclusive) overlaps the event's
        date window (news of a period never fires as news outside it)."""
        spec = self.spec
        if spec.until is not None and turn_start > spec.until:
            return False
        return spec.after is None or turn_end > spec.after

    @property
    def default_option(self) -> CompiledOption | None:
        for option in self.options:
            if option.default:
                return option
        return self.options[0] if self.options else None


@dataclass
class CompiledGrade:
    grade: str
    condition: Compiled
    text: Template | None


@dataclass
class CompiledEnding:
    spec: Ending
    condition: Compiled
    explanation: Template
    grades: list[CompiledGrade]
    score: Compiled | None = None  # the outcome score; the grade conditions read it
    variants: list[tuple[Compiled, Template]] = field(default_factory=list)

    def explain(self, ctx: Any) -> str:
        """The explanation for this game: the first variant whose condition holds, else the
        ending's own."""
        for condition, text in self.variants:
            if condition(ctx):
                return text.render(ctx)
        return self.explanation.render(ctx)


@dataclass
class CompiledPosture:
    spec: Posture
    utility: Compiled
    effects: Compiled | None


@dataclass
class EventPools:
    """The events sorted once into the groups a turn's event phase draws from."""

    dated: list[CompiledEvent]  # in calendar order
    by_posture: dict[str, list[CompiledEvent]]
    random: list[CompiledEvent]
    # Each turn's window's pools (``for_turn``), kept: a scenario's turns have few windows.
    _windows: dict[tuple[dt.date, dt.date], TurnPools] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def for_turn(self, start: dt.date, end: dt.date, final: bool = False) -> TurnPools:
        """The events that may fire in a turn from ``start`` to ``end`` (exclusive): the dated
        ones whose date falls in it (``meets``), and the posture and random ones whose window
        of dates it overlaps (``in_window``), each in the order above. On the ``final`` turn
        no event that asks for an answer is drawn: the game ends before it could be given."""
        key = (start, end, final)
        pools = self._windows.get(key)
        if pools is None:
            if len(self._windows) >= 512:  # windows a scenario's turns do not have (tools)
                self._windows.clear()

            def drawn(e: CompiledEvent) -> bool:
                return e.in_window(start, end) and not (final and e.options)

            by_posture = {
                posture: [e for e in events if drawn(e)]
                for posture, events in self.by_posture.items()
            }
            pools = self._windows[key] = TurnPools(
                dated=[e for e in self.dated if e.meets(start, end)],
                by_posture={posture: events for posture, events in by_posture.items() if events},
                random=[e for e in self.random if drawn(e)],
            )
        return pools


@dataclass(frozen=True)
class TurnPools:
    """The event pools of one turn's window (``EventPools.for_turn``)."""

    dated: list[CompiledEvent]
    by_posture: dict[str, list[CompiledEvent]]  # the postures with an event in the window
    random: list[CompiledEvent]


def event_pools(events: dict[str, CompiledEvent]) -> EventPools:
    compiled = list(events.values())
    by_posture: dict[str, list[CompiledEvent]] = {}
    for e in compiled:
        if e.spec.posture is not None and not e.spec.triggered_only:
            by_posture.setdefault(e.spec.posture, []).append(e)
    dated = sorted(
        (e for e in compiled if e.spec.date is not None), key=lambda e: (e.spec.date, e.spec.id)
    )
    random = [
        e
        for e in compiled
        if e.spec.posture is None and e.spec.date is None and not e.spec.triggered_only
    ]
    return EventPools(dated, by_posture, random)


@dataclass(eq=False)  # one ruleset is one object: tools may key their own caches by it
class Ruleset:
    """Everything the engine needs to play one scenario."""

    scenario: Scenario
    content_digest: str
    variables: dict[str, VarSpec]
    sectors: list[Sector]
    groups: list[Group]
    actions: dict[str, CompiledAction]
    events: dict[str, CompiledEvent]
    endings: list[CompiledEnding]
    postures: dict[str, CompiledPosture]
    reactions: dict[str, list[Compiled]]
    advisors: list[Advisor]
    readings: list[Reading]
    glossary: list[GlossaryEntry]
    capital_per_turn: Compiled
    every_turn: Compiled | None
    initial_values: dict[str, float]
    economy: Economy
    event_pools: EventPools
    sector_ids: list[str] = field(default_factory=list)

    @property
    def turns(self) -> int:
        return self.scenario.turns
