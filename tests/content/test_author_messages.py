"""What a content author is told: each problem placed in the author's own file and field,
no follow-on errors blamed elsewhere, and the wrong types TOML allows refused."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_content, validate

SCENARIO = """[[scenario]]
id = "variant"
title = "Variant"
description = "d"
start = 2025-10-07
end = 2026-01-01
"""

ACTION = """[[action]]
id = "hockey_summit"
name = "Hockey summit"
family = "diplomacy"
hint = "Talk hockey."
"""

EVENT = """[[event]]
id = "rink_news"
title = "Rink news"
category = "media"
text = "Nothing much."
"""


def issues_of(pack, severity: str = "error") -> list:
    return [i for i in validate(load_content([pack])) if i.severity == severity]


def test_a_bad_expression_in_an_override_is_placed_in_the_scenario(write_pack):
    pack = write_pack(SCENARIO + '[scenario.overrides.action.call_president]\ncost = "aproval"\n')
    errors = issues_of(pack)
    assert [str(e) for e in errors] == [
        "pack/extra.toml: variant: overrides.action.call_president.cost: unknown name"
        " 'aproval' (did you mean 'approval'?)"
    ]


def test_the_id_of_an_entity_cannot_be_overridden(write_pack):
    pack = write_pack(SCENARIO + '[scenario.overrides.action.call_president]\nid = "renamed"\n')
    errors = issues_of(pack)
    assert len(errors) == 1, errors
    e = errors[0]
    assert (e.file, e.entry, e.field) == (
        "pack/extra.toml",
        "variant",
        "overrides.action.call_president.id",
    )
    assert "cannot be overridden" in e.message


def test_an_entry_with_a_misspelt_field_is_still_checked_and_found(write_pack):
    text = ACTION + 'coldown = 2\neffects = ["aproval += 1"]\n\n' + EVENT
    text += "condition = \"taken('hockey_summit') >= 1\"\n"
    errors = issues_of(write_pack(text))
    assert [(e.entry, e.field) for e in errors] == [
        ("hockey_summit", "coldown"),
        ("hockey_summit", "effects[0]"),
    ], errors
    assert "did you mean 'cooldown'" in errors[0].message
    assert "did you mean 'approval'" in errors[1].message


def test_what_names_an_entry_that_cannot_be_read_is_told_so(write_pack):
    text = ACTION + 'cooldown = "two"\n\n' + EVENT
    text += "condition = \"taken('hockey_summit') >= 1\"\n"
    errors = issues_of(write_pack(text))
    assert [(e.entry, e.field) for e in errors] == [
        ("hockey_summit", "cooldown"),
        ("rink_news", "condition"),
    ], errors
    assert "unknown action" not in errors[1].message
    assert "action 'hockey_summit' has errors of its own (pack/extra.toml" in errors[1].message


@pytest.mark.parametrize(
    ("header", "ident", "named"),
    [
        ("[[actions]]", "hockey_summit", "hockey_summit"),  # a section misspelt
        ("[[action]]", "Hockey Summit", "hockey_summit"),  # an id that is not one
    ],
)
def test_an_entry_under_a_misspelt_section_or_with_a_bad_id_is_not_called_unknown(
    write_pack, header, ident, named
):
    """They were "unknown action 'hockey_summit' (did you mean ...)", as if never written."""
    text = ACTION.replace("[[action]]", header).replace('"hockey_summit"', f'"{ident}"')
    text += "\n" + EVENT + f"condition = \"taken('{named}') >= 1\"\n"
    errors = issues_of(write_pack(text))
    assert [e.entry for e in errors][-1] == "rink_news", errors
    assert f"action '{named}' has errors of its own (pack/extra.toml" in errors[-1].message


def test_a_variable_with_a_built_in_name_is_one_error_in_its_own_file(write_pack):
    pack = write_pack('[[variable]]\nid = "approval"\ninitial = 5\nmax = 10\n')
    errors = issues_of(pack)
    assert [(e.file, e.entry, e.field) for e in errors] == [("pack/extra.toml", "approval", "id")]


def test_a_flag_written_as_a_name_is_shown_how_flags_are_read(write_pack):
    pack = write_pack(EVENT + 'condition = "flags.talks_broken_off"\n')
    errors = issues_of(pack)
    assert len(errors) == 1, errors
    assert "flag('talks_broken_off')" in errors[0].message


@pytest.mark.parametrize(
    "text, field, fragment",
    [
        (EVENT + 'once = "off"\n', "once", "must be true or false"),
        (EVENT + "once = 0\n", "once", "must be true or false"),
        (EVENT + "triggered_only = 1\n", "triggered_only", "must be true or false"),
        (EVENT + "weight = true\n", "weight", "must be a number or an expression"),
        (ACTION + "cost = true\n", "cost", "true and false are not numbers"),
        (ACTION + "cost = -5\n", "cost", "cannot be negative"),
        (ACTION + "cooldown = true\n", "cooldown", "must be a whole number"),
        (EVENT + "date = 2025-11-05T09:00:00\n", "date", "without a time of day, like 2025-11-05"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(write_pack, text, field, fragment):
    errors = issues_of(write_pack(text))
    assert [e.field for e in errors] == [field], errors
    assert fragment in errors[0].message


def test_a_value_of_no_branch_of_an_expression_field_is_one_error(write_pack):
    errors = issues_of(write_pack(ACTION + "cost = [1]\n"))
    assert [str(e) for e in errors] == [
        "pack/extra.toml: hockey_summit: cost: must be a number or an expression in quotes"
    ]


@pytest.mark.parametrize("weight", ['"false"', "0", '"1 - 1"'])
def test_an_event_whose_weight_is_never_above_zero_is_warned(write_pack, weight):
    warnings = issues_of(write_pack(EVENT + f"weight = {weight}\n"), "warning")
    assert [(w.entry, w.field) for w in warnings] == [("rink_news", "weight")]
    assert "can never fire" in warnings[0].message


def test_a_tag_nothing_reacts_to_is_warned(write_pack):
    warnings = issues_of(write_pack(ACTION + 'tags = ["talks", "privat"]\n'), "warning")
    assert [(w.entry, w.field) for w in warnings] == [("hockey_summit", "tags[1]")]
    assert "did you mean 'private'" in warnings[0].message


def test_a_parameter_in_an_event_text_is_warned(write_pack):
    text = EVENT.replace("Nothing much.", "Tariffs on $sector bite.")
    text += '[[event.options]]\nid = "shrug"\nlabel = "Shrug off $sector"\n'
    warnings = issues_of(write_pack(text), "warning")
    assert [(w.entry, w.field) for w in warnings] == [
        ("rink_news", "text"),
        ("rink_news", "options[0].label"),
    ]
    assert "'$sector' is shown to the player as written" in warnings[0].message


def test_money_in_an_event_text_is_not_a_parameter(write_pack):
    text = EVENT.replace("Nothing much.", "A C$5 billion fund, US$3 billion in duties.")
    assert issues_of(write_pack(text), "warning") == []


def test_validate_names_files_as_they_open_from_the_current_folder(tmp_path, monkeypatch, capsys):
    from diplomacy_game.cli import main

    pack = tmp_path / "breaks" / "packs" / "typo_field"
    pack.mkdir(parents=True)
    (pack / "hockey.toml").write_text(ACTION + "coldown = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in ("breaks/packs/typo_field", str(pack)):
        assert main(["validate", given, "--with-builtin"]) == 1
        out = capsys.readouterr().out
        assert out.startswith("breaks/packs/typo_field/hockey.toml:6: hockey_summit: coldown: "), (
            out
        )
    monkeypatch.chdir(pack.parent)
    assert main(["validate", "typo_field/hockey.toml", "--with-builtin"]) == 1
    assert capsys.readouterr().out.startswith("typo_field/hockey.toml:6: hockey_summit: ")


def test_a_pack_checked_alone_without_a_scenario_is_told_of_with_builtin(write_pack, capsys):
    from diplomacy_game.cli import main

    pack = write_pack(ACTION)
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "defines no [[scenario]]" in out
    assert f"diplomacy-game validate {pack} --with-builtin" in out


def test_listing_scenarios_of_a_broken_pack_names_the_command_that_checks_it(write_pack, capsys):
    from diplomacy_game.cli import main

    pack = write_pack(ACTION + 'cooldown = "two"\n')
    assert main(["scenarios", "--content", str(pack)]) == 1
    assert f"Run 'diplomacy-game validate {pack} --with-builtin'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "condition, fragments",
    [
        ("taken('call_president') = 1", ["at column 25 (here: '= 1')", "write '=='"]),
        ("approval >", ["ends before it is complete"]),
        ("max(x for x in [1, 2])", ["comprehensions like", "are not allowed"]),
        ("approval => 3 and resolve < 2", ["here: '=> 3", "write '>='"]),
        ("approval =< 3", ["write '<='"]),
        ("approval > 50% and resolve < 2", ["(5, not 5%)"]),
        ("approval, resolve", ["a comma is only allowed between a function's arguments"]),
    ],
)
def test_a_malformed_expression_says_where_and_what(write_pack, condition, fragments):
    errors = issues_of(write_pack(EVENT + f'condition = "{condition}"\n'))
    assert [e.field for e in errors] == ["condition"], errors
    for fragment in fragments:
        assert fragment in errors[0].message


@pytest.mark.parametrize(
    "extra, field, fragment",
    [
        ("after = 2025-12-01\nuntil = 2025-11-01\n", "until", "is later than 'until'"),
        ("date = 2025-11-05\nuntil = 2025-11-12\n", "until", "not both"),
        (
            '[[event.options]]\nid = "a"\nlabel = "A"\n[[event.options]]\nid = "a"\nlabel = "B"\n',
            "options",
            "repeated: a",
        ),
        (
            '[[event.options]]\nid = "a"\nlabel = "A"\ndefault = true\n'
            '[[event.options]]\nid = "b"\nlabel = "B"\ndefault = true\n',
            "options",
            "only one option may be the default",
        ),
        ('effects = ["approval == 3"]\n', "effects[0]", "must change something"),
        ('effects = ["approval += * 2"]\n', "effects[0]", "a '*' with no value before it"),
        (
            '[event.options]\nid = "a"\nlabel = "A"\n',
            "options",
            "write the header with two brackets, [[event.options]], above each",
        ),
    ],
)
def test_an_event_problem_names_its_field(write_pack, extra, field, fragment):
    errors = issues_of(write_pack(EVENT + extra))
    assert [e.field for e in errors] == [field], errors
    assert fragment in errors[0].message


@pytest.mark.parametrize("text", ["", "# the bridge event, to write\n"])
def test_a_file_with_no_entries_is_warned(write_pack, text):
    warnings = issues_of(write_pack(text), "warning")
    assert [(w.entry, w.field, w.message) for w in warnings] == [
        ("", "", "the file holds no entries (it is empty or all comments)")
    ]


def test_a_flag_misspelt_in_a_text_variant_or_an_ending_is_warned(write_pack):
    """A variant whose 'when' reads a flag nothing sets never shows, and an ending's condition
    that does never holds: each is warned, as an option's condition is."""
    text = EVENT + '[[event.variants]]\nwhen = "flag(\'reagan_ruptre\')"\ntext = "Again."\n'
    text += (
        '[[ending]]\nid = "rink_ending"\ntitle = "Rink"\nwhen = "any"\npriority = 1\n'
        'condition = "flag(\'rink_closed\')"\ncusma_status = "as it was"\n'
        'explanation = "The rink closed."\nscore = "50"\n[[ending.grades]]\ngrade = "C"\n'
    )
    warnings = issues_of(write_pack(text), "warning")
    assert [(w.entry, w.field) for w in warnings] == [
        ("rink_news", "variants[0].when"),
        ("rink_ending", "condition"),
    ], warnings
    assert "did you mean 'reagan_rupture'" in warnings[0].message


def test_a_flag_read_but_never_set_names_the_field_that_reads_it(write_pack):
    text = EVENT + '[[event.options]]\nid = "a"\nlabel = "A"\ncondition = "flag(\'nobody_sets\')"\n'
    text += '[[event.options]]\nid = "b"\nlabel = "B"\n'
    warnings = issues_of(write_pack(text), "warning")
    assert [(w.entry, w.field) for w in warnings] == [("rink_news", "options[0].condition")]
    assert "flag 'nobody_sets' is read but never set" in warnings[0].message


def test_a_built_in_file_is_named_where_it_is_from_another_folder(tmp_path, monkeypatch):
    from diplomacy_game.content import builtin_content_dir
    from diplomacy_game.content.files import read_pack_files

    monkeypatch.chdir(tmp_path)
    shown = read_pack_files([builtin_content_dir()]).shown["content/actions/diplomacy.toml"]
    assert shown == (builtin_content_dir() / "actions" / "diplomacy.toml").resolve().as_posix()
    monkeypatch.chdir(builtin_content_dir().parent)
    shown = read_pack_files([builtin_content_dir()]).shown["content/actions/diplomacy.toml"]
    assert shown == f"{builtin_content_dir().name}/actions/diplomacy.toml"


def test_two_packs_of_one_name_outside_the_current_folder_are_named_in_full(
    tmp_path, monkeypatch, capsys
):
    """Packs given by absolute paths outside the current folder are named as given, so two
    packs called 'pack' are told apart, in validate and in play alike."""
    from diplomacy_game.cli import main

    first, second = tmp_path / "week1" / "pack", tmp_path / "week2" / "pack"
    for pack in (first, second):
        pack.mkdir(parents=True)
    (first / "events.toml").write_text(EVENT + 'condition = "aproval > 3"\n', encoding="utf-8")
    (second / "events.toml").write_text(EVENT + 'weight = "nope"\n', encoding="utf-8")
    last = len(EVENT.splitlines()) + 1  # the line written after the event's own
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["validate", str(first), str(second), "--with-builtin"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        f"{second.as_posix()}/events.toml:2: rink_news: id: duplicate event id 'rink_news'"
        f" (first defined in {first.as_posix()}/events.toml)"
    ) in out
    assert (
        f"{first.as_posix()}/events.toml:{last}: rink_news: condition: unknown name 'aproval'"
        in "\n".join(out)
    )
    code = main(
        ["play", "--content", str(second), "--scenario", "second-visit", "--policy", "passive"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert (
        f"\n{second.as_posix()}/events.toml:{last}: rink_news: weight: unknown name 'nope'" in err
    )


FOLLOW_UP = """[[event]]
id = "rink_follow_up"
title = "Rink follow-up"
category = "media"
triggered_only = true
text = "Later."
"""


@pytest.mark.parametrize(
    "mistake",
    [
        'once = "yes"\neffects = ["schedule(\'rink_follow_up\', 2)"]\n',  # the entry is not read
        'effects = ["aproval += 1", "schedule(\'rink_follow_up\', 2)"]\n',  # a sibling's typo
        'effects = ["schedule(\'rink_follow_up\', 2)"]\n[[event.options]]\nid = "a"\n',
        '[[event.option]]\nid = "a"\nlabel = "A"\neffects = ["schedule(\'rink_follow_up\', 2)"]\n',
    ],
)
def test_an_event_scheduled_by_an_entry_with_a_mistake_is_not_called_unscheduled(
    write_pack, mistake
):
    """The mistake is the error; the follow-up it schedules is not also warned of as
    something nothing schedules (nor a flag it sets as never set)."""
    text = EVENT + mistake + "\n" + FOLLOW_UP + "condition = \"flag('rink_flag')\"\n"
    text += ACTION + 'effects = ["set_flag(\'rink_flag\')", "resolv += 1"]\n'
    pack = write_pack(text)
    assert issues_of(pack, "error")
    assert issues_of(pack, "warning") == []


def test_an_event_repeating_an_id_does_not_leave_its_follow_up_unscheduled(write_pack):
    text = EVENT.replace("rink_news", "wld_boc_cut")
    text += "effects = [\"schedule('rink_follow_up', 2)\"]\n\n" + FOLLOW_UP
    pack = write_pack(text)
    assert [e.field for e in issues_of(pack)] == ["id"]
    assert issues_of(pack, "warning") == []


def test_an_event_nothing_schedules_is_still_warned_beside_another_mistake(write_pack):
    text = EVENT + 'effects = ["aproval += 1"]\n\n' + FOLLOW_UP
    warnings = issues_of(write_pack(text), "warning")
    assert [(w.entry, w.field) for w in warnings] == [("rink_follow_up", "triggered_only")]


def test_a_starting_flag_nothing_reads_is_warned_with_the_flag_meant(write_pack):
    pack = write_pack(SCENARIO + 'flags = ["reagan_rupture", "reagan_ruptur"]\n')
    warnings = issues_of(pack, "warning")
    assert [(w.entry, w.field) for w in warnings] == [("variant", "flags[1]")], warnings
    assert "nothing reads the flag 'reagan_ruptur'" in warnings[0].message
    assert "did you mean 'reagan_rupture'" in warnings[0].message


@pytest.mark.parametrize(
    "reader",
    [
        EVENT + "condition = \"flag('class_flag')\"\n",
        EVENT + 'variants = [{ when = "flag(\'class_flag\')", text = "Also." }]\n',
        EVENT + '[[event.options]]\nid = "a"\nlabel = "A"\ncondition = "flag(\'class_flag\')"\n',
        ACTION + 'condition = "not flag(\'class_flag\')"\nunavailable_text = "Done."\n',
        ACTION + "text = \"Pressure {10 if flag('class_flag') else 5:.0f}.\"\n",
        EVENT + "effects = [\"aproval += 1 if flag('class_flag') else 0\"]\n",
    ],
)
def test_a_starting_flag_read_anywhere_is_not_warned(write_pack, reader):
    pack = write_pack(SCENARIO + 'flags = ["class_flag"]\n\n' + reader)
    assert [w for w in issues_of(pack, "warning") if w.entry == "variant"] == []


@pytest.mark.parametrize(
    "text, field, header",
    [
        (
            SCENARIO + '[scenario.capital]\nper_turn = 3\nflags = ["reagan_rupture"]\n',
            "capital.flags",
            "[scenario.capital]",
        ),
        (
            EVENT + '[[event.options]]\nid = "a"\nlabel = "A"\nsource = "Hansard"\n',
            "options[0].source",
            "[[event.options]]",
        ),
    ],
)
def test_a_field_written_under_a_part_of_its_entry_is_told_where_it_belongs(
    write_pack, text, field, header
):
    """TOML gives every key after a header to that header's table: an entry's own field
    written below one of its parts is not a typo, and the message says to move it."""
    errors = issues_of(write_pack(text))
    assert [e.field for e in errors] == [field], errors
    name = field.rsplit(".", 1)[1]
    assert f"'{name}' belongs to the entry itself, but it is written under {header}" in (
        errors[0].message
    )
    assert "above" in errors[0].message


@pytest.mark.parametrize("spec", [".1F", ">8.1f", ".1q"])
def test_a_format_a_text_cannot_use_is_named_as_a_format(write_pack, spec):
    """After the colon of a placeholder comes a format: one with a letter or sign the game
    does not take is told as a format, not as a broken expression."""
    errors = issues_of(write_pack(EVENT.replace("Nothing much.", f"At {{approval:{spec}}}%.")))
    assert [e.field for e in errors] == ["text"], errors
    assert f"the format ':{spec}' is not one a text can use" in errors[0].message
    assert "not a valid expression" not in errors[0].message


def test_an_effect_that_sets_a_parameter_is_told_it_is_the_players_choice(write_pack):
    text = ACTION + 'effects = ["param.level = 3"]\n'
    text += '[[action.params]]\nname = "level"\nkind = "number"\nvalues = [1, 2]\n'
    errors = issues_of(write_pack(text))
    assert [(e.field, e.message) for e in errors] == [
        (
            "effects[0]",
            "'param.level' is the player's choice: an effect can read it but not change it",
        )
    ]


SECTOR_PARAM = (
    '[[action.params]]\nname = "sector"\nkind = "sector"\nchoices = ["steel", "aluminum"]\n'
)


def test_a_mistake_in_every_choice_of_an_action_is_told_once(write_pack):
    """An action is compiled once per choice of its sector and choice parameters: a mistake
    that is the same whichever is chosen is one error, not one per choice."""
    text = ACTION + 'condition = "approval <> 40"\nunavailable_text = "No."\n'
    text += 'effects = ["sector.$sector.support += 1", "param.levl += 1"]\n' + SECTOR_PARAM
    errors = issues_of(write_pack(text))
    assert [e.field for e in errors] == ["condition", "effects[1]"], errors
    assert not any("(with sector=" in e.message for e in errors), errors


def test_a_mistake_in_one_choice_of_an_action_names_the_choice(write_pack):
    text = ACTION + 'condition = "taken(\'$sector\') == 0"\nunavailable_text = "No."\n'
    text += SECTOR_PARAM.replace('"aluminum"', '"hockey_summit"')
    errors = issues_of(write_pack(text))
    fields = [(e.field, e.message.rsplit("(with ", 1)[-1]) for e in errors]
    assert ("condition", "sector=steel)") in fields, errors


@pytest.mark.parametrize(
    "weight",
    ["clamp(approval, -5, 0)", "approval - 200", "0 * approval", "group.ontario.pressure / 50 - 3"],
)
def test_a_weight_that_no_value_of_the_game_makes_positive_is_warned(write_pack, weight):
    """Approval is 0 to 100 and a group's pressure too: a weight below 0 all that way is
    never drawn, as surely as a weight of 0."""
    warnings = issues_of(write_pack(EVENT + f'weight = "{weight}"\n'), "warning")
    assert [(w.entry, w.field) for w in warnings] == [("rink_news", "weight")], warnings
    assert "never above 0" in warnings[0].message


@pytest.mark.parametrize("weight", ["approval / 100 - 0.5", "uniform(-1, 1)", "turn - 3"])
def test_a_weight_some_game_makes_positive_is_not_warned(write_pack, weight):
    assert issues_of(write_pack(EVENT + f'weight = "{weight}"\n'), "warning") == []


def test_capital_per_turn_cannot_be_drawn(write_pack):
    """The player is shown what political capital the next turn brings before it comes."""
    pack = write_pack(SCENARIO + '[scenario.capital]\nper_turn = "2 + chance(0.5)"\n')
    errors = issues_of(pack)
    assert [(e.entry, e.field) for e in errors] == [("variant", "capital.per_turn")], errors
    assert "cannot use chance() or uniform()" in errors[0].message


@pytest.mark.parametrize(
    "line, field, shown",
    [
        ('values = "25, 50, 75"', "params[0].values", '[25, 50, 75], not "25, 50, 75"'),
        ('choices = "steel, aluminum"', "params[0].choices", '["steel", "aluminum"], not'),
    ],
)
def test_a_list_written_as_one_text_is_shown_as_the_list_meant(write_pack, line, field, shown):
    kind = "number" if "values" in line else "sector"
    text = ACTION + f'[[action.params]]\nname = "p"\nkind = "{kind}"\n{line}\n'
    errors = issues_of(write_pack(text))
    assert [e.field for e in errors] == [field], errors
    assert f"must be a list in square brackets: {shown}" in errors[0].message


def test_a_second_reading_of_a_variable_names_the_variable_not_an_id(write_pack):
    pack = write_pack('[[reading]]\nvariable = "us.rapport"\nlabel = "L"\nbands = [[0, "low"]]\n')
    errors = issues_of(pack)
    assert [(e.entry, e.field) for e in errors] == [("us.rapport", "variable")], errors
    assert errors[0].message == (
        "'us.rapport' already has a [[reading]] (in content/world/advisors.toml);"
        " a variable has one reading"
    )


def test_a_reading_no_advisor_reads_is_warned_of(write_pack):
    """A [[reading]] of a variable no advisor reads was accepted and shown nowhere."""
    reading = '[[reading]]\nvariable = "mexico.alignment"\nlabel = "L"\nbands = [[0, "low"]]\n'
    warnings = [str(w) for w in issues_of(write_pack(reading), "warning")]
    assert warnings == [
        "pack/extra.toml: mexico.alignment: variable: warning: no advisor reads 'mexico.alignment', so"
        ' this reading is shown nowhere (add it to an advisor\'s reads: "mexico.alignment" ='
        " { bias = 0, noise = 5 })"
    ]
    advisor = (
        '[[advisor]]\nid = "ambassador"\nname = "Kirsten Hillman"\nrole = "Ambassador"\n'
        'description = "d"\nreads = { "mexico.alignment" = { bias = 0, noise = 5 } }\n'
    )
    assert issues_of(write_pack(reading + advisor), "warning") == []


def test_a_default_not_among_a_parameters_values_lists_them(write_pack):
    """ "30 is not one of the values" left the author to look the values up."""
    text = (
        ACTION
        + '[[action.params]]\nname = "sector"\nkind = "sector"\nchoices = ["steel", "aluminum"]\n'
        + 'default = "steal"\n'
        + '[[action.params]]\nname = "level"\nkind = "number"\nvalues = [0, 12.5, 25]\n'
        + "default = 30\n"
    )
    messages = [e.message for e in issues_of(write_pack(text))]
    assert "'steal' is not one of the choices (steel, aluminum) (did you mean 'steel'?)" in (
        messages
    ), messages
    assert "30 is not one of the values (0, 12.5, 25)" in messages, messages


def test_each_problem_is_placed_at_its_line():
    """An author with forty events in a file was told "my_event: options[1].effects" and had
    to search for it: each problem now names the line an editor opens the file at."""
    from diplomacy_game.content.lines import line_of

    text = (
        "# a comment\n"  # 1
        "[[event]]\n"  # 2
        'id = "first"\n'  # 3
        'title = "One"\n'  # 4
        "\n"  # 5
        "[[event]]\n"  # 6
        "id = 'second'\n"  # 7
        "weight = 2\n"  # 8
        "\n"  # 9
        "[[event.options]]\n"  # 10
        'id = "a"\n'  # 11
        "effects = { approval = 1 }\n"  # 12
        "\n"  # 13
        "[[event.options]]\n"  # 14
        'id = "b"\n'  # 15
        'effects = ["approval += 1", "aproval -= 2"]\n'  # 16
        "[event.options.when]\n"  # 17
        "turn = 2\n"  # 18
        "\n"  # 19
        "[[action]]\n"  # 20
        'id = "first"\n'  # 21
    )
    assert line_of(text, "first", "title") == 4
    assert line_of(text, "second", "weight") == 8
    assert line_of(text, "second", "category") == 6  # missing: at the entry's header
    assert line_of(text, "second", "options[0].effects") == 12
    assert line_of(text, "second", "options[1].effects[1]") == 16
    assert line_of(text, "second", "options[1].id") == 15
    assert line_of(text, "second", "options[1]") == 14
    assert line_of(text, "event[1]", "weight") == 8  # an entry without a readable id
    assert line_of(text, "nowhere", "title") == 0  # not found: no line is claimed
    assert line_of(text, "second", "") == 6


def test_an_event_and_an_action_of_one_id_are_each_placed_at_their_own_line(write_pack):
    """An event and an action may share an id (they are named apart by their kind). The
    action's mistakes were placed at the event's lines, above it in the file: the line an
    editor opens is now the one of the entry the problem is about, for a field that is
    missing as for one that is wrong."""
    from diplomacy_game.content.issues import shown_at

    event = EVENT.replace("rink_news", "hockey_summit")
    pack = write_pack(event + "weight = 1\n\n" + ACTION + 'effects = ["aproval += 1"]\n')
    cs = load_content([pack])
    text = (pack / "extra.toml").read_text(encoding="utf-8").splitlines()
    issues = shown_at(validate(cs), cs.shown)
    effect = next(i for i in issues if i.field == "effects[0]")
    assert text[effect.line - 1].startswith("effects = "), effect
    assert effect.line > text.index("[[action]]") + 1, effect
    # a required field left out is placed at its entry's header
    pack = write_pack(event + "weight = 1\n\n" + ACTION.replace('hint = "Talk hockey."\n', ""))
    cs = load_content([pack])
    missing = next(i for i in shown_at(validate(cs), cs.shown) if i.field == "hint")
    assert missing.line == text.index("[[action]]") + 1, missing
    assert missing.as_dict()["kind"] == "action"  # and validate --json says which entry
