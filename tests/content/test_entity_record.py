"""The record of checked entities: a command that reads content it has read before takes the
entities the models' checks gave, exactly, without checking again; and only a whole record
made from these very bytes by this version of the game is taken."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from diplomacy_game.content import cache, load_content, load_ruleset, record
from diplomacy_game.content import loader as loader_module
from diplomacy_game.engine.game import new_game
from diplomacy_game.model.content import Entity
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY

OVERRIDE = """
[[scenario]]
id = "record-override"
title = "An override"
description = "A scenario that changes a sector."
start = 2025-10-07
end = 2026-01-06

[scenario.overrides.sector.steel]
jobs = 30.0
"""


def same(a: Any, b: Any, where: str = "") -> None:
    """``a`` and ``b`` alike to the type of every value (3 is not 3.0, a tuple not a list),
    and each entity with the same fields set."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, Entity):
        assert a.model_fields_set == b.model_fields_set, where
        for name in type(a).model_fields:
            same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert repr(a) == repr(b), where


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("entities-*.json"))


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("checked an entity the record holds")

    monkeypatch.setattr(loader_module, "_load_entry", refuse)


def test_the_record_gives_back_exactly_what_the_checks_gave(cache_folder, monkeypatch):
    checked = load_content()
    (entry,) = _entries(cache_folder)
    _no_checking(monkeypatch)
    recalled = load_content()
    assert recalled.digest == checked.digest and recalled.files == checked.files
    assert not recalled.issues and recalled.origin == checked.origin
    for kind, bucket in checked.entities.items():
        same(bucket, recalled.entities[kind], kind)
        for key, entity in recalled.entities[kind].items():  # keyed by the id itself
            assert key is loader_module.entity_key(kind, entity)
    assert recalled.entities == checked.entities
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["digest"] == checked.digest and data["code"] == cache.code_digest()


def test_a_game_from_recalled_content_is_the_same_game(cache_folder, monkeypatch):
    monkeypatch.setattr(cache, "compiled_clean", lambda digest, scenario: False)  # full checks
    first = load_ruleset("second-visit")
    assert _entries(cache_folder)
    _no_checking(monkeypatch)
    again = load_ruleset("second-visit")
    for seed in (1, 2):
        games = [
            play_through(rs, new_game(rs, seed), policy=REGISTRY["random"]()).to_dict()
            for rs in (first, again)
        ]
        assert games[0] == games[1]


def test_a_command_from_a_warm_cache_builds_no_validator_of_the_content(cache_folder):
    load_ruleset("second-visit")  # writes the records
    code = (
        "from diplomacy_game.content import load_ruleset\n"
        "from diplomacy_game.model.content import entity_models\n"
        "load_ruleset('second-visit')\n"
        "print([n for n, m in entity_models().items() if m.__pydantic_complete__])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def _rewrite(entry: Path, change: Any) -> None:
    """Change a record's body and put the body's true SHA-256 beside it (a forged record)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    body = json.loads(data["body"])
    change(body)
    data["body"] = json.dumps(body)
    data["sha256"] = hashlib.sha256(data["body"].encode()).hexdigest()
    entry.write_text(json.dumps(data), encoding="utf-8")


def _first_sector(body: dict) -> dict:
    return body["sector"][0][2]["$entity"][1]


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "not json",
        "body edited, sha256 not",
        "another game's code",
        "another pydantic",
        "a model that does not exist",
        "a key that is not the entity's",
        "a field missing",
        "a field too many",
        "an entity of another kind",
        "an unknown kind",
    ],
)
def test_a_damaged_or_forged_record_is_ignored_and_rewritten(cache_folder, damage):
    checked = load_content()
    (entry,) = _entries(cache_folder)
    if damage == "empty":
        entry.write_bytes(b"")
    elif damage == "not json":
        entry.write_bytes(b'{"format": 1, "body": ')
    elif damage == "body edited, sha256 not":
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["body"] = data["body"].replace('"Steel"', '"Steal"', 1)
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "another game's code":
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["code"] = "0" * 64
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "another pydantic":
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["checker"] = "pydantic 2.0.0, pydantic-core 2.0.0"
        entry.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "a model that does not exist":
        _rewrite(entry, lambda body: body["sector"][0][2]["$entity"].__setitem__(0, "Os"))
    elif damage == "a key that is not the entity's":
        _rewrite(entry, lambda body: body["sector"][0].__setitem__(0, "not-its-id"))
    elif damage == "a field missing":
        _rewrite(entry, lambda body: _first_sector(body).pop("jobs"))
    elif damage == "a field too many":
        _rewrite(entry, lambda body: _first_sector(body).__setitem__("surprise", 1))
    elif damage == "an entity of another kind":
        _rewrite(entry, lambda body: body["sector"].__setitem__(0, body["group"][0]))
    else:
        _rewrite(entry, lambda body: body.__setitem__("planet", []))
    again = load_content()
    assert not again.issues and again.entities == checked.entities
    assert again.raw == checked.raw  # checked afresh from the documents
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["code"] == cache.code_digest()
    assert hashlib.sha256(data["body"].encode()).hexdigest() == data["sha256"]


def test_content_with_a_problem_or_an_override_is_not_recorded(cache_folder, write_pack):
    broken = write_pack('[[glossary]]\nid = "x"\nterm = "X"\n')  # no text
    assert load_content([broken]).issues
    overriding = write_pack(OVERRIDE)
    content = load_content([overriding])
    assert not [i for i in content.issues if i.severity == "error"]
    assert not _entries(cache_folder)
    assert load_content([overriding]).raw  # read from the documents each time


def test_switched_off_or_without_the_source_nothing_is_recorded(monkeypatch, cache_folder):
    monkeypatch.setattr(cache, "code_digest", lambda: "")
    load_content()
    load_content()
    assert not _entries(cache_folder)
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert load_content().entities["scenario"]
    assert record.recall(loader_module.ContentSet(digest="x"), loader_module.entity_key) is False


def test_only_the_newest_records_are_kept(cache_folder, write_pack):
    """A content author's every edit makes new records; the folder keeps the newest few."""
    for edit in range(cache.KEEP_RECORDS + 3):
        pack = write_pack(f'[[glossary]]\nid = "edit"\nterm = "Edit {edit}"\ntext = "An edit."\n')
        load_content([pack])
    assert len(_entries(cache_folder)) == cache.KEEP_RECORDS
    assert len(list(cache_folder.glob("content-*.json"))) == cache.KEEP_RECORDS
    again = load_content([pack])  # the newest is one of those kept
    assert again.entities["glossary"]["edit"].term == f"Edit {cache.KEEP_RECORDS + 2}"
    assert record.recall(loader_module.ContentSet(digest=again.digest), loader_module.entity_key)
