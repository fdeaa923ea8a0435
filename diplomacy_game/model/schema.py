"""A JSON Schema of content files, generated from the pydantic models.

Editors that understand JSON Schema for TOML (for example through taplo) then complete field
names and flag mistakes as an author types. ``python -m diplomacy_game.model.schema`` rewrites
``docs/content-schema.json``; a test fails when the committed file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from diplomacy_game.model.content import KINDS, entity_models

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "content-schema.json"


def _build_all() -> None:
    """Build every content model (they are built on first use): a default value that is an
    entity (the scenario's ``capital``) is written into the schema by its model."""
    for model in entity_models().values():
        model.model_rebuild()


def content_schema() -> dict[str, Any]:
    _build_all()
    defs: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for key, model in KINDS.items():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
        ref = {"$ref": f"#/$defs/{model.__name__}"}
        properties[key] = {"anyOf": [{"type": "array", "items": ref}, ref]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Elbows Up content file",
        "description": "One TOML file of a content pack: arrays of tables, one per kind of entity.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": dict(sorted(defs.items())),
    }


def render() -> str:
    return json.dumps(content_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_PATH}\n")
