"""A class in browsers, without a browser: the roster, each student's seed and hand-in file,
and what a student's game may write."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy_game.classroom.assign import student_seed, write_assignments
from diplomacy_game.classroom.verify import verify_save
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import Decision
from diplomacy_game.saves.store import load_exact
from diplomacy_game.web.lab import LabError, read_lab
from tests.web.helpers import ROSTER, SCENARIO, write_class


def test_the_class_from_the_folder_assign_wrote(tmp_path: Path):
    folder = write_class(tmp_path)
    lab = read_lab(folder, tmp_path / "handed-in")
    assert [s.name for s in lab.students] == sorted(ROSTER)
    for student in lab.students:
        assert student.seed == student_seed(2026, student.name)
    assert lab.class_name == "Civics 11B" and lab.scenario == SCENARIO
    assert {s.stem for s in lab.students} == {"Amira-Haddad", "Ben-O-Connor", "Chloe-Tremblay"}
    # one file of the folder names the same class
    one = next(folder.glob("*Amira*.json"))
    assert read_lab(one, tmp_path / "handed-in").students == lab.students


def test_a_whole_class_assignment_takes_its_names_from_a_roster(tmp_path: Path, review_sprint):
    made = write_assignments(review_sprint, "Civics 11B", 7, None, tmp_path / "a")
    roster = tmp_path / "roster.txt"
    roster.write_text("Amira Haddad\nBen O'Connor\n", encoding="utf-8")
    with pytest.raises(LabError, match="--students"):
        read_lab(made[0].path, tmp_path / "h")
    lab = read_lab(made[0].path, tmp_path / "h", roster)
    assert [(s.name, s.seed) for s in lab.students] == [("Amira Haddad", 7), ("Ben O'Connor", 7)]


def test_no_assignment_is_a_one_line_problem(tmp_path: Path):
    with pytest.raises(LabError, match="no such file"):
        read_lab(tmp_path / "missing", tmp_path / "h")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LabError, match="no assignment file found"):
        read_lab(tmp_path / "empty", tmp_path / "h")


def test_two_classes_in_one_folder_are_refused(tmp_path: Path, review_sprint):
    folder = write_class(tmp_path)
    write_assignments(review_sprint, "History 12", 5, ["Dana"], folder)
    with pytest.raises(LabError, match="another class"):
        read_lab(folder, tmp_path / "h")


def test_a_typed_name_is_found_whatever_its_case_spacing_or_accents(tmp_path: Path):
    lab = read_lab(write_class(tmp_path), tmp_path / "h")
    assert lab.find("  amira   HADDAD ").name == "Amira Haddad"
    assert lab.find("Chloe Tremblay").name == "Chloé Tremblay"
    assert lab.find("Amira") is None
    assert lab.find("") is None
    assert lab.find("../../etc/passwd") is None


def test_a_letter_without_an_accent_to_drop_is_written_out_and_old_games_go_on(
    tmp_path: Path, review_sprint
):
    """ "Søren" was handed in as "Sren-….json": now "Soren-….json"; a game already handed in
    under the old name goes on in that file."""
    made = write_assignments(review_sprint, "Civics 11B", 7, None, tmp_path / "a")
    roster = tmp_path / "roster.txt"
    roster.write_text("Søren Kierkegaard-Jensen\nŁukasz Nowak\n", encoding="utf-8")
    fresh = read_lab(made[0].path, tmp_path / "h", roster)
    assert [s.stem for s in fresh.students] == ["Soren-Kierkegaard-Jensen", "Lukasz-Nowak"]
    upgraded = tmp_path / "h2"
    upgraded.mkdir()
    (upgraded / "ukasz-Nowak.json").write_text("{}", encoding="utf-8")
    lab = read_lab(made[0].path, upgraded, roster)
    assert [s.stem for s in lab.students] == ["Soren-Kierkegaard-Jensen", "ukasz-Nowak"]


def test_names_that_make_the_same_file_name_get_their_own_files(tmp_path: Path, review_sprint):
    made = write_assignments(review_sprint, "Civics 11B", 7, None, tmp_path / "a")
    roster = tmp_path / "roster.txt"
    roster.write_text("José Côté\nJose Cote\njose cote\n", encoding="utf-8")
    lab = read_lab(made[0].path, tmp_path / "h", roster)
    assert [s.stem for s in lab.students] == ["Jose-Cote", "Jose-Cote-2"]
    # the exact name wins over the one without accents; a name that differs from another
    # only by case is that student (it could never sign in on its own), and the teacher is told
    assert lab.find("josé côté").name == "José Côté"
    assert lab.find("JOSE COTE").name == "Jose Cote"
    assert lab.notes == [
        "'jose cote' is the same student as 'Jose Cote' (names are matched regardless of case,"
        " as 'serve' matches them): one assignment, for 'Jose Cote'"
    ]


def test_a_game_played_into_the_hand_in_folder_verifies(tmp_path: Path, review_sprint):
    lab = read_lab(write_class(tmp_path), tmp_path / "handed-in")
    lab.hand_in.mkdir()
    amira = lab.find("Amira Haddad")
    library = lab.library(amira)
    state = lab.new_state(review_sprint, amira)
    assert lab.check_own(state, amira) == ""
    for _ in range(2):
        state, _report = resolve_turn(review_sprint, state, Decision())
        path = library.autosave(review_sprint, state, library.autosave_path(state))
    assert path == tmp_path / "handed-in" / "Amira-Haddad.json"
    assert sorted(p.name for p in lab.hand_in.iterdir()) == ["Amira-Haddad.json"]
    verdict = verify_save(path)
    assert verdict.ok, verdict.message
    saved = load_exact(path, review_sprint)
    assert saved.assignment["student"] == "Amira Haddad"
    assert saved.assignment["class"] == "Civics 11B"
    assert saved.seed == student_seed(2026, "Amira Haddad")
    # whatever name the game asks for, a student's library writes only their own file
    assert library.path_for("../../Ben-O-Connor") == path
    assert library.save("Ben-O-Connor", review_sprint, state) == path
    ben = lab.find("Ben O'Connor")
    assert "not Ben O'Connor's game" in lab.check_own(saved, ben)


def test_a_student_is_open_in_one_browser_at_a_time(tmp_path: Path):
    lab = read_lab(write_class(tmp_path), tmp_path / "h")
    lab.hand_in.mkdir()
    amira, ben = lab.find("Amira Haddad"), lab.find("Ben O'Connor")
    held = lab.hold(amira)
    assert held is not None
    assert lab.hold(amira) is None
    other = lab.hold(ben)
    assert other is not None
    held.release()
    again = lab.hold(amira)
    assert again is not None
    again.release()
    other.release()


def test_a_name_typed_as_a_phone_or_a_keyboard_would_is_found(tmp_path: Path, review_sprint):
    """A phone's curly apostrophe or none, a space or no hyphen for a hyphen: the same
    student."""
    made = write_assignments(review_sprint, "Civics 11B", 7, None, tmp_path / "a")
    roster = tmp_path / "roster.txt"
    roster.write_text("Ben O'Connor\nJean-François Tremblay\n", encoding="utf-8")
    lab = read_lab(made[0].path, tmp_path / "h", roster)
    assert lab.find("Ben O\u2019Connor").name == "Ben O'Connor"
    assert lab.find("ben oconnor").name == "Ben O'Connor"  # the apostrophe left out
    assert lab.find("jean francois tremblay").name == "Jean-François Tremblay"
    assert lab.find("Jean \u2013 Francois Tremblay").name == "Jean-François Tremblay"
    assert lab.find("Jean Tremblay") is None
    roster.write_text("A" * 121 + "\n", encoding="utf-8")
    with pytest.raises(LabError, match="more than 120 characters on line 1"):
        read_lab(made[0].path, tmp_path / "h", roster)


def test_names_without_latin_letters_keep_their_file_whatever_the_roster_order(
    tmp_path: Path, review_sprint
):
    """李伟 and 王芳 were saved as game.json and game-2.json in the roster's order: a roster
    in another order sent each to the other's file."""
    made = write_assignments(review_sprint, "Hist 9", 7, None, tmp_path / "a")
    roster = tmp_path / "roster.txt"
    stems = []
    for names in ("李伟\n王芳\n", "王芳\n李伟\n"):
        roster.write_text(names, encoding="utf-8")
        lab = read_lab(made[0].path, tmp_path / "h", roster)
        stems.append({s.name: s.stem for s in lab.students})
    assert stems[0] == stems[1]
    assert all(stem.startswith("student-") for stem in stems[0].values())


def test_the_teacher_is_told_of_games_that_have_no_key_yet(tmp_path: Path):
    lab = read_lab(write_class(tmp_path), tmp_path / "handed-in")
    lab.hand_in.mkdir()
    amira, ben = lab.find("Amira Haddad"), lab.find("Ben O'Connor")
    lab.hand_in_path(amira).write_text("{}", encoding="utf-8")  # a game begun before keys
    lab.hand_in_path(ben).write_text("{}", encoding="utf-8")
    lab.issue_key(ben)
    assert lab.games_without_key() == ["Amira Haddad"]
    assert set(lab.issue_key(amira)) <= set("ACDEFHJKLMNPQRTUVWXY3479")
    assert lab.games_without_key() == []
