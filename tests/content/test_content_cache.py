"""The content cache: used only for the very bytes it was made from, and never needed.

These tests are of the parsed documents' cache; the record of checked entities that lies over
it (``content/record.py``) is left out here and tested in ``test_entity_record.py``."""

from __future__ import annotations

import json

import pytest

from diplomacy_game.content import cache, load_content, record, validate
from diplomacy_game.content import loader as loader_module
from diplomacy_game.content.compiler import build_ruleset
from diplomacy_game.content.loader import load_packs

PACK = """
[[glossary]]
id = "cache-test-term"
term = "IEEPA"
text = "The International Emergency Economic Powers Act of 1977."
"""


@pytest.fixture(autouse=True)
def _documents_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record, "recall", lambda cs, key_of: False)


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> dict:
        raise AssertionError("parsed a file the cache holds")

    monkeypatch.setattr(loader_module, "parse_toml", refuse)


def test_a_second_load_reads_the_cache_and_gives_the_same_content(cache_folder, monkeypatch):
    fresh = load_content()
    assert len(list(cache_folder.glob("content-*.json"))) == 1
    _no_parsing(monkeypatch)
    cached = load_content()
    assert cached.digest == fresh.digest and cached.files == fresh.files
    assert cached.entities == fresh.entities  # dates and numbers come back as they were
    assert cached.raw == fresh.raw and cached.origin == fresh.origin
    assert validate(cached) == validate(fresh)
    for sid in fresh.scenarios:
        a, b = build_ruleset(fresh, sid), build_ruleset(cached, sid)
        assert a.scenario == b.scenario and a.initial_values == b.initial_values
        assert list(a.events) == list(b.events) and list(a.actions) == list(b.actions)


def test_changed_bytes_are_parsed_again(cache_folder, write_pack, monkeypatch):
    pack = write_pack(PACK)
    load_content([pack])
    (pack / "extra.toml").write_text(PACK.replace("1977", "1978"), encoding="utf-8")
    changed = load_content([pack])
    assert "1978" in changed.entities["glossary"]["cache-test-term"].text
    assert len(list(cache_folder.glob("content-*.json"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"format": 1, "digest": "x", "documents": {}}',
        b'{"format": 1, "digest": "DIGEST", "documents": {"content/a.toml": 3}}',
        b'{"format": 99, "digest": "DIGEST", "documents": {}}',
        b"[1, 2]",
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_rewritten(cache_folder, damage):
    fresh = load_content()
    (entry,) = cache_folder.glob("content-*.json")
    entry.write_bytes(damage.replace(b"DIGEST", fresh.digest.encode()))
    again = load_content()
    assert again.entities == fresh.entities and not again.issues
    assert json.loads(entry.read_text(encoding="utf-8"))["digest"] == fresh.digest


def test_an_entry_that_lies_about_its_files_is_still_validated(cache_folder):
    fresh = load_content()
    (entry,) = cache_folder.glob("content-*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    name = next(rel for rel in data["documents"] if rel.endswith("glossary.toml"))
    data["documents"][name]["glossary"][0]["surprise"] = "not a field"
    entry.write_text(json.dumps(data), encoding="utf-8")
    lied = load_content()
    assert any("surprise" in str(issue) for issue in lied.issues)
    assert lied.digest == fresh.digest


def test_the_cache_can_be_switched_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    assert load_content().entities["scenario"]
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    assert load_content().entities["scenario"]  # no cache written, no error


def test_the_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "elbows-up"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "elbows-up"


def test_a_table_with_a_tag_as_key_is_loaded_but_not_cached(cache_folder, write_pack):
    pack = write_pack(PACK + '\n[[glossary]]\nid = "odd"\nterm = "Odd"\ntext = "x"\n"$date" = 1\n')
    content = load_packs([pack])
    assert any("$date" in str(issue) for issue in content.issues)  # refused by the schema
    assert not list(cache_folder.glob("content-*.json"))
