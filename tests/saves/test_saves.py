"""Saves: round trip, atomic writes, and clear refusals of damaged, foreign or edited files."""

from __future__ import annotations

import json
import os
import stat

import pytest

from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.saves.store import SaveError, load_game, save_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy


@pytest.fixture
def midgame(ruleset):
    state = new_game(ruleset, 21)
    return play_through(ruleset, state, policy=get_policy("random"), max_turns=6)


def test_round_trip(ruleset, midgame, tmp_path):
    path = save_game(tmp_path / "game.json", ruleset, midgame)
    assert load_game(path, ruleset).to_dict() == midgame.to_dict()
    # no temporary file left behind (the hidden lock file saves of one folder share stays)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".elbows-up.lock", "game.json"]


def test_overwrite_is_atomic_when_the_write_fails(ruleset, midgame, tmp_path, monkeypatch):
    path = save_game(tmp_path / "game.json", ruleset, midgame)
    original = path.read_bytes()

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", failing_fsync)
    with pytest.raises(SaveError, match="unchanged"):
        save_game(path, ruleset, midgame)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [".elbows-up.lock", "game.json"]


def test_a_value_that_cannot_be_saved_is_never_written(ruleset, midgame, tmp_path):
    midgame.values["approval"] = float("nan")
    with pytest.raises(SaveError, match="nothing was written"):
        save_game(tmp_path / "nan.json", ruleset, midgame)
    assert not (tmp_path / "nan.json").exists()


def _doc(ruleset, state):
    return json.loads(store.encode(ruleset, state))


def _write(tmp_path, doc, fix_checksum=True):
    path = tmp_path / "edited.json"
    if fix_checksum:  # as a careful cheat would: the file re-sealed after the edit
        path.write_bytes(store.seal(doc))
    else:
        path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "not valid JSON"),
        (b'{"format": "elbows-up-save"', "not valid JSON"),
        (b"\xff\xfe\x00\x01", "not UTF-8"),
        (b"[1, 2, 3]", "not a save file"),
        (b'{"hello": 1}', "not a save file"),
        (b"NaN", "invalid number"),
        (b"[" * 100000, "not valid JSON"),
    ],
)
def test_garbage_is_refused_clearly(ruleset, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SaveError, match=fragment):
        load_game(path, ruleset)


def test_edited_without_fixing_the_checksum(ruleset, midgame, tmp_path):
    doc = _doc(ruleset, midgame)
    doc["state"]["values"]["approval"] = 99.0
    with pytest.raises(SaveError, match="checksum"):
        load_game(_write(tmp_path, doc, fix_checksum=False), ruleset)


def test_truncated_file(ruleset, midgame, tmp_path):
    data = store.encode(ruleset, midgame)
    for cut in (1, len(data) // 3, len(data) - 2):
        path = tmp_path / "cut.json"
        path.write_bytes(data[:cut])
        with pytest.raises(SaveError):
            load_game(path, ruleset)


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda d: d["state"]["values"].__setitem__("approval", 250.0), "out of its range"),
        (lambda d: d["state"]["values"].pop("approval"), "variables differ"),
        (lambda d: d["state"]["pending"].append("no_such_event"), "unknown event"),
        (lambda d: d["state"].__setitem__("turn", 3), "disagree"),
        (lambda d: d["decisions"].pop(), "records"),
        (lambda d: d["state"]["rng_state"].__setitem__("bit_generator", "MT19937"), "generator"),
        (
            lambda d: d.__setitem__("content_digest", "0" * 64),
            "another version of the game or its content",
        ),
        (lambda d: d.__setitem__("content_digest", "0" * 64), "needs them again: --content PACK"),
        (lambda d: d.__setitem__("version", 99), "newer version"),
        (lambda d: d.__setitem__("scenario", "other"), "not of"),
        (lambda d: d["state"].__setitem__("values", "lots"), "malformed"),
        (lambda d: d.__setitem__("extra", 1), "malformed"),
    ],
)
def test_inconsistent_saves_are_refused(ruleset, midgame, tmp_path, edit, fragment):
    doc = _doc(ruleset, midgame)
    edit(doc)
    with pytest.raises(SaveError, match=fragment):
        load_game(_write(tmp_path, doc), ruleset)


def test_missing_file_and_folder(ruleset, tmp_path):
    with pytest.raises(SaveError, match="nope.json: no such save file"):
        load_game(tmp_path / "nope.json", ruleset)
    with pytest.raises(SaveError, match="folder"):
        load_game(tmp_path, ruleset)
    with pytest.raises(SaveError, match="folder"):
        save_game(tmp_path, ruleset, new_game(ruleset, 1))


def test_unwritable_folder(ruleset, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store, "create_temp", refuse)
    with pytest.raises(SaveError, match="could not write .*Permission denied"):
        save_game(tmp_path / "g.json", ruleset, new_game(ruleset, 1))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_save_gets_the_users_normal_permissions(ruleset, tmp_path, umask):
    """A save in a shared hand-in folder is readable by the teacher when the umask says so;
    the rotation keeps the backups' permissions as they were written."""
    path = tmp_path / "g.json"
    old = os.umask(umask)
    try:
        save_game(path, ruleset, new_game(ruleset, 1))
        save_game(path, ruleset, new_game(ruleset, 2))
    finally:
        os.umask(old)
    for written in (path, store.generation_path(path, 1)):
        assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask


def test_generations_are_kept(ruleset, tmp_path):
    path = tmp_path / "game.json"
    state = new_game(ruleset, 4)
    turns = []
    for _ in range(4):
        state = play_through(ruleset, state, policy=get_policy("passive"), max_turns=1)
        save_game(path, ruleset, state)
        turns.append(state.turn)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".elbows-up.lock", "game.1.json", "game.2.json", "game.json"]
    assert load_game(path, ruleset).turn == 4
    assert load_game(tmp_path / "game.1.json", ruleset).turn == 3
    assert load_game(tmp_path / "game.2.json", ruleset).turn == 2


def test_a_damaged_save_falls_back_and_is_set_aside(ruleset, tmp_path):
    path = tmp_path / "game.json"
    state = new_game(ruleset, 4)
    for _ in range(2):
        state = play_through(ruleset, state, policy=get_policy("passive"), max_turns=1)
        save_game(path, ruleset, state)
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    report = store.load_game_report(path, ruleset)
    assert report.state.turn == 1 and report.path.name == "game.1.json"
    assert any("game.1.json" in note for note in report.notes)
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept, never deleted
    assert not path.exists()
    save_game(path, ruleset, report.state)  # saving again does not rotate over the good one
    assert load_game(path, ruleset).turn == 1
    # the file set aside is no game to load: the list offers the game, once, not the damage
    from diplomacy_game.saves.library import SaveLibrary

    listed = SaveLibrary(tmp_path).list()
    assert sorted(info.name for info in listed) == ["game", "game.1"]
    assert all(info.ok for info in listed)


def test_a_save_from_elsewhere_that_cannot_load_is_left_as_it_is(ruleset, tmp_path):
    """A save outside the game's saves folder that no copy of loads (an edited hand-in opened
    by a teacher) keeps its name and bytes, so that 'verify' still finds it and fails it; in
    the saves folder it is set aside. An older copy loaded in its place is written over by the
    game's next save, so there the damaged one is set aside wherever it is."""
    saves, hand_ins = tmp_path / "saves", tmp_path / "in"
    saves.mkdir()
    hand_ins.mkdir()
    state = play_through(ruleset, new_game(ruleset, 4), policy=get_policy("passive"), max_turns=1)
    path = hand_ins / "Ben.json"
    save_game(path, ruleset, state)
    edited = path.read_bytes().replace(b'"turn": 1', b'"turn": 1 ', 1)
    path.write_bytes(edited)
    with pytest.raises(SaveError) as info:
        store.load_game_report(path, ruleset, folder=saves)
    assert "checksum" in str(info.value) and "renamed" not in str(info.value)
    assert sorted(p.name for p in hand_ins.glob("Ben*")) == ["Ben.json"]
    assert path.read_bytes() == edited
    # the same file in the saves folder is set aside
    inside = saves / "Ben.json"
    inside.write_bytes(edited)
    with pytest.raises(SaveError, match="Nothing was deleted"):
        store.load_game_report(inside, ruleset, folder=saves)
    assert not inside.exists() and len(list(saves.glob("Ben.damaged-*.json"))) == 1
    # outside the folder with an older copy to load: set aside, the older copy loaded
    save_game(path, ruleset, state)  # Ben.json (good), and the edited one rotated to Ben.1
    (hand_ins / "Ben.1.json").unlink()
    save_game(path, ruleset, state)  # Ben.json and Ben.1.json, both good
    path.write_bytes(edited)
    report = store.load_game_report(path, ruleset, folder=saves)
    assert report.path.name == "Ben.1.json"
    assert len(list(hand_ins.glob("Ben.damaged-*.json"))) == 1


def test_a_save_of_another_content_version_is_never_moved(ruleset, midgame, tmp_path):
    doc = _doc(ruleset, midgame)
    doc["content_digest"] = "0" * 64
    path = _write(tmp_path, doc)
    with pytest.raises(SaveError, match="another version"):
        store.load_game_report(path, ruleset)
    assert path.exists()


@pytest.mark.parametrize("step", ["write", "fsync", "replace", "rotate"])
@pytest.mark.parametrize("times", [1, 3])
def test_failure_at_every_step_leaves_the_old_or_the_new_game(
    ruleset, tmp_path, monkeypatch, step, times
):
    path = tmp_path / "game.json"
    old = play_through(ruleset, new_game(ruleset, 8), policy=get_policy("random"), max_turns=2)
    new = play_through(ruleset, old, policy=get_policy("random"), max_turns=1)
    save_game(path, ruleset, old)
    real = {"write": None, "fsync": store.os.fsync, "replace": store.os.replace}
    calls = {"n": 0}

    def fail_first(fn):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] <= times:
                raise OSError(5, "Input/output error")
            return fn(*args, **kwargs)

        return wrapper

    if step == "fsync":
        monkeypatch.setattr(store.os, "fsync", fail_first(real["fsync"]))
    elif step == "replace":
        monkeypatch.setattr(store.os, "replace", fail_first(real["replace"]))
    elif step == "rotate":
        monkeypatch.setattr(store, "_rotate", fail_first(store._rotate))
    else:
        real_fdopen = store.os.fdopen

        class Failing:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                calls["n"] += 1
                if calls["n"] <= times:
                    raise OSError(28, "No space left on device")
                return self.handle.write(data)

            def flush(self):
                self.handle.flush()

            def fileno(self):
                return self.handle.fileno()

        monkeypatch.setattr(store.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    for _ in range(times + 1):
        try:
            save_game(path, ruleset, new)
        except SaveError:
            loaded = store.load_game_report(path, ruleset, set_aside=False).state
            assert loaded.to_dict() in (old.to_dict(), new.to_dict())
            continue
        break
    monkeypatch.undo()
    assert store.load_game(path, ruleset).to_dict() == new.to_dict()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_save_with_windows_line_endings_is_the_same_save(ruleset, midgame, tmp_path):
    """Carried through an email or a shared drive that writes CRLF, a save still loads: only
    the line endings changed. Any other change is still caught."""
    path = save_game(tmp_path / "game.json", ruleset, midgame)
    crlf = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(crlf)
    assert load_game(path, ruleset).to_dict() == midgame.to_dict()
    path.write_bytes(crlf.replace(b'"turn": 6', b'"turn": 5', 1))
    with pytest.raises(SaveError, match="checksum"):
        load_game(path, ruleset)
