"""An action in words before it is chosen: what it does to the figures a player sees, when
it can be taken again, and how political capital refills.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt

if TYPE_CHECKING:
    from diplomacy_game.engine.context import TurnContext
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState


# --- an action before it is chosen -----------------------------------------------------------

_EFFECT = re.compile(r"^\s*([\w.$]+)\s*(\+=|-=|\*=|=)\s*(.+?)\s*$")
# said after the groups an action's pressure moves: why a player should care
PRESSURE_AT_HOME = "Pressure at home weighs on approval at the end of each turn."


def _literal(text: str, params: dict[str, Any]) -> float | None:
    """The number an effect's right-hand side comes to with the settings chosen: a number, a
    ``param.X``, or arithmetic of them ("param.share / 50"); else None (it reads the game).
    The content language's own bounds of an expression (``expr.value_bounds``), with each
    setting's value as its range: one value when nothing else is read."""
    import ast

    from diplomacy_game.engine.expr import value_bounds

    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return None
    chosen = {
        f"param.{name}": (float(v), float(v))
        for name, v in params.items()
        if isinstance(v, int | float)
    }
    lo, hi, nan = value_bounds(tree.body, chosen)
    return lo if lo == hi and not nan and math.isfinite(lo) else None


def _fill(effect: str, ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> str:
    action = ruleset.actions[action_id]
    for p in action.spec.params:
        if p.kind != "number" and p.name in params:
            effect = effect.replace(f"${p.name}", str(params[p.name]))
    return effect


def cooling_text(state: GameState, wait: int) -> str:
    """ "back in 2 turns (turn 7)" for an action resting ``wait`` more turns after use
    (``ActionOption.wait``); "not again in this game" when it would be back only after the
    last turn; "" for one that is not resting."""
    if wait <= 0:
        return ""
    if rests_past_the_end(state, wait):
        return "not again in this game"
    return f"back in {fmt.turns(wait)} (turn {state.turn + 1 + wait})"


def rests_past_the_end(state: GameState, wait: int) -> bool:
    """Whether an action resting ``wait`` more turns would be back only after the last turn."""
    return wait > 0 and state.turn + 1 + wait > state.last_turn


def action_facts(
    ruleset: Ruleset,
    state: GameState,
    action_id: str,
    params: dict[str, Any],
    plan: Mapping[str, dict[str, Any]] | None = None,
    answers: Mapping[str, str] | None = None,
) -> list[str]:
    """What the content says an action does to the figures a player sees, in words: money
    out of fiscal room, support paid to sectors and for how long, the visible figures it
    sets or moves, and how often it can be taken. Its effects on Washington and on groups
    at home are left to the advisors' words (the hint). ``plan`` (this turn's actions, in
    the order they are taken) and ``answers`` (this turn's answers to events): what the
    turn does before this action, which the move of approval it sets off is worked out
    after, as the turn works it out."""
    action = ruleset.actions.get(action_id)
    if action is None:
        return []
    spec = action.spec
    ends = {}
    for delayed in spec.delayed:
        for effect in delayed.effects:
            m = _EFFECT.match(_fill(effect, ruleset, action_id, params))
            if m and m.group(1).endswith(".support") and m.group(2) == "-=":
                ends[m.group(1)] = delayed.after
    effects = [_fill(effect, ruleset, action_id, params) for effect in spec.effects]
    ctx = turn_so_far(ruleset, state, action_id, plan or {}, answers or {})
    out = effect_facts(ruleset, state, effects, params, ends, float(ctx.values["fiscal_room"]))
    out.extend(_reactions_at_home(ruleset, ctx, action_id, params))
    if spec.max_uses == 1:
        out.append("Can be taken once in a game.")
    elif spec.max_uses:
        out.append(f"Can be taken {spec.max_uses} times in a game.")
    if spec.cooldown:
        out.append(f"After it is taken, it rests {fmt.turns(spec.cooldown)}.")
    return out


def option_facts(ruleset: Ruleset, state: GameState, event_id: str, option_id: str) -> list[str]:
    """What an answer to a waiting event does to the figures a player sees, as an action's
    facts say it (money out of fiscal room, support to sectors, visible figures), so that an
    answer that costs money says so before it is given."""
    event = ruleset.events.get(event_id)
    options = event.spec.options if event is not None else []
    option = next((o for o in options if o.id == option_id), None)
    if option is None:
        return []
    return effect_facts(ruleset, state, [str(e) for e in option.effects], {}, {})


def taken_if_unanswered(options: list[dict[str, Any]]) -> str | None:
    """The id of the option a waiting event takes when the turn ends with no answer, as the
    turn engine picks it (``engine.turn.option_chosen``): the one marked as the default (the
    first when none is) if it is open now, else the first open one; None when none is open.
    ``options``: a waiting event's, each with its ``default`` and ``available``."""
    default = next((o for o in options if o.get("default")), options[0] if options else None)
    if default is not None and default.get("available"):
        return str(default["id"])
    return next((str(o["id"]) for o in options if o.get("available")), None)


def effect_facts(
    ruleset: Ruleset,
    state: GameState,
    effects: list[str],
    params: dict[str, Any],
    ends: dict[str, int],
    room: float | None = None,
) -> list[str]:
    """Effects (written as the content writes them, settings filled in) in words; ``ends``:
    the turns after which a support paid by them stops, by its figure; ``room``: the fiscal
    room left when they apply (today's, if not given), so a cost beyond it says where the room
    goes."""
    if room is None:
        room = float(state.values.get("fiscal_room", 0.0))
    out: list[str] = []
    support: dict[str, list[str]] = {}  # how long -> "Steel C$2.0B"
    for effect in effects:
        m = _EFFECT.match(effect)
        if m is None:
            continue
        target, op, rhs = m.groups()
        value = _literal(rhs, params)
        parts = target.split(".")
        if target == "fiscal_room" and op in ("+=", "-=") and value is not None:
            way = "Costs" if op == "-=" else "Adds"
            fact = f"{way} {fmt.money(value)} {'of' if op == '-=' else 'to'} fiscal room"
            if op == "-=" and value > room + 1e-9:  # the room goes below zero: said, not hidden
                fact += (
                    f", more than the {fmt.money(room)} left: the room goes below zero, to "
                    f"{fmt.money(room - value)}"
                )
            out.append(f"{fact}.")
        elif len(parts) == 3 and parts[0] == "sector" and parts[2] == "support" and value:
            if op != "+=":
                continue
            lasting = (
                f" for {fmt.turns(ends[target])} ({fmt.days(ends[target] * state.turn_days)})"
                if target in ends
                else ""
            )
            sector = fmt.sector_name(ruleset, parts[1])
            support.setdefault(lasting, []).append(f"{sector} {fmt.money(value)}")
        elif len(parts) == 3 and parts[0] == "sector" and parts[2] in fmt.SECTOR_FIGURES:
            sector = fmt.in_sentence(fmt.sector_name(ruleset, parts[1]))
            what = f"{fmt.SECTOR_FIGURES[parts[2]].label} on {sector}"
            if op == "=" and value is not None:
                to = fmt.shown(target, value, ruleset)
                if (
                    target in state.values
                    and fmt.shown(target, state.values[target], ruleset) == to
                ):
                    # already there: "Sets the counter-tariff on dairy to 0%" read as if one
                    # were in force; a setting chosen (a level, a sector) says it moves nothing
                    if params:
                        out.append(f"Leaves the {what} at {to}, where it is now.")
                    continue
                out.append(f"Sets the {what} to {to}.")
            elif floor := re.match(r"max\(.*,\s*([\d.]+)\s*\)$", rhs):
                level = fmt.shown(target, float(floor.group(1)), ruleset)
                out.append(f"Raises the {what} to at least {level}.")
            elif op in ("+=", "-=") and value is not None and target in state.values:
                out.append(_moves_by(ruleset, state, target, what, value if op == "+=" else -value))
            else:
                out.append(f"Changes the {what}.")
        elif target in fmt.FIGURES and target not in {r.variable for r in ruleset.readings}:
            label = fmt.figure(target, ruleset).label
            if op in ("+=", "-=") and value is not None:
                shift = value if op == "+=" else -value
                # one place finer than the figure, as a cause is: +0.5 of approval, not "+1"
                out.append(f"{label} {fmt.contribution(target, shift, ruleset)}.")
            else:
                out.append(f"Moves {fmt.in_sentence(label)}.")
    for lasting, items in support.items():
        out.append(f"Support a year, paid from fiscal room: {', '.join(items)}{lasting}.")
    return out


def turn_so_far(
    ruleset: Ruleset,
    state: GameState,
    action_id: str,
    plan: Mapping[str, dict[str, Any]],
    answers: Mapping[str, str],
) -> TurnContext:
    """A copy of the game as the turn leaves it when ``action_id`` is taken: the answers to
    events given, then the actions of ``plan`` before it (all of them when it is not in the
    plan), as the turn applies them. An answer or action that cannot be taken is left out
    (the plan's own checks say why)."""
    from diplomacy_game.engine.game import ActionPlanner, preview_context
    from diplomacy_game.model.decisions import DecisionError

    if not plan and not answers:
        return preview_context(ruleset, state)
    try:
        planner = ActionPlanner(ruleset, state, dict(answers))
    except DecisionError:
        planner = ActionPlanner(ruleset, state, {})
    for other, params in plan.items():
        if other == action_id:
            break
        planner.try_add(other, dict(params))
    return planner.ctx


def _moves_by(ruleset: Ruleset, state: GameState, target: str, what: str, shift: float) -> str:
    """A sector's figure moved by a set amount, from today's value to where it would be
    (within the figure's bounds): "Lowers the US tariff on steel from 50% to 35%."."""
    from diplomacy_game.engine.game import preview_context

    now = float(state.values[target])
    after = float(preview_context(ruleset, state).clamp_value(target, now + shift))
    now_text, after_text = fmt.shown(target, now, ruleset), fmt.shown(target, after, ruleset)
    if now_text == after_text:
        return f"Leaves the {what} at {now_text}."
    verb = "Raises" if after > now else "Lowers"
    return f"{verb} the {what} from {now_text} to {after_text}."


def _reactions_at_home(
    ruleset: Ruleset, ctx: TurnContext, action_id: str, params: dict[str, Any]
) -> list[str]:
    """What an action's tags set off at home as it is taken: the reactions' move of approval
    (praise of the President reads as weakness: approval -0.03 x resolve, worked out at the
    values the turn reaches when it is taken, ``turn_so_far``) and the groups whose pressure it raises or eases, by its own effects and
    its tags together, which weighs on approval at the end of the turn. Shown beside the effects the content states outright, so a cost
    in approval is as plain before the choice as a gain."""
    from diplomacy_game.engine import domestic

    out: list[str] = []
    action = ruleset.actions[action_id]
    tags = action.spec.tags
    variant = action.variants.get(tuple(str(params.get(n, "")) for n in action.choice_params))
    before = float(ctx.values["approval"])
    pressures = [f"group.{g.id}.pressure" for g in ruleset.groups]
    start = {n: float(ctx.values.get(n, 0.0)) for n in pressures}
    direct = 0.0
    if variant is not None and variant.effects is not None:  # its own effects come first
        ctx.with_params(params)
        variant.effects.fn(ctx)
        direct = float(ctx.values["approval"]) - before  # stated above, from the content
    # a group's pressure moves by the action's own effects (the pipeline raises British
    # Columbia's) and by its tags' pushes (``major_projects`` eases it): the sum is what moves
    moves = {n: float(ctx.values.get(n, 0.0)) - start[n] for n in pressures}
    for tag in tags:
        for reaction in ruleset.reactions.get(tag, ()):
            reaction.fn(ctx)
    moved = float(ctx.values["approval"]) - before - direct
    if fmt.contribution("approval", moved, ruleset) != "±0":
        out.append(f"Approval {fmt.contribution('approval', moved, ruleset)} at once.")
    names = {
        f"group.{g.id}.pressure": fmt.in_sentence(g.name.split(" (")[0]) for g in ruleset.groups
    }
    for name, push in domestic.tag_pushes(ruleset, tags):
        if name in moves:
            moves[name] += push
    rises = [names[n] for n in pressures if moves[n] > 1e-9 and n in names]
    eases = [names[n] for n in pressures if moves[n] < -1e-9 and n in names]
    if rises or eases:
        # "Raises the pressure from business and eases it from Ontario and unions."
        if rises:
            moved_text = f"Raises the pressure from {fmt.listed(rises)}"
            if eases:
                moved_text += f" and eases it from {fmt.listed(eases)}"
        else:
            moved_text = f"Eases the pressure from {fmt.listed(eases)}"
        out.append(f"{moved_text}. {PRESSURE_AT_HOME}")
    return out


# --- political capital ---------------------------------------------------------------------


def capital_refill(ruleset: Ruleset, state: GameState, approval: float | None = None) -> float:
    """The capital the scenario adds at the end of a turn, at today's approval (or at the
    approval given), before the cap."""
    from diplomacy_game.engine.game import preview_context

    ctx = preview_context(ruleset, state)
    if approval is not None:
        ctx.values["approval"] = float(approval)
    return max(0.0, float(ruleset.capital_per_turn(ctx)))


def capital_overflow(ruleset: Ruleset, state: GameState, kept: float) -> str:
    """What of the end-of-turn refill (at today's approval) the cap would waste with ``kept``
    left unspent: "" when it all fits, else a sentence saying how much is lost."""
    if last_turn_capital(state, kept):
        return ""  # no refill comes after the last turn
    refill = capital_refill(ruleset, state)
    most = ruleset.scenario.capital.max
    lost = min(refill, kept + refill - most)
    if lost <= 0:
        return ""
    return (
        f"Of the +{fmt.capital(refill)} at the end of the turn, {fmt.capital(lost)} would be "
        f"lost above the most you can hold ({fmt.capital(most)}) unless you spend it now."
    )


def last_turn_capital(state: GameState, kept: float) -> str:
    """On the turn the game ends with, what becomes of the capital not spent: no refill
    follows it ("" on any turn before)."""
    if state.turn + 1 < state.last_turn:
        return ""
    if kept <= 0:
        return "This is the last turn: no refill follows it."
    return (
        f"This is the last turn: the {fmt.capital(kept)} political capital not spent now"
        " goes unused."
    )


def refill_steps(ruleset: Ruleset, state: GameState) -> str:
    """The scenario's refill at each level of approval where it changes: "2 below 45%
    approval, 3 from 45%, 4 from 55%" (read from the scenario's own rule, not restated)."""
    steps: list[tuple[int, float]] = []
    for approval in range(0, 101):
        refill = capital_refill(ruleset, state, approval)
        if not steps or refill != steps[-1][1]:
            steps.append((approval, refill))
    parts = []
    for i, (start, refill) in enumerate(steps):
        amount = fmt.capital(refill)
        if len(steps) == 1:
            parts.append(amount)
        elif i == 0:
            parts.append(f"{amount} below {steps[1][0]}% approval")
        else:
            parts.append(f"{amount} from {start}%")
    return ", ".join(parts)


def refill_at_risk(ruleset: Ruleset, state: GameState, within: float = 3.0) -> str:
    """When approval sits less than ``within`` points above a step of the refill rule, what the
    refill would be below it: "+2 if approval ends the turn below 45%" (the refill reads
    approval at the end of the turn, after the turn's own moves); '' otherwise."""
    exact = float(state.values.get("approval", 0.0))
    now = capital_refill(ruleset, state)
    for tenths in range(1, int(within * 10) + 1):
        below = exact - tenths / 10
        lower = capital_refill(ruleset, state, below)
        if lower < now:
            step = math.ceil(below)  # the rule's steps are whole percentages
            return f"+{fmt.capital(lower)} if approval ends the turn below {step}%"
    return ""


def approval_near_step(ruleset: Ruleset, state: GameState) -> str:
    """Approval to a tenth ("44.8%") when the figure as shown ("45%") would sit on the other
    side of a step of the refill rule ("3 from 45%") than the approval the refill reads; ''
    otherwise."""
    exact = float(state.values.get("approval", 0.0))
    at_shown = capital_refill(ruleset, state, fmt.rounded(exact, fmt.figure("approval").digits))
    if at_shown == capital_refill(ruleset, state):
        return ""
    return fmt.shown("approval", exact, ruleset, finer=1)


def capital_rule(ruleset: Ruleset, state: GameState) -> str:
    """How political capital refills, read from the scenario's own rule: the refill at each
    level of approval where it changes, and the cap."""
    cap = fmt.capital(ruleset.scenario.capital.max)
    now = fmt.capital(capital_refill(ruleset, state))
    approval = approval_near_step(ruleset, state) or fmt.shown(
        "approval", float(state.values.get("approval", 0.0)), ruleset
    )
    return (
        f"Political capital (◆) pays for actions. At the end of every turn it refills by "
        f"{refill_steps(ruleset, state)}; what you do not spend is kept, but you can never hold "
        f"more than "
        f"{cap}. The header shows what is left of this turn's capital: when approval falls, "
        f"the refill falls with it, so the next turn starts with less. At {approval} approval "
        f"the refill is {now}."
    )
