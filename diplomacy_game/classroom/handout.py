"""A student handout of a scenario's actions: what each does, its political capital, its
fiscal cost in Canadian dollars, how often it can be taken, its settings and when it is not
available, in words (never an expression or an internal id). Printed as text, or written as
Markdown or a self-contained HTML page for a printer or a class website."""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.classroom.scoring import counts_as_given
from diplomacy_game.engine.game import check_action, default_params, new_game
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.text.actions import action_facts, refill_steps
from diplomacy_game.text.figures import FAMILY_TITLES

MAX_COMBINATIONS = 200  # settings tried to state how the capital cost depends on them
HANDOUT_SEED = 0  # the opening of a scenario does not depend on the seed


@dataclass
class ActionEntry:
    """One action as the handout prints it."""

    name: str
    family: str
    what: str  # what it does (the content's description)
    advice: str  # what the advisors expect (the content's hint)
    capital: str  # political capital, in words when it depends on the settings
    fiscal: list[str]  # its cost in C$, or what it adds to fiscal room
    limits: list[str]  # how often: once a game, rests N turns
    settings: list[str]  # "Sector: Steel, Aluminum, ..."
    not_when: str  # when it cannot be taken, in the content's words
    effects: list[str] = field(default_factory=list)  # visible figures it sets or moves
    score: str = ""  # whether the outcome score counts it as given away ("" when no one asks)


@dataclass
class Handout:
    title: str
    scenario_id: str
    period: str
    capital_rule: str
    families: list[tuple[str, list[ActionEntry]]]


def build_handout(ruleset: Ruleset) -> Handout:
    """Every action of the scenario, grouped by family as the game groups them."""
    state = new_game(ruleset, HANDOUT_SEED)
    entries: dict[str, list[ActionEntry]] = {}
    for action_id, action in ruleset.actions.items():
        entries.setdefault(action.spec.family, []).append(_entry(ruleset, state, action_id))
    order = [f for f in FAMILY_TITLES if f in entries] + sorted(set(entries) - set(FAMILY_TITLES))
    sc = ruleset.scenario
    return Handout(
        title=sc.title,
        scenario_id=sc.id,
        period=(
            f"{fmt.date(sc.start)} to {fmt.date(sc.end)}: {sc.turns} turns of "
            f"{fmt.days(sc.turn_days)}"
        ),
        capital_rule=capital_rule(ruleset, state),
        families=[
            (FAMILY_TITLES.get(f, fmt.humanize(f)), sorted(entries[f], key=lambda e: e.name))
            for f in order
        ],
    )


def capital_rule(ruleset: Ruleset, state: GameState) -> str:
    """How political capital refills, read from the scenario's own rule at every level of
    approval, with the capital a game starts with and the cap."""
    start = fmt.number(state.values["capital"], 1, trim=True)
    cap = fmt.number(ruleset.scenario.capital.max, 1, trim=True)
    return (
        f"Political capital pays for actions. You start with {start}; at the end of every turn"
        f" it refills by {refill_steps(ruleset, state)}. What you do not spend is kept, up to {cap}."
    )


def _entry(ruleset: Ruleset, state: GameState, action_id: str) -> ActionEntry:
    spec = ruleset.actions[action_id].spec
    settings = []
    for p in spec.params:
        values = p.values if p.kind == "number" else p.choices
        shown = [fmt.param_value(ruleset, action_id, p.name, v) for v in values]
        settings.append(f"{_param_label(p)}: {', '.join(shown)}")
    facts = [_general(ruleset, action_id, f) for f in _facts(ruleset, state, action_id)]
    money = [f for f in facts if "fiscal room" in f]
    fiscal = money
    if money and all(f.startswith("Adds ") for f in money):  # revenue, not a cost
        fiscal = ["None.", *(f"It {fmt.in_sentence(f)}" for f in money)]
    by_level = _money_by_level(ruleset, state, action_id)
    if by_level:  # the sums follow a level the student chooses: each level's, not the default's
        fiscal = by_level
    limits = [f for f in facts if f.startswith(("Can be taken", "After it is taken"))]
    effects = [f for f in facts if f not in money and f not in limits]  # each fact said once
    return ActionEntry(
        name=spec.name,
        family=spec.family,
        what=spec.description,
        advice=spec.hint,
        capital=capital_cost(ruleset, state, action_id),
        fiscal=fiscal or ["None."],
        limits=limits or ["Any turn, as often as you can pay for it."],
        settings=settings,
        not_when=_not_when(spec),
        effects=effects,
        score=score_line(ruleset, action_id),
    )


# A concession the outcome score does not count, and any other action it does: said on the
# action, where the grouping alone would mislead (a critical-minerals pact is an offer among
# the concessions, and Washington does not take it as one).
COUNTED = "Counts against it as something given away to Washington."
NOT_COUNTED = "Not counted against it as given away: Washington does not take it as a concession."


def score_line(ruleset: Ruleset, action_id: str) -> str:
    """What the outcome score makes of an action, for the concessions (each is asked about) and
    for any other action it counts as given away; "" for the rest."""
    counted = counts_as_given(ruleset, action_id)
    if ruleset.actions[action_id].spec.family == "concession":
        return COUNTED if counted else NOT_COUNTED
    return COUNTED if counted else ""


def _param_label(param: Any) -> str:
    """A setting's name without the unit its values carry ("Counter-tariff, %")."""
    label = (param.label or fmt.humanize(param.name)).split(",")[0].strip()
    return fmt.sentence_start(label)


def _facts(ruleset: Ruleset, state: GameState, action_id: str) -> list[str]:
    return action_facts(ruleset, state, action_id, default_params(ruleset, action_id))


def _money_by_level(ruleset: Ruleset, state: GameState, action_id: str) -> list[str]:
    """What an action costs or adds in fiscal room at each value of a level the student
    chooses ("At 10: ... C$200M. At 25: ... C$500M."), when the sums follow it; else []."""
    spec = ruleset.actions[action_id].spec
    defaults = default_params(ruleset, action_id)
    for p in spec.params:
        if p.kind != "number" or len(p.values) < 2:
            continue
        said: list[tuple[str, list[str]]] = []
        for v in p.values:
            facts = action_facts(ruleset, state, action_id, {**defaults, p.name: v})
            money = [_general(ruleset, action_id, f) for f in facts if "fiscal room" in f]
            said.append((fmt.param_value(ruleset, action_id, p.name, v), money))
        if len({tuple(money) for _, money in said}) > 1:
            return [f"At {shown}: {' '.join(money) or 'none.'}" for shown, money in said]
    return []


def _general(ruleset: Ruleset, action_id: str, fact: str) -> str:
    """A fact stated for the default settings, said of whichever setting is chosen."""
    spec = ruleset.actions[action_id].spec
    for p in spec.params:
        default = default_params(ruleset, action_id)[p.name]
        shown = fmt.param_value(ruleset, action_id, p.name, default)
        # a setting labelled as a question ("Which material?") is named by its name
        noun = _param_label(p) if not _param_label(p).endswith("?") else fmt.humanize(p.name)
        chosen = (
            "the level you choose" if p.kind == "number" else f"the chosen {fmt.in_sentence(noun)}"
        )
        for said in (shown, fmt.in_sentence(shown)):  # a sector's name is lower-cased mid-sentence
            if said and said in fact:
                fact = fact.replace(said, chosen)
    return fact


def _not_when(spec: Any) -> str:
    if spec.unavailable_text:
        return spec.unavailable_text
    if spec.condition is True or spec.condition == "true":
        return ""
    return "Only when the situation allows; the game says why when it does not."


def capital_cost(ruleset: Ruleset, state: GameState, action_id: str) -> str:
    """The political capital an action costs: one figure, or the cost for each value of the
    setting it depends on ("1 at 10% or 25%; 2 at 50% or 100%")."""
    spec = ruleset.actions[action_id].spec
    names = [p.name for p in spec.params]
    choices = [p.values if p.kind == "number" else p.choices for p in spec.params]
    combos = list(itertools.islice(itertools.product(*choices), MAX_COMBINATIONS))
    costs = {}
    for combo in combos:
        params = dict(zip(names, combo, strict=True))
        costs[combo] = check_action(ruleset, state, action_id, params)[0]
    distinct = sorted(set(costs.values()))
    if len(distinct) == 1:
        return fmt.number(distinct[0], 1, trim=True)
    for index, name in enumerate(names):
        by_value: dict[Any, set[float]] = {}
        for combo, cost in costs.items():
            by_value.setdefault(combo[index], set()).add(cost)
        if all(len(c) == 1 for c in by_value.values()):  # this setting alone decides
            groups: dict[float, list[str]] = {}
            for value, (cost,) in by_value.items():
                groups.setdefault(cost, []).append(fmt.param_value(ruleset, action_id, name, value))
            return "; ".join(
                f"{fmt.number(cost, 1, trim=True)} at {' or '.join(shown)}"
                for cost, shown in sorted(groups.items())
            )
    low, high = fmt.number(distinct[0], 1, trim=True), fmt.number(distinct[-1], 1, trim=True)
    return f"{low} to {high}, depending on the settings"


# --- rendering ------------------------------------------------------------------------------

INTRO = (
    "Each turn you spend political capital on actions and answer the events of the day. "
    "The advisors' expectations are what they expect, not a promise: Washington and the "
    "groups at home answer in their own way."
)


def _lines(entry: ActionEntry) -> list[tuple[str, str]]:
    rows = [("What it does", entry.what or entry.advice)]
    if entry.what and entry.advice:
        rows.append(("Advisors expect", entry.advice))
    rows.append(("Political capital", entry.capital))
    rows.append(("Fiscal cost", " ".join(entry.fiscal)))
    if entry.effects:
        rows.append(("Also", " ".join(entry.effects)))
    rows.append(("How often", " ".join(entry.limits)))
    rows.extend(("Setting", s) for s in entry.settings)
    if entry.not_when:
        rows.append(("Not available when", entry.not_when))
    if entry.score:
        rows.append(("Outcome score", entry.score))
    return rows


def render_text(h: Handout) -> str:
    import textwrap

    out = [f"{h.title}: the actions", h.period, "", *textwrap.wrap(INTRO, 92)]
    out += [*textwrap.wrap(h.capital_rule, 92), ""]
    for family, entries in h.families:
        out += [f"== {family} ==", ""]
        for e in entries:
            out.append(e.name)
            for label, text in _lines(e):
                out += textwrap.wrap(
                    f"{label}: {text}", 92, initial_indent="  ", subsequent_indent="      "
                )
            out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    """Text from content, safe inside a Markdown line (no stray emphasis, links or HTML)."""
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def render_markdown(h: Handout) -> str:
    out = [f"# {_md(h.title)}: the actions", "", f"*{_md(h.period)}*", "", INTRO, ""]
    out += [_md(h.capital_rule), ""]
    for family, entries in h.families:
        out += [f"## {_md(family)}", ""]
        for e in entries:
            out += [f"### {_md(e.name)}", ""]
            out += [f"- **{label}:** {_md(text)}" for label, text in _lines(e)]
            out.append("")
    return "\n".join(out)


STYLE = """
body{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;
line-height:1.45;color:#1b1b1b}
h1{font-size:1.5rem}h2{border-bottom:2px solid #c8102e;padding-bottom:.2rem;margin-top:2rem}
section{break-inside:avoid;border:1px solid #ddd;border-radius:.4rem;padding:.2rem .9rem;
margin:.8rem 0}
h3{margin:.5rem 0}dl{display:grid;grid-template-columns:11rem 1fr;gap:.2rem .8rem;margin:.4rem 0}
dt{font-weight:600}dd{margin:0}
@media (max-width:36rem){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}
@media print{body{max-width:none}section{border-color:#999}}
"""


def render_html(h: Handout) -> str:
    e_ = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e_(h.title)}: the actions</title><style>{STYLE}</style></head><body>",
        f"<h1>{e_(h.title)}: the actions</h1>",
        f"<p><em>{e_(h.period)}</em></p><p>{e_(INTRO)}</p><p>{e_(h.capital_rule)}</p>",
    ]
    for family, entries in h.families:
        parts.append(f"<h2>{e_(family)}</h2>")
        for entry in entries:
            rows = "".join(f"<dt>{e_(k)}</dt><dd>{e_(v)}</dd>" for k, v in _lines(entry))
            parts.append(f"<section><h3>{e_(entry.name)}</h3><dl>{rows}</dl></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDER = {"text": render_text, "md": render_markdown, "html": render_html}
