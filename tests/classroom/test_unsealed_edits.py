"""A save edited by hand in a text editor and not sealed again (its checksum no longer
matches), as a teacher meets it in verify, report and class-summary: each says the checksum
fails, what the replay finds, and whose save it is."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from diplomacy_game.classroom.verify import verify_save
from diplomacy_game.cli import main
from tests.classes import assign_class

ROSTER = ("Amira Haddad", "Ben OConnor", "Li Wei")
CHECKSUM = "the save's checksum does not match its contents"


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> Path:
    """Three finished games of one assignment, as they were handed in."""
    tmp = tmp_path_factory.mktemp("unsealed")
    handout = assign_class(tmp, ROSTER)
    folder = tmp / "handed-in"
    for name in ROSTER:
        stem = name.replace(" ", "-")
        source = handout / f"Civics-11B-{stem}.json"
        args = ["play", "--load", str(source), "--policy", "steady", "--json"]
        assert main([*args, "--save", str(folder / f"{stem}.json")]) == 0
    return folder


def _by_hand(source: Path, target: Path, turn: int, value: str) -> tuple[Path, float]:
    """The approval of ``turn`` in the history changed as a text editor would: those bytes
    alone, the checksum left as it was. Returns the file and the value it had."""
    data = source.read_text(encoding="utf-8")
    was = json.loads(data)["state"]["history"][turn - 1]["approval"]
    old = f'"approval":{json.dumps(was)}'
    assert data.count(old) == 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data.replace(old, f'"approval":{value}'), encoding="utf-8")
    return target, was


def _out_of_range(save: Path) -> None:
    """The final approval changed by hand to 154.5, which no game can hold."""
    text = save.read_text(encoding="utf-8")
    final = '"approval":' + json.dumps(json.loads(text)["state"]["values"]["approval"])
    assert text.count(final) == 1
    save.write_text(text.replace(final, '"approval":154.5'), encoding="utf-8")


@pytest.fixture
def edited_class(class_folder, tmp_path) -> Path:
    """The class with Ben's approval of turn 7 changed to 71.5 by hand."""
    folder = tmp_path / "handed-in"
    shutil.copytree(class_folder, folder)
    _by_hand(class_folder / "Ben-OConnor.json", folder / "Ben-OConnor.json", 7, "71.5")
    return folder


def test_verify_says_the_checksum_fails_and_what_differs(class_folder, tmp_path, capsys):
    edited, was = _by_hand(class_folder / "Ben-OConnor.json", tmp_path / "Ben.json", 7, "71.5")
    verdict = verify_save(edited)
    assert not verdict.ok and verdict.turn == 7 and verdict.where == "approval"
    assert verdict.message.startswith(CHECKSUM)
    assert f"turn 7: 'approval' is 71.5 in the save but {was:.4g} in the replay" in verdict.message
    assert main(["verify", str(edited)]) == 1
    out = capsys.readouterr().out
    assert "damaged or edited; turn 7: 'approval' is 71.5 in the save" in out


def test_verify_says_plainly_why_an_unsealed_edit_cannot_be_replayed(class_folder, tmp_path):
    edited = tmp_path / "Li.json"
    shutil.copy(class_folder / "Li-Wei.json", edited)
    _out_of_range(edited)
    verdict = verify_save(edited)
    assert not verdict.ok and verdict.message.startswith(CHECKSUM)
    assert (
        "it cannot be replayed" in verdict.message
        and "154.5 is out of its range" in verdict.message
    )


def test_an_unsealed_change_outside_the_game_is_named_as_such(class_folder, tmp_path):
    edited = tmp_path / "Amira.json"
    text = (class_folder / "Amira-Haddad.json").read_text(encoding="utf-8")
    edited.write_text(text.replace('"saved_at": "2', '"saved_at": "1', 1), encoding="utf-8")
    verdict = verify_save(edited)
    assert not verdict.ok and verdict.message.startswith(CHECKSUM)
    assert "outside its game" in verdict.message and "the game replays as saved" in verdict.message


@pytest.mark.parametrize("cached", [False, True])
def test_report_of_an_unsealed_edit_writes_a_not_verified_page(
    edited_class, tmp_path, capsys, cached
):
    save = edited_class / "Ben-OConnor.json"
    if cached:  # the verdict recorded by verify: the report loads the file itself
        assert main(["verify", str(save)]) == 1
    out = tmp_path / "ben.md"
    assert main(["report", str(save), "--games", "0", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    head = page.split("## Outcome")[0]
    assert "NOT VERIFIED" in head and "Ben OConnor" in head and CHECKSUM in head
    assert "turn 7: 'approval' is 71.5" in head and "Ask the student for the save" in head
    assert "Ben-OConnor.1.json and Ben-OConnor.2.json" in head  # not NAME.1.json
    assert "The file claims" in page and "failed verification" in err


def test_report_of_a_file_with_no_game_still_writes_a_not_verified_page(
    class_folder, tmp_path, capsys
):
    save = tmp_path / "Ben-OConnor.json"
    save.write_bytes((class_folder / "Ben-OConnor.json").read_bytes()[:400])
    out = tmp_path / "ben.html"
    assert main(["report", str(save), "--games", "0", "-o", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert "<h1>NOT VERIFIED: Ben-OConnor.json</h1>" in page and "cut short" in page
    assert "Ask the student for the save" in page
    assert "Ben-OConnor.1.json and Ben-OConnor.2.json" in page
    assert "NOT VERIFIED" in capsys.readouterr().err


def test_the_class_report_names_the_student_and_counts_truthfully(edited_class, tmp_path, capsys):
    # and a save that cannot be replayed at all, whose file still names its student
    _out_of_range(edited_class / "Li-Wei.json")
    out = tmp_path / "reports"
    assert main(["report", str(edited_class), "-o", str(out), "--games", "0"]) == 0
    printed = capsys.readouterr()
    index = (out / "index.html").read_text(encoding="utf-8")
    apart = index.split("<h2 id='not-counted'>")[1]
    assert "Ben OConnor" in apart and "71.5" in apart and "Ben-OConnor.html" in apart
    assert "Li Wei" in apart and "cannot be replayed" in apart
    # the class page has no figures below the line: they are on the student's own page
    assert "figures below" not in apart and "Its report shows what the file claims" in apart
    assert "<h2>About the files read</h2>" not in index
    assert "not counted: Li Wei (Li-Wei.json): failed verification" in printed.out
    progress = printed.err.splitlines()
    assert "checking 3 saves" in progress[0]
    assert "writing 2 reports (not reported: 1 save that cannot be shown)" in progress[1]
    assert [line.split("]")[0].strip() for line in progress[2:]] == ["[1/2", "[2/2"]


def test_class_summary_fills_scenario_and_seed_of_an_unverified_save(edited_class, tmp_path):
    _out_of_range(edited_class / "Li-Wei.json")
    (edited_class / "Cut.json").write_bytes(b'{"format": "elbows-up-save", "scen')
    table = tmp_path / "class.csv"
    for _ in range(2):  # replayed, then from the recorded verdicts
        assert main(["class-summary", str(edited_class), "-o", str(table)]) == 0
        rows = {r["file"]: r for r in csv.DictReader(io.StringIO(table.read_text("utf-8")))}
        ben = rows[str(edited_class / "Ben-OConnor.json")]
        li = rows[str(edited_class / "Li-Wei.json")]
        cut = rows[str(edited_class / "Cut.json")]
        for row in (ben, li):
            assert (row["scenario"], row["seed"], row["verified"]) == (
                "review-sprint",
                "2026",
                "no",
            )
            assert row["assigned"] == "yes" and row["ending"] == ""
        assert "(the file claims grade" in ben["note"]
        assert "holds no game that can be shown" in li["note"]
        assert cut["verified"] == "no" and cut["assigned"] == "no: the file cannot be read"


def test_the_advice_names_the_backups_of_the_file_handed_in():
    from diplomacy_game.classroom.report import ask_for_the_save

    assert "Raj-Patel.1.json and Raj-Patel.2.json" in ask_for_the_save("in/Raj-Patel.json")
    # a backup handed in: the backups of its save
    assert "Raj-Patel.1.json and Raj-Patel.2.json" in ask_for_the_save("Raj-Patel.1.json")
    assert "NAME.1.json and NAME.2.json" in ask_for_the_save()
