"""The teacher's tools: assignments, reports and the class summary, as a teacher uses them."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from diplomacy_game.classroom.assign import read_students, student_seed
from diplomacy_game.classroom.report import build_report, render_html, render_markdown, svg_plot
from diplomacy_game.cli import main
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy


@pytest.fixture
def classroom(tmp_path, capsys):
    roster = tmp_path / "roster.txt"
    roster.write_text(
        "Amira Haddad\nBen O'Connor\n# away today\n\nChloé Tremblay\n", encoding="utf-8"
    )
    out = tmp_path / "handout"
    code = main(
        [
            "assign",
            "--scenario",
            "second-visit",
            "--seed",
            "42",
            "--class",
            "Civics 11B",
            "--students",
            str(roster),
            "--seed-per-student",
            "--memo-required",
            "-o",
            str(out),
        ]
    )
    capsys.readouterr()
    assert code == 0
    return tmp_path, out


def test_assign_writes_one_file_per_student(classroom):
    _, out = classroom
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "Civics-11B-Amira-Haddad.json",
        "Civics-11B-Ben-O-Connor.json",
        "Civics-11B-Chloe-Tremblay.json",
    ]
    doc = json.loads((out / files[2]).read_text(encoding="utf-8"))
    assignment = doc["state"]["assignment"]
    assert assignment["student"] == "Chloé Tremblay" and assignment["class"] == "Civics 11B"
    assert assignment["seed"] == student_seed(42, "Chloé Tremblay") == doc["seed"]
    assert doc["turn"] == 0 and assignment["memo_required"] is True


def test_a_class_plays_hands_in_and_the_teacher_finds_the_altered_save(classroom, capsys):
    tmp_path, out = classroom
    handed_in = tmp_path / "in"
    for name, policy in (
        ("Amira-Haddad", "steady"),
        ("Ben-O-Connor", "hardline"),
        ("Chloe-Tremblay", "appease"),
    ):
        code = main(
            [
                "play",
                "--load",
                str(out / f"Civics-11B-{name}.json"),
                "--policy",
                policy,
                "--save",
                str(handed_in / f"{name}.json"),
                "--json",
            ]
        )
        assert code == 0
    capsys.readouterr()
    ben = handed_in / "Ben-O-Connor.json"
    doc = json.loads(ben.read_text(encoding="utf-8"))
    doc["state"]["values"]["approval"] = 88.0
    ben.write_bytes(store.seal(doc))

    assert main(["verify", *map(str, sorted(handed_in.iterdir()))]) == 1
    out_text = capsys.readouterr().out
    assert out_text.count("OK ") == 2 and "FAIL" in out_text and "values.approval" in out_text

    csv_path = tmp_path / "class.csv"
    assert main(["class-summary", str(handed_in), "-o", str(csv_path)]) == 0
    overview = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert [r["student"] for r in rows] == ["Amira Haddad", "Ben O'Connor", "Chloé Tremblay"]
    assert [r["verified"] for r in rows] == ["yes", "no", "yes"]
    # The assignment required memos; the strategies filled them, so none is the student's own.
    assert all(int(r["strategy_memos"]) == int(r["turns"]) for r in rows)
    assert all(r["memos"] == "0" for r in rows)
    assert "Verified: 2 of 3" in overview and "Ben O'Connor" in overview


def test_the_assigned_seed_is_checked(classroom, capsys):
    tmp_path, out = classroom
    path = out / "Civics-11B-Amira-Haddad.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["state"]["assignment"]["seed"] = 42
    path.write_bytes(store.seal(doc))
    assert main(["verify", str(path)]) == 1
    assert "assigned seed 42" in capsys.readouterr().out


def test_a_memo_is_required_when_the_assignment_says_so(classroom, capsys, tmp_path):
    _, out = classroom
    moves = tmp_path / "moves.jsonl"
    moves.write_text('{"actions": []}\n', encoding="utf-8")
    code = main(
        ["play", "--load", str(out / "Civics-11B-Amira-Haddad.json"), "--decisions", str(moves)]
    )
    assert code == 1 and "memo" in capsys.readouterr().err


def test_read_students_refuses_empty_and_duplicate_rosters(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nobody\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no student names"):
        read_students(empty)
    dup = tmp_path / "dup.csv"
    dup.write_text("name,email\nAna,a@x\nAna,b@x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="twice: Ana"):
        read_students(dup)


def test_report_has_every_section(ruleset, tmp_path, capsys):
    state = play_through(ruleset, new_game(ruleset, 6), policy=get_policy("advisor"))
    data = build_report(ruleset, state, games_per_policy=2)
    md = render_markdown(data)
    for heading in (
        "## Outcome",
        "## Timeline",
        "## Turning points",
        "## What Washington was really thinking",
        "## Compared with the built-in strategies",
        "## The decision that mattered most",
        "## For discussion",
    ):
        assert heading in md
    assert f"| {state.turn} |" in md
    html = render_html(data)
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 6 and "<script" not in html
    path = store.save_game(tmp_path / "g.json", ruleset, state)
    out = tmp_path / "report.html"
    assert main(["report", str(path), "-o", str(out), "--games", "1"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_counterfactual_changes_one_turn_and_replays(ruleset):
    state = play_through(ruleset, new_game(ruleset, 9), policy=get_policy("hardline"))
    cf = build_report(ruleset, state, games_per_policy=0)["counterfactual"]
    assert cf is not None and 1 <= cf["turn"] <= state.turn and cf["what"]


def test_svg_plot_is_safe_with_flat_or_missing_values():
    assert "<polyline" in svg_plot([50.0, 50.0, 50.0], "flat")
    assert svg_plot([None, None], "none") == ""
    assert "&lt;b&gt;" in svg_plot([1.0, 2.0], "<b>")


def test_a_small_drift_is_drawn_flat_and_the_axis_ends_read_differently():
    """Unemployment going 7.26 -> 7.31 is not drawn as a swing across the plot, and the axis
    never reads 7.3 at both ends."""
    import re

    def axis(svg: str) -> list[str]:
        return re.findall(r'text-anchor="end" font-family="sans-serif">(-?[0-9.]+)</text>', svg)

    drift = svg_plot([7.26, 7.27, 7.31], "Unemployment, %")
    top, bottom = (float(v) for v in axis(drift))
    assert top - bottom >= 1.0 - 1e-9 and bottom < 7.26 and top > 7.31
    ys = [float(p.split(",")[1]) for p in re.search(r'points="([^"]+)"', drift)[1].split()]
    assert max(ys) - min(ys) < 0.1 * 150  # a near-flat line in a plot 150 high
    fine = axis(svg_plot([7.26, 7.31], "u", min_span=0.01))
    assert fine[0] != fine[1], fine
    wide = axis(svg_plot([40.0, 60.0], "Approval, %"))
    assert wide == ["60.0", "40.0"]  # a real swing keeps its own range


def test_report_of_a_damaged_save_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["report", str(bad)]) == 1
    assert "not valid JSON" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_roster_that_is_a_pipe_is_refused_without_waiting(tmp_path, capsys):
    roster = tmp_path / "roster.txt"
    os.mkfifo(roster)
    argv = ["assign", "--scenario", "second-visit", "--seed", "1", "--class", "C"]
    assert main([*argv, "--students", str(roster), "-o", str(tmp_path / "out")]) == 2
    assert "roster.txt: is a pipe" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_overview_ranks_finished_games_and_names_the_unfinished(classroom, capsys):
    """A game stopped after three turns, or handed in unplayed, shows the figures of that
    moment: it is listed as not finished, and the highs and lows compare finished games."""
    tmp_path, out = classroom
    handed_in = tmp_path / "in"
    for name, policy, turns in (
        ("Amira-Haddad", "steady", []),
        ("Ben-O-Connor", "hardline", ["--turns", "3"]),
        ("Chloe-Tremblay", "appease", []),
    ):
        source = str(out / f"Civics-11B-{name}.json")
        save = str(handed_in / f"{name}.json")
        argv = ["play", "--load", source, "--policy", policy, *turns, "--save", save, "--json"]
        assert main(argv) == 0
    capsys.readouterr()
    assert main(["class-summary", str(handed_in), "-o", str(tmp_path / "class.csv")]) == 0
    overview = capsys.readouterr().out
    assert "- Not finished: Ben O'Connor (3 turns played)." in overview
    highs = [line for line in overview.splitlines() if line.startswith(("- Highest", "- Lowest"))]
    highs += [line for line in overview.splitlines() if line.startswith("- Deepest")]
    assert len(highs) == 4 and all("(finished games)" in line for line in highs)
    assert not [line for line in highs if "Ben O'Connor" in line]

    (handed_in / "Ben-O-Connor.json").write_bytes(
        (out / "Civics-11B-Ben-O-Connor.json").read_bytes()
    )
    assert main(["class-summary", str(handed_in), "-o", str(tmp_path / "class.csv")]) == 0
    overview = capsys.readouterr().out
    assert "- Not finished: Ben O'Connor (not started)." in overview
    assert "Ben O'Connor" not in overview.split("- Not finished")[1].split("\n", 1)[1]
