"""Fuzzing the commands a teacher and a student run with hostile files: verify, class-summary,
play --load and play --decisions, each on thousands of files made by editing genuine ones.

Every case must end in a verdict or a one-line message, within a time and memory limit
(tests/hostile_cases.py), with no traceback and no file lost.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplomacy_game.content import load_ruleset_once
from tests.hostile_cases import (
    CASE_SECONDS,
    CASES,
    Result,
    check_message,
    contents,
    genuine_decisions,
    genuine_saves,
    hostile_decisions,
    hostile_saves,
    limits,
    run_case,
    special_files,
)

# --- the commands ----------------------------------------------------------------------------------


@pytest.fixture
def fast_play(monkeypatch: pytest.MonkeyPatch) -> None:
    """play loads the content once for the run instead of once per case (the fuzzing is of
    the files, not of the content loader)."""
    import diplomacy_game.commands.play as play

    monkeypatch.setattr(play, "load_ruleset", load_ruleset_once)


@pytest.fixture(autouse=True)
def one_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case is parsed by one command-line parser instead of one built per case
    (building it is most of the time a refused file takes; the fuzzing is of the files, not
    of argparse)."""
    import diplomacy_game.cli as cli

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)


def _write_cases(folder: Path, seed: int, count: int) -> list[Path]:
    genuine = genuine_saves()
    rng = random.Random(seed)
    paths = []
    for i, data in enumerate(hostile_saves(genuine, rng, count)):
        path = folder / f"case-{i:04d}.json"
        path.write_bytes(data)
        paths.append(path)
    return paths


@dataclass
class Tally:
    cases: int = 0
    refused: int = 0
    slowest: float = 0.0

    def add(self, result: Result, refused: bool) -> None:
        self.cases += 1
        self.refused += refused
        self.slowest = max(self.slowest, result.seconds)


def _each(paths: list[Path], argv_of: Callable[[Path], list[str]], check: Callable) -> Tally:
    tally = Tally()
    with limits():
        for path in paths:
            result = run_case(argv_of(path))
            check(path, result)
            tally.add(result, result.code != 0)
    return tally


def test_fuzz_verify(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = _write_cases(folder, 1, CASES) + special_files(folder)
    before = contents(folder)

    def check(path: Path, r: Result) -> None:
        check_message(r.out + r.err, str(path))
        assert r.code in (0, 1), (path, r.code, r.err)
        lines = r.out.splitlines()
        assert len(lines) == 2 and lines[0].startswith(("OK ", "FAIL")), (path, r.out[:300])
        assert str(path) in lines[0] and r.err == ""

    tally = _each(paths, lambda p: ["verify", str(p)], check)
    assert tally.cases >= CASES and tally.refused > CASES * 0.9
    assert contents(folder) == before  # verify never moves or changes a file


def test_fuzz_play_load(tmp_path: Path, fast_play):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = _write_cases(folder, 2, CASES) + special_files(folder)
    before = contents(folder)

    def check(path: Path, r: Result) -> None:
        check_message(r.out + r.err, str(path))
        assert r.code in (0, 1), (path, r.code, r.err)
        if r.code:
            lines = r.err.splitlines()
            assert len(lines) == 1 and str(path.name) in lines[0], (path, r.err[:300])
        else:
            assert json.loads(r.out)["turns_played"] >= 1

    argv = ["play", "--policy", "passive", "--turns", "1", "--json", "--load"]
    tally = _each(paths, lambda p: [*argv, str(p)], check)
    assert (
        tally.cases >= CASES and tally.refused > CASES * 0.8
    )  # an edit within the rules loads and plays (verify is what finds it)
    # A damaged save is set aside as NAME.damaged-TIME.json, never deleted or changed.
    assert contents(folder) == before


def test_fuzz_class_summary(tmp_path: Path):
    genuine = genuine_saves()
    rng = random.Random(3)
    cases = list(hostile_saves(genuine, rng, CASES))
    batch = 50
    tally = Tally()
    with limits():
        for start in range(0, len(cases), batch):
            folder = tmp_path / f"batch-{start // batch:03d}"
            folder.mkdir()
            store_path = folder / "genuine.json"
            store_path.write_bytes(genuine.blobs[0])
            for i, data in enumerate(cases[start : start + batch]):
                (folder / f"case-{i:03d}.json").write_bytes(data)
            if start == 0:
                special_files(folder)
            files = sorted(p for p in folder.glob("*.json") if ".damaged-" not in p.name)
            before = contents(folder)
            result = run_case(
                ["class-summary", str(folder), "-o", str(tmp_path / "class.csv")],
                seconds=CASE_SECONDS * len(files),
            )
            check_message(result.out + result.err, str(folder))
            assert result.code == 0, result.err
            rows = (tmp_path / "class.csv").read_text(encoding="utf-8").splitlines()
            parsed = list(csv.DictReader(rows))
            # One row per student: a file not in a row is named in the overview (a second
            # game of a student, or a backup set aside).
            counted = {r["file"] for r in parsed}
            assert len(counted) == len(parsed)
            for path in files:
                assert str(path) in counted or path.name in result.out, path.name
            genuine_row = next(r for r in parsed if r["file"] == str(store_path))
            assert genuine_row["verified"] == "yes"
            assert contents(folder) == before
            tally.cases += batch
            # Refused: a row that is not verified, or a second game of a student (named in the
            # overview, not counted; the hostile copies of an assigned save share its student).
            tally.refused += sum(r["verified"] != "yes" for r in parsed) + len(files) - len(parsed)
            tally.slowest = max(tally.slowest, result.seconds / len(files))
    assert tally.cases >= CASES and tally.refused > CASES * 0.9


def test_fuzz_play_decisions(tmp_path: Path, fast_play):
    folder = tmp_path / "moves"
    folder.mkdir()
    rng = random.Random(4)
    paths = []
    for i, data in enumerate(hostile_decisions(genuine_decisions(), rng, CASES)):
        path = folder / f"case-{i:04d}.jsonl"
        path.write_bytes(data)
        paths.append(path)
    paths += special_files(folder)
    before = contents(folder)

    def check(path: Path, r: Result) -> None:
        check_message(r.out + r.err, str(path))
        assert r.code in (0, 1), (path, r.code, r.err)
        if r.code:
            lines = r.err.splitlines()
            assert len(lines) == 1, (path, r.err[:300])
            assert str(path) in lines[0] or "illegal decision" in lines[0], (path, lines)
        else:
            assert json.loads(r.out)["scenario"] == "second-visit"

    argv = ["play", "--scenario", "second-visit", "--seed", "11", "--json", "--decisions"]
    tally = _each(paths, lambda p: [*argv, str(p)], check)
    assert tally.cases >= CASES and tally.refused > CASES * 0.5
    assert contents(folder) == before
