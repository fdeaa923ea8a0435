"""Discussion questions built from one student's own game: their choices, what followed,
their memos, what their advisors told them. The scenario's general questions come after."""

from __future__ import annotations

from typing import Any

from diplomacy_game import fmt
from diplomacy_game.classroom.scoring import shown_scores
from diplomacy_game.classroom.summary import memo_by
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState

MAX_QUESTIONS = 5


def choice_words(cf: dict[str, Any]) -> str:
    """The decision that mattered most, said to the student who made it: "your answer to
    “Event”: Option", or the action's name."""
    what = cf["what"]
    if what.startswith("the answer to "):
        return "your" + what[len("the") :]
    if what == "everything done that turn":
        return "everything you did that turn"
    return what


def _family_turns(ruleset: Ruleset, state: GameState, family: str) -> list[tuple[int, str]]:
    """(turn, action name) for every action of this family the student took."""
    out = []
    for turn, logged in enumerate(state.decisions, 1):
        for a in logged.get("actions", []):
            action = ruleset.actions.get(a["id"])
            if action is not None and action.spec.family == family:
                out.append((turn, action.spec.name))
    return out


def _posture_after(ruleset: Ruleset, state: GameState, turn: int) -> str:
    """The President's answer in the turn of the decision and the next, in words."""
    names = [
        ruleset.postures[r["us_posture"]].spec.name
        for r in state.history
        if turn <= r["turn"] <= turn + 1 and r["us_posture"] in ruleset.postures
    ]
    return " and then ".join(dict.fromkeys(names))


def questions(
    ruleset: Ruleset,
    state: GameState,
    counterfactual: dict[str, Any] | None,
    readings: list[dict[str, Any]],
) -> list[str]:
    """Up to five questions about this student's game, most telling first."""
    out: list[str] = []
    if counterfactual:
        cf = counterfactual
        other, mine, delta = shown_scores(cf)
        ending, my_ending = fmt.in_sentence(cf["ending"]), fmt.in_sentence(cf["mine"]["ending"])
        # What the replay found: another course (news, US answers), the figures alone, or
        # nothing; a question never says more than that.
        differs = cf.get("differs", "events")
        ask = {
            "events": "what did it actually set in motion?",
            "figures": "what did it actually change?",
        }.get(differs, "why did it change nothing?")
        if cf["ending"] != cf["mine"]["ending"]:
            change = f"would have ended in {ending} instead of {my_ending}"
        elif delta != 0:
            change = (
                f"would still have ended in {ending}, with an outcome score of "
                f"{other} instead of {mine}"
            )
        elif differs == "events":
            change = (
                f"would have ended the same way, in {ending} with the same outcome "
                f"score ({mine}), though the game took another course"
            )
        elif differs == "figures":
            change = (
                f"would have ended the same way, in {ending} with the same outcome "
                f"score ({mine}), after the same events and US answers: only the figures "
                "differed"
            )
        else:
            change = (
                f"would have been the same game, ending in {ending} with the same "
                f"outcome score ({mine})"
            )
        out.append(
            f"Without {choice_words(cf)} on turn {cf['turn']}, your game {change}. What did you "
            f"expect that choice to do when you made it, and {ask}"
        )
        memo = ""
        if 0 < cf["turn"] <= len(state.decisions):
            logged = state.decisions[cf["turn"] - 1]
            # Only the student's own words: a memo a strategy filled in is never theirs.
            if memo_by(logged) == "person":
                memo = (logged.get("memo") or "").strip()
        if memo and memo != "-":
            stop = "" if memo[-1:] in ".!?" else "."  # not '"... lost.".'
            out.append(
                f'Your memo on turn {cf["turn"]} said: "{memo}"{stop} Knowing what followed, '
                "was the reasoning right, and what would you write now?"
            )
    hits = _family_turns(ruleset, state, "retaliation")
    if hits:
        turn, name = hits[0]
        answer = _posture_after(ruleset, state, turn)
        times = "once" if len(hits) == 1 else f"{len(hits)} times"
        out.append(
            f"You first hit back on turn {turn} ({name}); the President {answer}. "
            f"You retaliated {times} in all. Did it win more than it cost Canadians in prices "
            "and in the President's temper?"
        )
    gave = _family_turns(ruleset, state, "concession")
    if gave:
        listed = "; ".join(f"{name} (turn {turn})" for turn, name in gave[:4])
        more = f" and {len(gave) - 4} more" if len(gave) > 4 else ""
        out.append(
            f"Your concessions: {listed}{more}. Did Washington give anything lasting in return, "
            "or did the goalposts move? Would you concede the same again?"
        )
    idle = [t for t, d in enumerate(state.decisions, 1) if not d.get("actions")]
    if len(idle) >= 2:
        which = (
            f"on any of your {len(idle)} turns"
            if len(idle) == len(state.decisions)
            else f"on {len(idle)} turns ({', '.join(map(str, idle[:6]))}"
            f"{'...' if len(idle) > 6 else ''})"
        )
        out.append(
            f"You took no action {which}. When is waiting a strategy, and when is it "
            "a choice made by default?"
        )
    wrong = [r for r in readings if r["band"] != r["truth"]]
    if wrong:
        r = wrong[0]
        out.append(
            f"{r['advisor']} read {fmt.in_sentence(r['label'])} as {r['band']}; in fact it was "
            f"{r['truth']}. Which advisor did you trust, and what would have told you otherwise?"
        )
    ending = state.ending or {}
    if ending.get("id") == "limbo":
        out.append(
            "Your game ended in annual-review limbo. For Canada, is that a loss, a draw or a win, "
            "and what would it have taken to get a renewal?"
        )
    return out[:MAX_QUESTIONS]
