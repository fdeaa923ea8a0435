"""verify on another machine: honest saves hold whatever the CPU, edits are still caught.

Two machines may differ in the last bit of a power or a logarithm (numpy dispatches such
ufuncs to different SIMD code by CPU). These tests stand in for the other machine three ways:
every float of a genuine save moved by a few ulps; a replay whose arithmetic is nudged by an
ulp each turn; and a real second process with numpy's SIMD dispatch turned off.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diplomacy_game.classroom import verify
from diplomacy_game.classroom.assign import student_seed, write_assignments
from diplomacy_game.classroom.verify import verify_save
from diplomacy_game.engine import turn as turn_module
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import decision_hash, legacy_state_chain, resolve_turn
from diplomacy_game.model.decisions import Decision
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

DATA = Path(__file__).parents[1] / "data"
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def saves(ruleset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("machines")
    paths = []
    # games that last: the tests below edit turn 5 and count every value of every turn
    for seed, policy in ((11, "random"), (12, "hardline"), (15, "appease")):
        state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy(policy))
        paths.append(store.save_game(folder / f"s{seed}.json", ruleset, state))
    return paths


def _float_leaves(doc, path=()):
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _float_leaves(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _float_leaves(value, (*path, index))
    elif isinstance(doc, float):
        yield path, doc


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def _set(doc, path, value):
    _get(doc, path[:-1])[path[-1]] = value


def _ulps(value: float, n: int) -> float:
    direction = math.inf if n > 0 else -math.inf
    for _ in range(abs(n)):
        value = math.nextafter(value, direction)
    return value


def _sealed(tmp_path: Path, doc: dict, name: str = "edited.json") -> Path:
    target = tmp_path / name
    target.write_bytes(store.seal(doc))
    return target


def test_every_float_moved_by_a_few_ulps_still_verifies(saves, tmp_path):
    rng = random.Random(3)
    for path in saves:
        doc = json.loads(path.read_text(encoding="utf-8"))
        leaves = list(_float_leaves(doc["state"], ("state",)))
        assert len(leaves) > 300  # state and history: every value of every turn
        for leaf, value in leaves:
            _set(doc, leaf, _ulps(value, rng.choice([-3, -2, -1, 1, 2, 3])))
        verdict = verify_save(_sealed(tmp_path, doc))
        assert verdict.ok, verdict.message
        assert verdict.kind == "consistent"
        assert "within floating-point rounding" in verdict.message


def test_one_value_moved_by_a_millionth_is_flagged_with_turn_and_field(saves, tmp_path):
    rng = random.Random(5)
    original = json.loads(saves[0].read_text(encoding="utf-8"))
    last_turn = original["turn"]
    leaves = [(p, v) for p, v in _float_leaves(original["state"], ("state",)) if abs(v) >= 1e-3]
    checked = 0
    for leaf, value in rng.sample(leaves, 120):
        doc = json.loads(json.dumps(original))
        _set(doc, leaf, value * (1 - 1e-6))
        verdict = verify_save(_sealed(tmp_path, doc))
        assert not verdict.ok, f"a move of {leaf} by 1e-6 went unnoticed"
        if verdict.kind != "altered":  # moved out of its variable's range: refused on load
            assert "out of its range" in verdict.message, verdict.message
            continue
        checked += 1
        if leaf[1] == "history":
            assert verdict.turn == leaf[2] + 1
            assert verdict.where.split(".")[0].split("[")[0] == str(leaf[3])
        else:
            assert verdict.turn == last_turn
            assert verdict.where.startswith(str(leaf[1]))
        shown = re.findall(r"is (\S+) in the save but (\S+) in the replay", verdict.message)
        assert shown and shown[0][0] != shown[0][1], verdict.message
    assert checked >= 100


def test_messages_print_enough_digits_to_differ():
    assert verify._show(0.34270000001, 0.3427) != verify._show(0.3427, 0.34270000001)
    assert verify._show(0.1 + 0.2, 0.3) != verify._show(0.3, 0.1 + 0.2)
    assert verify._show(71.5, 50.0) == "71.5"


def _nudged_resolve(every_turn_ulps: int = 1, branch_at: int | None = None):
    """resolve_turn as on a machine whose arithmetic differs in the last bit; optionally the
    difference also tips a random draw at ``branch_at`` (the game takes another path)."""
    real = resolve_turn

    def resolve(ruleset, state, decision):
        new, report = real(ruleset, state, decision)
        if every_turn_ulps:
            for name, value in new.values.items():
                # What differs between machines is the last bit of a power or a logarithm;
                # counts, whole numbers and values held at a bound stay exact everywhere.
                spec = ruleset.variables[name]
                if value != round(value, 6) and spec.lo < value < spec.hi:
                    new.values[name] = _ulps(value, every_turn_ulps)
        if branch_at is not None and new.turn == branch_at:
            from diplomacy_game.engine.state import generator_from_state

            rng = generator_from_state(new.rng_state)
            rng.random()
            new.rng_state = rng.bit_generator.state
            record = new.history[-1]
            previous = turn_module.chain_of(new.history[-2]) if len(new.history) > 1 else ""
            record["chain"] = turn_module.state_chain(previous, record["decision_hash"], new)
        return new, report

    return resolve


def test_a_replay_that_drifts_in_the_last_digits_is_consistent(saves, monkeypatch):
    monkeypatch.setattr(verify, "resolve_turn", _nudged_resolve())
    for path in saves:
        verdict = verify_save(path)
        assert verdict.ok, verdict.message
        assert "within floating-point rounding" in verdict.message


def test_a_path_split_by_drift_is_named_a_machine_difference_not_an_edit(saves, monkeypatch):
    monkeypatch.setattr(verify, "resolve_turn", _nudged_resolve(branch_at=4))
    verdict = verify_save(saves[0])
    assert not verdict.ok and verdict.kind == "machine"
    assert "not altered" in verdict.message and "altered at" not in verdict.message
    assert verdict.turn is not None and verdict.turn >= 4
    # The same split without any drift before it is not explained by arithmetic: altered.
    monkeypatch.setattr(verify, "resolve_turn", _nudged_resolve(0, branch_at=4))
    verdict = verify_save(saves[0])
    assert not verdict.ok and verdict.kind == "altered"


def test_a_rewritten_memo_is_caught_even_on_a_drifting_machine(saves, tmp_path, monkeypatch):
    doc = json.loads(saves[1].read_text(encoding="utf-8"))
    doc["decisions"][2]["memo"] = "I always meant to do this."
    doc["state"]["history"][2]["decision_hash"] = decision_hash(doc["decisions"][2])
    target = _sealed(tmp_path, doc)
    for resolve in (resolve_turn, _nudged_resolve()):
        monkeypatch.setattr(verify, "resolve_turn", resolve)
        verdict = verify_save(target)
        assert not verdict.ok and verdict.kind == "altered", verdict.message
        assert verdict.turn == 3 and "altered at turn 3" in verdict.message


def test_a_format_3_or_4_save_without_its_chain_is_altered(saves, tmp_path):
    for version in (3, 4):
        doc = json.loads(saves[0].read_text(encoding="utf-8"))
        doc["version"] = version
        for record in doc["state"]["history"]:
            record.pop("chain")
        verdict = verify_save(_sealed(tmp_path, doc))
        assert not verdict.ok and verdict.kind == "altered"
        assert "chain" in verdict.message and verdict.turn == 1


def _format_3(ruleset, path: Path) -> dict:
    """The document a format-3 save of the same game had: chains over floats bit for bit."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    state = new_game(ruleset, doc["seed"])
    previous = ""
    for logged, record in zip(doc["decisions"], doc["state"]["history"], strict=True):
        state, _ = resolve_turn(ruleset, state, Decision.model_validate(logged))
        record["chain"] = legacy_state_chain(previous, record["decision_hash"], state)
        previous = record["chain"]
    doc["version"] = 3
    return doc


def test_format_3_chains_are_checked_bit_for_bit_where_the_machine_allows(
    ruleset, saves, tmp_path, monkeypatch
):
    doc = _format_3(ruleset, saves[2])
    genuine = _sealed(tmp_path, doc, "v3.json")
    assert verify_save(genuine).ok
    doc["decisions"][4]["memo"] = "rewritten"
    doc["state"]["history"][4]["decision_hash"] = decision_hash(doc["decisions"][4])
    edited = _sealed(tmp_path, doc, "v3-memo.json")
    verdict = verify_save(edited)
    assert not verdict.ok and verdict.turn == 5
    # On a machine whose last digits differ, the old chain cannot be checked: the game is
    # consistent, and the verdict says what could not be ruled out.
    monkeypatch.setattr(verify, "resolve_turn", _nudged_resolve())
    verdict = verify_save(genuine)
    assert verdict.ok and "could not be ruled out" in verdict.message
    # The migrated game keeps its old links and goes on with new ones.
    state = store.load_game(genuine, ruleset)
    assert all("legacy_chain" in r and "chain" not in r for r in state.history)


def test_a_save_copied_from_another_student_is_refused(ruleset, tmp_path):
    made = write_assignments(
        ruleset, "9B", 2026, ["Amira", "Ben"], tmp_path / "a", per_student_seed=True
    )
    amira = next(m for m in made if m.student == "Amira")
    assert amira.seed == student_seed(2026, "Amira")
    doc = json.loads(amira.path.read_text(encoding="utf-8"))
    assert verify_save(amira.path).ok
    doc["state"]["assignment"]["student"] = "Ben"
    verdict = verify_save(_sealed(tmp_path, doc, "renamed.json"))
    assert not verdict.ok and verdict.where == "assignment"
    assert "'Ben'" in verdict.message and "another student" in verdict.message


DISABLE_SIMD = """
import numpy
from numpy._core import _multiarray_umath as m
print(' '.join(m.__cpu_dispatch__))
"""

CHILD = """
import json, sys
from pathlib import Path
from diplomacy_game import RULES_VERSION
from diplomacy_game.content import files
from diplomacy_game.classroom.verify import verify_save
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

old = Path(sys.argv[1])
out = []
files.RULES_VERSION = 1  # the fixture read under the rules it was played with (test_verify.py)
fixture = verify_save(old / "save-format-1.json", extra=[old / "content"], builtin=False)
files.RULES_VERSION = RULES_VERSION
out.append([fixture.ok, fixture.message])
for path in sys.argv[3:]:
    v = verify_save(path)
    out.append([v.ok, v.message])
ruleset = load_ruleset("second-visit")
state = play_through(ruleset, new_game(ruleset, 21), policy=get_policy("random"))
store.save_game(sys.argv[2], ruleset, state)
print(json.dumps(out))
"""


def test_saves_verify_across_a_real_difference_in_numpy_dispatch(saves, tmp_path):
    """A second process with numpy's SIMD dispatch turned off computes powers as a machine
    without those instructions does: saves cross between the two both ways."""
    dispatch = subprocess.run(
        [sys.executable, "-c", DISABLE_SIMD], capture_output=True, text=True, check=True
    ).stdout.split()
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(dispatch)}
    written = tmp_path / "other-machine.json"
    fixture = tmp_path / "format-1"  # a copy: a failed load sets a damaged file aside
    shutil.copytree(DATA / "format-1", fixture)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(fixture), str(written), *map(str, saves)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for ok, message in json.loads(result.stdout.strip().splitlines()[-1]):
        assert ok, message
    verdict = verify_save(written)
    assert verdict.ok, verdict.message


@pytest.mark.parametrize(
    ("saved", "replayed", "differs", "drift"),
    [
        ({"a": 1.5, "b": [1, "x"]}, {"a": 1.5, "b": [1, "x"]}, False, 0.0),
        ({"a": True}, {"a": 1}, True, 0.0),  # equal in Python, not the same value
        ({"a": [False]}, {"a": [0]}, True, 0.0),
        ({"a": 1}, {"a": 1.0}, False, 0.0),
        ({"a": 1.0}, {"a": 1.0 + 1e-15}, False, 1e-15),  # within rounding: drift noted
        ({"a": float("nan")}, {"a": float("nan")}, True, 0.0),
        ({"a": [1, 2]}, {"a": (1, 2)}, False, 0.0),
        ({"b": 1, "a": 2}, {"a": 2, "b": 1}, False, 0.0),
    ],
)
def test_the_comparison_tells_identical_values_from_merely_equal_ones(
    saved, replayed, differs, drift
):
    from diplomacy_game.classroom.verify import Comparison

    compare = Comparison()
    assert (compare.first_difference(saved, replayed) is not None) is differs
    assert compare.drift == pytest.approx(drift, rel=0.5, abs=1e-18)
