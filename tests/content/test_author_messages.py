"""What a content author is told: each problem placed in the author's own file and field,
no follow-on errors blamed elsewhere, and the wrong types TOML allows refused."""

from __future__ import annotations

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
