"""The checks content must pass beyond its schema: names that point at something, texts true
in any season, a last turn that always ends, follow-ups that cannot loop.

Each check adds what it finds to a ``Findings`` and never stops at the first problem; the
compiler calls them while it builds a scenario, and ``collect`` adds the checks that span the
whole content set.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.content.issues import NO_SCENARIO, Findings, Issue
from diplomacy_game.content.loader import ContentSet
from diplomacy_game.content.runaway import check_runaways
from diplomacy_game.engine.expr import Compiled, suggest
from diplomacy_game.engine.rules import CompiledAction, CompiledEnding, CompiledEvent
from diplomacy_game.engine.variables import CORE, VarSpec
from diplomacy_game.model.content import POSTURES, Advisor, Event, Group, Reading, Scenario

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date without its year in a text ("since 1 October", "In May he told you") reads as recent
# news, and is false in a game a season later. A date with its year is history, true in any
# game that starts after it. The review's own day, 1 July, is always true.
DATED_TEXT = re.compile(
    rf"\b(?:\d{{1,2}} (?:{MONTHS})|(?:[Ii]n|[Ss]ince|[Bb]y|[Oo]n) (?:early |mid-|late )?(?:{MONTHS}))\b(?!,? 20\d\d)"
)
REVIEW_DAY = "1 July"


# The first parts of names the engine fills itself, and what it keeps under each: a variable
# of a pack's own there could take a name the engine has, or will have.
RESERVED = {
    "sector.": "the sectors' values (sector.steel.us_tariff)",
    "group.": "the groups' pressure (group.ontario.pressure)",
    "profile.": "the US profile's traits (profile.ego)",
    "param.": "an action's parameters (param.level)",
    "us.": "its US model (us.rapport, us.patience, us.escalation and the rest)",
    "econ.": "the economy's own state (econ.price_level, econ.investment)",
}

RESERVED_SHOWN = ", ".join(f"'{p}'" for p in list(RESERVED)[:-1]) + f" or '{list(RESERVED)[-1]}'"


def reserved_prefix(name: str) -> str | None:
    """The reserved first part a variable's name starts with (``us.``), or None."""
    return next((prefix for prefix in RESERVED if name.startswith(prefix)), None)


def check_variables(found: Findings, custom: Iterable[Any]) -> None:
    """A scenario's own ``[[variable]]`` entries: a name of their own, a sound range."""
    core = {v.name for v in CORE}
    for var in custom:
        prefix = reserved_prefix(var.id)
        if prefix is not None:
            instead = var.id.replace(".", "_", 1)
            found.err(
                "variable",
                var.id,
                "id",
                f"'{var.id}' starts with '{prefix}', which the engine keeps for"
                f" {RESERVED[prefix]}: names starting {RESERVED_SHOWN} are reserved; choose"
                f" another, like '{instead}'",
            )
        elif var.id in core:
            found.err("variable", var.id, "id", f"'{var.id}' is a built-in name; choose another")
        if var.min > var.max or not var.min <= var.initial <= var.max:
            found.err("variable", var.id, "initial", "needs min <= initial <= max")


def check_exclusions(found: Findings, sc: Scenario, view: dict[str, dict[str, Any]]) -> None:
    """What a scenario leaves out must exist."""
    for fld, excluded, kind in (
        ("exclude_actions", sc.exclude_actions, "action"),
        ("exclude_events", sc.exclude_events, "event"),
        ("exclude_endings", sc.exclude_endings, "ending"),
    ):
        for ident in sorted(set(excluded)):
            if ident not in view[kind]:
                found.err(
                    "scenario", sc.id, fld, f"unknown {kind} '{ident}'{suggest(ident, view[kind])}"
                )


def check_groups(
    found: Findings, groups: list[Group], sector_ids: list[str], all_tags: set[str]
) -> None:
    """Groups care about sectors that exist and tags some action has."""
    for group in groups:
        for sid in group.sectors:
            if sid not in sector_ids:
                found.err(
                    "group",
                    group.id,
                    f"sectors.{sid}",
                    f"unknown sector '{sid}'{suggest(sid, sector_ids)}",
                )
        for tag in group.tags:
            if tag not in all_tags:
                found.warn(
                    "group",
                    group.id,
                    f"tags.{tag}",
                    f"no action has the tag '{tag}'{suggest(tag, all_tags)}",
                )


def check_action_tags(
    found: Findings, actions: Iterable[Any], groups: list[Group], reaction_tags: set[str]
) -> None:
    """An action's tags are what the US reactions and the groups react to: a tag neither
    names does nothing, and is most likely misspelt."""
    known = set(reaction_tags) | {t for g in groups for t in g.tags}
    for action in actions:
        for index, tag in enumerate(action.tags):
            if tag not in known:
                found.warn(
                    "action",
                    action.id,
                    f"tags[{index}]",
                    f"no [[reaction]] and no group reacts to the tag '{tag}'"
                    f"{suggest(tag, known)}, so it does nothing",
                )


def check_reaction_tag(found: Findings, tag: str, all_tags: set[str]) -> None:
    if tag not in all_tags:
        found.warn("reaction", tag, "tag", f"no action has the tag '{tag}'{suggest(tag, all_tags)}")


def check_advisors(
    found: Findings,
    sc: Scenario,
    advisors: list[Advisor],
    readings: list[Reading],
    variables: dict[str, VarSpec],
) -> None:
    """Advisors and readings read variables that exist; a scenario has at least one advisor."""
    readable = list(variables)
    for advisor in advisors:
        for name in advisor.reads:
            if name not in variables:
                found.err(
                    "advisor",
                    advisor.id,
                    f"reads.{name}",
                    f"unknown variable '{name}'{suggest(name, readable)}",
                )
    for reading in readings:
        if reading.variable not in variables:
            found.err(
                "reading",
                reading.variable,
                "variable",
                f"unknown variable '{reading.variable}'{suggest(reading.variable, readable)}",
            )
    read = {name for advisor in advisors for name in advisor.reads}
    for reading in readings:
        if reading.variable in variables and reading.variable not in read and advisors:
            found.warn(
                "reading",
                reading.variable,
                "variable",
                f"no advisor reads '{reading.variable}', so this reading is shown nowhere"
                f' (add it to an advisor\'s reads: "{reading.variable}" = {{ bias = 0,'
                " noise = 5 })",
            )
    if not advisors:
        found.err("scenario", sc.id, "-", "the content defines no [[advisor]]")


def check_event(found: Findings, event: Event) -> None:
    """An event's shape: a dated event expresses no posture; one option is always open."""
    if event.date is not None and event.posture is not None:
        found.err("event", event.id, "posture", "a dated event cannot also express a posture")
    if event.options and all(o.condition is not True for o in event.options):
        found.warn(
            "event",
            event.id,
            "options",
            "every option has a condition; make one unconditional so there is always a choice",
        )


PARAM_REF = re.compile(r"\$([a-z_][a-z0-9_]*)")  # '$sector'; 'C$5 billion' is money


def check_event_params(found: Findings, event: Event) -> None:
    """``$name`` stands for a parameter only in an action: in an event's words the player
    would read it as written."""
    texts = [("title", event.title), ("text", event.text)]
    texts += [(f"variants[{i}].text", v.text) for i, v in enumerate(event.variants)]
    for i, option in enumerate(event.options):
        texts += [(f"options[{i}].{f}", getattr(option, f)) for f in ("label", "hint", "text")]
    for fld, text in texts:
        hit = PARAM_REF.search(text)
        if hit:
            found.warn(
                "event",
                event.id,
                fld,
                f"'{hit.group(0)}' is shown to the player as written: only an action's texts"
                " put a parameter's choice in place of $name; write the words, or show a"
                " value with {...}",
            )


def check_dated_text(found: Findings, event: Event) -> None:
    """News that names its own date must be tied to it: a text that says "since 1 October"
    or "in mid-October 2025" reads false in a game months later."""
    if event.date is not None or event.until is not None or event.triggered_only:
        return
    for text in [event.text, *(v.text for v in event.variants)]:
        hit = next((m for m in DATED_TEXT.finditer(text) if m.group(0) != REVIEW_DAY), None)
        if hit:
            found.warn(
                "event",
                event.id,
                "until",
                f"its text names a date ('{hit.group(0)}') but the event has no date"
                " window: give it 'until' (and 'after') so it is not news in another season",
            )
            return


def check_endings(found: Findings, sc: Scenario, endings: list[CompiledEnding]) -> None:
    """Every ending gives a grade, and the last turn always ends the game."""
    for ending in endings:
        grades = ending.spec.grades
        if grades and grades[-1].condition is not True:
            found.err(
                "ending",
                ending.spec.id,
                "grades",
                "the last grade must have no condition, so that a grade is always given",
            )
    finals = [e for e in endings if e.spec.when == "final"]
    if not any(e.spec.condition is True for e in finals):
        found.err(
            "scenario",
            sc.id,
            "-",
            'needs an ending with when = "final" and no condition, so that the last turn always ends the game',
        )


def check_postures(found: Findings, sc: Scenario, view: dict[str, dict[str, Any]]) -> None:
    """The US model needs every posture, and a posture no event expresses passes in silence."""
    for pid in POSTURES:
        if pid not in view["posture"]:
            found.err(
                "scenario",
                sc.id,
                "-",
                f"no [[posture]] with id '{pid}'; the US model needs all of: {', '.join(POSTURES)}",
            )
    expressed = {e.posture for e in view["event"].values() if e.posture}
    for pid in POSTURES:
        if pid not in expressed and pid in view["posture"]:
            found.warn(
                "posture",
                pid,
                "-",
                f"no event expresses the posture '{pid}'; it will pass without a word",
            )


# schedule('x', ...), set_flag('x') and flag('x') in a text that did not compile.
NAMED_CALL = re.compile(r"\b(schedule|set_flag|flag)\s*\(\s*['\"]([^'\"]+)['\"]")


def named_in(unread: Iterable[Any], call: str) -> set[str]:
    """The ids given to ``call`` (``schedule``, ``set_flag``, ``flag``) in what did not
    compile or could not be read (texts, lists and tables of them): an entry with a mistake
    of its own still counts as scheduling, setting and reading what it names."""
    names: set[str] = set()
    stack = list(unread)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            names.update(name for called, name in NAMED_CALL.findall(value) if called == call)
    return names


def check_graph(
    found: Findings,
    sc: Scenario,
    actions: dict[str, CompiledAction],
    events: dict[str, CompiledEvent],
    unread: Iterable[Any] = (),
    endings: Iterable[CompiledEnding] = (),
    others: Iterable[tuple[str, str, str, Compiled | None]] = (),
) -> None:
    """Zero-delay schedule cycles would loop forever, cycles that multiply fire ever more often;
    unreachable triggered events never fire; a flag read (by any expression: an event's text
    variants and the endings too) that nothing sets is a misspelling. ``unread``: what did not
    compile or could not be read, whose schedule() and set_flag() calls still count;
    ``others``: (kind, id, field, compiled) of the other expressions (postures, reactions)."""
    edges: dict[str, list[str]] = {}
    unread = list(unread)
    scheduled = named_in(unread, "schedule")
    flags_set = named_in(unread, "set_flag") | set(sc.flags)
    flags_read: dict[str, tuple[str, str, str]] = {}

    def note(
        kind: str, ident: str, fld: str, comp: Compiled | None, source_event: str | None
    ) -> None:
        if comp is None:
            return
        for target, fewest in comp.schedules:
            scheduled.add(target)
            if source_event is not None and fewest == 0:
                edges.setdefault(source_event, []).append(target)
        flags_set.update(comp.flags_set)
        for flag in comp.flags_read:
            flags_read.setdefault(flag, (kind, ident, fld))

    for aid, action in actions.items():
        for variant in action.variants.values():
            note("action", aid, "condition", variant.condition, None)
            note("action", aid, "cost", variant.cost, None)
            note("action", aid, "effects", variant.effects, None)
            for index, (_, comp, _) in enumerate(variant.delayed):
                note("action", aid, f"delayed[{index}].effects", comp, None)
    for eid, event in events.items():
        note("event", eid, "condition", event.condition, None)
        note("event", eid, "weight", event.weight, None)
        note("event", eid, "effects", event.effects, eid)
        for index, option in enumerate(event.options):
            note("event", eid, f"options[{index}].condition", option.condition, None)
            note("event", eid, f"options[{index}].effects", option.effects, eid)
        for index, (when, _) in enumerate(event.variants):
            note("event", eid, f"variants[{index}].when", when, None)
    for ending in endings:
        nid = ending.spec.id
        note("ending", nid, "condition", ending.condition, None)
        note("ending", nid, "score", ending.score, None)
        for index, grade in enumerate(ending.grades):
            note("ending", nid, f"grades[{index}].condition", grade.condition, None)
        for index, (when, _) in enumerate(ending.variants):
            note("ending", nid, f"variants[{index}].when", when, None)
    for kind, ident, fld, comp in others:
        note(kind, ident, fld, comp, None)
    check_runaways(found, events)  # follow-ups that multiply round a cycle
    for eid, event in events.items():
        if event.spec.triggered_only and eid not in scheduled:
            found.warn(
                "event", eid, "triggered_only", "nothing schedules this event, so it never fires"
            )
    check_history(found, sc, events, scheduled)
    for flag, (kind, ident, fld) in sorted(flags_read.items()):
        if flag not in flags_set:
            found.warn(
                kind, ident, fld, f"flag '{flag}' is read but never set{suggest(flag, flags_set)}"
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
                    found.err(
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


def needed_events(source: str) -> list[str]:
    """The events a condition needs to have fired: ``fired('x') > 0``, ``fired('x') >= 1``
    or ``fired('x')`` among the parts its top joins with ``and``."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
    needed = []
    for part in parts:
        if isinstance(part, ast.Compare) and len(part.ops) == 1:
            bound, op = part.comparators[0], part.ops[0]
            if not isinstance(bound, ast.Constant) or not isinstance(bound.value, int | float):
                continue
            if not (isinstance(op, ast.Gt) and bound.value >= 0) and not (
                isinstance(op, ast.GtE) and bound.value > 0
            ):
                continue
            part = part.left
        if (
            isinstance(part, ast.Call)
            and isinstance(part.func, ast.Name)
            and part.func.id == "fired"
            and len(part.args) == 1
            and isinstance(part.args[0], ast.Constant)
            and isinstance(part.args[0].value, str)
        ):
            needed.append(part.args[0].value)
    return needed


def check_history(
    found: Findings, sc: Scenario, events: dict[str, CompiledEvent], scheduled: set[str]
) -> None:
    """An event whose condition needs a dated event to have fired never fires in a scenario
    whose weeks miss that date (nothing else fires a dated event but a schedule())."""
    first, stop = scenario_days(sc)
    for eid, event in events.items():
        if not fires_in(event.spec, sc):
            continue  # warned of with its dates (check_event_dates)
        for needed in needed_events(event.condition.source):
            other = events.get(needed)
            day = other.spec.date if other is not None else None
            if day is None or needed in scheduled or first <= day < stop:
                continue
            if day < first:
                placed = f"before the scenario {_shown_days(sc)} starts"
                advice = (
                    "what happened before a scenario starts is history there: read a flag the"
                    " scenario sets in its flags instead (for another pack's event, change its"
                    " condition in the scenario's overrides)"
                )
            else:
                placed = f"after the scenario {_shown_days(sc)} ends"
                advice = f"give '{needed}' a date within the scenario's"
            found.warn(
                "event",
                eid,
                "condition",
                f"needs fired('{needed}') > 0, but '{needed}' is dated {day}, {placed}: it"
                f" never fires there, so neither does this event; {advice}",
            )


def check_start_flags(
    found: Findings, sc: Scenario, flags_named: set[str], unread: Iterable[Any] = ()
) -> None:
    """A flag a scenario sets at the start does something only where a condition reads it.
    One that no expression reads or sets (``flags_named``; ``unread``, what did not compile)
    is most likely misspelt; one an event also sets records that event's history, as the
    event would have, whether or not anything reads it yet."""
    unread = list(unread)
    read = flags_named | named_in(unread, "flag") | named_in(unread, "set_flag")
    for index, flag in enumerate(sc.flags):
        if flag not in read:
            found.warn(
                "scenario",
                sc.id,
                f"flags[{index}]",
                f"nothing reads the flag '{flag}'{suggest(flag, read)}, so setting it at the"
                f" start does nothing: a flag counts where a condition reads it with"
                f" flag('{flag}')",
            )


def scenario_days(sc: Scenario) -> tuple[dt.date, dt.date]:
    """The days a game of the scenario plays: from its start to the day after its last turn
    (the engine's turns, ``engine.turn.turn_window``: the last ends on ``end``)."""
    return sc.start, sc.end + dt.timedelta(days=1)


def fires_in(event: Event, sc: Scenario) -> bool:
    """Whether the event's date, or its window of dates, meets a turn of the scenario (as
    ``CompiledEvent.meets`` asks of each turn), and the scenario keeps it."""
    if event.id in sc.exclude_events:
        return False
    first, stop = scenario_days(sc)
    if event.date is not None:
        return first <= event.date < stop
    return (event.until is None or event.until >= first) and (
        event.after is None or event.after < stop
    )


def _pack(file: str) -> str:
    """The pack a content file is in, by its name (``my-pack/events.toml``: ``my-pack``)."""
    return file.split("/", 1)[0]


def _shown_days(sc: Scenario) -> str:
    first, stop = scenario_days(sc)
    return f"'{sc.id}' ({first} to {stop - dt.timedelta(days=1)})"


def check_event_dates(cs: ContentSet) -> list[Issue]:
    """An event with a date (or a window of dates) fires only in a scenario whose turns meet
    it. A pack's events are written for the pack's own scenarios: one that meets none of them
    never fires there, however many other packs' scenarios it meets; an event of a pack with
    no scenario of its own (or that they all leave out) must meet some scenario."""
    scenarios = list(cs.entities["scenario"].values())
    issues = []
    for event in cs.entities["event"].values():
        if (event.date is None and event.after is None and event.until is None) or not scenarios:
            continue
        file = cs.where("event", event.id)
        meets = [s for s in scenarios if fires_in(event, s)]
        own = [
            s
            for s in scenarios
            if _pack(cs.where("scenario", s.id)) == _pack(file) and event.id not in s.exclude_events
        ]
        if event.date is not None:
            fix = "give it a date within those dates"
        else:
            fix = "move its window to meet those dates"
        if own and not any(s in meets for s in own):
            plural = "s" if len(own) > 1 else ""
            owner = "scenarios'" if plural else "scenario's"
            message = (
                f"{_event_dates(event)} is outside the dates of this pack's scenario{plural}"
                f" {fmt.listed([_shown_days(s) for s in own])}, so it never fires there"
            )
            if meets:
                message += (
                    f" (only in {fmt.listed([repr(s.id) for s in meets])}): {fix}, or, if it is"
                    f" meant only for the others, add it to the {owner} exclude_events"
                )
            else:
                message += f", nor in any other scenario: {fix}"
        elif not meets:
            kept = [s for s in scenarios if event.id not in s.exclude_events]
            message = (
                f"{_event_dates(event)} is outside every scenario's dates"
                f" ({fmt.listed([_shown_days(s) for s in kept]) if kept else 'none keeps it'});"
                " it never fires"
            )
        else:
            continue
        missed = own or scenarios
        fld = "date" if event.date is not None else "after"
        until = event.until
        if event.date is None and until is not None and all(until < s.start for s in missed):
            fld = "until"  # the window closes before the scenarios open
        issues.append(Issue(file, event.id, fld, message, "warning", kind="event"))
    return issues


def _event_dates(event: Event) -> str:
    if event.date is not None:
        return f"dated {event.date}"
    window = ", ".join(
        f"{name} {day}"
        for name, day in (("after", event.after), ("until", event.until))
        if day is not None
    )
    return f"its window ({window})"


def collect(cs: ContentSet, by_scenario: Iterable[list[Issue]]) -> list[Issue]:
    """Every problem in a content set, deduplicated in the order found: loading, each
    scenario's own (``by_scenario``), then the checks that span the set."""
    issues = list(cs.issues)
    if not cs.entities["scenario"] and not any(i.severity == "error" for i in issues):
        issues.append(Issue(cs.files[0] if cs.files else "-", "", "", NO_SCENARIO))
    for found in by_scenario:
        issues.extend(found)
    issues.extend(check_event_dates(cs))
    return list(dict.fromkeys(issues))
