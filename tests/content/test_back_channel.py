"""The back channel says what it bought when the talks reopened by another road, and the
energy chapter eases Alberta only for an offer on energy."""

from __future__ import annotations

from collections import Counter

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import ActionChoice, Decision

BACK_CHANNEL = Decision(actions=[ActionChoice(id="back_channel")])


def test_a_back_channel_overtaken_by_the_leblanc_greer_meeting_says_so():
    """The Review Sprint opens with the talks broken off, and LeBlanc's meeting with Greer on
    6 March 2026 reopens them in the first turn: a back channel opened that turn is told what
    it bought (the affront eased), not left to vanish."""
    ruleset = load_ruleset("review-sprint")
    state = new_game(ruleset, 3)
    affront = state.values["us.affront"]
    state, report = resolve_turn(ruleset, state, BACK_CHANNEL)
    assert "leblanc_greer_meeting" in [e["id"] for e in report.events]
    assert state.values["talks.stalled"] == 0
    assert state.values["us.affront"] < affront
    state, report = resolve_turn(ruleset, state, Decision())
    told = {e["id"]: e["text"] for e in report.events}
    assert "back_channel_overtaken" in told
    assert "LeBlanc's meeting with Jamieson Greer has already" in told["back_channel_overtaken"]
    assert not {"talks_resume", "talks_resume_refused"} & set(told)


def test_a_back_channel_still_stalled_gets_an_answer_and_is_not_overtaken():
    ruleset = load_ruleset("review-sprint")
    for seed in range(1, 9):
        state = new_game(ruleset, seed)
        state, _ = resolve_turn(ruleset, state, BACK_CHANNEL)
        state.values["talks.stalled"] = 1.0  # as if the meeting had not reopened them
        _, report = resolve_turn(ruleset, state, Decision())
        fired = {e["id"] for e in report.events} & {
            "talks_resume",
            "talks_resume_refused",
            "back_channel_overtaken",
        }
        assert len(fired) == 1 and "back_channel_overtaken" not in fired, (seed, fired)


def _alberta_after_the_chapter(taken: list[str]) -> float:
    ruleset = load_ruleset("second-visit")
    state = new_game(ruleset, 1)
    for action in taken:
        state.taken[action] = [1, 0]
    ctx = TurnContext(ruleset, state, None)
    before = state.values["group.alberta.pressure"]
    ruleset.events["deal_energy_chapter"].effects(ctx.with_params({}))
    return state.values["group.alberta.pressure"] - before


def test_the_energy_chapter_eases_alberta_for_energy_not_for_minerals_alone():
    assert _alberta_after_the_chapter(["energy_partnership"]) == -4
    assert _alberta_after_the_chapter(["energy_partnership", "critical_minerals_offer"]) == -4
    assert _alberta_after_the_chapter(["critical_minerals_offer"]) == 0


def test_the_back_channel_does_not_reopen_the_talks_in_the_fortnight_they_are_broken_off():
    """Talks already broken off, a back channel opened, and the next fortnight the President
    terminates the talks over Ontario's Reagan advertisement (23 October 2025): the emissaries
    are sent home, not told the talks are back in the same news."""
    ruleset = load_ruleset("second-visit")
    told = Counter()
    for seed in range(1, 41):
        state = new_game(ruleset, seed)
        state.values["talks.stalled"] = 1.0
        state.values["us.rapport"] = 70.0  # the back channel would work at its best odds
        state, _ = resolve_turn(ruleset, state, BACK_CHANNEL)
        _, report = resolve_turn(ruleset, state, Decision())
        fired = {e["id"] for e in report.events}
        if "reagan_ad_crisis" in fired:
            told.update(fired & {"talks_resume", "talks_resume_refused"})
    assert told["talks_resume_refused"] >= 10 and told["talks_resume"] == 0, told
