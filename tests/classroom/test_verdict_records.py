"""Recorded verdicts: a save checked before is not replayed, what the class summary shows is
the same from the record as from a replay, and a record is trusted for nothing but the exact
bytes, content and game it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplomacy_game.classroom import verdicts
from diplomacy_game.classroom.summary import TURN_COLUMNS, overview, summarise, to_csv
from diplomacy_game.cli import main
from diplomacy_game.content import cache
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy


@pytest.fixture(scope="module")
def hand_ins(ruleset, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hand-ins")
    for seed, policy, turns in ((1, "random", None), (2, "hardline", 9), (3, "appease", None)):
        state = play_through(
            ruleset, new_game(ruleset, seed), policy=get_policy(policy), max_turns=turns
        )
        store.save_game(folder / f"student{seed}.json", ruleset, state)
    return folder


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def _printed(folder: Path) -> tuple[str, str, str]:
    """Everything class-summary prints or writes: the rows, the grade book, the overview."""
    summary = summarise(sorted(folder.glob("*.json")))
    return to_csv(summary.rows), to_csv(summary.turns, TURN_COLUMNS), overview(summary)


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob("verdict-*.json"))


def test_the_summary_from_records_is_the_summary_from_replays(hand_ins, cache_folder):
    replayed = _printed(hand_ins)
    assert len(_records(cache_folder)) == 3
    assert all("facts" in json.loads(p.read_text()) for p in _records(cache_folder))
    from_records = _printed(hand_ins)
    assert from_records == replayed
    for path in sorted(hand_ins.glob("*.json")):
        verdict = verdicts.checked(path)
        assert verdict.state is None and verdict.facts is not None  # not replayed


def test_the_summary_is_the_same_with_the_cache_off(hand_ins, cache_folder, monkeypatch):
    with_cache = _printed(hand_ins)
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert _printed(hand_ins) == with_cache


def test_a_verdict_recorded_by_verify_is_completed_by_the_summary(hand_ins, cache_folder):
    assert main(["verify", str(hand_ins)]) == 0
    (record,) = _records(cache_folder)[:1]
    assert "facts" not in json.loads(record.read_text())
    first = _printed(hand_ins)  # decodes the saves, replays none, and adds the facts
    assert all("facts" in json.loads(p.read_text()) for p in _records(cache_folder))
    assert _printed(hand_ins) == first


def test_an_edited_save_is_replayed_and_caught_after_the_original_was_recorded(
    hand_ins, cache_folder, tmp_path
):
    folder = tmp_path / "class"
    folder.mkdir()
    original = hand_ins / "student3.json"
    target = folder / "student3.json"
    target.write_bytes(original.read_bytes())
    clean = _printed(folder)
    assert verdicts.checked(target).ok and "consistent" in clean[0]
    doc = json.loads(original.read_text(encoding="utf-8"))
    doc["state"]["history"][6]["approval"] = 71.5
    target.write_bytes(store.seal(doc))
    verdict = verdicts.checked(target)
    assert not verdict.ok and verdict.turn == 7 and verdict.where == "approval"
    assert verdict.state is not None  # replayed, not recalled
    rows, _, text = _printed(folder)
    assert ",no," in rows and "Verified: 0 of 1" in text
    # Damage of the bytes alone (the checksum no longer holds) is caught too.
    data = bytearray(original.read_bytes())
    at = data.index(b'"saved_at": "') + len(b'"saved_at": "')
    data[at] = ord("1") if data[at] != ord("1") else ord("2")
    target.write_bytes(bytes(data))
    damaged = verdicts.checked(target)
    assert not damaged.ok and "checksum" in damaged.message


def test_a_damaged_or_foreign_record_is_ignored_and_written_again(hand_ins, cache_folder):
    path = hand_ins / "student1.json"
    assert verdicts.checked(path).state is not None
    (record,) = _records(cache_folder)
    good = json.loads(record.read_text())
    for bad in (
        "{not json",
        json.dumps({**good, "code": "0" * 64}),
        json.dumps({**good, "content": "0" * 64}),
        json.dumps({**good, "save": "0" * 64}),
        json.dumps({**good, "verdict": {**good["verdict"], "ok": "yes"}}),
        json.dumps({**good, "verdict": {**good["verdict"], "kind": "unreadable"}}),
        json.dumps({**good, "facts": {"row": []}}),
    ):
        record.write_text(bad)
        verdict = verdicts.checked(path)
        assert verdict.ok and verdict.state is not None  # replayed
        assert json.loads(record.read_text())["verdict"] == good["verdict"]
    assert verdicts.checked(path).state is None


def test_the_cache_switched_off_keeps_no_verdict(hand_ins, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert verdicts.checked(hand_ins / "student2.json").ok
    assert not list(tmp_path.rglob("verdict-*.json"))


def test_a_verdict_is_keyed_by_content_and_game(hand_ins, cache_folder, monkeypatch, write_pack):
    path = hand_ins / "student2.json"
    verdicts.checked(path)
    # Other content: the same save is checked again (here: played with other content).
    pack = write_pack('[[glossary]]\nid = "extra"\nterm = "Extra"\ntext = "An extra term."\n')
    other = verdicts.checked(path, [pack])
    assert not other.ok and other.kind == "content"
    # Another version of the game: the record is not trusted.
    monkeypatch.setattr(cache, "game_digest", lambda: "f" * 64)
    assert verdicts.checked(path).state is not None
