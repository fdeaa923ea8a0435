"""A class of students hands in one folder: autosaves, saves under a name, the backups the game
keeps beside them, a second game of one student and a damaged file. The teacher's tools count
one game per student, set backups aside, name duplicates, and keep a grade book of every turn."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from diplomacy_game.classroom.handin import backup_of, sort_hand_ins
from diplomacy_game.classroom.summary import memo_by
from diplomacy_game.classroom.verify import verify_save
from diplomacy_game.cli import main
from diplomacy_game.model.decisions import Decision
from diplomacy_game.saves import store
from tests.classes import assign_class

STUDENTS = ("Amira Haddad", "Ben O'Connor", "Chloé Tremblay", "Dev Patel")


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory) -> Path:
    """The folder a teacher collects, built as students would fill it."""
    tmp = tmp_path_factory.mktemp("class")
    out = assign_class(tmp, STUDENTS, "--memo-required")
    folder = tmp / "in"
    moves = tmp / "amira.jsonl"
    moves.write_text(
        '{"turn": 1, "actions": [{"id": "call_president"}], "memo": "Keep the line open."}\n'
        '{"turn": 2, "actions": [{"id": "counter_tariff", "params": {"sector": "steel",'
        ' "level": 50}}], "memo": "Steel needs a firm answer."}\n',
        encoding="utf-8",
    )
    amira = folder / "Amira.json"
    for args in (
        # Amira: two turns of her own, then the rest by a strategy; saved twice, so the game
        # keeps Amira.1.json beside Amira.json.
        ["--load", str(out / "Civics-11B-Amira-Haddad.json"), "--decisions", str(moves)],
        ["--load", str(amira), "--policy", "steady"],
    ):
        assert main(["play", *args, "--save", str(amira), "--json"]) == 0
    # Ben: a finished game under a name and an earlier autosave of another try.
    ben = str(out / "Civics-11B-Ben-O-Connor.json")
    early = "autosave-Ben-O-Connor-review-sprint-seed2026-a1b2c3.json"
    assert main(["play", "--load", ben, "--policy", "hardline", "--turns", "3",
                 "--save", str(folder / early), "--json"]) == 0  # fmt: skip
    assert main(["play", "--load", ben, "--policy", "hardline",
                 "--save", str(folder / "Ben.json"), "--json"]) == 0  # fmt: skip
    # Chloé: her file was cut short on the way.
    chloe = folder / "Chloe.json"
    assert main(["play", "--load", str(out / "Civics-11B-Chloe-Tremblay.json"), "--policy",
                 "appease", "--save", str(chloe), "--json"]) == 0  # fmt: skip
    chloe.write_bytes(chloe.read_bytes()[:2000])
    # Dev: only the backup of his save reached the folder.
    dev = folder / "Dev.json"
    assert main(["play", "--load", str(out / "Civics-11B-Dev-Patel.json"), "--policy",
                 "advisor", "--save", str(dev), "--json"]) == 0  # fmt: skip
    dev.rename(folder / "Dev.1.json")
    return folder


def test_backups_are_told_from_games():
    assert backup_of(Path("in/Amira.1.json")) == Path("in/Amira.json")
    assert backup_of(Path("in/autosave-x-seed2026-a1b2c3.2.json")).name == (
        "autosave-x-seed2026-a1b2c3.json"
    )
    assert backup_of(Path("in/Amira.json")) is None
    assert backup_of(Path("in/Amira.damaged-20260101T000000.json")) is None


def test_one_row_per_student_and_a_grade_book(handed_in, tmp_path, capsys):
    table, turns = tmp_path / "class.csv", tmp_path / "turns.csv"
    code = main(["class-summary", str(handed_in), "-o", str(table), "--turns", str(turns)])
    out = capsys.readouterr().out
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    by = {r["student"]: r for r in rows}
    assert sorted(by) == ["Amira Haddad", "Ben O'Connor", "Chloe", "Dev Patel"]
    # Amira wrote two memos; the strategy that played her other seven filled the rest.
    assert (by["Amira Haddad"]["memos"], by["Amira Haddad"]["strategy_memos"]) == ("2", "7")
    # Ben's finished game counts; his earlier try is named.
    assert by["Ben O'Connor"]["file"].endswith("Ben.json") and by["Ben O'Connor"]["turns"] == "9"
    assert "autosave-Ben-O-Connor" in by["Ben O'Connor"]["note"]
    assert "Ben O'Connor handed in 2 games" in out
    # The backup is set aside; the backup of a save not handed in stands for the game.
    assert "Amira.1.json: a backup the game keeps of Amira.json" in out
    assert (
        by["Dev Patel"]["file"].endswith("Dev.1.json")
        and "not handed in" in (by["Dev Patel"]["note"])
    )
    # The damaged file is named, with what is wrong with it.
    assert by["Chloe"]["verified"] == "no" and "cut short" in by["Chloe"]["verification"]
    assert "**Chloe** (Chloe.json)" in out
    # Chloé's file cannot be read: it is a file, not a student the tools can name.
    assert "Class overview: 3 students, and 1 file that could not be read" in out
    assert "Memos filled by a strategy" in out

    book = list(csv.DictReader(io.StringIO(turns.read_text(encoding="utf-8"))))
    amira = [r for r in book if r["student"] == "Amira Haddad"]
    assert [r["turn"] for r in amira] == [str(t) for t in range(1, 10)]
    assert amira[0]["actions"] == "Call the President" and amira[0]["memo_by"] == "person"
    assert amira[1]["actions"] == "Raise a counter-tariff (Steel, 50%)"
    assert amira[1]["memo"] == "Steel needs a firm answer."
    assert {r["memo_by"] for r in amira[2:]} == {"strategy"}
    assert any(r["answers"] for r in book)  # answers read as 'Event title: option label'
    assert all("_" not in r["answers"] for r in book if r["answers"])
    assert {r["student"] for r in book} == {"Amira Haddad", "Ben O'Connor", "Dev Patel"}


def test_verify_counts_students_and_sets_backups_aside(handed_in, capsys):
    code = main(["verify", str(handed_in)])
    out = capsys.readouterr().out
    assert code == 1  # Chloé's file
    lines = out.splitlines()
    assert sum(line.startswith("OK ") for line in lines) == 4  # Amira, Ben twice, Dev's backup
    assert any(line.startswith("FAIL") and "Chloe.json" in line for line in lines)
    assert "NOTE" in out and "Amira.1.json" in out and "Ben O'Connor handed in 2 games" in out
    assert (
        lines[-1] == "4 consistent, 1 not (3 students, 1 file not readable, 1 backup not counted)"
    )


def test_a_strategy_memo_is_marked_in_the_save_and_the_mark_is_checked(handed_in, tmp_path):
    doc = json.loads((handed_in / "Amira.json").read_text(encoding="utf-8"))
    marks = [d.get("memo_by") for d in doc["decisions"]]
    assert marks == [None, None] + ["strategy"] * 7
    # Passing the strategy's memo off as one's own is caught by verify.
    del doc["decisions"][4]["memo_by"]
    forged = tmp_path / "forged.json"
    forged.write_bytes(store.seal(doc))
    verdict = verify_save(forged)
    assert not verdict.ok and verdict.turn == 5


def test_a_persons_memo_is_logged_as_before():
    """A new field must not change the log (and so the chain) of games saved before it."""
    logged = Decision(memo="Hold the line.").to_json_dict()
    assert "memo_by" not in logged and memo_by(logged) == "person"
    strategy = Decision(memo="x", memo_by="strategy").to_json_dict()
    assert strategy["memo_by"] == "strategy" and memo_by(strategy) == "strategy"
    assert memo_by({"memo": "  "}) == ""
    # Saves from before the mark: a built-in strategy's memo is known by its exact words.
    from diplomacy_game.sim.policies import get_policy

    steady = get_policy("steady")
    assert memo_by({"memo": f"[{steady.name}] {steady.idea}"}) == "strategy"


def test_sorting_names_each_file_once(handed_in):
    files = sorted(handed_in.iterdir())
    handed = sort_hand_ins([*files, files[0]])
    games = [g.path for g in handed.games]
    assert len(games) == len(set(games)) == len(files) - 1  # Amira.1.json set aside


def test_the_newest_backup_stands_in_for_a_save_not_handed_in(tmp_path):
    for name in ("Dev.2.json", "Dev.1.json", "Eve.json", "Eve.1.json", "Eve.2.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    handed = sort_hand_ins(sorted(tmp_path.iterdir()))
    assert [g.path.name for g in handed.games] == ["Dev.1.json", "Eve.json"]
    aside = {p.name: note for p, note in handed.set_aside}
    assert set(aside) == {"Dev.2.json", "Eve.1.json", "Eve.2.json"}
    assert "older backup of Dev.json" in aside["Dev.2.json"]
    assert "backup the game keeps of Eve.json" in aside["Eve.1.json"]
    assert handed.games[0].backup_of == tmp_path / "Dev.json"
    assert not handed.games[0].readable  # '{}' is no save: it is still counted, and named


def test_a_mistyped_folder_is_not_a_student(handed_in, tmp_path, capsys):
    """``class-summary handed-in/Civics11B`` (a typo) is not a class of one student who handed
    in nothing: it is refused, naming the path, and nothing is written."""
    typo = handed_in.parent / (handed_in.name + "-typo")
    table = tmp_path / "class.csv"
    code = main(["class-summary", str(handed_in), str(typo), "-o", str(table)])
    out, err = capsys.readouterr()
    assert code == 1 and f"{typo}: no such folder" in err
    assert not table.exists() and "Class overview" not in out
