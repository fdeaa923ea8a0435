"""A hand-in that cannot be read says nothing of whose it is, but its name may: with the class's
assignment named (``--assignment``), a damaged file named as the assignment named a student's
file (``Civics-11B-Connor-McDavid.json`` as ``assign`` wrote it, ``Bo-Chan.json`` as ``serve``
hands it in) is listed under the student's name, with what to do; any other keeps its file's
name, and without the assignment nothing is told from a name."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from diplomacy_game.classroom.assigned import read_class
from diplomacy_game.cli import main
from tests.classes import assign_class

ROSTER = ("Ann Lee", "Bo Chan", "Connor McDavid", "Dee Ray")
CONNOR = (
    "Civics-11B-Connor-McDavid.json, named as the class's assignment names Connor McDavid's"
    " file, cannot be read: ask Connor McDavid for the save as the game wrote it; the game"
    " also keeps the saves before it, Civics-11B-Connor-McDavid.1.json and"
    " Civics-11B-Connor-McDavid.2.json, in the same folder"
)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, Path]:
    """The assignment folder and a hand-in folder: Ann Lee's game; Connor's assignment file
    cut short; Bo Chan's game, as ``serve`` names it, emptied; and a damaged ``mystery.json``.
    Dee Ray hands in nothing."""
    tmp = tmp_path_factory.mktemp("unreadable")
    handout = assign_class(tmp, ROSTER)
    folder = tmp / "handed-in"
    args = ["play", "--load", str(handout / "Civics-11B-Ann-Lee.json"), "--policy", "steady"]
    assert main([*args, "--turns", "1", "--save", str(folder / "Civics-11B-Ann-Lee.json")]) == 0
    data = (handout / "Civics-11B-Connor-McDavid.json").read_bytes()
    (folder / "Civics-11B-Connor-McDavid.json").write_bytes(data[: len(data) // 2])
    (folder / "Bo-Chan.json").write_bytes(b"")
    (folder / "mystery.json").write_bytes(b'{"format": "elbows-up-save", "bro')
    return handout, folder


def test_verify_says_whose_the_damaged_file_is_by_its_name(world, capsys):
    handout, folder = world
    capsys.readouterr()
    assert main(["verify", str(folder), "--assignment", str(handout)]) == 1
    out = capsys.readouterr().out
    assert f"NOTE {CONNOR}\n" in out
    assert "NOTE Bo-Chan.json, named as the class's assignment names Bo Chan's file" in out
    assert "NOTE mystery.json" not in out
    # without the assignment, nothing is told from a file's name
    assert main(["verify", str(folder)]) == 1
    assert "named as the class's assignment" not in capsys.readouterr().out


def test_class_summary_lists_the_student_not_the_file(world, capsys, tmp_path):
    handout, folder = world
    rows = tmp_path / "class.csv"
    capsys.readouterr()
    argv = ["class-summary", str(folder), "-o", str(rows), "--assignment", str(handout)]
    assert main(argv) == 0
    overview = capsys.readouterr().out
    assert (
        "  - **Connor McDavid** (Civics-11B-Connor-McDavid.json): not a readable save" in overview
    )
    assert "  - **Bo Chan** (Bo-Chan.json): not a readable save: the file is empty" in overview
    assert "  - **mystery** (mystery.json): not a readable save" in overview
    assert f"  - {CONNOR}\n" in overview
    # they handed something in; Dee Ray did not
    assert "- Nothing handed in: Dee Ray.\n" in overview
    with rows.open(encoding="utf-8") as handle:
        by = {r["student"]: r for r in csv.DictReader(handle)}
    assert sorted(by) == ["Ann Lee", "Bo Chan", "Connor McDavid", "mystery"]
    assert by["Connor McDavid"]["file"].endswith("Civics-11B-Connor-McDavid.json")
    # of the class, as the other rows are (the column was empty); a file nobody's is not
    assert by["Connor McDavid"]["class"] == by["Bo Chan"]["class"] == by["Ann Lee"]["class"]
    assert by["Ann Lee"]["class"] and not by["mystery"]["class"]
    assert by["Connor McDavid"]["note"].endswith(CONNOR)
    assert (
        by["mystery"]["note"]
        == "not counted: it failed verification, and holds no game that can be shown"
    )


def test_without_the_assignment_the_file_keeps_its_name(world, capsys, tmp_path):
    _, folder = world
    assert main(["class-summary", str(folder), "-o", str(tmp_path / "class.csv")]) == 0
    overview = capsys.readouterr().out
    assert "**Civics-11B-Connor-McDavid** (Civics-11B-Connor-McDavid.json)" in overview
    assert "Connor McDavid's file" not in overview


def test_the_class_page_names_the_student(world, capsys, tmp_path):
    handout, folder = world
    out = tmp_path / "reports"
    argv = ["report", str(folder), "-o", str(out), "--games", "0", "--assignment", str(handout)]
    assert main(argv) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<td>Connor McDavid</td>" in page
    assert "ask Connor McDavid for the save as the game wrote it" in page


def test_a_name_two_students_files_could_have_says_nobody(tmp_path):
    # "José" and "Jose": Civics-11B-Jose.json and Civics-11B-Jose-2.json, but one Jose.json
    handout = assign_class(tmp_path, ("José", "Jose"))
    _, students, problem = read_class(handout)
    assert problem == "" and sorted(students) == ["Jose", "José"]
    assert students.files["civics-11b-jose"] == "José"
    assert students.files["civics-11b-jose-2"] == "Jose"
    assert "jose" not in students.files
