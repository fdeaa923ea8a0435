"""A classmate's save handed in under another student's name: with a seed each, Ann Lee's
game copied to ``Bo-Chan.json``. Every tool says what the files show, in the same words: the
file handed in as Bo Chan's is a copy of Ann Lee's game (not "Ann Lee handed in 2 games", and
not "Nothing handed in: Bo Chan")."""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pytest

from diplomacy_game.classroom.handin import HandIn, named_for
from diplomacy_game.cli import main
from tests.classes import assign_class

ROSTER = ("Ann Lee", "Bo Chan", "Cy Dee")
COPY = (
    "Bo-Chan.json, handed in under Bo Chan's name, is a copy of Ann Lee's game: Ann-Lee.json,"
    " byte for byte"
)
EARLIER = (
    "Bo-Chan.json, handed in under Bo Chan's name, holds Ann Lee's game, not Bo Chan's: the"
    " assignment record in it names Ann Lee"
)


def _play(source: Path, target: Path, turns: int) -> None:
    args = ["play", "--load", str(source), "--policy", "steady", "--turns", str(turns)]
    assert main([*args, "--save", str(target), "--json"]) == 0


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """``copied/``: Ann Lee's game, a byte-for-byte copy of it as Bo-Chan.json, Cy Dee's own.
    ``earlier/``: Bo-Chan.json is Ann Lee's game after one turn, Ann-Lee.json after two."""
    tmp = tmp_path_factory.mktemp("copies")
    handout = assign_class(tmp, ROSTER, "--seed-per-student")
    copied, earlier = tmp / "copied", tmp / "earlier"
    _play(handout / "Civics-11B-Ann-Lee.json", copied / "Ann-Lee.json", 2)
    shutil.copyfile(copied / "Ann-Lee.json", copied / "Bo-Chan.json")
    _play(handout / "Civics-11B-Cy-Dee.json", copied / "Cy-Dee.json", 1)
    _play(handout / "Civics-11B-Ann-Lee.json", earlier / "Bo-Chan.json", 1)
    _play(earlier / "Bo-Chan.json", earlier / "Ann-Lee.json", 1)
    shutil.copyfile(copied / "Cy-Dee.json", earlier / "Cy-Dee.json")
    return tmp


def test_verify_says_whose_game_the_file_handed_in_as_bo_chans_is(world, capsys):
    capsys.readouterr()
    assert main(["verify", str(world / "copied"), "--assignment", str(world / "handout")]) == 0
    out = capsys.readouterr().out
    assert f"NOTE {COPY}\n" in out
    assert "handed in 2 games" not in out


def test_class_summary_names_no_copy_as_a_second_game_nor_bo_chan_as_missing(
    world, capsys, tmp_path
):
    rows = tmp_path / "class.csv"
    argv = ["class-summary", str(world / "copied"), "-o", str(rows)]
    assert main([*argv, "--assignment", str(world / "handout")]) == 0
    overview = capsys.readouterr().out
    assert f"  - {COPY}\n" in overview
    assert "Nothing handed in" not in overview and "handed in 2 games" not in overview
    with rows.open(encoding="utf-8") as handle:
        notes = {r["student"]: r["note"] for r in csv.DictReader(handle)}
    assert notes == {"Ann Lee": COPY, "Cy Dee": ""}


def test_an_earlier_save_of_a_classmates_game_is_said_to_hold_it(world, capsys, tmp_path):
    rows = tmp_path / "class.csv"
    argv = ["class-summary", str(world / "earlier"), "-o", str(rows)]
    assert main([*argv, "--assignment", str(world / "handout")]) == 0
    overview = capsys.readouterr().out
    assert f"  - {EARLIER}\n" in overview and "Nothing handed in" not in overview
    with rows.open(encoding="utf-8") as handle:
        (ann,) = [r for r in csv.DictReader(handle) if r["student"] == "Ann Lee"]
    assert ann["file"].endswith("Ann-Lee.json") and ann["turns"] == "2"
    assert ann["note"] == EARLIER


def test_the_class_page_says_it_in_the_same_words(world, capsys, tmp_path):
    argv = ["report", str(world / "copied"), "-o", str(tmp_path / "reports"), "--games", "0"]
    assert main([*argv, "--assignment", str(world / "handout")]) == 0
    err = capsys.readouterr().err
    assert "not reported: 1 file handed in under a classmate's name" in err
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert COPY in text and "handed in 2 games" not in text


# Without the class list (no --assignment), "Bo Chan" is a name no tool knows: the files say
# only that Bo-Chan.json holds Ann Lee's game under a name not hers.
UNLISTED_COPY = (
    "Bo-Chan.json holds Ann Lee's game, but its name is not Ann Lee's: a copy of Ann-Lee.json,"
    " byte for byte"
)
UNLISTED_EARLIER = (
    "Bo-Chan.json holds a game of Ann Lee's (the assignment record in it names Ann Lee), but"
    " its name is not Ann Lee's"
)


@pytest.mark.parametrize(
    ("folder", "said"), [("copied", UNLISTED_COPY), ("earlier", UNLISTED_EARLIER)]
)
def test_without_the_class_list_the_file_is_said_as_what_it_holds(
    world, capsys, tmp_path, folder, said
):
    capsys.readouterr()
    assert main(["verify", str(world / folder)]) == 0
    out = capsys.readouterr().out
    assert f"NOTE {said}\n" in out and "handed in 2 games" not in out
    rows = tmp_path / "class.csv"
    assert main(["class-summary", str(world / folder), "-o", str(rows)]) == 0
    overview = capsys.readouterr().out
    assert f"  - {said}\n" in overview and "handed in 2 games" not in overview
    with rows.open(encoding="utf-8") as handle:
        notes = {r["student"]: r["note"] for r in csv.DictReader(handle)}
    # Ann Lee's own file counts (the one named for her), and says where else her game is
    assert notes == {"Ann Lee": said, "Cy Dee": ""}


@pytest.mark.parametrize(
    ("copy", "earlier", "said"),
    [
        # her own files, by their names: two games she handed in
        (None, "Ann-Lee-try1.json", "Ann Lee handed in 2 games: Ann-Lee-try1.json, Ann-Lee.json"),
        (None, "Ann.json", "Ann Lee handed in 2 games: Ann-Lee.json, Ann.json"),
        # a copy under a shorter name is the same game, not a second one
        ("Ann.json", None, "Ann.json holds Ann Lee's game: a copy of Ann-Lee.json, byte for byte"),
        # a name without a word of hers
        (
            None,
            "my game.json",
            "my game.json holds a game of Ann Lee's (the assignment record in it names Ann Lee),"
            " but its name is not Ann Lee's",
        ),
    ],
)
def test_a_second_file_of_a_students_game_is_said_by_what_its_name_shows(
    world, capsys, tmp_path, copy, earlier, said
):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(world / "earlier" / "Ann-Lee.json", folder / "Ann-Lee.json")
    if copy:
        shutil.copyfile(folder / "Ann-Lee.json", folder / copy)
    if earlier:
        shutil.copyfile(world / "earlier" / "Bo-Chan.json", folder / earlier)
    capsys.readouterr()
    assert main(["verify", str(folder)]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("NOTE")]
    assert notes == [f"NOTE {said}"]


def test_without_the_class_list_the_class_page_says_it_too(world, capsys, tmp_path):
    argv = ["report", str(world / "copied"), "-o", str(tmp_path / "reports"), "--games", "0"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "not reported: 1 file holding a student's game under a name not theirs" in err
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert UNLISTED_COPY in text and "handed in 2 games" not in text


def _item(file: str, student: str) -> HandIn:
    return HandIn(Path("in") / file, student=student, class_name="C")


@pytest.mark.parametrize(
    ("file", "student", "names", "said"),
    [
        ("Bo-Chan.json", "Ann Lee", ROSTER, "Bo Chan"),
        ("bo_chan final.json", "Ann Lee", ROSTER, ""),  # not the name as a file carries it
        ("Bo-Chan-final.json", "Ann Lee", ROSTER, "Bo Chan"),
        ("Ann-Lee.json", "Ann Lee", ROSTER, ""),  # the game's own student
        ("autosave-Ann-Lee-review-sprint-seed5-ab12.json", "Ann Lee", ROSTER, ""),
        ("my game.json", "Ann Lee", ROSTER, ""),  # names nobody
        ("Bob-Chan.json", "Ann Lee", ("Ann Lee", "Bo"), ""),  # "Bo" is not "Bob"
        ("Bo-Chan.json", "Ann Lee", ("Ann Lee", "Bo", "Bo Chan"), "Bo Chan"),  # the longest
        ("Jose-Cote.json", "Ann Lee", ("Ann Lee", "José Côté", "Jose Cote"), ""),  # two alike
        ("Bo-Chan.json", "", ROSTER, ""),  # a game that names no student
    ],
)
def test_a_file_is_named_for_a_classmate_only_when_its_name_says_so(file, student, names, said):
    assert named_for(_item(file, student), names) == said
