"""Compile a scenario's content into the engine's Ruleset: expressions to closures, names
checked.

The compiler records every problem it meets instead of stopping at the first, and calls the
content checks of ``validator`` as it goes; a scenario with any error compiles to no Ruleset.
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.content import cache, validator
from diplomacy_game.content.formulas import Formulas
from diplomacy_game.content.issues import (
    ContentError,
    Findings,
    Issue,
    Override,
    UnknownScenario,
    follow_on,
    shown_at,
)
from diplomacy_game.content.loader import ContentSet, apply_overrides
from diplomacy_game.engine.economy import Economy
from diplomacy_game.engine.expr import (
    Compiled,
    ExprError,
    LazyCompiled,
    LazyTemplate,
    Namespace,
    Template,
    compile_condition,
    compile_effects,
    compile_template,
    highest_value,
    suggest,
    value_bounds,
)
from diplomacy_game.engine.language import FUNCTIONS
from diplomacy_game.engine.rules import (
    ActionVariant,
    CompiledAction,
    CompiledEnding,
    CompiledEvent,
    CompiledGrade,
    CompiledOption,
    CompiledPosture,
    Ruleset,
    event_pools,
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
    Event,
    Group,
    Scenario,
    Sector,
    TextVariant,
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
    builtin = set(specs)
    for var in custom:
        if var.id in builtin or validator.reserved_prefix(var.id):
            continue  # refused by validator.check_variables; the built-in one stands
        specs[var.id] = VarSpec(var.id, var.min, var.max, var.initial, True, False, var.description)
    return specs


def overridden_fields(cs: ContentSet, scenario_id: str) -> dict[tuple[str, str], Override]:
    """The fields a scenario's overrides set, by the kind and id of the entity they change."""
    scenario = cs.entities["scenario"][scenario_id]
    file = cs.where("scenario", scenario_id)
    out = {}
    for kind, by_id in scenario.overrides.items():
        for ident, changes in by_id.items():
            if isinstance(changes, dict):
                out[(kind, ident)] = Override(file, scenario_id, frozenset(changes))
    return out


def _placeholders(text: str) -> list[str]:
    """Each ``{...}`` of a text as a text of its own (``{{`` and ``}}`` are braces), so that
    every placeholder with a mistake is reported, not only the first."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith(("{{", "}}"), i):
            i += 2
        elif text[i] == "{":
            end = text.find("}", i + 1)
            if end < 0:
                break
            out.append(text[i : end + 1])
            i = end + 1
        else:
            i += 1
    return out


def _braces_hint(message: str) -> str:
    """A text's unknown name with no close match: perhaps braces meant as braces."""
    unknown = "unknown name" in message and "did you mean" not in message
    if message.startswith("in '{") and unknown:
        return (
            f"{message} (a text shows the values named in docs/content.md;"
            " write {{ and }} for braces)"
        )
    return message


# 'x =+ 2' and 'x =- 2': '=' and the sign written together, a swapped '+=' or '-='.
_SWAPPED = re.compile(r"[\w.$]\s*=([+-])\s*([^;\s]+)")

# What C and spreadsheets write for the language's words.
_OPERATORS = (("&&", "and"), ("||", "or"))


def _texts(source: Any) -> list[str]:
    """The texts of a field that is one expression or a list of them ([] for anything else)."""
    if isinstance(source, str):
        return [source]
    return [str(t) for t in source] if isinstance(source, list) else []


def _hinted(source: Any, message: str) -> str:
    """``message`` with a hint for what an author brings from elsewhere: a misspelt effect
    function, '&&' or '||', a schedule() without its delay."""
    message = _unknown_call(source, message)
    text = " ".join(_texts(source)) if isinstance(source, str | list) else str(source)
    if message.startswith("not a valid expression"):
        words = [f"'{word}' for '{op}'" for op, word in _OPERATORS if op in text]
        if re.search(r"!(?!=)", text):
            words.append("'not' for '!'")
        if words:
            message += f"; write {', '.join(words)}"
    if message.startswith("schedule() takes exactly 2 arguments"):
        message += ": the event's id and the delay in turns, like schedule('my_event', 2)"
    return message


_NOT_AN_EFFECT = "an effect must change something"


def _unknown_call(source: Any, message: str) -> str:
    """``message`` about effects that do not change anything, led by the function they call
    when the language has no such function: ``set_flg('x')`` is a misspelt ``set_flag``, not
    a statement of the wrong kind."""
    if not message.startswith(_NOT_AN_EFFECT):
        return message
    for text in _texts(source):
        try:
            tree = ast.parse(str(text).strip())
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for stmt in ast.walk(tree):
            call = stmt.value if isinstance(stmt, ast.Expr) else None
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
                name = call.func.id
                hint = suggest(name, FUNCTIONS)
                if name not in FUNCTIONS:
                    return f"unknown function '{name}'" + (hint or f"; {message}")
    return message


def _once_for_every_choice(issues: list[Issue], wheres: list[str]) -> list[Issue]:
    """An action's issues with those found alike in every combination of its choices
    (``wheres``: each one's " (with sector=steel)", ended by which the messages tell them
    apart) made one, without the choice: the mistake does not depend on it."""

    def told(issue: Issue) -> tuple[tuple[str, ...], bool]:
        for where in wheres:
            if issue.message.endswith(where):
                bare = issue.message[: -len(where)]
                return (issue.file, issue.entry, issue.field, bare, issue.severity), True
        return (issue.file, issue.entry, issue.field, issue.message, issue.severity), False

    counts = Counter(key for key, choice in map(told, issues) if choice)
    out: list[Issue] = []
    merged: set[tuple[str, ...]] = set()
    for issue in issues:
        key, choice = told(issue)
        if choice and counts[key] == len(wheres):
            if key not in merged:
                merged.add(key)
                out.append(Issue(*key[:4], issue.severity, kind=issue.kind))
        else:
            out.append(issue)
    return out


class _Builder:
    """Compiles one scenario, recording issues instead of stopping at the first."""

    def __init__(self, cs: ContentSet, scenario_id: str, lazy: bool = False):
        self.cs = cs
        self.scenario_id = scenario_id
        # Lazy: the content is known to compile clean (``content/cache.py``), so each
        # expression compiles on first use and the checks that only find errors are skipped.
        self.lazy = lazy
        self.found = Findings(cs.where, overridden_fields(cs, scenario_id))
        self.view, override_issues = apply_overrides(cs, scenario_id)
        self.found.issues.extend(override_issues)
        self.scenario: Scenario = self.view["scenario"][scenario_id]
        self.err = self.found.err
        self.warn = self.found.warn
        self.formulas = Formulas()  # the scenario's, once its names are known (build)
        self.hidden_us: frozenset[str] = frozenset()  # the secret US side (build)
        self.ranges: dict[str, tuple[float, float]] = {}  # each variable's (build)
        # What did not compile, and the entries that could not be read: the names of events
        # and flags in them count as scheduled and set (validator.check_graph).
        self.unread: list[Any] = list(cs.unread)
        # The flags any expression or text that compiled reads, and those it sets.
        self.flags_read: set[str] = set()
        self.flags_set: set[str] = set()

    def _validate(self, check: Callable[..., None], *args: Any) -> None:
        if not self.lazy:
            check(*args)

    def _known(self, comp: Compiled | None) -> bool:
        """Whether a compiled expression is there to be checked now (not deferred)."""
        return comp is not None and not self.lazy

    def _deferred(
        self,
        kind: str,
        ident: str,
        fld: str,
        fn: Callable[..., Any],
        source: Any,
        ns: Namespace,
        where: str = "",
    ) -> Any:
        """What ``fn(source, ns)`` gives, compiled on first use. Should the content not
        compile after all, that use raises ContentError with the message a check gives."""
        file, entry, shown, of = self.found.place(kind, ident, fld)
        files = self.cs.shown

        def build() -> Any:
            try:
                return fn(source, ns)
            except ExprError as exc:
                issue = Issue(file, entry, shown, f"{exc}{where}", kind=of)
                raise ContentError(shown_at([issue], files)) from None

        if fn is compile_template:
            return LazyTemplate(source, build)
        if fn is compile_effects:
            text = "; ".join([source] if isinstance(source, str) else source)
        else:
            text = str(source)
        return LazyCompiled(text, build)

    def _expanded(self, fn: Callable[..., Any], source: Any) -> Any:
        """``source`` with the scenario's formulas put in place of their names (texts keep
        theirs: a text shows variables)."""
        if fn is compile_template:
            return source
        return self.formulas.expand(source, effects=fn is compile_effects)

    def _problems(
        self, fn: Callable[..., Any], source: Any, ns: Namespace, exc: ExprError
    ) -> list[tuple[str, str]]:
        """Every problem of ``source`` that failed with ``exc``, as (where in the field,
        message): for a list of effects, each statement's own problem at its place in the list
        (``[2]``), so that an author sees them all at once; else the one ``exc`` names."""
        if fn is compile_effects and isinstance(source, list):
            found = []
            for index, one in enumerate(source):
                try:
                    fn(self._expanded(fn, one), ns)
                except ExprError as problem:
                    found.append((f"[{index}]", _hinted(one, str(problem))))
            if found:
                return found
        if fn is compile_effects:
            return [("", _hinted(source, str(exc)))]
        if fn is compile_template and isinstance(source, str):
            found = [str(exc)]
            for placeholder in _placeholders(source):
                try:
                    fn(placeholder, ns)
                except ExprError as problem:
                    if str(problem) not in found:
                        found.append(str(problem))
            return [("", _braces_hint(message)) for message in found]
        return [("", _hinted(source, str(exc)))]

    def compile(
        self,
        kind: str,
        ident: str,
        fld: str,
        fn: Callable[..., Any],
        source: Any,
        ns: Namespace,
        where: str = "",
    ) -> Any:
        """``fn(source, ns)`` with the scenario's formulas in place, or None with every
        problem recorded (``where``: which of an action's variants, added to each message)."""
        written = source
        try:
            source = self._expanded(fn, source)
            if self.lazy:
                return self._deferred(kind, ident, fld, fn, source, ns, where)
            out = fn(source, ns)
        except ExprError as exc:
            self.unread.append(written)
            for place, message in self._problems(fn, written, ns, exc):
                self.err(kind, ident, fld + place, f"{message}{where}")
            return None
        self._check_text(kind, ident, fld, out)
        if isinstance(out, Template):
            for part in out.parts:
                if not isinstance(part, str):
                    self.flags_read.update(part[0].flags_read)
        elif isinstance(out, Compiled):
            self.flags_read.update(out.flags_read)
            self.flags_set.update(out.flags_set)
        if fn is compile_effects:
            self._check_jobs(kind, ident, fld, out)
            self._check_signs(kind, ident, fld, written)
        return out

    def _check_signs(self, kind: str, ident: str, fld: str, source: Any) -> None:
        """'approval =+ 2' sets approval to 2: the language reads it, but it is almost
        always '+=' with its characters swapped."""
        for index, text in enumerate(_texts(source)):
            for hit in _SWAPPED.finditer(str(text)):
                sign, value = hit.group(1), hit.group(2)
                place = fld if isinstance(source, str) else f"{fld}[{index}]"
                change = "adding" if sign == "+" else "taking away"
                message = (
                    f"'={sign} {value}' sets the value to {sign}{value} rather than {change}"
                    f" {value}: for that, write '{sign}= {value}'"
                )
                file, entry, shown, of = self.found.place(kind, ident, place)
                issue = Issue(file, entry, shown, message, "warning", kind=of)
                if issue not in self.found.issues:
                    self.found.issues.append(issue)

    def _check_jobs(self, kind: str, ident: str, fld: str, out: Compiled) -> None:
        """News of layoffs (or hiring) moves a sector's jobs and the turn's change in them
        together: the jobs news of the same fortnight reads the change."""
        for name in sorted(out.writes):
            sector, _, field = name.rpartition(".")
            if not sector.startswith("sector."):
                continue
            other = {"jobs": "jobs_change", "jobs_change": "jobs"}.get(field)
            if other and f"{sector}.{other}" not in out.writes:
                self.warn(
                    kind,
                    ident,
                    fld,
                    f"the effects move '{name}' but not '{sector}.{other}': move both by the "
                    f"same amount ('{sector}.jobs -= 1.0' and '{sector}.jobs_change -= 1.0'), "
                    "so that the jobs news of the turn counts it",
                )

    def _check_text(self, kind: str, ident: str, fld: str, out: Any) -> None:
        if not isinstance(out, Template):
            return
        shown = [part[0] for part in out.parts if not isinstance(part, str)]
        if any(comp.random for comp in shown):
            self.err(
                kind,
                ident,
                fld,
                "a text cannot use chance() or uniform(): showing it must not change the game",
            )
        # The US side is what the player reads through the advisors' noisy estimates; a text
        # shown during the game must not print it. An ending may (its reveal is the point).
        secret = sorted({name for comp in shown for name in comp.reads} & self.hidden_us)
        if secret and kind != "ending":
            self.warn(
                kind,
                ident,
                fld,
                f"the text shows '{secret[0]}', part of the hidden US side the player only reads "
                "through the advisors' estimates; leave it to an ending's text",
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
        self.hidden_us = frozenset(
            name for name, spec in variables.items() if spec.hidden and name.startswith("us.")
        )
        self.ranges = {name: (spec.lo, spec.hi) for name, spec in variables.items()}
        self._validate(validator.check_variables, self.found, view["variable"].values())
        readable = list(variables)
        writable = [n for n, s in variables.items() if s.writable]
        excluded_actions = set(sc.exclude_actions)
        excluded_events = set(sc.exclude_events)
        excluded_endings = set(sc.exclude_endings)
        self._validate(validator.check_exclusions, self.found, sc, view)
        action_specs = [a for i, a in sorted(view["action"].items()) if i not in excluded_actions]
        event_specs = [e for i, e in sorted(view["event"].items()) if i not in excluded_events]
        ids = {
            "event": [e.id for e in event_specs],
            "action": [a.id for a in action_specs],
            "posture": list(POSTURES),
        }
        ns = Namespace(variables=readable, writable=writable, ids=ids)
        self.formulas = Formulas.build(
            view["formula"].values(),
            ns,
            lambda fid, fld, message: self.err("formula", fid, fld, message),
            check=not self.lazy,
        )

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
        if self._known(capital) and capital.random:
            self.err(
                "scenario",
                sc.id,
                "capital.per_turn",
                "cannot use chance() or uniform(): the player is shown the capital the next"
                " turn brings before it comes",
            )
        every_turn = (
            self.compile("scenario", sc.id, "every_turn", compile_effects, sc.every_turn, ns)
            if sc.every_turn
            else None
        )

        # Groups reference sectors and tags.
        all_tags = {t for a in action_specs for t in a.tags}
        self._validate(validator.check_groups, self.found, groups, sector_ids, all_tags)
        self._validate(
            validator.check_action_tags,
            self.found,
            action_specs,
            groups,
            {r.tag for r in view["reaction"].values()},
        )

        actions = {a.id: self.build_action(a, ns, sector_ids) for a in action_specs}
        events = {e.id: self.build_event(e, ns) for e in event_specs}
        endings = self.build_endings(view, excluded_endings, ns)
        postures = self.build_postures(view, ns)
        reactions: dict[str, list[Compiled]] = {}
        for reaction in view["reaction"].values():
            self._validate(validator.check_reaction_tag, self.found, reaction.tag, all_tags)
            compiled = self.compile(
                "reaction", reaction.tag, "effects", compile_effects, reaction.effects, ns
            )
            if compiled is not None:
                reactions.setdefault(reaction.tag, []).append(compiled)
        advisors = sorted(view["advisor"].values(), key=lambda a: a.id)
        readings = sorted(view["reading"].values(), key=lambda r: r.variable)
        self._validate(validator.check_advisors, self.found, sc, advisors, readings, variables)
        others = [("posture", pid, "utility", p.utility) for pid, p in postures.items()]
        others += [("posture", pid, "effects", p.effects) for pid, p in postures.items()]
        others += [("reaction", tag, "effects", c) for tag, cs in reactions.items() for c in cs]
        self._validate(
            validator.check_graph, self.found, sc, actions, events, self.unread, endings, others
        )
        self._validate(
            validator.check_start_flags,
            self.found,
            sc,
            self.flags_read | self.flags_set,
            self.unread,
        )

        if self.found.has_errors:
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
                        f"'{p.default}' is not one of the choices"
                        f" ({', '.join(map(str, p.choices))}){suggest(str(p.default), p.choices)}",
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
                        f"{_default_shown(p.default)} is not one of the values"
                        f" ({', '.join(fmt.number(v, 6, trim=True) for v in p.values)})",
                    )
        names = [p.name for p in action.params]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.err("action", action.id, "params", f"parameter '{name}' is declared twice")
        if action.condition not in (True, "true") and not action.unavailable_text.strip():
            self.warn(
                "action",
                action.id,
                "unavailable_text",
                "the action has a condition but no unavailable_text: players and the actions"
                " handout cannot be told in words when it is not available",
            )
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
        params_ranges = dict(self.ranges)
        for name, values in number_params.items():
            if values:
                params_ranges[f"param.{name}"] = (min(values), max(values))
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
        first_issue = len(self.found.issues)
        wheres: list[str] = []
        for combo in combos:
            subst = dict(zip(choice_params, combo, strict=True))
            where = f" (with {', '.join(f'{k}={v}' for k, v in subst.items())})" if subst else ""
            wheres.append(where)

            shown = {k: self._shown(action, k, v, sector_names) for k, v in subst.items()}

            def sub(text: str, subst: dict[str, str] = subst) -> str:
                return _substitute(text, subst)

            sectors = {p.name for p in action.params if p.kind == "sector"}

            def sub_text(
                text: str, shown: dict[str, str] = shown, sectors: set[str] = sectors
            ) -> str:
                return _substitute(text, shown, mid_sentence=sectors)

            def part(
                fld: str, fn: Callable[..., Any], source: Any, where: str = where, ns: Any = pns
            ) -> Any:
                return self.compile("action", action.id, fld, fn, source, ns, where)

            cost = part(
                "cost",
                compile_condition,
                sub(action.cost) if isinstance(action.cost, str) else action.cost,
            )
            condition = part(
                "condition",
                compile_condition,
                sub(action.condition) if isinstance(action.condition, str) else action.condition,
            )
            if self._known(cost):
                self._check_cost(action, cost, params_ranges, where)
            for fld, comp in (("cost", cost), ("condition", condition)):
                if self._known(comp) and comp.random:
                    self.err(
                        "action",
                        action.id,
                        fld,
                        "cannot use chance() or uniform(): the player must know before choosing",
                    )
            effects = None
            if action.effects:
                effects = part("effects", compile_effects, [sub(e) for e in action.effects])
            delayed = []
            for index, d in enumerate(action.delayed):
                comp = part(
                    f"delayed[{index}].effects", compile_effects, [sub(e) for e in d.effects]
                )
                text = (
                    part(f"delayed[{index}].text", compile_template, sub_text(d.text))
                    if d.text
                    else None
                )
                if comp is not None:
                    delayed.append((d.after, comp, text))
            text = part("text", compile_template, sub_text(action.text)) if action.text else None
            variants[combo] = ActionVariant(
                cost or _const(0), condition or _const(True), effects, delayed, text
            )
        if len(wheres) > 1:
            found = self.found.issues
            found[first_issue:] = _once_for_every_choice(found[first_issue:], wheres)
        return CompiledAction(action, variants, choice_params, number_params)

    def _check_cost(
        self,
        action: Action,
        cost: Compiled,
        ranges: dict[str, tuple[float, float]],
        where: str,
    ) -> None:
        """A cost below 0 counts as 0 (``engine.turn.action_cost``): an expression that can
        come out below 0 makes the action free then, which the author may not mean."""
        try:
            low, high, _nan = value_bounds(ast.parse(cost.source.strip(), mode="eval").body, ranges)
        except (SyntaxError, ValueError, RecursionError, MemoryError, ExprError):
            return
        if not low < 0:
            return
        if high < 0:
            message = (
                f"the cost is always below 0 (at most {fmt.number(high, 2, trim=True)} whatever"
                " the game's values, each within its range), and a cost below 0 counts as 0:"
                " the action is always free (write cost = 0 if that is meant)"
            )
        else:
            shown = fmt.number(low, 2, trim=True) if math.isfinite(low) else None
            as_low = (
                f" (as low as {shown} whatever the game's values, each within its range)"
                if shown
                else ""
            )
            message = (
                f"the cost can come out below 0{as_low}, and a cost below 0 counts as 0: the"
                f' action then costs nothing. If that is meant, say so with cost = "max(0,'
                f' {action.cost})"; else keep the expression at 0 or more'
            )
        self.warn("action", action.id, "cost", message + where)

    @staticmethod
    def _shown(action: Action, name: str, value: str, sector_names: dict[str, str]) -> str:
        """How a choice reads in a text: the sector's name, or the choice's label."""
        param = next(p for p in action.params if p.name == name)
        if param.kind == "sector":
            return sector_names.get(value, value)
        return param.label_of(value)

    # --- events -------------------------------------------------------------------------
    def build_event(self, event: Event, ns: Namespace) -> CompiledEvent:
        condition = self.compile(
            "event", event.id, "condition", compile_condition, event.condition, ns
        )
        weight = self.compile("event", event.id, "weight", compile_condition, event.weight, ns)
        fixed = _constant_value(weight) if self._known(weight) else None
        if fixed is not None and not fixed > 0 and event.date is None and not event.triggered_only:
            self.warn(
                "event",
                event.id,
                "weight",
                f"the weight is always {event.weight!r}, never above 0: the event is never drawn,"
                " so it can never fire (give it a positive weight, or triggered_only = true"
                " if only a schedule() should fire it)",
            )
        elif self._known(weight) and isinstance(event.weight, str) and event.date is None:
            most = None if event.triggered_only else highest_value(weight.source, self.ranges)
            if most is not None and not most > 0:
                self.warn(
                    "event",
                    event.id,
                    "weight",
                    f"the weight is never above 0 (at most {fmt.number(most, 2, trim=True)} whatever the"
                    " game's values, each within its range): the event is never drawn, so it"
                    " can never fire (give it a weight that can be positive, or triggered_only"
                    " = true if only a schedule() should fire it)",
                )
        effects = (
            self.compile("event", event.id, "effects", compile_effects, event.effects, ns)
            if event.effects
            else None
        )
        text = self.compile("event", event.id, "text", compile_template, event.text, ns)
        variants = self.build_variants("event", event.id, event.variants, ns)
        self._validate(validator.check_dated_text, self.found, event)
        self._validate(validator.check_event_params, self.found, event)
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
            if self._known(cond) and cond.random:
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
        self._validate(validator.check_event, self.found, event)
        return CompiledEvent(
            event,
            condition or _const(True),
            weight or _const(1.0),
            effects,
            text or _empty_template(),
            options,
            variants,
        )

    def build_variants(
        self, kind: str, entity_id: str, variants: list[TextVariant], ns: Namespace
    ) -> list[tuple[Compiled, Template]]:
        """An event's texts (an ending's explanations) chosen by the state, compiled: each
        ``when`` a condition that draws nothing (showing a text must not move the game)."""
        out = []
        for index, variant in enumerate(variants):
            where = f"variants[{index}]"
            when = self.compile(
                kind, entity_id, f"{where}.when", compile_condition, variant.when, ns
            )
            if self._known(when) and when.random:
                self.err(
                    kind,
                    entity_id,
                    f"{where}.when",
                    "cannot use chance() or uniform(): showing a text must not move the game",
                )
            vtext = self.compile(
                kind, entity_id, f"{where}.text", compile_template, variant.text, ns
            )
            if when is not None and vtext is not None:
                out.append((when, vtext))
        return out

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
            variants = self.build_variants("ending", ending.id, ending.variants, ns)
            endings.append(
                CompiledEnding(
                    ending,
                    cond or _const(False),
                    expl or _empty_template(),
                    grades,
                    score,
                    variants,
                )
            )
        self._validate(validator.check_endings, self.found, self.scenario, endings)
        return endings

    def build_postures(
        self, view: dict[str, dict[str, Any]], ns: Namespace
    ) -> dict[str, CompiledPosture]:
        postures: dict[str, CompiledPosture] = {}
        for pid in POSTURES:
            spec = view["posture"].get(pid)
            if spec is None:
                continue
            utility = self.compile("posture", pid, "utility", compile_condition, spec.utility, ns)
            effects = (
                self.compile("posture", pid, "effects", compile_effects, spec.effects, ns)
                if spec.effects
                else None
            )
            postures[pid] = CompiledPosture(spec, utility or _const(0.0), effects)
        self._validate(validator.check_postures, self.found, self.scenario, view)
        return postures


PARAM_REF = r"\$([a-z_][a-z0-9_]*)"  # '$sector'; 'C$5 billion' is money, not a parameter


def _substitute(text: str, subst: dict[str, str], mid_sentence: set[str] = frozenset()) -> str:
    """``$name`` replaced by its value; for the names in ``mid_sentence`` (a sector's name) the
    value reads as inside a sentence ("on US agri-food and seafood") unless a sentence starts
    with it ("Steel mills ...")."""

    def value(m: re.Match[str], key: str, v: str) -> str:
        before = m.string[: m.start()].rstrip()
        starts = not before or before.endswith((".", "!", "?", ":", '"'))
        return v if key not in mid_sentence or starts else fmt.in_sentence(v)

    for key, v in subst.items():
        text = re.sub(rf"\${key}\b", lambda m, k=key, v=v: value(m, k, v), text)
    return text


def _constant_value(comp: Compiled | None) -> float | None:
    """The value of an expression that reads nothing of the game (``"false"``, ``0``,
    ``"1 - 1"``), or None."""
    if comp is None:
        return None
    if comp.constant is not None:
        return float(comp.constant)
    if comp.reads or comp.records_read or comp.flags_read or comp.random:
        return None
    try:
        return float(comp.fn(None))
    except Exception:  # it reads the game after all: not a constant
        return None


def _const(value: Any) -> Compiled:
    return Compiled(source=str(value), fn=lambda ctx: value)


def _empty_template() -> Template:
    return Template(source="", parts=[])


def check_scenario(cs: ContentSet, scenario_id: str) -> tuple[Ruleset | None, list[Issue]]:
    """A scenario's Ruleset (None when it has an error) and every problem found in it."""
    builder = _Builder(cs, scenario_id)
    ruleset = builder.build()
    return ruleset, follow_on(builder.found.issues, cs.failed)


def build_ruleset(cs: ContentSet, scenario_id: str, cached: bool = False) -> Ruleset:
    """The compiled ruleset of a scenario, or ContentError with every problem found.

    ``cached``: when the cache records that this very content (by digest) compiled clean with
    this version of the game, its expressions compile on first use, unchecked again; else the
    scenario is checked in full, and a clean result is recorded. Only for a content set just
    read from its files (one changed since would still carry the digest of what was read)."""
    errors = [i for i in cs.issues if i.severity == "error"]
    if scenario_id not in cs.entities["scenario"]:
        known = sorted(cs.entities["scenario"])
        near = suggest(scenario_id, known)
        # the built-in files are named content/...: any other is a pack given with --content
        packs = any(not name.startswith("content/") for name in cs.files) or any(
            i.severity == "error" and not i.entry
            for i in cs.issues  # one that is not there
        )
        hint = "" if near or packs else "; a scenario of your own content pack needs --content PACK"
        unknown = Issue(
            "-",
            scenario_id,
            "scenario",
            f"unknown scenario '{scenario_id}'{near}; known: {', '.join(known)}{hint}",
        )
        if errors and ("scenario", scenario_id) in cs.failed:
            # The scenario is there but could not be read: its own errors say why.
            raise ContentError(shown_at(errors, cs.shown))
        if errors:
            raise ContentError(shown_at([*errors, unknown], cs.shown))
        raise UnknownScenario(unknown)
    if cached and not errors and cache.compiled_clean(cs.digest, scenario_id):
        trusted = _Builder(cs, scenario_id, lazy=True).build()
        if trusted is not None:
            return trusted
    ruleset, issues = check_scenario(cs, scenario_id)
    if errors or ruleset is None:
        raise ContentError(
            shown_at(errors + [i for i in issues if i.severity == "error"], cs.shown)
        )
    if cached:
        cache.remember_clean(cs.digest, scenario_id)
    return ruleset


def _default_shown(default: Any) -> str:
    """A parameter's default as the author wrote it: 30, not the 30.0 it was read as."""
    if isinstance(default, int | float) and not isinstance(default, bool):
        return fmt.number(default, 6, trim=True)
    return repr(default)
