"""The mistakes a teacher writing a first pack makes, and what each is told: where, and what
to do about it, in the author's words rather than the parser's."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy_game.content import load_content, validate

ACTION = """[[action]]
id = "cls_trade_mission"
name = "Send a trade mission to Asia"
family = "diplomacy"
hint = "Shows Canada has other buyers."
"""

EVENT = """[[event]]
id = "cls_budget_day"
title = "Budget day in Ottawa"
category = "domestic"
text = "The federal budget is tabled."
"""


def errors_of(pack: Path) -> list[str]:
    return [str(i) for i in validate(load_content([pack])) if i.severity == "error"]


def write_bytes(tmp_path: Path, data: bytes) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "extra.toml").write_bytes(data)
    return pack


def test_a_file_saved_with_a_byte_order_mark_and_windows_line_endings_loads(tmp_path):
    # Notepad's "UTF-8 with BOM", with CRLF line endings.
    data = b"\xef\xbb\xbf" + ACTION.replace("\n", "\r\n").encode("utf-8")
    content = load_content([write_bytes(tmp_path, data)])
    assert [str(i) for i in validate(content) if i.severity == "error"] == []
    assert "cls_trade_mission" in content.entities["action"]


def test_a_file_saved_as_latin_1_is_told_where_and_what_to_do(tmp_path):
    data = ACTION.replace("to Asia", "à Québec").encode("latin-1")
    assert errors_of(write_bytes(tmp_path, data)) == [
        "pack/extra.toml: -: -: file is not UTF-8 text: the byte 0xE0 ('à' in"
        " Windows-1252/Latin-1) at line 3, column 30; save the file again with the encoding"
        " UTF-8"
    ]


def test_a_file_saved_as_utf_16_says_so(tmp_path):
    (error,) = errors_of(write_bytes(tmp_path, ACTION.encode("utf-16")))
    assert "saved as UTF-16" in error and "UTF-8" in error


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ('title = "Budget day', "a text in quotes must end on the line it starts"),
        ('effects = ["approval += 1" "uncertainty -= 1"]', "separated by commas"),
        ("date = 2025-11-4", "two digits for the month and the day, without quotes"),
        ("date = 2025/11/04", "two digits for the month and the day, without quotes"),
        ("text = 'Canada's budget'", "write the text between double quotes"),
        ("once = True", "write true in lower case"),
        ("title = Budget day", 'a text is written in quotes: name = "Budget day"'),
        ("title = \u201cBudget day\u201d", "curly quotes are not quotes in TOML"),
    ],
)
def test_a_toml_mistake_gets_a_hint_of_what_to_write(write_pack, line: str, hint: str):
    # The line in place of the event's own field of that name, or added to the event.
    field = line.split(" ", 1)[0]
    lines = [line if old.startswith(field + " ") else old for old in EVENT.splitlines()]
    text = "\n".join(lines) + "\n" if line in lines else EVENT + line + "\n"
    (error,) = errors_of(write_pack(text))
    assert error.startswith("pack/extra.toml: -: -: not valid TOML: "), error
    assert hint in error, error


def test_a_field_given_twice_is_named_as_such(write_pack):
    (error,) = errors_of(write_pack(EVENT + 'text = "Again."\n'))
    assert "a field is given twice in one entry" in error


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"2025-11-04"', "a date is written without quotes: 2025-11-04, not '2025-11-04'"),
        (
            '"04/11/2025"',
            "must be a date, written year-month-day without quotes, like 2025-11-04"
            " (got '04/11/2025')",
        ),
        (
            "20251104",
            "must be a date, written year-month-day without quotes, like 2025-11-04 (got 20251104)",
        ),
    ],
)
def test_a_date_written_as_text_or_a_number_says_how_to_write_it(write_pack, value, message):
    assert errors_of(write_pack(EVENT + f"date = {value}\n")) == [
        f"pack/extra.toml: cls_budget_day: date: {message}"
    ]


SCENARIO = """[[scenario]]
id = "class-sprint"
title = "Class Sprint"
description = "A short game for one class period."
"""


def test_a_scenario_ending_before_it_starts_is_placed_at_its_end(write_pack):
    pack = write_pack(SCENARIO + "start = 2026-02-24\nend = 2025-11-04\n")
    assert errors_of(pack) == [
        "pack/extra.toml: class-sprint: end: end (2025-11-04) must come after start (2026-02-24)"
    ]


def test_a_parameter_check_names_the_field_to_change(write_pack):
    params = (
        '[[action.params]]\nname = "lvl"\nkind = "choice"\nchoices = ["a", "b"]\nlabels = ["A"]\n'
    )
    assert errors_of(write_pack(ACTION + params)) == [
        "pack/extra.toml: cls_trade_mission: params[0].labels: 'labels' needs one label per"
        " choice (2)"
    ]


@pytest.mark.parametrize(
    ("effects", "field", "message"),
    [
        (
            '["approval += 1", "set_flg(\'budget\')"]',
            "effects[1]",
            "unknown function 'set_flg' (did you mean 'set_flag'?)",
        ),
        (
            "[\"approval += 1; shedule('cls_budget_day', 2)\"]",
            "effects[0]",
            "unknown function 'shedule' (did you mean 'schedule'?)",
        ),
        (
            "[\"if approval < 40: clear_flg('budget')\"]",
            "effects[0]",
            "unknown function 'clear_flg' (did you mean 'clear_flag'?)",
        ),
    ],
)
def test_a_misspelt_effect_function_is_named_with_a_suggestion(write_pack, effects, field, message):
    pack = write_pack(EVENT + f"effects = {effects}\n")
    assert errors_of(pack) == [f"pack/extra.toml: cls_budget_day: {field}: {message}"]


def test_an_unknown_effect_function_without_a_close_match_says_what_an_effect_is(write_pack):
    (error,) = errors_of(write_pack(EVENT + 'effects = ["celebrate()"]\n'))
    assert "unknown function 'celebrate'; an effect must change something: 'x = ...'" in error


def test_effects_written_as_one_text_are_told_to_be_a_list(write_pack):
    assert errors_of(write_pack(EVENT + 'effects = "approval += 1"\n')) == [
        "pack/extra.toml: cls_budget_day: effects: must be a list in square brackets:"
        ' ["approval += 1"], not "approval += 1"'
    ]


def test_every_placeholder_with_a_mistake_in_a_text_is_reported(write_pack):
    text = 'text = "The {premier} speaks. Steel {sector.steel.tarif:.0f}%, {approval:.0f%}."'
    pack = write_pack(EVENT.replace('text = "The federal budget is tabled."', text))
    assert errors_of(pack) == [
        "pack/extra.toml: cls_budget_day: text: in '{premier}': unknown name 'premier' (a text"
        " shows the values named in docs/content.md; write {{ and }} for braces)",
        "pack/extra.toml: cls_budget_day: text: in '{sector.steel.tarif}': unknown name"
        " 'sector.steel.tarif' (did you mean 'sector.steel.us_tariff'?)",
        "pack/extra.toml: cls_budget_day: text: in '{approval:...}': the format ':.0f%' is not"
        " one a text can use; write e.g. ':.1f' or ':,.0f'",
    ]


def test_playing_a_scenario_that_could_not_be_read_reports_its_errors_not_that_it_is_unknown(
    write_pack,
):
    from diplomacy_game.content import ContentError, load_ruleset

    pack = write_pack(SCENARIO + "start = 2026-02-24\nend = 2025-11-04\n")
    with pytest.raises(ContentError) as caught:
        load_ruleset("class-sprint", extra=[pack])
    assert [(i.entry, i.field, i.message) for i in caught.value.issues] == [
        ("class-sprint", "end", "end (2025-11-04) must come after start (2026-02-24)")
    ]


def test_an_option_before_its_event_is_told_to_follow_it(write_pack):
    text = '[[event.options]]\nid = "a"\nlabel = "A"\n\n' + EVENT
    (error,) = errors_of(write_pack(text))
    assert error.endswith(
        "[[event]] clashes with a header above it; write each [[event]] before the parts"
        " that belong to it ([[event.options]] and the like)"
    ), error


def test_two_single_bracket_headers_are_told_to_use_two_brackets(write_pack):
    (error,) = errors_of(write_pack(ACTION.replace("[[", "[").replace("]]", "]") * 2))
    assert error.endswith("write [[action]] (two brackets) at the start of each entry"), error


def test_an_id_with_capitals_and_spaces_says_what_an_id_is_and_offers_one(write_pack):
    pack = write_pack(EVENT.replace('id = "cls_budget_day"', 'id = "Budget Day"'))
    assert errors_of(pack) == [
        "pack/extra.toml: Budget Day: id: an id is lower case letters, digits, '_' and '-',"
        " with no spaces or capitals (got 'Budget Day'): 'budget_day' would do"
    ]


def test_a_choice_outside_the_list_names_the_list_and_the_closest(write_pack):
    pack = write_pack(EVENT.replace('category = "domestic"', 'category = "domestc"'))
    assert errors_of(pack) == [
        "pack/extra.toml: cls_budget_day: category: must be one of 'us', 'domestic', 'world',"
        " 'media' or 'milestone' (did you mean 'domestic'?) (got 'domestc')"
    ]


def test_a_number_out_of_its_range_says_the_limit_in_words(write_pack):
    pack = write_pack(
        SCENARIO + "start = 2025-11-04\nend = 2026-02-24\nrandom_events_per_turn = 20\n"
    )
    assert errors_of(pack) == [
        "pack/extra.toml: class-sprint: random_events_per_turn: must be at most 10 (got 20)"
    ]


def test_a_scenario_checked_without_the_built_in_world_is_told_to_add_it(write_pack, capsys):
    from diplomacy_game.cli import main

    pack = write_pack(SCENARIO + "start = 2025-11-04\nend = 2026-02-24\n")
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{pack}/extra.toml:1: class-sprint: -: the content defines no [[sector]]: a scenario"
        f" that plays in the built-in world is checked with it, 'diplomacy-game validate"
        f" {pack} --with-builtin'"
    ) in out.splitlines()


def warnings_of(pack: Path) -> list[str]:
    return [str(i) for i in validate(load_content([pack])) if i.severity == "warning"]


@pytest.mark.parametrize(
    ("condition", "hint"),
    [
        ("approval > 40 && turn > 2", "; write 'and' for '&&'"),
        ("approval > 40 || turn > 2", "; write 'or' for '||'"),
        ("!flag('crisis') && turn > 2", "; write 'and' for '&&', 'not' for '!'"),
    ],
)
def test_an_operator_from_another_language_is_told_its_word(write_pack, condition, hint):
    (error,) = errors_of(write_pack(EVENT + f'condition = "{condition}"\n'))
    assert "cls_budget_day: condition: not a valid expression" in error
    assert error.endswith(hint), error


def test_a_schedule_without_its_delay_says_what_it_takes(write_pack):
    (error,) = errors_of(write_pack(EVENT + "effects = [\"schedule('cls_budget_day')\"]\n"))
    assert error.endswith(
        "schedule() takes exactly 2 arguments, got 1: the event's id and the delay in turns,"
        " like schedule('my_event', 2)"
    ), error


def test_a_swapped_plus_equals_is_warned_once_per_statement(write_pack):
    effects = '["approval =+ 2", "uncertainty =-1; resolve += 1", "fiscal_room = -1"]'
    params = (
        '[[action.params]]\nname = "sector"\nkind = "sector"\nchoices = ["steel", "aluminum"]\n'
    )
    pack = write_pack(
        EVENT
        + f"effects = {effects}\n\n"
        + ACTION
        + 'effects = ["sector.$sector.support =+ 1"]\n'
        + params
    )
    assert errors_of(pack) == []
    assert sorted(warnings_of(pack)) == [
        "pack/extra.toml: cls_budget_day: effects[0]: warning: '=+ 2' sets the value to +2"
        " rather than adding 2: for that, write '+= 2'",
        "pack/extra.toml: cls_budget_day: effects[1]: warning: '=- 1' sets the value to -1"
        " rather than taking away 1: for that, write '-= 1'",
        "pack/extra.toml: cls_trade_mission: effects[0]: warning: '=+ 1' sets the value to +1"
        " rather than adding 1: for that, write '+= 1'",
    ]


# A teacher's scenario of seven turns, from after the Supreme Court's IEEPA hearing (5 November
# 2025) to just past its ruling (also tests/content/test_court_ruling.py).
WINTER = """[[scenario]]
id = "cls-winter"
title = "A Winter Lesson"
description = "Seven turns, from December to the first days of March."
start = 2025-12-02
end = 2026-03-03
difficulty = "introductory"

"""


def test_an_event_dated_outside_the_packs_own_scenario_is_warned_of_with_both_dates(write_pack):
    # 20 November 2025 is in the built-in scenarios' weeks, not in the pack's own: it never
    # fires in the game the pack was written for.
    pack = write_pack(WINTER + EVENT + "date = 2025-11-20\n")
    assert errors_of(pack) == []
    assert warnings_of(pack) == [
        "pack/extra.toml: cls_budget_day: date: warning: dated 2025-11-20 is outside the dates"
        " of this pack's scenario 'cls-winter' (2025-12-02 to 2026-03-03), so it never fires"
        " there (only in 'hawks-table' and 'second-visit'): give it a date within those dates,"
        " or, if it is meant only for the others, add it to the scenario's exclude_events"
    ]


@pytest.mark.parametrize(
    ("dates", "fine"),
    [
        ("date = 2025-12-02", True),  # the first day
        ("date = 2026-03-03", True),  # the last day: the review's
        ("date = 2026-03-04", False),
        ("after = 2025-10-01\nuntil = 2025-12-02", True),  # overlaps the first turn
        ("after = 2026-03-03", True),  # the last turn ends after it
        ("after = 2026-03-04", False),
        ("until = 2025-12-01", False),
    ],
)
def test_an_event_meets_the_packs_scenario_as_the_turns_do(write_pack, dates, fine):
    warned = warnings_of(write_pack(WINTER + EVENT + dates + "\n"))
    if fine:
        assert warned == []
    else:
        assert len(warned) == 1 and "'cls-winter' (2025-12-02 to 2026-03-03)" in warned[0], warned


def test_a_window_that_closes_before_the_scenario_is_named_at_its_until(write_pack):
    (warning,) = warnings_of(
        write_pack(WINTER + EVENT + "after = 2025-10-01\nuntil = 2025-11-12\n")
    )
    assert warning.startswith(
        "pack/extra.toml: cls_budget_day: until: warning: its window (after 2025-10-01, until"
        " 2025-11-12) is outside the dates of this pack's scenario 'cls-winter'"
    ), warning
    assert "move its window to meet those dates" in warning


def test_an_event_the_packs_scenario_leaves_out_is_meant_for_the_others(write_pack):
    pack = write_pack(
        WINTER.replace("\n\n", '\nexclude_events = ["cls_budget_day"]\n\n')
        + EVENT
        + "date = 2025-11-20\n"
    )
    assert warnings_of(pack) == []


def test_an_event_of_a_pack_without_a_scenario_need_only_meet_some_scenario(write_pack):
    assert warnings_of(write_pack(EVENT + "date = 2025-11-20\n")) == []
    (warning,) = warnings_of(write_pack(EVENT + "date = 2026-08-20\n"))
    assert "dated 2026-08-20 is outside every scenario's dates" in warning
    assert "'review-sprint' (2026-03-03 to 2026-07-01)" in warning


LEVELS = '[[action.params]]\nname = "level"\nkind = "number"\nvalues = [0, 10, 25, 50]\n'


@pytest.mark.parametrize(
    ("cost", "params", "told"),
    [
        (
            "1 - param.level / 25",
            LEVELS,
            "the cost can come out below 0 (as low as -1 whatever the game's values, each within"
            " its range), and a cost below 0 counts as 0: the action then costs nothing. If that"
            ' is meant, say so with cost = "max(0, 1 - param.level / 25)"; else keep the'
            " expression at 0 or more",
        ),
        (
            "2 - taken('cls_trade_mission')",
            "",
            "the cost can come out below 0, and a cost below 0 counts as 0: the action then costs"
            " nothing. If that is meant, say so with cost = \"max(0, 2 - taken('cls_trade_mission'))\";"
            " else keep the expression at 0 or more",
        ),
        (
            "approval / 50 - 3",
            "",
            "the cost is always below 0 (at most -1 whatever the game's values, each within its"
            " range), and a cost below 0 counts as 0: the action is always free (write cost = 0"
            " if that is meant)",
        ),
    ],
)
def test_a_cost_that_can_come_out_negative_says_it_counts_as_0(write_pack, cost, params, told):
    pack = write_pack(ACTION + f'cost = "{cost}"\n' + params)
    assert errors_of(pack) == []
    assert warnings_of(pack) == [f"pack/extra.toml: cls_trade_mission: cost: warning: {told}"]


@pytest.mark.parametrize(
    ("cost", "params"),
    [
        ("param.level / 25", LEVELS),  # the parameter's values are 0 or more
        ("max(0, 2 - taken('cls_trade_mission'))", ""),
        ("1 + (approval < 40)", ""),
        ("2 - (approval >= 45) if turn > 0 else 1", ""),
    ],
)
def test_a_cost_that_is_never_negative_is_not_warned_of(write_pack, cost, params):
    assert warnings_of(write_pack(ACTION + f'cost = "{cost}"\n' + params)) == []


def test_a_negative_cost_in_a_scenarios_overrides_is_told_at_the_override(write_pack):
    pack = write_pack(
        WINTER + '[scenario.overrides.action.call_president]\ncost = "approval / 50 - 3"\n'
    )
    (warning,) = warnings_of(pack)
    assert warning.startswith(
        "pack/extra.toml: cls-winter: overrides.action.call_president.cost: warning: the cost"
        " is always below 0"
    ), warning


@pytest.mark.parametrize(
    ("name", "kept_for", "instead"),
    [
        (
            "us.mood",
            "its US model (us.rapport, us.patience, us.escalation and the rest)",
            "us_mood",
        ),
        ("us.rapport", "its US model", "us_rapport"),  # one of the engine's own
        ("econ.thing", "the economy's own state (econ.price_level, econ.investment)", "econ_thing"),
        ("sector.steel.mood", "the sectors' values (sector.steel.us_tariff)", "sector_steel.mood"),
    ],
)
def test_a_variable_named_in_the_engines_namespaces_is_refused_with_a_name_to_use(
    write_pack, name, kept_for, instead
):
    (error,) = errors_of(write_pack(f'[[variable]]\nid = "{name}"\n'))
    assert error.startswith(
        f"pack/extra.toml: {name}: id: '{name}' starts with '{name.split('.')[0]}.', which the"
        f" engine keeps for {kept_for}"
    ), error
    assert error.endswith(
        "names starting 'sector.', 'group.', 'profile.', 'param.', 'us.' or 'econ.' are"
        f" reserved; choose another, like '{instead}'"
    ), error
    assert errors_of(write_pack(f'[[variable]]\nid = "{instead}"\n')) == []


@pytest.mark.parametrize(
    "condition",
    [
        "fired('scotus_ieepa_hearing') > 0",
        "fired('scotus_ieepa_hearing') >= 1 and turn > 1",
        "approval > 30 and fired('scotus_ieepa_hearing')",
    ],
)
def test_an_event_that_waits_for_news_from_before_the_scenario_is_told_it_never_fires(
    write_pack, condition
):
    # The hearing of 5 November 2025 is history in a game that starts on 2 December.
    pack = write_pack(WINTER + EVENT + f'until = 2026-03-01\ncondition = "{condition}"\n')
    assert warnings_of(pack) == [
        "pack/extra.toml: cls_budget_day: condition: warning: needs"
        " fired('scotus_ieepa_hearing') > 0, but 'scotus_ieepa_hearing' is dated 2025-11-05,"
        " before the scenario 'cls-winter' (2025-12-02 to 2026-03-03) starts: it never fires"
        " there, so neither does this event; what happened before a scenario starts is history"
        " there: read a flag the scenario sets in its flags instead (for another pack's event,"
        " change its condition in the scenario's overrides)"
    ]


def test_an_event_that_waits_for_news_after_the_scenario_ends_is_told_to_move_its_date(
    write_pack,
):
    later = EVENT.replace("cls_budget_day", "cls_spring_budget") + "date = 2026-04-01\n\n"
    pack = write_pack(
        WINTER
        + later
        + EVENT
        + "until = 2026-03-01\ncondition = \"fired('cls_spring_budget') > 0\"\n"
    )
    warned = [w for w in warnings_of(pack) if "cls_budget_day: condition" in w]
    assert warned == [
        "pack/extra.toml: cls_budget_day: condition: warning: needs fired('cls_spring_budget')"
        " > 0, but 'cls_spring_budget' is dated 2026-04-01, after the scenario 'cls-winter'"
        " (2025-12-02 to 2026-03-03) ends: it never fires there, so neither does this event;"
        " give 'cls_spring_budget' a date within the scenario's"
    ]


@pytest.mark.parametrize(
    "condition",
    [
        "fired('scotus_ieepa_hearing') == 0",  # holds where the hearing is history
        "fired('scotus_ieepa_hearing') > 0 or approval > 30",
        "fired('dom_gm_oshawa') > 0",  # dated 29 January 2026, in the scenario's weeks
    ],
)
def test_an_event_that_does_not_need_missed_news_is_not_warned_of(write_pack, condition):
    pack = write_pack(WINTER + EVENT + f'until = 2026-03-01\ncondition = "{condition}"\n')
    assert warnings_of(pack) == []
