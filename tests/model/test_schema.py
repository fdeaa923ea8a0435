"""The JSON Schema of content files that editors read is generated from the models."""

from __future__ import annotations


def test_content_schema_is_fresh():
    from diplomacy_game.model.schema import SCHEMA_PATH, render

    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "docs/content-schema.json is stale: run 'python -m diplomacy_game.model.schema'"
    )
