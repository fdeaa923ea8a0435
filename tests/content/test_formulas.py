"""Formulas (``[[formula]]``): a named expression is put in place of its name before an
expression compiles, in both engines; its mistakes are reported at the formula."""

from __future__ import annotations

from diplomacy_game.content import load_content, load_ruleset, validate
from diplomacy_game.engine.game import new_game, preview_context
from diplomacy_game.model.content import Formula

EVENT = """
[[event]]
id = "formula_news"
title = "News"
category = "media"
condition = "{condition}"
weight = "{weight}"
text = "x"
effects = [{effects}]
"""


def issues_of(pack):
    found = validate(load_content([pack]))
    return [i for i in found if i.file.startswith(f"{pack.name}/")]


def message(issues, entry: str, field: str) -> str:
    hits = [i.message for i in issues if i.entry == entry and i.field == field]
    assert hits, "\n".join(map(str, issues))
    return hits[0]


def test_the_endings_share_one_record():
    """The built-in endings write the record once; their scores read it by name."""
    cs = load_content()
    assert "record" in cs.entities["formula"]
    endings = list(cs.entities["ending"].values())
    assert endings and all("record" in e.score and "clamp" not in e.score for e in endings)
    ruleset = load_ruleset("second-visit")
    for ending in ruleset.endings:
        assert ending.score is not None and "clamp(0.4 * clamp(4 * (approval" in ending.score.source
        assert {"approval", "gdp_gap", "jobs_lost", "fiscal_room", "conceded"} <= ending.score.reads


def test_a_formula_reads_as_its_expression_everywhere(write_pack):
    pack = write_pack(
        """
[[formula]]
id = "unrest"
expr = "(100 - approval) / 10"

[[formula]]
id = "double_unrest"
expr = "2 * unrest"
"""
        + EVENT.format(
            condition="unrest > 1 and double_unrest < 100",
            weight="1 + unrest",
            effects='"us.rapport -= unrest", "approval += double_unrest - 2 * unrest"',
        )
    )
    assert issues_of(pack) == []
    ruleset = load_ruleset("second-visit", extra=[pack])
    event = ruleset.events["formula_news"]
    assert event.weight.source == "1 + (100 - approval) / 10"
    assert event.condition.reads == {"approval"}
    state = new_game(ruleset, 3)
    ctx = preview_context(ruleset, state)
    approval = state.values["approval"]
    assert event.weight(ctx) == 1 + (100 - approval) / 10
    assert event.condition(ctx) == ((100 - approval) / 10 > 1)


def test_mistakes_are_reported_at_the_formula(write_pack):
    pack = write_pack(
        """
[[formula]]
id = "approval"
expr = "1"

[[formula]]
id = "clamp"
expr = "1"

[[formula]]
id = "loop_a"
expr = "loop_b + 1"

[[formula]]
id = "loop_b"
expr = "loop_a * 2"

[[formula]]
id = "typo"
expr = "aproval / 2"

[[formula]]
id = "uses_typo"
expr = "typo + 1"
"""
        + EVENT.format(condition="true", weight="1", effects='"typo = 3"')
    )
    issues = issues_of(pack)
    assert "already a name of the game" in message(issues, "approval", "id")
    assert "already a name of the game" in message(issues, "clamp", "id")
    assert "uses itself (loop_a -> loop_b -> loop_a)" in message(issues, "loop_a", "expr")
    assert "did you mean 'approval'" in message(issues, "typo", "expr")
    assert "not a variable: an effect cannot set it" in message(
        issues, "formula_news", "effects[0]"
    )
    # each mistake once, where it is: the formula that uses a broken one is not blamed again
    assert not [i for i in issues if i.entry == "uses_typo"]


def test_a_formula_id_is_one_plain_name():
    for bad in ("Record", "sector.steel", "two words", ""):
        try:
            Formula(id=bad, expr="1")
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was taken as a formula id")


def test_formulas_cannot_grow_an_expression_without_bound(write_pack):
    """Each formula doubling the one before would make an expression of a billion parts: it
    is refused at the first that passes the language's limit, at once."""
    chain = "\n".join(
        f'[[formula]]\nid = "f{k}"\nexpr = "{f"f{k - 1} + f{k - 1}" if k else "approval"}"\n'
        for k in range(31)
    )
    pack = write_pack(
        chain
        + '[[formula]]\nid = "wide"\nexpr = "clamp(approval - 40, 0, 100) * (1 + gdp_gap / 10)"\n'
        + EVENT.format(condition="true", weight=" + ".join(["wide"] * 12), effects="")
    )
    issues = issues_of(pack)
    blamed = [k for k in range(31) if any(i.entry == f"f{k}" for i in issues)]
    first = blamed[0]
    assert first >= 4 and blamed == list(range(first, 31))  # the small ones are fine
    assert "the limit is 250 parts" in message(issues, f"f{first}", "expr")
    assert "uses the formula" in message(issues, f"f{first + 1}", "expr")
    assert "with its formulas put in place it is" in message(issues, "formula_news", "weight")
