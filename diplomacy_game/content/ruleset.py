"""Compile a scenario's content into a Ruleset: expressions to closures, names checked.

A Ruleset is what the engine runs. It is built once per scenario at load time; the turn
loop never parses text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from diplomacy_game.content.issues import ContentError, Issue
from diplomacy_game.content.loader import ContentSet, apply_overrides
from diplomacy_game.engine.economy import Economy
from diplomacy_game.engine.expr import (
    Compiled,
    ExprError,
    Namespace,
    Template,
    compile_condition,
    compile_effects,
    compile_template,
    suggest,
)
from diplomacy_game.engine.variables import (
    CORE,
    GROUP_FIELDS,
    PROFILE_TRAITS,
    SECTOR_FIELDS,
    VarSpec,
)
from diplomacy_game.model.content import (
    POSTURES,
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

MAX_VARIANTS = 64
# Set by the economy when a game starts, from the tariffs in force.
COMPUTED_AT_START = (
    "gdp_gap",
    "exports_us",
    "effective_us_tariff",
    "effective_ca_tariff",
    "jobs_lost",
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


@dataclass
class CompiledOption:
    id: str
    label: str
    condition: Compiled
    effects: Compiled | None
    text: Template | None
    hint: str
    default: bool


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date without its year in a text ("since 1 October", "In May he told you") reads as recent
# news, and is false in a game a season later. A date with its year is history, true in any
# game that starts after it. The review's own day, 1 July, is always true.
DATED_TEXT = re.compile(
    rf"\b(?:\d{{1,2}} (?:{MONTHS})|(?:[Ii]n|[Ss]ince|[Bb]y|[Oo]n) (?:early |mid-|late )?(?:{MONTHS}))\b(?!,? 20\d\d)"
)
REVIEW_DAY = "1 July"


@dataclass
class CompiledEvent:
    spec: Event
    condition: Compiled
    weight: Compiled
    effects: Compiled | None
    text: Template
    options: list[CompiledOption]
    variants: list[tuple[Compiled, Template]] = field(default_factory=list)

    def render(self, ctx: Any) -> str:
        """The event's text for this game: the first variant whose condition holds, else the
        default text."""
        for condition, text in self.variants:
            if condition(ctx):
                return text.render(ctx)
        return self.text.render(ctx)

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
    score: Compiled | None = None


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


@dataclass
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
    group_ids: list[str] = field(default_factory=list)
    # Lookups that tools derive from the content on first use (the policies' action index).
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def turns(self) -> int:
        return self.scenario.turns


# --- namespace --------------------------------------------------------------------------


def build_variables(
    sectors: list[Sector], groups: list[Group], custom: list[Any]
) -> dict[str, VarSpec]:
    specs: dict[str, VarSpec] = {v.name: v for v in CORE}
    for sector in sectors:
        for fld, lo, hi, writable, desc in SECTOR_FIELDS:
            name = f"sector.{sector.id}.{fld}"
            initial = float(getattr(sector, fld, 0.0) or 0.0)
            if fld == "exports":
                initial = sector.exports
            elif fld == "output":
                initial = 100.0
            elif fld == "jobs":
                initial = sector.jobs
            specs[name] = VarSpec(name, lo, hi, initial, writable, False, f"{sector.name}: {desc}")
    for group in groups:
        for fld, lo, hi, writable, desc in GROUP_FIELDS:
            name = f"group.{group.id}.{fld}"
            specs[name] = VarSpec(
                name, lo, hi, group.initial_pressure, writable, False, f"{group.name}: {desc}"
            )
    for trait in PROFILE_TRAITS:
        name = f"profile.{trait}"
        specs[name] = VarSpec(name, 0, 100, 0, False, True, f"US profile trait: {trait}")
    for var in custom:
        specs[var.id] = VarSpec(var.id, var.min, var.max, var.initial, True, False, var.description)
    return specs


class _Builder:
    """Compiles one scenario, recording issues instead of stopping at the first."""

    def __init__(self, cs: ContentSet, scenario_id: str):
        self.cs = cs
        self.scenario_id = scenario_id
        self.issues: list[Issue] = []
        self.view, override_issues = apply_overrides(cs, scenario_id)
        self.issues.extend(override_issues)
        self.scenario: Scenario = self.view["scenario"][scenario_id]

    def where(self, kind: str, ident: str) -> str:
        return self.cs.where(kind, ident)

    def err(self, kind: str, ident: str, fld: str, message: str) -> None:
        self.issues.append(Issue(self.where(kind, ident), ident, fld, message))

    def warn(self, kind: str, ident: str, fld: str, message: str) -> None:
        self.issues.append(Issue(self.where(kind, ident), ident, fld, message, "warning"))

    def compile(
        self, kind: str, ident: str, fld: str, fn: Callable[..., Any], source: Any, ns: Namespace
    ) -> Any:
        try:
            out = fn(source, ns)
        except ExprError as exc:
            self.err(kind, ident, fld, str(exc))
            return None
        self._check_text(kind, ident, fld, out)
        return out

    def _check_text(self, kind: str, ident: str, fld: str, out: Any) -> None:
        if isinstance(out, Template) and any(
            not isinstance(part, str) and part[0].random for part in out.parts
        ):
            self.err(
                kind,
                ident,
                fld,
                "a text cannot use chance() or uniform(): showing it must not change the game",
            )

    def build(self) -> Ruleset | None:
        sc = self.scenario
        view = self.view
        sectors = sorted(view["sector"].values(), key=lambda s: s.id)
        groups = sorted(view["group"].values(), key=lambda g: g.id)
        sector_ids = [s.id for s in sectors]
        if not sectors:
            self.err("scenario", sc.id, "-", "the content defines no [[sector]]")
        variables = build_variables(sectors, groups, list(view["variable"].values()))
        for var in view["variable"].values():
            if var.id in {v.name for v in CORE} or var.id.startswith(
                ("sector.", "group.", "profile.", "param.")
            ):
                self.err("variable", var.id, "id", f"'{var.id}' is a built-in name; choose another")
            if var.min > var.max or not var.min <= var.initial <= var.max:
                self.err("variable", var.id, "initial", "needs min <= initial <= max")
        readable = list(variables)
        writable = [n for n, s in variables.items() if s.writable]
        excluded_actions = set(sc.exclude_actions)
        excluded_events = set(sc.exclude_events)
        excluded_endings = set(sc.exclude_endings)
        for fld, excluded, kind in (
            ("exclude_actions", excluded_actions, "action"),
            ("exclude_events", excluded_events, "event"),
            ("exclude_endings", excluded_endings, "ending"),
        ):
            for ident in sorted(excluded):
                if ident not in view[kind]:
                    self.err(
                        "scenario",
                        sc.id,
                        fld,
                        f"unknown {kind} '{ident}'{suggest(ident, view[kind])}",
                    )
        action_specs = [a for i, a in sorted(view["action"].items()) if i not in excluded_actions]
        event_specs = [e for i, e in sorted(view["event"].items()) if i not in excluded_events]
        ids = {
            "event": [e.id for e in event_specs],
            "action": [a.id for a in action_specs],
            "posture": list(POSTURES),
        }
        ns = Namespace(variables=readable, writable=writable, ids=ids)

        # Scenario: initial values and flags.
        initial_values = {name: spec.initial for name, spec in variables.items()}
        for name, value in sc.initial.items():
            spec = variables.get(name)
            if spec is None:
                self.err(
                    "scenario",
                    sc.id,
                    f"initial.{name}",
                    f"unknown variable '{name}'{suggest(name, readable)}",
                )
            elif name in COMPUTED_AT_START:
                # Older packs set these; the economy now computes them, so the value is ignored.
                self.warn(
                    "scenario",
                    sc.id,
                    f"initial.{name}",
                    f"'{name}' is computed by the economy from the starting tariffs; this value is ignored",
                )
            elif name in ("turn", "turns_left") or name.startswith("profile."):
                self.err("scenario", sc.id, f"initial.{name}", f"'{name}' is set by the engine")
            elif not spec.lo <= value <= spec.hi:
                self.err(
                    "scenario",
                    sc.id,
                    f"initial.{name}",
                    f"{value} is outside {spec.lo:g}..{spec.hi:g}",
                )
            else:
                initial_values[name] = float(value)
        profile = sc.us_profile
        for trait in PROFILE_TRAITS:
            initial_values[f"profile.{trait}"] = float(getattr(profile, trait))
        initial_values["turns_left"] = float(sc.turns)
        capital = self.compile(
            "scenario", sc.id, "capital.per_turn", compile_condition, sc.capital.per_turn, ns
        )
        every_turn = (
            self.compile("scenario", sc.id, "every_turn", compile_effects, sc.every_turn, ns)
            if sc.every_turn
            else None
        )

        # Groups reference sectors and tags.
        all_tags = {t for a in action_specs for t in a.tags}
        for group in groups:
            for sid in group.sectors:
                if sid not in sector_ids:
                    self.err(
                        "group",
                        group.id,
                        f"sectors.{sid}",
                        f"unknown sector '{sid}'{suggest(sid, sector_ids)}",
                    )
            for tag in group.tags:
                if tag not in all_tags:
                    self.warn(
                        "group",
                        group.id,
                        f"tags.{tag}",
                        f"no action has the tag '{tag}'{suggest(tag, all_tags)}",
                    )

        actions = {a.id: self.build_action(a, ns, sector_ids) for a in action_specs}
        events = {e.id: self.build_event(e, ns) for e in event_specs}
        endings = self.build_endings(view, excluded_endings, ns)
        postures = self.build_postures(view, ns)
        reactions: dict[str, list[Compiled]] = {}
        for reaction in view["reaction"].values():
            if reaction.tag not in all_tags:
                self.warn(
                    "reaction",
                    reaction.tag,
                    "tag",
                    f"no action has the tag '{reaction.tag}'{suggest(reaction.tag, all_tags)}",
                )
            compiled = self.compile(
                "reaction", reaction.tag, "effects", compile_effects, reaction.effects, ns
            )
            if compiled is not None:
                reactions.setdefault(reaction.tag, []).append(compiled)
        advisors = sorted(view["advisor"].values(), key=lambda a: a.id)
        for advisor in advisors:
            for name in advisor.reads:
                if name not in variables:
                    self.err(
                        "advisor",
                        advisor.id,
                        f"reads.{name}",
                        f"unknown variable '{name}'{suggest(name, readable)}",
                    )
        readings = sorted(view["reading"].values(), key=lambda r: r.variable)
        for reading in readings:
            if reading.variable not in variables:
                self.err(
                    "reading",
                    reading.variable,
                    "variable",
                    f"unknown variable '{reading.variable}'{suggest(reading.variable, readable)}",
                )
        if not advisors:
            self.err("scenario", sc.id, "-", "the content defines no [[advisor]]")
        self.check_graph(actions, events)

        if any(i.severity == "error" for i in self.issues):
            return None
        assert capital is not None
        return Ruleset(
            scenario=sc,
            content_digest=self.cs.digest,
            variables=variables,
            sectors=sectors,
            groups=groups,
            actions=actions,
            events=events,
            endings=endings,
            postures=postures,
            reactions=reactions,
            advisors=advisors,
            readings=readings,
            glossary=sorted(view["glossary"].values(), key=lambda g: g.id),
            capital_per_turn=capital,
            every_turn=every_turn,
            initial_values=initial_values,
            economy=Economy(sectors),
            event_pools=event_pools(events),
            sector_ids=sector_ids,
            group_ids=[g.id for g in groups],
        )

    # --- actions ------------------------------------------------------------------------
    def build_action(self, action: Action, ns: Namespace, sector_ids: list[str]) -> CompiledAction:
        choice_params: list[str] = []
        choice_lists: list[list[str]] = []
        number_params: dict[str, list[float]] = {}
        for p in action.params:
            if p.kind == "sector":
                for choice in p.choices:
                    if choice not in sector_ids:
                        self.err(
                            "action",
                            action.id,
                            f"params.{p.name}.choices",
                            f"unknown sector '{choice}'{suggest(choice, sector_ids)}",
                        )
            if p.kind in ("sector", "choice"):
                choice_params.append(p.name)
                choice_lists.append(list(p.choices))
                if p.default is not None and p.default not in p.choices:
                    self.err(
                        "action",
                        action.id,
                        f"params.{p.name}.default",
                        f"'{p.default}' is not one of the choices",
                    )
            else:
                number_params[p.name] = [float(v) for v in p.values]
                if p.default is not None and (
                    not isinstance(p.default, int | float)
                    or float(p.default) not in number_params[p.name]
                ):
                    self.err(
                        "action",
                        action.id,
                        f"params.{p.name}.default",
                        f"{p.default!r} is not one of the values",
                    )
        names = [p.name for p in action.params]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.err("action", action.id, "params", f"parameter '{name}' is declared twice")
        pns = Namespace(ns.variables, ns.writable, list(number_params), ns.ids)
        sector_names = {s.id: s.name for s in self.view["sector"].values()}
        bad_refs = False
        sources = [
            ("effects", " ".join(action.effects)),
            ("text", action.text),
            ("cost", str(action.cost)),
            ("condition", str(action.condition)),
        ]
        sources += [
            (f"delayed[{i}]", " ".join(d.effects) + d.text) for i, d in enumerate(action.delayed)
        ]
        for fld, source in sources:
            for name in sorted(set(re.findall(PARAM_REF, source))):
                if name not in choice_params:
                    bad_refs = True
                    hint = suggest(name, choice_params)
                    self.err(
                        "action",
                        action.id,
                        fld,
                        f"'${name}' is not a sector or choice parameter of this action{hint}",
                    )
        if bad_refs:
            return CompiledAction(action, {}, choice_params, number_params)
        combos = list(itertools.product(*choice_lists)) if choice_lists else [()]
        if len(combos) > MAX_VARIANTS:
            self.err(
                "action",
                action.id,
                "params",
                f"{len(combos)} combinations of choices; at most {MAX_VARIANTS}",
            )
            combos = combos[:1]
        variants: dict[tuple[str, ...], ActionVariant] = {}
        for combo in combos:
            subst = dict(zip(choice_params, combo, strict=True))
            where = f" (with {', '.join(f'{k}={v}' for k, v in subst.items())})" if subst else ""

            shown = {k: self._shown(action, k, v, sector_names) for k, v in subst.items()}

            def sub(text: str, subst: dict[str, str] = subst) -> str:
                return _substitute(text, subst)

            def sub_text(text: str, shown: dict[str, str] = shown) -> str:
                return _substitute(text, shown)

            cost = self._variant_compile(
                action.id,
                "cost",
                where,
                compile_condition,
                sub(action.cost) if isinstance(action.cost, str) else action.cost,
                pns,
            )
            condition = self._variant_compile(
                action.id,
                "condition",
                where,
                compile_condition,
                sub(action.condition) if isinstance(action.condition, str) else action.condition,
                pns,
            )
            for fld, comp in (("cost", cost), ("condition", condition)):
                if comp is not None and comp.random:
                    self.err(
                        "action",
                        action.id,
                        fld,
                        "cannot use chance() or uniform(): the player must know before choosing",
                    )
            effects = None
            if action.effects:
                effects = self._variant_compile(
                    action.id,
                    "effects",
                    where,
                    compile_effects,
                    [sub(e) for e in action.effects],
                    pns,
                )
            delayed = []
            for index, d in enumerate(action.delayed):
                comp = self._variant_compile(
                    action.id,
                    f"delayed[{index}].effects",
                    where,
                    compile_effects,
                    [sub(e) for e in d.effects],
                    pns,
                )
                text = (
                    self._variant_compile(
                        action.id,
                        f"delayed[{index}].text",
                        where,
                        compile_template,
                        sub_text(d.text),
                        pns,
                    )
                    if d.text
                    else None
                )
                if comp is not None:
                    delayed.append((d.after, comp, text))
            text = (
                self._variant_compile(
                    action.id, "text", where, compile_template, sub_text(action.text), pns
                )
                if action.text
                else None
            )
            variants[combo] = ActionVariant(
                cost or _const(0), condition or _const(True), effects, delayed, text
            )
        return CompiledAction(action, variants, choice_params, number_params)

    @staticmethod
    def _shown(action: Action, name: str, value: str, sector_names: dict[str, str]) -> str:
        """How a choice reads in a text: the sector's name, or the choice's label."""
        param = next(p for p in action.params if p.name == name)
        if param.kind == "sector":
            return sector_names.get(value, value)
        return param.label_of(value)

    def _variant_compile(
        self, ident: str, fld: str, where: str, fn: Callable[..., Any], source: Any, ns: Namespace
    ) -> Any:
        try:
            out = fn(source, ns)
        except ExprError as exc:
            self.err("action", ident, fld, f"{exc}{where}")
            return None
        self._check_text("action", ident, fld, out)
        return out

    # --- events -------------------------------------------------------------------------
    def build_event(self, event: Event, ns: Namespace) -> CompiledEvent:
        condition = self.compile(
            "event", event.id, "condition", compile_condition, event.condition, ns
        )
        weight = self.compile("event", event.id, "weight", compile_condition, event.weight, ns)
        effects = (
            self.compile("event", event.id, "effects", compile_effects, event.effects, ns)
            if event.effects
            else None
        )
        text = self.compile("event", event.id, "text", compile_template, event.text, ns)
        variants = []
        for index, variant in enumerate(event.variants):
            where = f"variants[{index}]"
            when = self.compile(
                "event", event.id, f"{where}.when", compile_condition, variant.when, ns
            )
            if when is not None and when.random:
                self.err(
                    "event",
                    event.id,
                    f"{where}.when",
                    "cannot use chance() or uniform(): showing a text must not move the game",
                )
            vtext = self.compile(
                "event", event.id, f"{where}.text", compile_template, variant.text, ns
            )
            if when is not None and vtext is not None:
                variants.append((when, vtext))
        self.check_dated_text(event)
        options = []
        for index, opt in enumerate(event.options):
            cond = self.compile(
                "event",
                event.id,
                f"options[{index}].condition",
                compile_condition,
                opt.condition,
                ns,
            )
            if cond is not None and cond.random:
                self.err(
                    "event",
                    event.id,
                    f"options[{index}].condition",
                    "cannot use chance() or uniform(): the player must know the options",
                )
            eff = (
                self.compile(
                    "event", event.id, f"options[{index}].effects", compile_effects, opt.effects, ns
                )
                if opt.effects
                else None
            )
            txt = (
                self.compile(
                    "event", event.id, f"options[{index}].text", compile_template, opt.text, ns
                )
                if opt.text
                else None
            )
            options.append(
                CompiledOption(
                    opt.id, opt.label, cond or _const(True), eff, txt, opt.hint, opt.default
                )
            )
        if event.date is not None and event.posture is not None:
            self.err("event", event.id, "posture", "a dated event cannot also express a posture")
        if options and opt_all_conditional(event):
            self.warn(
                "event",
                event.id,
                "options",
                "every option has a condition; make one unconditional so there is always a choice",
            )
        return CompiledEvent(
            event,
            condition or _const(True),
            weight or _const(1.0),
            effects,
            text or _empty_template(),
            options,
            variants,
        )

    def check_dated_text(self, event: Event) -> None:
        """News that names its own date must be tied to it: a text that says "since 1 October"
        or "in mid-October 2025" reads false in a game months later."""
        if event.date is not None or event.until is not None or event.triggered_only:
            return
        texts = [event.text, *(v.text for v in event.variants)]
        for text in texts:
            found = next((m for m in DATED_TEXT.finditer(text) if m.group(0) != REVIEW_DAY), None)
            if found:
                self.warn(
                    "event",
                    event.id,
                    "until",
                    f"its text names a date ('{found.group(0)}') but the event has no date"
                    " window: give it 'until' (and 'after') so it is not news in another season",
                )
                return

    # --- endings and postures -----------------------------------------------------------
    def build_endings(
        self, view: dict[str, dict[str, Any]], excluded: set[str], ns: Namespace
    ) -> list[CompiledEnding]:
        endings = []
        for ending in sorted(view["ending"].values(), key=lambda e: (-e.priority, e.id)):
            if ending.id in excluded:
                continue
            cond = self.compile(
                "ending", ending.id, "condition", compile_condition, ending.condition, ns
            )
            expl = self.compile(
                "ending", ending.id, "explanation", compile_template, ending.explanation, ns
            )
            score = None
            if ending.score is not None:
                if "score" not in ns.variables:
                    self.err(
                        "ending",
                        ending.id,
                        "score",
                        'an ending with a score needs a [[variable]] with id = "score" (0-100) '
                        "to hold it",
                    )
                else:
                    score = self.compile(
                        "ending", ending.id, "score", compile_condition, ending.score, ns
                    )
            grades = []
            for index, g in enumerate(ending.grades):
                gc = self.compile(
                    "ending",
                    ending.id,
                    f"grades[{index}].condition",
                    compile_condition,
                    g.condition,
                    ns,
                )
                gt = (
                    self.compile(
                        "ending", ending.id, f"grades[{index}].text", compile_template, g.text, ns
                    )
                    if g.text
                    else None
                )
                grades.append(CompiledGrade(g.grade, gc or _const(True), gt))
            if ending.grades and ending.grades[-1].condition is not True:
                self.err(
                    "ending",
                    ending.id,
                    "grades",
                    "the last grade must have no condition, so that a grade is always given",
                )
            endings.append(
                CompiledEnding(
                    ending, cond or _const(False), expl or _empty_template(), grades, score
                )
            )
        finals = [e for e in endings if e.spec.when == "final"]
        if not any(e.spec.condition is True for e in finals):
            self.err(
                "scenario",
                self.scenario.id,
                "-",
                'needs an ending with when = "final" and no condition, so that the last turn always ends the game',
            )
        return endings

    def build_postures(
        self, view: dict[str, dict[str, Any]], ns: Namespace
    ) -> dict[str, CompiledPosture]:
        postures: dict[str, CompiledPosture] = {}
        for pid in POSTURES:
            spec = view["posture"].get(pid)
            if spec is None:
                self.err(
                    "scenario",
                    self.scenario.id,
                    "-",
                    f"no [[posture]] with id '{pid}'; the US model needs all of: {', '.join(POSTURES)}",
                )
                continue
            utility = self.compile("posture", pid, "utility", compile_condition, spec.utility, ns)
            effects = (
                self.compile("posture", pid, "effects", compile_effects, spec.effects, ns)
                if spec.effects
                else None
            )
            postures[pid] = CompiledPosture(spec, utility or _const(0.0), effects)
        expressed = {e.posture for e in view["event"].values() if e.posture}
        for pid in POSTURES:
            if pid not in expressed and pid in view["posture"]:
                self.warn(
                    "posture",
                    pid,
                    "-",
                    f"no event expresses the posture '{pid}'; it will pass without a word",
                )
        return postures

    # --- graph checks -------------------------------------------------------------------
    def check_graph(
        self, actions: dict[str, CompiledAction], events: dict[str, CompiledEvent]
    ) -> None:
        """Zero-delay schedule cycles would loop forever; unreachable triggered events never fire."""
        edges: dict[str, list[str]] = {}
        scheduled: set[str] = set()
        flags_set: set[str] = set(self.scenario.flags)
        flags_read: dict[str, tuple[str, str]] = {}

        def note(kind: str, ident: str, comp: Compiled | None, source_event: str | None) -> None:
            if comp is None:
                return
            for target, fewest in comp.schedules:
                scheduled.add(target)
                if source_event is not None and fewest == 0:
                    edges.setdefault(source_event, []).append(target)
            flags_set.update(comp.flags_set)
            for flag in comp.flags_read:
                flags_read.setdefault(flag, (kind, ident))

        for aid, action in actions.items():
            for variant in action.variants.values():
                note("action", aid, variant.condition, None)
                note("action", aid, variant.cost, None)
                note("action", aid, variant.effects, None)
                for _, comp, _ in variant.delayed:
                    note("action", aid, comp, None)
        for eid, event in events.items():
            note("event", eid, event.condition, None)
            note("event", eid, event.weight, None)
            note("event", eid, event.effects, eid)
            for option in event.options:
                note("event", eid, option.condition, None)
                note("event", eid, option.effects, eid)
        for eid, event in events.items():
            if event.spec.triggered_only and eid not in scheduled:
                self.warn(
                    "event",
                    eid,
                    "triggered_only",
                    "nothing schedules this event, so it never fires",
                )
        for flag, (kind, ident) in sorted(flags_read.items()):
            if flag not in flags_set:
                self.warn(
                    kind,
                    ident,
                    "-",
                    f"flag '{flag}' is read but never set{suggest(flag, flags_set)}",
                )
        # Cycle search over zero-delay follow-ups (iterative DFS, deterministic order).
        state: dict[str, int] = {}
        for start in sorted(edges):
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            path: list[str] = []
            while stack:
                node, i = stack.pop()
                if i == 0:
                    state[node] = 1
                    path.append(node)
                children = edges.get(node, [])
                if i < len(children):
                    stack.append((node, i + 1))
                    child = children[i]
                    if state.get(child) == 1:
                        cycle = path[path.index(child) :] + [child]
                        self.err(
                            "event",
                            child,
                            "effects",
                            "follow-up events can form a cycle with no delay: "
                            + " -> ".join(cycle)
                            + "; give one schedule() a delay that is always 1 or more "
                            "(a delay that is not a constant may be 0 or less, which is 0)",
                        )
                    elif not state.get(child):
                        stack.append((child, 0))
                else:
                    state[node] = 2
                    path.pop()


def opt_all_conditional(event: Event) -> bool:
    return all(o.condition is not True for o in event.options)


PARAM_REF = r"\$([a-z_][a-z0-9_]*)"  # '$sector'; 'C$5 billion' is money, not a parameter


def _substitute(text: str, subst: dict[str, str]) -> str:
    for key, value in subst.items():
        text = re.sub(rf"\${key}\b", lambda _m, v=value: v, text)
    return text


def _const(value: Any) -> Compiled:
    return Compiled(source=str(value), fn=lambda ctx: value)


def _empty_template() -> Template:
    return Template(source="", parts=[])


def check_scenario(cs: ContentSet, scenario_id: str) -> tuple[Ruleset | None, list[Issue]]:
    builder = _Builder(cs, scenario_id)
    ruleset = builder.build()
    return ruleset, builder.issues


def validate(cs: ContentSet) -> list[Issue]:
    """Every problem in a content set: loading, then compiling each scenario. Deduplicated."""
    issues = list(cs.issues)
    if not cs.entities["scenario"] and not any(i.severity == "error" for i in issues):
        issues.append(
            Issue(cs.files[0] if cs.files else "-", "", "", "the content defines no [[scenario]]")
        )
    for sid in sorted(cs.entities["scenario"]):
        _, found = check_scenario(cs, sid)
        issues.extend(found)
    scenarios = list(cs.entities["scenario"].values())
    for event in cs.entities["event"].values():
        if (
            event.date is not None
            and scenarios
            and not any(s.start <= event.date <= s.end for s in scenarios)
        ):
            issues.append(
                Issue(
                    cs.where("event", event.id),
                    event.id,
                    "date",
                    f"{event.date} is outside every scenario's dates; it never fires",
                    "warning",
                )
            )
    seen: set[Issue] = set()
    unique = []
    for issue in issues:
        if issue not in seen:
            seen.add(issue)
            unique.append(issue)
    return unique


def build_ruleset(cs: ContentSet, scenario_id: str) -> Ruleset:
    """The compiled ruleset of a scenario, or ContentError with every problem found."""
    errors = [i for i in cs.issues if i.severity == "error"]
    if scenario_id not in cs.entities["scenario"]:
        known = sorted(cs.entities["scenario"])
        raise ContentError(
            errors
            + [
                Issue(
                    "-",
                    scenario_id,
                    "scenario",
                    f"unknown scenario '{scenario_id}'{suggest(scenario_id, known)}; known: {', '.join(known)}",
                )
            ]
        )
    ruleset, issues = check_scenario(cs, scenario_id)
    if errors or ruleset is None:
        raise ContentError(errors + [i for i in issues if i.severity == "error"])
    return ruleset
