"""verify: genuine saves pass, every single-field edit is caught, and the message says where."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from diplomacy_game.classroom.verify import Comparison, verify_save
from diplomacy_game.cli import main
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def genuine(ruleset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    paths = []
    for seed, policy, turns in (
        (1, "random", None),
        (2, "hardline", 9),
        (3, "appease", None),
        (4, "random", 5),
    ):
        state = play_through(
            ruleset, new_game(ruleset, seed), policy=get_policy(policy), max_turns=turns
        )
        paths.append(store.save_game(folder / f"student{seed}.json", ruleset, state))
    return paths


def test_genuine_saves_verify(genuine):
    for path in genuine:
        verdict = verify_save(path)
        assert verdict.ok, verdict.message
        assert "consistent" in verdict.message


def _leaves(doc, path=()):
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _leaves(value, (*path, index))
    else:
        yield path, doc


def _set(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _edited(value, rng):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + rng.choice([-1, 1])
    if isinstance(value, float):
        return round(value + rng.choice([-3.0, -0.5, 0.25, 2.0]), 4)
    if isinstance(value, str):
        return value + "x" if value else "x"
    return 1


def test_single_field_edits_are_all_detected(genuine, tmp_path):
    """Edit one field of a genuine save, fix the checksum as a careful cheat would: caught."""
    rng = random.Random(7)
    original = json.loads(genuine[0].read_text(encoding="utf-8"))
    skip = {("saved_at",), ("checksum",), ("game_version",)}
    leaves = [p for p, _ in _leaves(original) if p not in skip and not (p and p[-1] == "memo")]
    sample = rng.sample(leaves, 250)
    for path in sample:
        doc = json.loads(json.dumps(original))
        old = dict(_leaves(doc))[path]
        _set(doc, path, _edited(old, rng))
        target = tmp_path / "edited.json"
        target.write_bytes(store.seal(doc))
        verdict = verify_save(target)
        assert not verdict.ok, f"edit of {path} went unnoticed"
        assert verdict.message


def test_memo_edits_do_not_change_the_game_but_are_caught(genuine, tmp_path):
    doc = json.loads(genuine[0].read_text(encoding="utf-8"))
    doc["decisions"][2]["memo"] = "I always meant to do this."
    target = tmp_path / "memo.json"
    target.write_bytes(store.seal(doc))
    verdict = verify_save(target)
    assert not verdict.ok and verdict.message == "the decision log was altered at turn 3"


def test_a_changed_decision_names_the_turn(genuine, tmp_path):
    doc = json.loads(genuine[1].read_text(encoding="utf-8"))
    doc["decisions"][4]["actions"] = []
    target = tmp_path / "changed.json"
    target.write_bytes(store.seal(doc))
    verdict = verify_save(target)
    assert not verdict.ok and verdict.turn == 5 and "altered at turn 5" in verdict.message


def test_an_edited_indicator_names_turn_and_field(genuine, tmp_path):
    doc = json.loads(genuine[2].read_text(encoding="utf-8"))
    doc["state"]["history"][6]["approval"] = 71.5
    target = tmp_path / "approval.json"
    target.write_bytes(store.seal(doc))
    verdict = verify_save(target)
    assert not verdict.ok and verdict.turn == 7 and verdict.where == "approval"
    assert "71.5 in the save" in verdict.message


def test_an_edited_checksum_or_garbage_fails_cleanly(genuine, tmp_path):
    doc = json.loads(genuine[0].read_text(encoding="utf-8"))
    doc["state"]["values"]["approval"] = 99.0
    target = tmp_path / "raw.json"
    target.write_text(json.dumps(doc), encoding="utf-8")
    assert "checksum" in verify_save(target).message
    (tmp_path / "junk.json").write_bytes(b"\x00junk")
    assert not verify_save(tmp_path / "junk.json").ok


def test_another_version_of_the_content_is_named(genuine, tmp_path):
    doc = json.loads(genuine[0].read_text(encoding="utf-8"))
    doc["content_digest"] = "f" * 64
    target = tmp_path / "other.json"
    target.write_bytes(store.seal(doc))
    message = verify_save(target).message
    assert message.startswith(
        "played with another version of the game or its content (the save's is ffffffff"
    )
    assert "check it with the game and content packs the class played (--content PACK)" in message
    assert message.endswith("plays it again under this version, and hands that game in")


def test_verify_command_exit_codes(genuine, tmp_path, capsys):
    assert main(["verify", *map(str, genuine)]) == 0
    out = capsys.readouterr().out
    assert out.count("OK ") == len(genuine) and f"{len(genuine)} consistent, 0 not" in out
    doc = json.loads(genuine[0].read_text(encoding="utf-8"))
    doc["state"]["values"]["us.rapport"] = 80.0
    bad = tmp_path / "bad.json"
    bad.write_bytes(store.seal(doc))
    assert main(["verify", "--json", str(genuine[0]), str(bad)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["ok"] for d in data] == [True, False]
    assert "values.us.rapport" in data[1]["message"]


def test_a_save_of_the_first_rules_is_another_version_and_plays_again_the_same(
    tmp_path, monkeypatch
):
    """A real file written by the first release, under the first rules (``RULES_VERSION`` 1):
    with the same content it reads as another version, never as an edited file, and played
    again under these rules it is the same game (the rules changed since only on the last
    turn; its six turns never reach it)."""
    from diplomacy_game.content import files, load_ruleset
    from diplomacy_game.saves.carry import carry_over
    from diplomacy_game.saves.reading import ContentVersionError

    old = tmp_path / "format-1"
    shutil.copytree(DATA / "format-1", old)
    save = old / "save-format-1.json"
    ruleset = load_ruleset("second-visit", extra=[old / "content"], builtin=False)
    with pytest.raises(ContentVersionError):
        store.load_game(save, ruleset)
    verdict = verify_save(save, extra=[old / "content"], builtin=False)
    assert not verdict.ok and "another version of the game or its content" in verdict.message
    carried = carry_over(save, ruleset)
    assert carried.turns == 6 and not carried.dropped
    monkeypatch.setattr(files, "RULES_VERSION", 1)  # the file read under its own rules
    saved = store.load_game(save, load_ruleset("second-visit", [old / "content"], False))
    later = set(store.values_added_in_5(saved.values))  # the first format did not have them
    # The file was written on another machine: its figures agree with the replay's within the
    # tolerance verify allows for the last bits a CPU's arithmetic differs in (AVX-512 or not).
    assert (
        Comparison().first_difference(
            {k: v for k, v in saved.values.items() if k not in later},
            {k: v for k, v in carried.state.values.items() if k not in later},
        )
        is None
    )
    assert carried.state.fired == saved.fired and carried.state.taken == saved.taken
    told = [[(h["us_posture"], h["events"]) for h in s.history] for s in (carried.state, saved)]
    assert told[0] == told[1]


def test_a_save_of_the_first_format_migrates_loads_and_verifies(tmp_path, monkeypatch):
    """A real file written by the first release of the save format, with its content (a copy:
    a load that fails sets a damaged file aside, and the fixture must never move), read under
    the rules it was played with."""
    from diplomacy_game.content import files, load_ruleset

    monkeypatch.setattr(files, "RULES_VERSION", 1)
    old = tmp_path / "format-1"
    shutil.copytree(DATA / "format-1", old)
    ruleset = load_ruleset("second-visit", extra=[old / "content"], builtin=False)
    raw = json.loads((old / "save-format-1.json").read_text(encoding="utf-8"))
    assert raw["version"] == 1 and "decision_hash" not in raw["state"]["history"][0]
    state = store.load_game(old / "save-format-1.json", ruleset)
    assert state.turn == 6 and all("decision_hash" in r for r in state.history)
    finished = play_through(ruleset, state, policy=get_policy("hardline"))
    assert finished.over
    verdict = verify_save(old / "save-format-1.json", extra=[old / "content"], builtin=False)
    assert verdict.ok, verdict.message
