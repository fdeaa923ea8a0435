"""The record that a scenario compiled clean: it lets a scenario load with each expression
compiled on first use, for the very content and game version it names, and for nothing else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from diplomacy_game.content import ContentError, cache, load_content, load_ruleset, validate
from diplomacy_game.content import compiler as compiler_module
from diplomacy_game.content.issues import shown_at
from diplomacy_game.engine.expr import Compiled, LazyCompiled, LazyTemplate, Template
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY

SCENARIO = "second-visit"
BROKEN_EVENT = """
[[event]]
id = "cache_broken_event"
title = "A broken event"
category = "us"
triggered_only = true
text = "Nothing happens."
condition = "us.rapportt > 3"
"""


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob("ruleset-*.json"))


def _no_compiling_at_load(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the compiler's expression functions record each call (none is expected while a
    trusted scenario loads)."""
    calls: list[str] = []
    for name in ("compile_condition", "compile_effects", "compile_template"):
        real = getattr(compiler_module, name)

        def spy(source, ns, real=real, name=name):
            calls.append(name)
            return real(source, ns)

        monkeypatch.setattr(compiler_module, name, spy)
    return calls


def _game(ruleset, seed: int = 3) -> dict:
    state = play_through(ruleset, new_game(ruleset, seed), policy=REGISTRY["random"]())
    return state.to_dict()


def test_a_clean_scenario_is_recorded_then_loads_lazily_and_plays_the_same(cache_folder):
    checked = load_ruleset(SCENARIO)
    (record,) = _records(cache_folder)
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["clean"] is True and data["scenario"] == SCENARIO
    assert data["digest"] == load_content().digest and data["code"] == cache.code_digest()
    assert isinstance(checked.capital_per_turn, Compiled)
    assert not isinstance(checked.capital_per_turn, LazyCompiled)

    lazy = load_ruleset(SCENARIO)
    assert type(lazy.capital_per_turn) is LazyCompiled
    event = next(iter(lazy.events.values()))
    assert type(event.text) is LazyTemplate
    assert _game(lazy) == _game(checked)
    # Used once, an expression is an ordinary compiled one, with what it touches.
    assert type(lazy.capital_per_turn) is Compiled
    assert lazy.capital_per_turn.sources == checked.capital_per_turn.sources
    assert event.text.parts  # an event this game may never have shown: its text compiles now
    assert (
        type(event.text) is Template
        and event.text.source == checked.events[event.spec.id].text.source
    )


def test_a_trusted_load_compiles_nothing_until_used(cache_folder, monkeypatch):
    load_ruleset(SCENARIO)
    calls = _no_compiling_at_load(monkeypatch)
    lazy = load_ruleset(SCENARIO)
    assert calls == []
    lazy.capital_per_turn.reads  # noqa: B018 - first use compiles
    assert calls == ["compile_condition"]


@pytest.mark.parametrize("field", ["digest", "code", "scenario", "clean", "format"])
def test_a_record_that_names_anything_else_is_not_trusted(cache_folder, monkeypatch, field):
    load_ruleset(SCENARIO)
    (record,) = _records(cache_folder)
    data = json.loads(record.read_text(encoding="utf-8"))
    data[field] = False if field == "clean" else ("0" * 64 if field != "format" else 99)
    record.write_text(json.dumps(data), encoding="utf-8")
    calls = _no_compiling_at_load(monkeypatch)
    full = load_ruleset(SCENARIO)
    assert calls  # checked in full
    assert not isinstance(full.capital_per_turn, LazyCompiled)
    assert json.loads(record.read_text(encoding="utf-8"))["clean"] is True  # rewritten


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[1, 2]", b"null", b"x" * 10_000])
def test_a_damaged_record_is_ignored_and_rewritten(cache_folder, damage):
    load_ruleset(SCENARIO)
    (record,) = _records(cache_folder)
    record.write_bytes(damage)
    assert not isinstance(load_ruleset(SCENARIO).capital_per_turn, LazyCompiled)
    assert json.loads(record.read_text(encoding="utf-8"))["clean"] is True


def test_deleting_the_cache_folder_is_safe(cache_folder):
    first = _game(load_ruleset(SCENARIO))
    shutil.rmtree(cache_folder)
    assert _game(load_ruleset(SCENARIO)) == first
    assert len(_records(cache_folder)) == 1


def test_the_cache_switched_off_checks_every_time(monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    load_ruleset(SCENARIO)
    assert not isinstance(load_ruleset(SCENARIO).capital_per_turn, LazyCompiled)


def test_content_with_an_error_is_never_recorded(cache_folder, write_pack):
    pack = write_pack(BROKEN_EVENT)
    for _ in range(2):
        with pytest.raises(ContentError, match="unknown name 'us.rapportt'"):
            load_ruleset(SCENARIO, extra=[pack])
    assert _records(cache_folder) == []


def test_a_forged_record_still_reports_a_bad_expression_as_the_check_does(cache_folder, write_pack):
    pack = write_pack(BROKEN_EVENT)
    content = load_content([pack])
    (expected,) = [
        i for i in validate(content) if i.entry == "cache_broken_event" and i.severity == "error"
    ]
    # A record claiming the broken content compiled clean (written by hand: the game never
    # writes one for content with an error).
    cache.remember_clean(content.digest, SCENARIO)
    ruleset = load_ruleset(SCENARIO, extra=[pack])
    with pytest.raises(ContentError) as raised:
        ruleset.events["cache_broken_event"].condition.fn  # noqa: B018
    (shown,) = shown_at([expected], content.shown)
    assert raised.value.issues == [shown] and shown.line > 0  # at the condition's line
    assert str(shown) in str(raised.value)


def test_without_the_games_source_to_digest_nothing_is_recorded_or_trusted(
    cache_folder, monkeypatch
):
    load_ruleset(SCENARIO)  # a record for the real source
    monkeypatch.setattr(cache, "code_digest", lambda: "")
    assert not cache.compiled_clean(load_content().digest, SCENARIO)
    assert not isinstance(load_ruleset(SCENARIO).capital_per_turn, LazyCompiled)
    assert len(_records(cache_folder)) == 1
