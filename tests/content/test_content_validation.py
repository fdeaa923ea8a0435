"""Content validation: every kind of mistake is reported with its file, entry and field."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_content, validate
from diplomacy_game.content.compiler import build_ruleset
from diplomacy_game.content.issues import ContentError


def errors_for(pack) -> list:
    """Errors found in the test's own pack (the built-in content is checked on its own)."""
    issues = validate(load_content([pack]))
    return [i for i in issues if i.severity == "error" and i.file.startswith(f"{pack.name}/")]


def find(errors, entry: str, field_part: str):
    hits = [e for e in errors if e.entry == entry and field_part in e.field]
    assert hits, f"no error for {entry}/{field_part}; got: " + "\n".join(map(str, errors))
    return hits[0]


def test_builtin_content_has_no_errors_or_warnings():
    issues = validate(load_content())
    assert issues == [], "\n".join(map(str, issues))


def test_malformed_toml_names_the_file_and_line(write_pack):
    pack = write_pack("[[event]\nid = 'x'\n", "broken.toml")
    err = errors_for(pack)
    assert len(err) == 1
    assert err[0].file == "pack/broken.toml"
    assert "not valid TOML" in err[0].message and "line 1" in err[0].message


def test_unknown_section_gets_a_suggestion(write_pack):
    err = errors_for(write_pack("[[evnt]]\nid = 'x'\n"))
    assert "did you mean 'event'" in err[0].message and err[0].field == "evnt"


def test_unknown_field_gets_a_suggestion(write_pack):
    pack = write_pack(
        """[[action]]
id = "wave_flag"
name = "Wave a flag"
family = "domestic"
hint = "Harmless."
costt = 1
"""
    )
    e = find(errors_for(pack), "wave_flag", "costt")
    assert e.file == "pack/extra.toml" and "did you mean 'cost'" in e.message


def test_wrong_type_names_the_field(write_pack):
    pack = write_pack(
        """[[sector]]
id = "potash"
name = "Potash"
exports = "a lot"
jobs = 10
us_share = 0.5
"""
    )
    e = find(errors_for(pack), "potash", "exports")
    assert "number" in e.message


def test_missing_field(write_pack):
    e = find(
        errors_for(write_pack('[[event]]\nid = "quiet"\ncategory = "media"\n')), "quiet", "title"
    )
    assert "required" in e.message


def test_bad_enum_value(write_pack):
    pack = write_pack('[[action]]\nid = "x1"\nname = "X"\nfamily = "bribery"\nhint = "h"\n')
    e = find(errors_for(pack), "x1", "family")
    assert "retaliation" in e.message


def test_duplicate_id_names_both_files(write_pack):
    pack = write_pack(
        '[[action]]\nid = "call_president"\nname = "Again"\nfamily = "diplomacy"\nhint = "h"\n'
    )
    e = find(errors_for(pack), "call_president", "id")
    assert "duplicate" in e.message and "first defined in" in e.message


def test_dangling_sector_reference(write_pack):
    pack = write_pack(
        '[[group]]\nid = "nunavut"\nname = "Nunavut"\nweight = 0.01\nsectors = { fishing = 1.0, steal = 0.5 }\n'
    )
    errors = errors_for(pack)
    assert "unknown sector 'fishing'" in find(errors, "nunavut", "sectors.fishing").message
    assert "did you mean 'steel'" in find(errors, "nunavut", "sectors.steal").message


def test_bad_expression_in_event(write_pack):
    pack = write_pack(
        """[[event]]
id = "odd"
title = "Odd"
category = "media"
condition = "us.raport > 3"
text = "x"
effects = ["approval += 2 ** 3"]
"""
    )
    errors = errors_for(pack)
    assert "did you mean 'us.rapport'" in find(errors, "odd", "condition").message
    assert "'**'" in find(errors, "odd", "effects").message


def test_each_bad_effect_in_a_list_is_named_at_its_place(write_pack):
    """Every bad statement of an effects list in one pass, at its place in the list; the
    good ones between them are not blamed."""
    pack = write_pack(
        """[[event]]
id = "odd"
title = "Odd"
category = "media"
text = "x"
effects = ["us.raport += 1", "approval += 1", "approval += 1e308 * 1e308"]

[[event.options]]
id = "a"
label = "A"
effects = ["approval += 1", "aproval -= 1"]

[[action]]
id = "act"
name = "Act"
family = "diplomacy"
hint = "h"
effects = ["approval += 1", "talks.progres += 1"]
"""
    )
    errors = errors_for(pack)
    places = sorted(e.field for e in errors if e.entry in ("odd", "act"))
    assert places == ["effects[0]", "effects[1]", "effects[2]", "options[0].effects[1]"], errors
    assert "did you mean 'us.rapport'" in find(errors, "odd", "effects[0]").message
    assert "out of range" in find(errors, "odd", "effects[2]").message
    assert "did you mean 'approval'" in find(errors, "odd", "options[0].effects[1]").message
    assert "did you mean 'talks.progress'" in find(errors, "act", "effects[1]").message


def test_schedule_of_unknown_event(write_pack):
    pack = write_pack(
        '[[event]]\nid = "a1"\ntitle = "A"\ncategory = "media"\ntext = "x"\neffects = ["schedule(\'lumber_233\', 1)"]\n'
    )
    assert "did you mean 'lumber_232'" in find(errors_for(pack), "a1", "effects").message


def test_an_event_that_schedules_itself_twice_is_warned(write_pack):
    """Valid, with delays of a turn, and it fires 1, 3, 9, ... times a turn until the engine
    refuses a turn (engine/events.py): the validator says so first."""
    pack = write_pack(
        """[[event]]
id = "loop_a"
title = "Loop"
category = "media"
once = false
triggered_only = true
text = "a"
effects = ["schedule('loop_a', 1)", "schedule('loop_a', 2)"]

[[event]]
id = "loop_b"
title = "Once"
category = "media"
triggered_only = true
text = "b"
effects = ["schedule('loop_b', 1)", "schedule('loop_b', 1)", "schedule('loop_a', 1)"]
"""
    )
    issues = [i for i in validate(load_content([pack])) if "schedules itself" in i.message]
    assert [(i.entry, i.severity) for i in issues] == [("loop_a", "warning")], issues
    assert "2 times each time it fires" in issues[0].message


def follow_up(ident: str, *effects: str, extra: str = "") -> str:
    """A repeatable event that only a schedule() fires, with these effects."""
    listed = ", ".join(f'"{e}"' for e in effects)
    return (
        f'[[event]]\nid = "{ident}"\ntitle = "{ident}"\ncategory = "media"\nonce = false\n'
        f'triggered_only = true\ntext = "x"\neffects = [{listed}]\n{extra}\n'
    )


def runaway_warnings(pack) -> list:
    issues = validate(load_content([pack]))
    return [i for i in issues if "multiply" in i.message or "schedules itself" in i.message]


def test_a_cycle_whose_follow_ups_multiply_is_warned_with_its_events_and_files(write_pack):
    """a schedules b twice and b schedules a: no event schedules itself, yet a fires 1, 2, 4,
    ... times a turn until the engine refuses a turn."""
    write_pack(follow_up("loop_a", "schedule('loop_b', 1)", "schedule('loop_b', 2)"), "a.toml")
    pack = write_pack(follow_up("loop_b", "schedule('loop_a', 1)"), "b.toml")
    warnings = runaway_warnings(pack)
    assert [(w.file, w.entry, w.field, w.severity) for w in warnings] == [
        ("pack/a.toml", "loop_a", "effects", "warning")
    ], warnings
    message = warnings[0].message
    assert "loop_a -> loop_b -> loop_a (loop_a in pack/a.toml, loop_b in pack/b.toml)" in message
    assert "it schedules 2 follow-ups that lead back to it" in message
    assert "make one of them once = true, or give one a condition that stops it" in message


def test_an_event_whose_two_follow_ups_both_lead_back_is_warned(write_pack):
    pack = write_pack(
        follow_up("fan", "schedule('fan_b', 1)", "schedule('fan_c', 3)")
        + follow_up("fan_b", "schedule('fan', 1)")
        + follow_up("fan_c", "schedule('fan', 1)")
    )
    warnings = runaway_warnings(pack)
    assert [(w.entry, w.field) for w in warnings] == [("fan", "effects")], warnings
    assert "fan -> fan_b -> fan and fan -> fan_c -> fan" in warnings[0].message


@pytest.mark.parametrize(
    "text, entry",
    [
        pytest.param(  # one schedule in the effects and one in an option: two a firing
            follow_up("opt_a", "schedule('opt_b', 1)")
            + '[[event.options]]\nid = "o"\nlabel = "O"\neffects = ["schedule(\'opt_b\', 2)"]\n'
            + follow_up("opt_b", "schedule('opt_a', 1)"),
            "opt_a",
            id="effects and option",
        ),
        pytest.param(  # a limit on an event outside the cycle does not stop it
            follow_up("out_a", "schedule('out_b', 1)", "schedule('out_b', 1)")
            + follow_up(
                "out_b", "schedule('out_a', 1)", extra="condition = \"fired('elsewhere') < 3\""
            )
            + follow_up("elsewhere", "us.rapport += 1"),
            "out_a",
            id="limit outside the cycle",
        ),
        pytest.param(  # a limited event leaves a cycle of the others that still multiplies
            follow_up(
                "rest_a", "schedule('rest_b', 1)", extra="condition = \"fired('rest_a') < 3\""
            )
            + follow_up("rest_b", "schedule('rest_c', 1)", "schedule('rest_a', 1)")
            + follow_up("rest_c", "schedule('rest_b', 1)", "schedule('rest_b', 2)"),
            "rest_c",
            id="what is left of a stopped cycle",
        ),
    ],
)
def test_other_cycles_that_multiply_are_warned(write_pack, text, entry):
    warnings = runaway_warnings(write_pack(text))
    assert [w.entry for w in warnings] == [entry], warnings


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(  # each firing schedules one more: a chain that runs all game, not a runaway
            follow_up("ch_a", "schedule('ch_b', 1)") + follow_up("ch_b", "schedule('ch_a', 2)"),
            id="a chain",
        ),
        pytest.param(  # one side of an if or the other, never both
            follow_up("if_a", "if approval < 40: schedule('if_b', 1)\\nelse: schedule('if_b', 2)")
            + follow_up("if_b", "schedule('if_a', 1)"),
            id="if and else",
        ),
        pytest.param(  # the player answers one option
            follow_up("ans_a", "us.rapport += 1")
            + '[[event.options]]\nid = "x"\nlabel = "X"\neffects = ["schedule(\'ans_b\', 1)"]\n'
            + '[[event.options]]\nid = "y"\nlabel = "Y"\neffects = ["schedule(\'ans_b\', 2)"]\n'
            + follow_up("ans_b", "schedule('ans_a', 1)"),
            id="one option of two",
        ),
        pytest.param(
            follow_up("once_a", "schedule('once_b', 1)", "schedule('once_b', 1)")
            + follow_up("once_b", "schedule('once_a', 1)").replace("once = false", "once = true"),
            id="once = true",
        ),
        pytest.param(
            follow_up(
                "cool_a", "schedule('cool_b', 1)", "schedule('cool_b', 1)", extra="cooldown = 1"
            )
            + follow_up("cool_b", "schedule('cool_a', 1)"),
            id="a cooldown",
        ),
        pytest.param(  # b stops once a has fired 3 times, and a with it
            follow_up("cnt_a", "schedule('cnt_b', 1)", "schedule('cnt_b', 1)")
            + follow_up(
                "cnt_b", "schedule('cnt_a', 1)", extra="condition = \"3 > fired('cnt_a')\""
            ),
            id="fired() of the cycle",
        ),
        pytest.param(
            follow_up("turn_a", "schedule('turn_b', 1)", "schedule('turn_b', 1)")
            + follow_up(
                "turn_b", "schedule('turn_a', 1)", extra="condition = \"turns_since('turn_b') > 0\""
            ),
            id="once a turn",
        ),
        pytest.param(
            follow_up(
                "br_a",
                "if fired('br_a') < 3 and approval > 0: schedule('br_b', 1); schedule('br_b', 1)",
            )
            + follow_up("br_b", "schedule('br_a', 1)"),
            id="a branch that runs 3 times",
        ),
        pytest.param(  # at most once a turn: the second of a turn's two is held back
            follow_up("tick", "schedule('tick', 1)", "schedule('tick', 2)", extra="cooldown = 1"),
            id="itself, with a cooldown",
        ),
        pytest.param(
            follow_up("tock", "if approval < 40: schedule('tock', 1)\\nelse: schedule('tock', 2)"),
            id="itself, on either side of an if",
        ),
    ],
)
def test_a_cycle_that_cannot_multiply_is_not_warned(write_pack, text):
    pack = write_pack(text)
    assert runaway_warnings(pack) == []
    assert errors_for(pack) == []


def test_zero_delay_cycle_is_found(write_pack):
    pack = write_pack(
        """[[event]]
id = "loop_a"
title = "A"
category = "media"
text = "a"
effects = ["schedule('loop_b', 0)"]

[[event]]
id = "loop_b"
title = "B"
category = "media"
triggered_only = true
text = "b"
effects = ["schedule('loop_a', 0)"]
"""
    )
    errors = errors_for(pack)
    cycle = [e for e in errors if "cycle" in e.message]
    assert (
        cycle
        and "loop_a -> loop_b -> loop_a" in cycle[0].message
        or "loop_b -> loop_a -> loop_b" in cycle[0].message
    )


def test_delayed_cycle_is_allowed(write_pack):
    pack = write_pack(
        """[[event]]
id = "tick"
title = "Tick"
category = "media"
once = false
text = "a"
effects = ["schedule('tock', 1)"]

[[event]]
id = "tock"
title = "Tock"
category = "media"
once = false
triggered_only = true
text = "b"
effects = ["schedule('tick', 2)"]
"""
    )
    assert errors_for(pack) == []


def test_action_parameter_problems(write_pack):
    pack = write_pack(
        """[[action]]
id = "tariff_x"
name = "Tariff"
family = "retaliation"
hint = "h"
effects = ["sector.$sectr.counter_tariff = param.lvl"]
[[action.params]]
name = "sector"
kind = "sector"
choices = ["steel", "potash"]
"""
    )
    errors = errors_for(pack)
    assert "unknown sector 'potash'" in find(errors, "tariff_x", "params.sector.choices").message
    assert "'$sectr'" in find(errors, "tariff_x", "effects").message


def test_random_action_cost_is_refused(write_pack):
    pack = write_pack(
        '[[action]]\nid = "gamble"\nname = "G"\nfamily = "domestic"\nhint = "h"\ncost = "1 if chance(0.5) else 2"\n'
    )
    assert "chance()" in find(errors_for(pack), "gamble", "cost").message


def test_texts_cannot_draw_at_random(write_pack):
    # Showing a text (a briefing, a preview) must never move the game's generator.
    pack = write_pack(
        '[[action]]\nid = "speech"\nname = "S"\nfamily = "domestic"\nhint = "h"\n'
        'text = "Applause: {uniform(1, 5):.0f} minutes."\n\n'
        '[[event]]\nid = "rumour"\ntitle = "R"\ncategory = "domestic"\n'
        'text = "Odds {100 if chance(0.5) else 0}%"\n'
    )
    errors = errors_for(pack)
    assert "showing it must not change" in find(errors, "speech", "text").message
    assert "showing it must not change" in find(errors, "rumour", "text").message


def test_scenario_problems(write_pack):
    pack = write_pack(
        """[[scenario]]
id = "bad-dates"
title = "Bad"
description = "d"
start = 2026-01-01
end = 2025-01-01
"""
    )
    e = find(errors_for(pack), "bad-dates", "end")
    assert "must come after" in e.message


def test_scenario_overrides_and_initial_values_are_checked(write_pack):
    pack = write_pack(
        """[[scenario]]
id = "variant"
title = "Variant"
description = "d"
start = 2025-10-07
end = 2026-07-01
exclude_events = ["lumber_2322"]
[scenario.initial]
approvel = 50
[scenario.overrides.action.call_presidnt]
cost = 2
[scenario.overrides.sector.steel]
exports = -5
"""
    )
    errors = errors_for(pack)
    assert "did you mean 'approval'" in find(errors, "variant", "initial.approvel").message
    assert (
        "did you mean 'call_president'"
        in find(errors, "variant", "overrides.action.call_presidnt").message
    )
    assert find(errors, "variant", "overrides.sector.steel.exports")
    assert "did you mean 'lumber_232'" in find(errors, "variant", "exclude_events").message


def test_scenario_override_changes_the_ruleset(write_pack):
    pack = write_pack(
        """[[scenario]]
id = "pricey-calls"
title = "Pricey"
description = "d"
start = 2025-10-07
end = 2026-01-01
[scenario.overrides.action.call_president]
cost = 3
"""
    )
    ruleset = build_ruleset(load_content([pack]), "pricey-calls")
    assert ruleset.actions["call_president"].variants[()].cost(None) == 3
    assert ruleset.turns == 7


def test_ending_without_a_fallback_grade(write_pack):
    pack = write_pack(
        """[[ending]]
id = "odd_end"
title = "Odd"
cusma_status = "x"
explanation = "x"
[[ending.grades]]
grade = "A"
condition = "approval > 90"
"""
    )
    assert "last grade" in find(errors_for(pack), "odd_end", "grades").message


def test_many_errors_are_reported_in_one_pass(write_pack):
    pack = write_pack(
        """[[event]]
id = "e1"
title = "x"
category = "media"
text = "{nope}"

[[event]]
id = "e2"
title = "x"
category = "sports"
text = "x"

[[action]]
id = "a1"
name = "a"
family = "domestic"
hint = "h"
effects = ["turn = 1"]
"""
    )
    errors = errors_for(pack)
    entries = {e.entry for e in errors}
    assert {"e1", "e2", "a1"} <= entries


def test_missing_pack_and_empty_pack(tmp_path):
    errors = [i for i in validate(load_content([tmp_path / "nowhere"])) if i.severity == "error"]
    assert "no such file" in errors[0].message
    (tmp_path / "empty").mkdir()
    errors = [i for i in validate(load_content([tmp_path / "empty"])) if i.severity == "error"]
    assert "no .toml files" in errors[0].message


def test_non_utf8_and_binary_files(write_pack):
    pack = write_pack("x", "bin.toml")
    (pack / "bin.toml").write_bytes(b"\xff\xfe\x00garbage")
    assert "UTF-8" in errors_for(pack)[0].message


def test_build_ruleset_raises_content_error_listing_problems(write_pack):
    pack = write_pack(
        '[[event]]\nid = "e9"\ntitle = "x"\ncategory = "media"\ntext = "x"\ncondition = "nope"\n'
    )
    with pytest.raises(ContentError) as info:
        build_ruleset(load_content([pack]), "second-visit")
    assert "e9" in str(info.value) and "condition" in str(info.value)


def test_unknown_scenario_gets_a_suggestion():
    with pytest.raises(ContentError, match="did you mean 'second-visit'"):
        build_ruleset(load_content(), "second-visti")


@pytest.mark.parametrize(
    ("text", "entry", "field", "fragment"),
    [
        (
            '[[advisor]]\nid = "pollster"\nname = "P"\nrole = "r"\nreads = { "us.rapor" = { noise = 3 } }\n',
            "pollster",
            "reads.us.rapor",
            "did you mean 'us.rapport'",
        ),
        (
            '[[advisor]]\nid = "seer"\nname = "S"\nrole = "r"\nreads = { "approval" = { noise = -1 } }\n',
            "seer",
            "noise",
            "must be at least",
        ),
        (
            '[[reading]]\nvariable = "approval"\nlabel = "Mood"\nbands = [[50, "high"], [0, "low"]]\n',
            "approval",
            "bands",
            "ascending",
        ),
        (
            '[[reading]]\nvariable = "aproval"\nlabel = "Mood"\nbands = [[0, "low"]]\n',
            "aproval",
            "variable",
            "did you mean 'approval'",
        ),
        ('[[glossary]]\nid = "tariff"\nterm = "Tariff"\n', "tariff", "text", "required"),
        (
            '[[posture]]\nid = "surrender"\nname = "S"\nutility = "1"\n',
            "surrender",
            "id",
            "escalate",
        ),
        (
            '[[reaction]]\ntag = "boycott"\neffects = ["us.rapport += "]\n',
            "boycott",
            "effects",
            "not a valid expression",
        ),
        (
            '[[variable]]\nid = "cusma.mood"\ninitial = 500\n',
            "cusma.mood",
            "initial",
            "min <= initial <= max",
        ),
        ('[[variable]]\nid = "approval"\n', "approval", "id", "built-in name"),
        (
            '[[group]]\nid = "ontario2"\nname = "O"\nweight = 2\n',
            "ontario2",
            "weight",
            "must be at most 1 (got 2)",
        ),
        (
            '[[sector]]\nid = "Steel Mills"\nname = "S"\nexports = 1\njobs = 1\nus_share = 0.5\n',
            "Steel Mills",
            "id",
            "lower case letters, digits",
        ),
    ],
)
def test_each_kind_of_entity_reports_its_mistakes(write_pack, text, entry, field, fragment):
    errors = errors_for(write_pack(text))
    e = find(errors, entry, field)
    assert e.file == "pack/extra.toml"
    assert fragment in e.message, str(e)


def test_mutated_content_never_crashes_the_validator(tmp_path):
    """Random damage to the real content files: always issues, never an exception."""
    import random

    from diplomacy_game.content import builtin_content_dir
    from tests.content.test_hostile_content import mutate_text

    sources = sorted(builtin_content_dir().rglob("*.toml"))
    rng = random.Random(1234)
    for case in range(60):
        source = rng.choice(sources)
        damaged = mutate_text(source.read_text(encoding="utf-8"), rng)
        pack = tmp_path / f"case{case}"
        pack.mkdir()
        (pack / source.name).write_text(damaged, encoding="utf-8")
        issues = validate(load_content([pack], builtin=case % 6 == 0))
        for issue in issues:
            assert issue.file and issue.message


def test_values_computed_by_the_economy_cannot_be_set(write_pack):
    pack = write_pack(
        """[[scenario]]
id = "fixed-gap"
title = "F"
description = "d"
start = 2025-10-07
end = 2026-01-01
[scenario.initial]
gdp_gap = -5.0
"""
    )
    assert errors_for(pack) == []
    warnings = [i for i in validate(load_content([pack])) if i.entry == "fixed-gap"]
    assert (
        warnings
        and "computed by the economy" in warnings[0].message
        and warnings[0].severity == "warning"
    )


def test_a_condition_without_words_is_warned(write_pack):
    """The handout and the action list say in words when an action is not available."""
    pack = write_pack(
        '[[action]]\nid = "wave_flag"\nname = "Wave a flag"\nfamily = "domestic"\nhint = "h"\n'
        'condition = "approval < 40"\n'
    )
    issues = [i for i in validate(load_content([pack])) if i.entry == "wave_flag"]
    assert [(i.field, i.severity) for i in issues] == [("unavailable_text", "warning")]
    worded = write_pack(
        '[[action]]\nid = "wave_flag"\nname = "Wave a flag"\nfamily = "domestic"\nhint = "h"\n'
        'condition = "approval < 40"\nunavailable_text = "Only when approval is below 40%."\n'
    )
    assert not [i for i in validate(load_content([worded])) if i.entry == "wave_flag"]


def test_a_text_shown_in_play_that_prints_the_hidden_us_side_is_warned(write_pack):
    """The player reads the US side only through the advisors' noisy estimates: a text shown
    during the game that prints ``us.rapport`` gives it away. An ending may reveal it, and the
    US economy's figures (public statistics) may be shown."""
    pack = write_pack(
        '[[event]]\nid = "leak"\ntitle = "L"\ncategory = "domestic"\n'
        'text = "Rapport stands at {us.rapport:.0f}."\n\n'
        '[[event]]\nid = "cpi"\ntitle = "C"\ncategory = "world"\n'
        'text = "US prices are {us.price_level:+.1f}% on the tariffs."\n\n'
        '[[action]]\nid = "probe"\nname = "P"\nfamily = "diplomacy"\nhint = "h"\n'
        'text = "They are {us.patience:.0f} patient and {us.hawks:.0f} hawkish."\n\n'
        '[[ending]]\nid = "reveal"\ntitle = "R"\nwhen = "final"\n'
        'explanation = "The President\'s rapport was {us.rapport:.0f}."\n'
        '[[ending.grades]]\ngrade = "C"\ntext = "Patience {us.patience:.0f}."\n'
    )
    issues = [i for i in validate(load_content([pack])) if i.file.startswith(f"{pack.name}/")]
    warned = {(i.entry, i.field): i.message for i in issues if i.severity == "warning"}
    assert "'us.rapport'" in warned.pop(("leak", "text"))
    assert "'us.hawks'" in warned.pop(("probe", "text"))  # the first, in name order
    assert not [key for key in warned if key[0] in ("cpi", "reveal")], warned
    assert not [i for i in issues if i.severity == "error" and i.entry in ("leak", "probe")]
