"""``assign`` run a second time for a class: the same assignment adds the new students' files
and leaves the others as they were; another assignment is refused, saying what is there,
unless ``--replace``, which moves the old files beside the folder. Never a half-written
folder, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from diplomacy_game.classroom import assign_folder
from diplomacy_game.classroom.assigned import read_class
from diplomacy_game.cli import main
from diplomacy_game.saves import store

CLASS = ["assign", "--scenario", "review-sprint", "--class", "Civics 11B"]
THREE = ("Ann Lee", "Bo Chan", "Cy Dee")


def _assign(tmp: Path, names, *more: str, seed: int = 2026, out: str = "handout") -> int:
    roster = tmp / "roster.txt"
    roster.write_text("\n".join(names) + "\n", encoding="utf-8")
    args = [*CLASS, "--seed", str(seed), "--students", str(roster), "-o", str(tmp / out)]
    return main([*args, *more])


def _files(folder: Path, hidden: bool = True) -> dict[str, bytes]:
    """Every file of the folder (``hidden``: the game's own hidden files too), by name."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if hidden or not p.name.startswith(".")
    }


def _record(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["state"]["assignment"]


def test_the_same_assignment_again_adds_the_new_students_and_leaves_the_others(tmp_path, capsys):
    assert _assign(tmp_path, THREE, "--seed-per-student") == 0
    folder = tmp_path / "handout"
    before = _files(folder)
    capsys.readouterr()
    assert _assign(tmp_path, (*THREE, "Dee Fox"), "--seed-per-student") == 0
    out = capsys.readouterr().out
    after = _files(folder)
    # the files students already took are the very same bytes; one new file beside them
    assert {k: after[k] for k in before} == before
    assert set(after) - set(before) == {"Civics-11B-Dee-Fox.json"}
    assert "Civics-11B-Dee-Fox.json  (Dee Fox, seed " in out
    assert out.count("  already there, unchanged") == 3
    assert [line for line in out.splitlines() if line.endswith("  new")] == [
        line for line in out.splitlines() if "Dee-Fox" in line
    ]
    assert (
        "1 new assignment file for 'Civics 11B': The Review Sprint; 3 already there, unchanged:"
        " the same assignment" in out
    )


@pytest.mark.parametrize(
    ("more", "seed", "differs"),
    [
        (("--seed-per-student",), 7, "This one differs: class seed 7, not 2026."),
        ((), 2026, "This one differs: one seed for the class, not a seed per student."),
        (("--seed-per-student", "--memo-required"), 2026, "This one differs: memos required."),
        (
            ("--seed-per-student", "--scenario", "second-visit"),
            2026,
            "This one differs: scenario second-visit (The Second Visit), not review-sprint.",
        ),
    ],
)
def test_another_assignment_over_one_already_there_is_refused(
    tmp_path, capsys, more, seed, differs
):
    assert _assign(tmp_path, THREE, "--seed-per-student") == 0
    folder = tmp_path / "handout"
    before = _files(folder)
    capsys.readouterr()
    assert _assign(tmp_path, THREE, *more, seed=seed) == 1
    err = capsys.readouterr().err
    assert _files(folder) == before  # nothing written, nothing left behind
    assert "Traceback" not in err
    # the scenario there by its title when it is this one's, else by its id
    there = "review-sprint" if "second-visit" in more else "The Review Sprint"
    assert (
        f"{folder} already holds another assignment: 'Civics 11B': {there}, class"
        " seed 2026, a seed per student, for 3 students (Ann Lee, Bo Chan, Cy Dee), issued "
    ) in err
    assert differs in err
    assert "Students who started their games from those files are playing that assignment" in err
    assert "Nothing was written." in err
    assert "another class name (--class 'Civics 11B v2') or folder (-o DIR)" in err
    assert "run this again with --replace" in err


def test_replace_makes_the_folder_the_new_class_and_keeps_the_old_one_beside_it(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # where 'serve' keeps the class's hand-ins by default
    assert _assign(tmp_path, THREE, "--seed-per-student") == 0
    folder = tmp_path / "handout"
    old = _files(folder)
    # a game started from the old files and handed in under 'serve'
    hand_in = tmp_path / "handed-in" / "Civics-11B"
    hand_in.mkdir(parents=True)
    (hand_in / "Ann-Lee.json").write_bytes(old["Civics-11B-Ann-Lee.json"])
    capsys.readouterr()
    # Bo Chan has left the class; the class plays another seed
    assert _assign(tmp_path, ("Ann Lee", "Cy Dee"), "--seed-per-student", "--replace", seed=7) == 0
    out = capsys.readouterr().out
    assert sorted(_files(folder)) == ["Civics-11B-Ann-Lee.json", "Civics-11B-Cy-Dee.json"]
    assert {_record(p)["class_seed"] for p in folder.iterdir()} == {7}
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("handout-replaced-")]
    assert _files(aside) == old  # nothing lost: the old assignment, byte for byte
    key, students, _ = read_class(aside)
    assert key == ("Civics 11B", "review-sprint", 2026, False) and len(students) == 3
    assert (
        "Replaced: 'Civics 11B': The Review Sprint, class seed 2026, a seed per student, for 3"
        " students (Ann Lee, Bo Chan, Cy Dee)" in out
    )
    assert f"Moved 3 files to {aside}/ (nothing is deleted):" in out
    assert "  Civics-11B-Bo-Chan.json (Bo Chan): the assignment replaced" in out
    assert f"--assignment {aside}" in out
    assert (
        "Note: handed-in/Civics-11B holds 1 game of another assignment than this one (the"
        " class's hand-ins under 'serve'); it is not touched." in out
    )
    assert (hand_in / "Ann-Lee.json").read_bytes() == old["Civics-11B-Ann-Lee.json"]


def test_students_no_longer_on_the_roster_are_named_and_dropped_only_with_replace(tmp_path, capsys):
    assert _assign(tmp_path, THREE) == 0
    folder = tmp_path / "handout"
    before = _files(folder)
    capsys.readouterr()
    assert _assign(tmp_path, ("Ann Lee", "Cy Dee")) == 0
    out = capsys.readouterr().out
    assert _files(folder) == before
    assert (
        f"Note: not on this roster, left in {folder} as files of this assignment:"
        " Civics-11B-Bo-Chan.json (Bo Chan). That student is still part of the class" in out
    )
    assert "No new assignment file for 'Civics 11B': The Review Sprint; 2 already there" in out
    assert _assign(tmp_path, ("Ann Lee", "Cy Dee"), "--replace") == 0
    out = capsys.readouterr().out
    assert sorted(_files(folder)) == ["Civics-11B-Ann-Lee.json", "Civics-11B-Cy-Dee.json"]
    assert all(_files(folder)[k] == before[k] for k in _files(folder))  # left as they were
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("handout-replaced-")]
    assert _files(aside) == {"Civics-11B-Bo-Chan.json": before["Civics-11B-Bo-Chan.json"]}
    assert "  Civics-11B-Bo-Chan.json (Bo Chan): not on this roster" in out
    assert "Replaced:" not in out  # the assignment itself is the same


def test_a_damaged_file_or_a_played_game_in_the_folder_is_never_written_over(tmp_path, capsys):
    assert _assign(tmp_path, THREE) == 0
    folder = tmp_path / "handout"
    (folder / "Civics-11B-Ann-Lee.json").write_text('{"format": "elbows-up-save", "sc')
    played = folder / "Bo-final.json"  # a student's game, saved into the wrong folder
    assert main(["play", "--load", str(folder / "Civics-11B-Bo-Chan.json"), "--policy",
                 "steady", "--turns", "2", "--save", str(played), "--json"]) == 0  # fmt: skip
    before = _files(folder)
    capsys.readouterr()
    assert _assign(tmp_path, THREE) == 1
    err = capsys.readouterr().err
    assert _files(folder) == before
    assert "Traceback" not in err
    assert (
        f"{folder} holds a file that is not an assignment file of this class where a new one"
        " goes: Civics-11B-Ann-Lee.json, not an assignment file: it cannot be read: " in err
    )
    assert "Nothing was written. Move it out of the folder" in err and "--replace" in err
    # With --replace both are moved beside the folder, Ann Lee's file written anew.
    assert _assign(tmp_path, THREE, "--replace") == 0
    out = capsys.readouterr().out
    # the lock file 'play' keeps in a folder it saved into stays: hidden, the game's own
    names = sorted(f"Civics-11B-{s.replace(' ', '-')}.json" for s in THREE)
    assert sorted(_files(folder, hidden=False)) == names
    assert _record(folder / "Civics-11B-Ann-Lee.json")["student"] == "Ann Lee"
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("handout-replaced-")]
    assert _files(aside) == {k: before[k] for k in ("Bo-final.json", "Civics-11B-Ann-Lee.json")}
    assert "  Bo-final.json: not an assignment file: a game played 2 turns, perhaps a" in out
    assert "Civics-11B-Ann-Lee.json  (Ann Lee, seed 2026)  new" in out


def test_a_played_game_elsewhere_in_the_folder_is_left_with_a_note(tmp_path, capsys):
    assert _assign(tmp_path, THREE) == 0
    folder = tmp_path / "handout"
    played = folder / "Bo-final.json"
    assert main(["play", "--load", str(folder / "Civics-11B-Bo-Chan.json"), "--policy",
                 "steady", "--turns", "1", "--save", str(played), "--json"]) == 0  # fmt: skip
    before = _files(folder)
    capsys.readouterr()
    assert _assign(tmp_path, (*THREE, "Dee Fox")) == 0
    out = capsys.readouterr().out
    assert {k: v for k, v in _files(folder).items() if k in before} == before
    assert (
        f"Note: Bo-final.json in {folder}, not an assignment file: a game played 1 turn, perhaps"
        " a student's; left as it is" in out
    )


def test_a_folder_that_cannot_be_written_is_left_as_it_was(tmp_path, capsys, monkeypatch):
    """A disk that fills up (or a folder that refuses files) part way through the class: no
    file of the new assignment is left in the folder, and one line says why."""
    real = store.atomic_write
    calls = []

    def fails_second(target, data, generations=1):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(target, data, generations)

    monkeypatch.setattr(store, "atomic_write", fails_second)
    assert _assign(tmp_path, THREE, out="term-2/handout") == 1
    err = capsys.readouterr().err
    assert not (tmp_path / "term-2").exists()  # made for this run, removed again
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "No space left on device; nothing was written" in err

    monkeypatch.setattr(store, "atomic_write", real)
    assert _assign(tmp_path, THREE) == 0
    folder = tmp_path / "handout"
    before = _files(folder)
    capsys.readouterr()

    def refuses(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(assign_folder.tempfile, "mkdtemp", refuses)
    assert _assign(tmp_path, (*THREE, "Dee Fox")) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"diplomacy-game: could not write in {folder}: Permission denied; nothing was written\n"
    )
    assert _files(folder) == before


def test_a_replace_that_fails_part_way_puts_everything_back(tmp_path, capsys, monkeypatch):
    assert _assign(tmp_path, THREE) == 0
    folder = tmp_path / "handout"
    before = _files(folder)
    real = os.replace
    calls = []

    def fails_fifth(source, target):
        calls.append(target)
        if len(calls) == 5:  # three files moved aside, one new file put in place
            raise OSError(5, "Input/output error")
        real(source, target)

    monkeypatch.setattr(assign_folder.os, "replace", fails_fifth)
    capsys.readouterr()
    assert _assign(tmp_path, THREE, "--replace", seed=7) == 1
    err = capsys.readouterr().err
    assert "Input/output error; nothing was changed" in err and "Traceback" not in err
    assert _files(folder) == before  # the old files back, no new one, no hidden folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout", "roster.txt"]


def test_a_file_where_the_folder_should_be_is_a_one_line_refusal(tmp_path, capsys):
    (tmp_path / "handout").write_text("notes", encoding="utf-8")
    assert _assign(tmp_path, THREE) == 1
    err = capsys.readouterr().err
    assert err == (
        f"diplomacy-game: {tmp_path / 'handout'} is a file, not a folder: give the folder the"
        " assignment files go in (-o DIR)\n"
    )


def test_replace_is_in_the_help_and_the_teachers_guide(capsys):
    with pytest.raises(SystemExit):
        main(["assign", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--replace" in text and "moving those files to a folder beside it" in text
    guide = Path(__file__).parents[2] / "docs" / "classroom.md"
    assert "--replace" in guide.read_text(encoding="utf-8")


def test_the_hidden_folder_of_a_run_killed_while_writing_is_cleared(tmp_path, capsys):
    assert _assign(tmp_path, THREE) == 0
    folder = tmp_path / "handout"
    killed, running = folder / ".assign-killed", folder / ".assign-running"
    for staging in (killed, running):
        staging.mkdir()
        (staging / "Civics-11B-Dee-Fox.json").write_text("{", encoding="utf-8")
    an_hour_ago = killed.stat().st_mtime - 3600
    os.utime(killed, (an_hour_ago, an_hour_ago))
    assert _assign(tmp_path, (*THREE, "Dee Fox")) == 0
    assert not killed.exists() and running.exists()
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [running.name]
