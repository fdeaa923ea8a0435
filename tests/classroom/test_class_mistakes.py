"""The hand-in mistakes a real class makes, as a teacher reads them: a roster typed with a
double space, a name with a comma or without Latin letters, a game started without the
assignment, an empty file, a save renamed to .txt, one student handing in a classmate's file,
a game of another version of the content. Every message says what is wrong and what to do."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from diplomacy_game.classroom.assign import read_students
from diplomacy_game.cli import main
from diplomacy_game.saves import store
from tests.classes import assign_class

ROSTER = (
    "Amira Haddad",
    "Smith, John",
    "José  Álvarez",  # two spaces, as typed
    "Connor McDavid",
    "Li Wei",
    "李伟",
    "Raj Patel",
    "Raj K. Patel",
)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> tuple[Path, Path]:
    """The assignment folder and the hand-in folder, as a class fills it."""
    tmp = tmp_path_factory.mktemp("mistakes")
    handout = assign_class(tmp, ROSTER, folder="assignments")
    files = {p.name: p for p in handout.glob("*.json")}
    folder = tmp / "handed-in"
    folder.mkdir()

    def play(name: str, *more: str) -> None:
        out = str(folder / name)
        assert main(["play", "--policy", "appease", "--turns", "1", "--save", out, *more]) == 0

    play("Amira-Haddad.json", "--load", str(files["Civics-11B-Amira-Haddad.json"]))
    play("Smith-John.json", "--load", str(files["Civics-11B-Smith-John.json"]))
    play("Raj-K-Patel.json", "--load", str(files["Civics-11B-Raj-K-Patel.json"]))
    # Raj Patel hands in his classmate's file under his own name
    shutil.copy(folder / "Raj-K-Patel.json", folder / "Raj-Patel.json")
    # 李伟 hands in the assignment as it was given (not started)
    (chinese,) = [p for n, p in files.items() if "student-" in n]
    shutil.copy(chinese, folder / chinese.name.removeprefix("Civics-11B-"))
    # Connor plays without opening the assignment; Li Wei's file is empty
    play("Connor-McDavid.json", "--scenario", "review-sprint", "--seed", "7")
    (folder / "Li-Wei.json").write_bytes(b"")
    # José's save, renamed by a file manager that hid the extension
    play("Jose-Alvarez.json.txt", "--load", str(files["Civics-11B-Jose-Alvarez.json"]))
    return handout, folder


def test_a_name_typed_with_two_spaces_is_one_name(classroom, tmp_path):
    handout, _ = classroom
    assert "José Álvarez" in read_students(_roster(tmp_path))
    record = json.loads((handout / "Civics-11B-Jose-Alvarez.json").read_text(encoding="utf-8"))
    assert record["state"]["assignment"]["student"] == "José Álvarez"


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.txt"
    path.write_text("\n".join(ROSTER) + "\n", encoding="utf-8")
    return path


def test_nothing_handed_in_leaves_out_those_who_handed_in_a_file(classroom, tmp_path, capsys):
    handout, folder = classroom
    args = ["class-summary", str(folder), "--assignment", str(handout)]
    assert main([*args, "-o", str(tmp_path / "c.csv")]) == 0
    out = capsys.readouterr().out
    (missing,) = [line for line in out.splitlines() if line.startswith("- Nothing handed in")]
    # Connor (a game of no assignment) and Li Wei (an empty file) are listed with why above;
    # José handed in only a file named .txt. Raj Patel handed in a file, his classmate's
    # game: said so, not "nothing handed in" (nor a second game of Raj K. Patel's).
    assert missing == "- Nothing handed in: José Álvarez."
    assert (
        "  - Raj-Patel.json, handed in under Raj Patel's name, is a copy of Raj K. Patel's game:"
        " Raj-K-Patel.json, byte for byte\n" in out
    )
    assert "Raj K. Patel handed in 2 games" not in out
    assert "**Connor-McDavid** (Connor-McDavid.json): no assignment record" in out
    # Li Wei's file cannot be read, but its name is the one his game is handed in under
    assert "**Li Wei** (Li-Wei.json): not a readable save: the file is empty" in out


def test_lists_of_names_with_a_comma_in_one_are_told_apart(classroom, tmp_path, capsys):
    _, folder = classroom
    assert main(["class-summary", str(folder), "-o", str(tmp_path / "c.csv")]) == 0
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if line.startswith("- Not finished")]
    assert "Amira Haddad (1 turn played); " in line and "; Smith, John (1 turn played)" in line
    (line,) = [line for line in out.splitlines() if line.startswith("- No memos of their own")]
    assert line.startswith("- No memos of their own: Amira Haddad; ")


def test_an_empty_file_is_called_empty(classroom, capsys):
    _, folder = classroom
    assert main(["verify", str(folder / "Li-Wei.json")]) == 1
    out = capsys.readouterr().out
    assert "not a readable save: the file is empty (nothing was written to it)" in out
    assert "expecting value" not in out


@pytest.mark.parametrize(
    "said",
    [
        # a save renamed, with what to do
        "Jose-Alvarez.json.txt: not read: a save renamed without the .json ending; to count it,"
        " name it Jose-Alvarez.json and run this again",
        # a classmate's file handed in under another name, said as what it is: without the
        # class list, whether "Raj Patel" is a classmate is not known (never "Raj K. Patel
        # handed in 2 games")
        "Raj-Patel.json holds Raj K. Patel's game: a copy of Raj-K-Patel.json, byte for byte",
    ],
)
def test_verify_names_a_hand_in_mistake(classroom, capsys, said):
    _, folder = classroom
    main(["verify", str(folder)])
    out = capsys.readouterr().out
    assert said in out and "handed in 2 games" not in out


def test_the_advice_for_another_content_version_is_kept_whole(classroom, tmp_path, capsys):
    _, folder = classroom
    doc = json.loads((folder / "Amira-Haddad.json").read_text(encoding="utf-8"))
    doc["content_digest"] = "f" * 64
    other = tmp_path / "Amira-Haddad.json"
    other.write_bytes(store.seal(doc))
    assert main(["class-summary", str(other), "-o", str(tmp_path / "c.csv")]) == 0
    out = capsys.readouterr().out
    advice = "plays it again under this version, and hands that game in"
    assert advice in out
    (row,) = csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8")))
    assert row["verification"].endswith(advice)
    assert row["note"].startswith(
        "not counted: it was played with another version of the game or its content"
    )
    assert "holds no game" not in row["note"]


def test_class_page_names_files_and_lists_concessions_once_a_student(classroom, tmp_path):
    _, folder = classroom
    out = tmp_path / "reports"
    assert main(["report", str(folder), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.glob("*.html"))
    assert "game.html" not in names
    assert any(n.startswith("student-") for n in names)  # 李伟, as 'assign' names the file
    page = (out / "index.html").read_text(encoding="utf-8")
    conceded = page[page.index("Who conceded what") :]
    assert "Smith, John (turn 1)" in conceded
    assert "Smith, John (turn 1), " not in conceded


def test_verify_names_the_student_when_the_file_name_does_not(classroom, capsys):
    _, folder = classroom
    main(["verify", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(f"OK   {folder / 'Raj-Patel.json'} (Raj K. Patel): ") for line in lines
    )
    assert any(line.startswith(f"OK   {folder / 'Amira-Haddad.json'}: ") for line in lines)
    (chinese,) = [line for line in lines if "student-" in line]  # named after 李伟 already
    assert " (李伟)" not in chinese


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # a French-Canadian spreadsheet's CSV: semicolons, the comma being the decimal mark
        ("roster.csv", "\ufeffNom complet;Courriel\nChloé Tremblay;c@x\nSmith, John;s@x\n"),
        ("roster.csv", "Full name;Email\nChloé Tremblay;c@x\nSmith, John;s@x\n"),
        # tab-separated, as copied out of a spreadsheet or saved as text
        ("roster.txt", "Name\tEmail\nChloé Tremblay\tc@x\nSmith, John\ts@x\n"),
        ("roster.tsv", "Chloé Tremblay\tc@x\nSmith, John\ts@x\n"),
    ],
)
def test_a_spreadsheets_roster_gives_its_first_column(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    assert read_students(path) == ["Chloé Tremblay", "Smith, John"]


def test_a_roster_in_a_spreadsheets_unicode_text_or_another_encoding(tmp_path):
    unicode_text = tmp_path / "roster.txt"  # UTF-16 with its byte-order mark, tab-separated
    unicode_text.write_bytes("Name\tEmail\nChloé Tremblay\tc@x\n".encode("utf-16"))
    assert read_students(unicode_text) == ["Chloé Tremblay"]
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Chloé Tremblay\n".encode("cp1252"))
    with pytest.raises(ValueError, match="save it again as UTF-8 \\(in a spreadsheet, 'CSV UTF-8'"):
        read_students(latin)


def test_a_class_report_given_a_file_name_says_it_writes_a_folder(classroom, tmp_path, capsys):
    """'report FOLDER -o class.html': refused before any game is replayed, saying what the
    name is (it named a file that did not exist: "is a file" was not true) and what it needs."""
    _, folder = classroom
    named = tmp_path / "class.html"
    assert main(["report", str(folder), "-o", str(named)]) == 2
    err = capsys.readouterr().err
    assert f"{named} names a file; a class report is a folder" in err and "index.html" in err
    assert not named.exists()
    existing = tmp_path / "notes"
    existing.write_text("mine", encoding="utf-8")
    assert main(["report", str(folder), "-o", str(existing)]) == 2
    assert f"{existing} is a file; a class report is a folder" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == "mine"
