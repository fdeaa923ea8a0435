"""The actions' details pane says what an action costs only when there is a cost to pay."""

from __future__ import annotations

from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.tui.session import GameSession
from diplomacy_game.tui.widgets.actions import ActionList, details_text

ONCE = "dairy_trq_administration"  # can be taken once in a game
RESTS = "lobby_governors"  # rests 2 turns after use


def _after_taking(tmp_path, action_id: str) -> GameSession:
    s = GameSession.new("second-visit", 11, SaveLibrary(tmp_path))
    assert s.choose(action_id, {}) == ""
    s.commit(s.resolve())
    return s


def test_an_action_used_up_shows_no_cost_and_says_why(tmp_path):
    s = _after_taking(tmp_path, ONCE)
    shown = details_text(s, ONCE).plain
    assert "Cost:" not in shown  # it was "Cost: 0 political capital", for an action of 2
    assert "Not now: already used once, the most allowed." in shown


def test_an_action_that_can_be_taken_shows_its_cost(tmp_path):
    s = _after_taking(tmp_path, ONCE)
    other = next(o for o in s.options() if o.available)
    assert f"Cost: {other.cost:g} political capital" in details_text(s, other.id).plain


def test_the_option_carries_its_record_not_only_words(tmp_path):
    s = _after_taking(tmp_path, ONCE)
    option = next(o for o in s.options() if o.id == ONCE)
    assert option.used_up and option.wait == 0
    fresh = next(o for o in s.options() if o.available)
    assert not fresh.used_up and fresh.wait == 0


def test_an_action_resting_after_use_says_when_it_is_back(tmp_path):
    s = _after_taking(tmp_path, RESTS)
    option = next(o for o in s.options() if o.id == RESTS)
    assert not option.used_up and option.wait == 2  # a cooldown of 2, taken the turn before
    shown = details_text(s, RESTS).plain
    assert f"Resting after use: back in 2 turns (turn {s.state.turn + 3})." in shown
    assert "Cost:" not in shown
    assert "Enter to" not in shown  # it said "Enter to add it to this turn", which did nothing


def test_an_action_resting_past_the_last_turn_says_not_again(tmp_path):
    """On the last turn an action resting 2 more turns is not 'back in 2 turns (turn 12)' of
    a game of 10: it is not coming back in this game, and the list says 'used'."""
    s = GameSession.new("second-visit", 11, SaveLibrary(tmp_path))
    while s.state.turn < s.state.last_turn - 2:
        s.commit(s.resolve())
    assert s.choose(RESTS, {}) == ""
    s.commit(s.resolve())
    assert s.state.turn + 1 == s.state.last_turn  # the last turn is the one being planned
    option = next(o for o in s.options() if o.id == RESTS)
    assert option.wait == 2 and not option.available
    shown = details_text(s, RESTS).plain
    assert "Resting after use: not again in this game." in shown
    assert "back in" not in shown
    assert "not again in this game" in option.reason
    assert ActionList._prompt(s, option).columns[2]._cells[0].plain == "used"


def test_an_actions_dialog_opens_on_settings_that_can_be_taken(tmp_path):
    """The content's default (agri-food to 25%) is not open when agri-food already pays 25%:
    the dialog opens on the nearest open settings, one setting changed, not on 'not possible'."""
    s = GameSession.new("hawks-table", 7, SaveLibrary(tmp_path))
    assert s.choose("counter_tariff") == ""  # agri-food to 25%, the default
    s.commit(s.resolve())
    default = s.default_params("counter_tariff")
    assert s.check("counter_tariff", default)[1], "the test needs a default that is not open"
    opening = s.opening_params("counter_tariff")
    assert s.check("counter_tariff", opening)[1] == ""
    assert sum(opening[k] != default[k] for k in default) == 1
    # an action already chosen opens on its own settings
    assert s.choose("counter_tariff", opening) == ""
    assert s.opening_params("counter_tariff") == opening


def test_two_actions_that_set_the_same_value_are_not_planned_together(tmp_path):
    """Raising the aluminum counter-tariff to 50% and lowering it to 0% in one turn cost three
    capital, and only the second counted: the plan now refuses the second, and says why."""
    s = GameSession.new("second-visit", 42, SaveLibrary(tmp_path))
    assert s.choose("counter_tariff", {"sector": "aluminum", "level": 50}) == ""
    reason = s.choose("remove_counter_tariff", {"sector": "aluminum", "level": 0})
    assert reason == (
        "“Raise a counter-tariff” already sets the counter-tariff on aluminum this turn; "
        "take it out of the plan first"
    )
    assert "remove_counter_tariff" not in s.plan
    assert s.check("remove_counter_tariff", {"sector": "aluminum", "level": 0})[1] == reason
    # another sector is another value; the action itself may be chosen again
    assert s.choose("remove_counter_tariff", {"sector": "steel", "level": 0}) == ""
    assert s.choose("counter_tariff", {"sector": "aluminum", "level": 50}) == ""
    s = GameSession.new("second-visit", 42, SaveLibrary(tmp_path / "other"))
    assert s.choose("counter_tariff", {"sector": "agrifood", "level": 10}) == ""
    assert s.choose("drop_counter_tariffs", {}) == (
        "“Raise a counter-tariff” already sets the counter-tariff on agri-food and seafood "
        "this turn; take it out of the plan first"
    )


def test_an_action_is_listed_as_open_when_any_of_its_settings_is(tmp_path):
    """With agri-food already at 25%, the list said "Raise a counter-tariff: not now, the
    counter-tariff is already at or above that level" (the default's reason), though steel
    to 50% could be taken; its dialog opened on steel. The list now agrees with the dialog."""
    s = GameSession.new("hawks-table", 7, SaveLibrary(tmp_path))
    assert s.choose("counter_tariff") == ""
    s.commit(s.resolve())
    assert s.check("counter_tariff", s.default_params("counter_tariff"))[1]
    option = next(o for o in s.options() if o.id == "counter_tariff")
    assert option.available, option.reason
    assert option.cost == s.check("counter_tariff", s.opening_params("counter_tariff"))[0]


def test_an_action_no_setting_of_which_can_be_paid_says_it_is_the_capital(tmp_path):
    """With every counter-tariff at 25% or more and 1 capital left, "Raise a counter-tariff"
    said "not now: The counter-tariff is already at or above that level" (its default, 25%),
    where what stops it is that 50% costs 2. It now opens on a setting that only wants more
    capital, and says so."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.session import GameSession

    ruleset = load_ruleset("second-visit")
    state = new_game(ruleset, 11)
    for name in state.values:
        if name.endswith(".counter_tariff"):
            state.values[name] = max(state.values[name], 25.0)
    state.values["capital"] = 1.0
    session = GameSession(ruleset, state, SaveLibrary(tmp_path))
    raise_ = next(o for o in session.options() if o.id == "counter_tariff")
    assert raise_.reason == "costs 2 political capital, 1 left", raise_.reason
    assert session.opening_params("counter_tariff")["level"] == 50.0
    # with the capital, the same setting is open
    state.values["capital"] = 2.0
    session = GameSession(ruleset, state, SaveLibrary(tmp_path))
    assert next(o for o in session.options() if o.id == "counter_tariff").reason == ""


def test_a_chosen_actions_setting_ends_its_sentence(tmp_path):
    """The pane read "Chosen for this turn. (a CUSMA Chapter 31 state-to-state panel) Enter to
    change": the setting dropped in brackets between two sentences."""
    from diplomacy_game import fmt

    s = GameSession.new("second-visit", 11, SaveLibrary(tmp_path))
    option = next(o for o in s.options() if o.available and o.params)
    assert s.choose(option.id, s.opening_params(option.id)) == ""
    detail = fmt.params_text(s.ruleset, option.id, s.plan[option.id]).rstrip(".")
    assert detail
    shown = details_text(s, option.id).plain
    assert f"Chosen for this turn: {detail}. Enter to change, x to drop." in shown
    assert "(" + detail not in shown
    plain = next(o for o in s.options() if o.available and not o.params)
    assert s.choose(plain.id, {}) == ""
    assert "Chosen for this turn. Enter or x to drop it." in details_text(s, plain.id).plain


async def test_a_chosen_action_without_settings_says_enter_drops_it(make_app):
    """The pane said "Enter to change, x to drop." of a chosen action without settings, where
    Enter drops it: there is nothing to change. It says what Enter does."""
    from tests.tui.conftest import cabinet_shows, settled, wait_for

    app = make_app("new")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, settled(app, "CabinetScreen"))
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        plain = next(o for o in app.session.options() if o.available and not o.params)
        actions = app.screen.query_one("#action-list")
        actions.highlighted = actions.get_option_index(plain.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: plain.id in app.session.plan)
        shown = details_text(app.session, plain.id).plain
        assert "Enter to change" not in shown
        assert "Enter or x to drop it." in shown
        await pilot.press("enter")  # what the pane says Enter does
        await wait_for(pilot, lambda: plain.id not in app.session.plan)


def _offered_the_metals_outline(tmp_path) -> GameSession:
    """A Second Visit game with Commerce's outline waiting: its answer "Take it" sets the
    aluminum counter-tariff (25% at the start) to 0%."""
    s = GameSession.new("second-visit", 7, SaveLibrary(tmp_path))
    s.state.pending = ["deal_steel_offer"]
    assert s.state.values["sector.aluminum.counter_tariff"] == 25
    return s


def test_an_action_is_checked_against_the_turns_answers(tmp_path):
    """The answers to events take effect before the actions: after "Take it" (aluminum's
    counter-tariff to 0%), lowering it to 0% was offered, chosen, and refused only once the
    turn was played ("action 'remove_counter_tariff': The counter-tariff is already at or
    below that level")."""
    lower = {"sector": "aluminum", "level": 0.0}
    s = _offered_the_metals_outline(tmp_path)
    assert s.check("remove_counter_tariff", lower)[1] == ""
    s.answer("deal_steel_offer", "take_it")
    assert "already at or below" in s.check("remove_counter_tariff", lower)[1]
    assert s.choose("remove_counter_tariff", lower)
    assert s.opening_params("remove_counter_tariff")["sector"] != "aluminum"
    s.answers.clear()  # the answer taken back: the action is open again
    assert s.check("remove_counter_tariff", lower)[1] == ""


def test_a_turn_refused_names_the_action_and_the_answers(tmp_path):
    """Chosen before the answer was given, the action is refused when the turn is played: the
    message names it as the game does, with its settings, and says the answers closed it."""
    import pytest

    from diplomacy_game.tui.session import DecisionError

    s = _offered_the_metals_outline(tmp_path)
    assert s.choose("remove_counter_tariff", {"sector": "aluminum", "level": 0.0}) == ""
    s.answer("deal_steel_offer", "take_it")
    with pytest.raises(DecisionError) as refused:
        s.resolve()
    said = s.decision_problem(refused.value)
    assert said.startswith("“Lower a counter-tariff” (Aluminum, 0%): the counter-tariff"), said
    assert "remove_counter_tariff" not in said
    assert said.endswith("once this turn's answers to events have taken effect"), said


def test_a_content_reason_reads_in_the_sentence_after_not_now(tmp_path):
    """The reason "Not now: The surcharge is already in force." beside "Not now: costs 3 political
    capital": the content's reason opens its own sentence; after "Not now:" it reads on."""
    s = _after_taking(tmp_path, "electricity_surcharge")
    shown = details_text(s, "electricity_surcharge").plain
    assert "Not now: the surcharge is already in force." in shown, shown
