"""Files a student could hand in to break the teacher's tools: each is refused in one line that
names the file, the command exits 1, no file is lost, and nothing hangs or floods memory."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from diplomacy_game.cli import main
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import reading, store
from diplomacy_game.saves.library import SaveLibrary, autosave_name, describe
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

ROOT = Path(__file__).resolve().parents[2]
FORMAT_1 = ROOT / "tests" / "data" / "format-1" / "save-format-1.json"


@pytest.fixture(autouse=True)
def no_hang(request):
    """A command that waits on a pipe would stall the suite: fail it after 20 s instead (or
    the test's own ``hang_ceiling``: a test that is long by design, on a machine whose cores
    are all busy)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stalled(signum, frame):
        raise TimeoutError("the command hung")

    ceiling = request.node.get_closest_marker("hang_ceiling")
    old = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(ceiling.args[0] if ceiling else 20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def genuine(ruleset) -> dict:
    state = play_through(ruleset, new_game(ruleset, 12), policy=get_policy("random"), max_turns=4)
    return json.loads(store.encode(ruleset, state))


def sealed(doc: dict) -> bytes:
    return store.seal(doc)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_refusal(code: int, out: str, err: str, path: Path, fragment: str = "") -> None:
    text = out + err
    assert code == 1, text
    assert "Traceback" not in text
    lines = [line for line in err.splitlines() if line.strip()]
    named = [line for line in (out + err).splitlines() if str(path) in line]
    assert named, f"no line names {path}: {text!r}"
    assert fragment in text, text
    if lines:  # an error printed to stderr is one line
        assert len(lines) == 1, lines


# --- 1. a turn beyond any number the game holds, in the header ---------------------------------


@pytest.mark.parametrize("turn", ["1e400", str(10**20), "-5", "true", '"3"'])
def test_an_impossible_turn_in_the_header_is_listed_as_damaged(genuine, tmp_path, turn):
    text = sealed(genuine).decode().replace(f'"turn": {genuine["turn"]}', f'"turn": {turn}', 1)
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    info = describe(path)
    assert info.error and "\n" not in info.error
    (listed,) = SaveLibrary(tmp_path).list()
    assert listed.error and listed.path == path


# --- 2. an inf in a save of an older format ------------------------------------------------------


def test_an_old_format_save_holding_inf_is_refused(tmp_path, capsys):
    doc = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    text = json.dumps(doc).replace('"approval": ', '"approval": 1e400, "x": ', 1)
    path = tmp_path / "old.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "play", "--load", str(path), "--policy", "passive")
    assert_one_line_refusal(code, out, err, path, "out of range")
    code, out, err = run(capsys, "verify", str(path))
    assert code == 1 and "FAIL" in out and "out of range" in out and "Traceback" not in err
    code, out, err = run(capsys, "class-summary", str(path))
    assert code == 0 and "out of range" in out
    assert path.read_text(encoding="utf-8") == text  # never moved or changed


# --- 3. a number of 401 digits in a history record -----------------------------------------------


def test_a_huge_integer_in_the_history_fails_one_file_not_the_summary(
    genuine, ruleset, tmp_path, capsys
):
    folder = tmp_path / "in"
    folder.mkdir()
    good = play_through(ruleset, new_game(ruleset, 3), policy=get_policy("steady"), max_turns=2)
    store.save_game(folder / "good.json", ruleset, good, generations=1)
    doc = json.loads(json.dumps(genuine))
    doc["state"]["history"][1]["approval"] = 10**400
    bad = folder / "bad.json"
    bad.write_bytes(sealed(doc))
    code, out, err = run(capsys, "verify", str(bad))
    assert code == 1 and "digits" in out and "Traceback" not in out + err
    code, out, err = run(capsys, "class-summary", str(folder))
    assert code == 0 and "Traceback" not in out + err
    assert "Verified: 1 of 2" in err and "digits" in out  # the overview apart from the CSV


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda d: d["state"]["history"][0].__setitem__("approval", "50"), "history"),
        (lambda d: d["state"]["history"][0].__setitem__("date", "not a date"), "date"),
        (lambda d: d["state"]["history"][0].pop("turn"), "history"),
        (lambda d: d["state"]["history"][0].__setitem__("events", [[1]]), "history"),
        (lambda d: d["state"]["readings"][0].__setitem__("advisor", "nobody"), "reading"),
        (lambda d: d["state"].__setitem__("ending", {"title": 3}), "ending"),
        (lambda d: d["state"].__setitem__("assignment", {"student": ["x"]}), "assignment"),
        (lambda d: d["state"].__setitem__("posture", "sulk"), "posture"),
        (lambda d: d["state"]["fired"].__setitem__(next(iter(d["state"]["fired"])), []), "fired"),
        (lambda d: d.__setitem__("seed", 2**64), "seed"),
        (lambda d: d["state"].__setitem__("turn_days", 10**9), "turn_days"),
        (lambda d: d["state"]["rng_state"].__setitem__("extra", 1), "generator"),
        (lambda d: d["state"]["history"][0].__setitem__("x", {"a": [1]}), "history"),
    ],
)
def test_malformed_parts_of_the_state_are_refused_on_load(
    ruleset, genuine, tmp_path, edit, fragment
):
    doc = json.loads(json.dumps(genuine))
    edit(doc)
    path = tmp_path / "edited.json"
    path.write_bytes(sealed(doc))
    with pytest.raises(store.SaveError, match=fragment) as info:
        store.load_exact(path, ruleset)
    assert "\n" not in str(info.value)


def test_a_delayed_effect_must_fit_its_action(ruleset, tmp_path):
    state = new_game(ruleset, 2)
    action = next(
        a for a in ruleset.actions.values() if any(v.delayed for v in a.variants.values())
    )
    key, variant = next((k, v) for k, v in action.variants.items() if v.delayed)
    params = dict(zip(action.choice_params, key, strict=True))
    from diplomacy_game.engine.turn import resolve_params
    from diplomacy_game.model.decisions import ActionChoice

    _, resolved = resolve_params(action, ActionChoice(id=action.spec.id, params=params), 1)
    doc = json.loads(store.encode(ruleset, state))
    for entry in (
        [3, action.spec.id, list(key), len(variant.delayed), resolved],  # no such effect
        [3, action.spec.id, list(key), 0, {**resolved, "extra": 1.0}],  # an unknown parameter
        [3, action.spec.id, ["nowhere"], 0, resolved],  # no such variant
    ):
        doc["state"]["delayed"] = [entry]
        path = tmp_path / "delayed.json"
        path.write_bytes(sealed(doc))
        with pytest.raises(store.SaveError, match="delayed effect"):
            store.load_exact(path, ruleset)
    doc["state"]["delayed"] = [[3, action.spec.id, list(key), 0, resolved]]
    path.write_bytes(sealed(doc))
    assert store.load_exact(path, ruleset).delayed[0][1] == action.spec.id


# --- 7. pipes, devices and links to them ---------------------------------------------------------


def _special_files(tmp_path: Path) -> list[Path]:
    out = []
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        out.append(fifo)
    if Path("/dev/zero").exists():
        link = tmp_path / "zero.json"
        link.symlink_to("/dev/zero")
        out.append(link)
    return out


def test_pipes_and_devices_are_refused_at_once(tmp_path, capsys):
    specials = _special_files(tmp_path)
    if not specials:
        pytest.skip("no FIFOs or /dev/zero here")
    for path in specials:
        started = time.monotonic()
        code, out, err = run(capsys, "verify", str(path))
        assert code == 1 and "FAIL" in out and "not a save" in out
        code, out, err = run(capsys, "play", "--load", str(path), "--policy", "passive")
        assert_one_line_refusal(code, out, err, path, "not a save")
        code, out, err = run(capsys, "play", "--scenario", "second-visit", "--decisions", str(path))
        assert_one_line_refusal(code, out, err, path, "not a decisions file")
        code, out, err = run(capsys, "class-summary", str(path))
        assert code == 0 and "Traceback" not in out + err
        assert time.monotonic() - started < 5
    assert [p.name for p in SaveLibrary(tmp_path).list()] == []  # never listed, never opened


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(reading, "MAX_SAVE_BYTES", 1000)  # where saves are read
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 1001)
    code, out, err = run(capsys, "play", "--load", str(path), "--policy", "passive")
    assert_one_line_refusal(code, out, err, path, "limit")


# --- 8. deep nesting and long numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[" * 60_000, "nested"),
        ("[" * 100_000, "longer than"),
        ('{"a": ' * 40 + "1" + "}" * 40, "nested"),
        ("1" * 5000, "digits"),
        ('{"turn": ' + "9" * 5000 + "}", "digits"),
        ('{"turn": 1e400}', "out of range"),
        ('{"turn": -Infinity}', "invalid number"),
        ('{"memo": "' + "x" * 70_000 + '"}', "longer than"),
    ],
    ids=[
        "deep",
        "deep-and-long",
        "deep-objects",
        "digits",
        "digits-in-turn",
        "1e400",
        "inf",
        "long",
    ],
)
def test_a_hostile_decisions_line_is_one_line_of_error(tmp_path, capsys, text, fragment):
    path = tmp_path / "moves.jsonl"
    path.write_text('{"actions": []}\n' + text + "\n", encoding="utf-8")
    code, out, err = run(capsys, "play", "--scenario", "second-visit", "--decisions", str(path))
    assert_one_line_refusal(code, out, err, path, fragment)
    assert f"{path}:2:" in err


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"format": "elbows-up-save", "scenario": "second-visit", "x": '
        + "[" * 500
        + "]" * 500
        + "}",
        '{"format": "elbows-up-save", "scenario": "second-visit", "turn": ' + "7" * 5000 + "}",
        '{"format": "elbows-up-save", "scenario": "second-visit", "x": ['
        + "[]," * 400_000
        + "[]]}",
        '{"format": "elbows-up-save", "scenario": "second-visit", "x": ['
        + "0," * 1_000_001
        + "0]}",
    ],
    ids=["deep", "deep-inside", "digits", "many-lists", "too-many-values"],
)
def test_a_hostile_save_is_one_line_of_error(tmp_path, capsys, text):
    path = tmp_path / "save.json"
    path.write_text(text, encoding="utf-8")
    for argv in (("verify", str(path)), ("play", "--load", str(path), "--policy", "passive")):
        code, out, err = run(capsys, *argv)
        assert code == 1 and "Traceback" not in out + err and str(path) in out + err
        assert len([line for line in err.splitlines() if line]) <= 1
    # kept: where it was, or set aside by play --load as NAME.damaged-TIME.json
    (kept,) = tmp_path.glob("save*.json")
    assert kept.read_text(encoding="utf-8") == text


# --- 9. a link in the saves folder ---------------------------------------------------------------


def test_a_link_in_the_saves_folder_is_never_followed_for_writing(ruleset, tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text("precious", encoding="utf-8")
    (folder / "evil.json").symlink_to(outside)
    library = SaveLibrary(folder)
    assert library.path_for("evil") == folder / "evil.json"  # no ValueError, no resolving
    assert library.exists("evil") and "link" in library.problem("evil")
    with pytest.raises(store.SaveError, match="link"):
        library.save("evil", ruleset, new_game(ruleset, 1))
    assert outside.read_text(encoding="utf-8") == "precious"
    assert library.problem("fine") == "" and library.save("fine", ruleset, new_game(ruleset, 1))


# --- 11. two processes saving into one folder, and saves killed half-way ------------------------


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")
# 600 saves, each waiting on the disk three times (a few milliseconds each, far more on a busy
# machine: 20 s was reached at a load average of 30): the ceiling is for a hang, not a slow disk.
@pytest.mark.hang_ceiling(240)
def test_two_processes_saving_the_same_game_lose_nothing(ruleset, tmp_path):
    games = []
    state = new_game(ruleset, 7)
    for _ in range(3):
        state = play_through(ruleset, state, policy=get_policy("random"), max_turns=1)
        games.append(state)
    known = [g.to_dict() for g in games]
    path = tmp_path / "autosave-shared.json"
    each = 300  # 600 saves in all, as in the report of the lost saves
    children = []
    for k in range(2):
        pid = os.fork()
        if pid == 0:
            failures = 0
            for i in range(each):
                try:
                    store.save_game(path, ruleset, games[(i + k) % len(games)])
                except store.SaveError:
                    failures += 1
            os._exit(min(failures, 100))
        children.append(pid)
    failures = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert failures == [0, 0]
    for n in range(store.GENERATIONS):
        loaded = store.load_exact(store.generation_path(path, n), ruleset)
        assert loaded.to_dict() in known
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".link"))]


def test_stale_temporary_files_are_cleaned_up_and_nothing_else(ruleset, tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    stale = [folder / ".game.json.ab12cd34.tmp", folder / ".game.1.json.4242-0a1b2c3d.link"]
    fresh = folder / ".game.json.zz99yy88.tmp"
    others = [folder / "notes.tmp", folder / ".hidden", folder / "game.json.tmp"]
    for path in [*stale, fresh, *others]:
        path.write_text("x", encoding="utf-8")
    old = time.time() - 2 * store.STALE_AFTER
    for path in [*stale, *others]:
        os.utime(path, (old, old))
    SaveLibrary(folder).list()
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in others)
    fresh_time = time.time() - 2 * store.STALE_AFTER
    os.utime(fresh, (fresh_time, fresh_time))
    store.save_game(folder / "game.json", ruleset, new_game(ruleset, 1))
    assert not fresh.exists() and all(p.exists() for p in others)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_temporary_file_held_by_a_live_writer_is_kept(tmp_path):
    import fcntl

    held = tmp_path / ".game.json.held1234.tmp"
    held.write_text("x", encoding="utf-8")
    old = time.time() - 2 * store.STALE_AFTER
    os.utime(held, (old, old))
    with open(held, "rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # another process cleaning the folder while the writer lives
            removed = store.clean_stale_temps(tmp_path)
            os.write(write_end, b"1" if removed else b"0")
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read_end, 1) == b"0" and held.exists()
    assert store.clean_stale_temps(tmp_path) == [held.name]


# --- autosaves of different students and games --------------------------------------------------


def test_autosaves_of_different_games_never_share_a_name(ruleset, tmp_path):
    from diplomacy_game.tui.session import GameSession

    library = SaveLibrary(tmp_path)
    names = set()
    for student in ("Amira Haddad", "Ben O'Connor", "", ""):
        state = new_game(ruleset, 42)
        state.assignment = {"student": student} if student else None
        session = GameSession(ruleset, state, library)
        session.autosave_path = library.autosave_path(state, f"{len(names):06x}")
        names.add(session.autosave_path.name)
    assert len(names) == 4
    assert any("Amira-Haddad" in n for n in names)
    long = autosave_name("a" * 60, 2**63 - 1, "b" * 60, "abc123")
    assert long.endswith("-abc123") and len(long) <= 60


def test_continuing_a_game_keeps_its_autosave(ruleset, tmp_path):
    from diplomacy_game.tui.session import GameSession

    library = SaveLibrary(tmp_path)
    first = GameSession.new("second-visit", 42, library)
    second = GameSession.new("second-visit", 42, library)
    assert first.autosave_path != second.autosave_path
    outcome = first.resolve()
    assert outcome.autosave == first.autosave_path and outcome.autosave.exists()
    first.commit(outcome)
    again = GameSession.load(first.autosave_path, library)
    assert again.autosave_path == first.autosave_path
    again.commit(again.resolve())
    assert store.load_exact(first.autosave_path, ruleset).turn == 2
    assert library.latest_autosave().path == first.autosave_path
    named = library.save("mine", ruleset, again.state)
    # the autosave holds the same point of the same game: loading the save by name and playing
    # on writes to it, not to a second autosave listed beside it
    from_named = GameSession.load(named, library)
    assert from_named.autosave_path == first.autosave_path
    assert from_named.game_id == first.game_id and from_named.saved_by_name
    from_named.commit(from_named.resolve())
    autosaves = sorted(p.name for p in tmp_path.glob("autosave-*.json") if p.stem.count(".") == 0)
    assert autosaves == [first.autosave_path.name]
    assert store.load_exact(first.autosave_path, ruleset).turn == 3
    # the autosave has now gone past the save by name: loading it again is a new try from
    # there, autosaved on its own, and the turn played from it is kept
    retry = GameSession.load(named, library)
    assert retry.autosave_path not in (None, first.autosave_path)
    retry.commit(retry.resolve())
    assert store.load_exact(first.autosave_path, ruleset).turn == 3
    assert store.load_exact(retry.autosave_path, ruleset).turn == 3
    # another seed's autosave, or a damaged one, is never taken for it
    other = GameSession.new("second-visit", 43, library)
    assert library.autosave_holding(ruleset, other.state) is None
    assert store.holds(
        first.autosave_path, store.game_point(ruleset, retry.state)
    )  # the same turn played twice
    edited = first.autosave_path.read_bytes().replace(b'"turn": 3', b'"turn": 2')
    first.autosave_path.write_bytes(edited)
    assert not store.holds(first.autosave_path, store.game_point(ruleset, retry.state))
    assert library.autosave_holding(ruleset, retry.state) == retry.autosave_path


def test_suggested_save_names_name_the_student_or_the_game(ruleset, tmp_path):
    """Thirty students who accept the save dialog's name never write over each other."""
    from diplomacy_game.tui.session import GameSession

    library = SaveLibrary(tmp_path)
    first = GameSession.new("second-visit", 42, library)
    second = GameSession.new("second-visit", 42, library)
    assert first.suggested_name() != second.suggested_name()
    assert first.game_id in first.suggested_name() and first.game_id in first.autosave_path.name
    assigned = new_game(ruleset, 42)
    assigned.assignment = {"student": "Chloé Tremblay", "class": "Civics 11B"}
    handout = tmp_path / "handout" / "Civics-11B-Chloe-Tremblay.json"
    store.save_game(handout, ruleset, assigned, generations=1)
    chloe = GameSession.load(handout, library)
    assert chloe.suggested_name() == "Chloe-Tremblay-second-visit-turn1"  # "Turn 1 of 20"
    assert "Chloe-Tremblay" in chloe.autosave_path.name
    # Continued from its autosave, a game keeps its id; saved under a name, it keeps the name.
    first.commit(first.resolve())
    again = GameSession.load(first.autosave_path, library)
    assert again.game_id == first.game_id
    again.save("my-plan")
    assert again.suggested_name() == "my-plan"
    # a name the game suggested follows the game to the turn it is on (not "...-turn2" at 3)
    offered = suggested(again)
    again.save(offered)
    assert again.suggested_name() == offered
    again.commit(again.resolve())
    assert again.suggested_name() == offered.replace("-turn2", "-turn3")


def suggested(session) -> str:
    from diplomacy_game.saves.library import suggested_name

    return suggested_name(session.state, session.game_id)


def test_the_suggested_name_counts_turns_as_the_header_does(ruleset):
    """Before any turn is played ("Turn 1 of 20") the name says turn1; a game over after its
    last turn says turn20, not turn21."""
    from diplomacy_game.saves.library import suggested_name

    state = new_game(ruleset, 7)
    assert suggested_name(state).endswith("-turn1")
    state.turn = 5  # five played: the sixth is being played
    assert suggested_name(state).endswith("-turn6")
    state.turn, state.ending = ruleset.turns, {"id": "renewal"}
    assert suggested_name(state).endswith(f"-turn{ruleset.turns}")


def test_a_file_name_cannot_forge_lines_of_the_output(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    forged = folder / "x\n- Verified: 9 of 9.\n\x1b[2J.json"
    forged.write_text("{", encoding="utf-8")
    code, out, _ = run(capsys, "verify", str(forged))
    assert code == 1 and len(out.splitlines()) == 2 and "\x1b" not in out
    code, out, _ = run(capsys, "class-summary", str(folder), "-o", str(tmp_path / "c.csv"))
    assert code == 0 and "- Verified: 0 of 1 game." in out
    assert "Verified: 9 of 9" not in out.replace("\\n- Verified: 9 of 9", "")


def test_a_schedule_that_is_a_device_or_too_deep_is_one_line(tmp_path, capsys):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    paths = [deep, *_special_files(tmp_path)]
    for path in paths:
        code, out, err = run(capsys, "economy", str(path))
        assert_one_line_refusal(code, out, err, path)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"seed": "cut sho', "(unterminated string)"),
        ('{"seed": 1 "turn": 2}', "(expecting ',' delimiter)"),
        ('{"seed": }', "(expecting value)"),
        ('{"seed": 1} {}', "(extra data)"),
    ],
)
def test_a_save_that_is_not_json_says_why_in_a_sentence(tmp_path, capsys, text, reason):
    """The decoder's own words ('Unterminated string starting at', the position it points
    to left out) read as a reason: 'not valid JSON (unterminated string)'."""
    path = tmp_path / "cut.json"
    path.write_text(text)
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"the file is not valid JSON {reason}" in out, out
