"""The command line as a user meets it: listings, validation, headless play, saves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from diplomacy_game.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_text_and_json(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "second-visit" in out and "2025-10-07" in out
    code, out, _ = run(capsys, "scenarios", "--json")
    rows = json.loads(out)
    row = next(r for r in rows if r["id"] == "second-visit")
    assert (
        row["turns"] == 20
        and row["start"] == "2025-10-07"
        and row["end"] == "2026-07-01"
        and row["title"]
    )


def test_validate_builtin_json(capsys):
    code, out, _ = run(capsys, "validate", "--json")
    data = json.loads(out)
    assert set(data) == {"ok", "errors", "warnings", "counts"}
    assert set(data["counts"]) == {"scenarios", "actions", "events", "endings", "sectors", "groups"}
    assert code == (0 if data["ok"] else 1)
    assert data["ok"] and data["errors"] == []


def test_validate_reports_every_error_and_exits_1(capsys, write_pack):
    pack = write_pack(
        '[[event]]\nid = "e1"\ntitle = "t"\ncategory = "nope"\ntext = "x"\n\n[[action]]\nid = "a1"\n'
    )
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 1
    # a pack outside the current folder is named in full, as given
    # at the line an editor jumps to: the field's own, or its entry's header when it is missing
    lines = [line for line in out.splitlines() if line.startswith(f"{pack}/extra.toml:")]
    assert any(line.startswith(f"{pack}/extra.toml:4: e1: category: ") for line in lines)
    assert any(line.startswith(f"{pack}/extra.toml:7: a1: name: ") for line in lines)
    code, out, _ = run(capsys, "validate", "--json", str(pack))
    data = json.loads(out)
    assert data["ok"] is False and len(data["errors"]) >= 4


def test_validate_never_shows_a_traceback(capsys, write_pack):
    for text in (
        "\x00\x01",
        "[[scenario]]\nid = 1\n",
        "event = 3",
        "[[event]]\nid = 'x'\noptions = 'y'\n",
        "[[posture]]\nid = 'escalate'\n",
    ):
        code, out, err = run(capsys, "validate", str(write_pack(text)))
        assert code == 1 and "Traceback" not in out + err


def test_play_json_shape_and_determinism(capsys):
    argv = ("play", "--scenario", "second-visit", "--seed", "4", "--policy", "random", "--json")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    data = json.loads(out)
    assert {"scenario", "seed", "turns_played", "ending", "final", "history"} <= set(data)
    assert set(data["ending"]) == {"id", "title", "grade", "score"}
    assert 0 <= data["ending"]["score"] <= 100
    assert set(data["final"]) == {
        "approval",
        "gdp_gap_pct",
        "unemployment_pct",
        "inflation_pct",
        "us_rapport",
        "cusma_status",
    }
    first = data["history"][0]
    assert {
        "approval",
        "gdp_gap_pct",
        "unemployment_pct",
        "inflation_pct",
        "us_rapport",
        "cusma_status",
        "us_posture",
        "events",
    } <= set(first)
    assert run(capsys, *argv)[1] == out


def test_play_prints_a_readable_story(capsys):
    code, out, _ = run(
        capsys, "play", "--scenario", "second-visit", "--seed", "1", "--policy", "random"
    )
    assert code == 0
    assert (
        "Turn 1 of 20" in out and "7 Oct 2025" in out and "Washington" in out and "The end:" in out
    )


def test_same_output_across_processes_and_hash_seeds(tmp_path):
    outputs = set()
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "diplomacy_game",
                "play",
                "--scenario",
                "second-visit",
                "--seed",
                "9",
                "--policy",
                "random",
                "--json",
            ],
            capture_output=True,
            env=env,
            cwd=tmp_path,
            check=True,
        )
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_save_midway_and_continue(capsys, tmp_path):
    save = tmp_path / "mid.json"
    base = ("play", "--policy", "hardline", "--json")
    code, out, _ = run(
        capsys,
        *base,
        "--scenario",
        "second-visit",
        "--seed",
        "3",
        "--turns",
        "5",
        "--save",
        str(save),
    )
    assert code == 0 and json.loads(out)["turns_played"] == 5 and json.loads(out)["ending"] is None
    code, out, _ = run(capsys, *base, "--load", str(save))
    resumed = json.loads(out)
    code, out, _ = run(capsys, *base, "--scenario", "second-visit", "--seed", "3")
    assert resumed == json.loads(out)


def test_decisions_file(capsys, tmp_path):
    path = tmp_path / "moves.jsonl"
    path.write_text(
        '{"turn": 1, "actions": [{"id": "call_president"}], "memo": "Open the line."}\n'
        "\n"
        '{"turn": 2, "actions": [{"id": "counter_tariff", "params": {"sector": "aluminum", "level": 50}}]}\n',
        encoding="utf-8",
    )
    save = tmp_path / "g.json"
    code, out, err = run(
        capsys, "play", "--scenario", "second-visit", "--decisions", str(path), "--save", str(save)
    )
    assert code == 0, err
    assert "The game is not over: the decisions file has no line for turn 3" in out
    doc = json.loads(save.read_text())
    assert doc["decisions"][0]["memo"] == "Open the line."
    assert doc["decisions"][1]["actions"][0]["params"] == {"level": 50.0, "sector": "aluminum"}


def test_illegal_decision_stops_the_game_with_a_clear_message(capsys, tmp_path):
    path = tmp_path / "moves.jsonl"
    path.write_text('{"actions": []}\n{"actions": [{"id": "invade_maine"}]}\n', encoding="utf-8")
    save = tmp_path / "g.json"
    code, out, err = run(
        capsys,
        "play",
        "--scenario",
        "second-visit",
        "--decisions",
        str(path),
        "--save",
        str(save),
        "--json",
    )
    assert code == 1
    assert "turn 2" in err and "invade_maine" in err and "Nothing of turn 2 was applied" in err
    assert json.loads(out)["turns_played"] == 1
    assert json.loads(save.read_text())["turn"] == 1


def test_an_illegal_decision_says_where_the_partial_game_was_kept(capsys, tmp_path):
    path = tmp_path / "moves.jsonl"
    lines = ['{"turn": 1, "actions": []}', '{"turn": 2, "actions": []}']
    path.write_text("\n".join([*lines, '{"turn": 3, "actions": [{"id": "invade_maine"}]}']))
    save = tmp_path / "handed-in" / "Ben.json"
    argv = ["play", "--scenario", "review-sprint", "--decisions", str(path)]
    code, _, err = run(capsys, *argv, "--save", str(save))
    assert code == 1 and "Nothing of turn 3 was applied" in err
    assert f"The game up to turn 2 was saved to {save}" in err
    assert "it stops at turn 2 of 9" in err and f"continue it with --load {save}" in err
    assert json.loads(save.read_text())["turn"] == 2
    code, _, err = run(capsys, *argv)  # nothing saved, nothing said of a save
    assert code == 1 and "saved" not in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("play", "--scenario", "second-visit"), "--decisions FILE or --policy NAME"),
        (("play", "--scenario", "second-visit", "--policy", "bold"), "unknown policy"),
        (("play", "--policy", "passive"), "choose a scenario"),
        (("play", "--scenario", "first-visit", "--policy", "passive"), "unknown scenario"),
        (("play", "--scenario", "second-visit", "--policy", "passive", "--seed", "-1"), "seed"),
        (("play", "--scenario", "second-visit", "--policy", "passive", "--turns", "0"), "--turns"),
        (("play", "--load", "/nonexistent/save.json", "--policy", "passive"), "no such save file"),
        (
            ("play", "--scenario", "second-visit", "--decisions", "/nonexistent.jsonl"),
            "no such decisions file",
        ),
    ],
)
def test_bad_arguments_get_clear_messages(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code != 0 and fragment in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ("tournament", "--scenario", "review-sprint", "--seeds", "100"),
            "diplomacy-game tournament: error: unrecognized arguments: --seeds 100 "
            "(did you mean --seed?)",
        ),
        (
            ("play", "--scenaro", "second-visit"),
            "diplomacy-game play: error: unrecognized arguments: --scenaro second-visit "
            "(did you mean --scenario?)",
        ),
        (("--plian",), "diplomacy-game: error: unrecognized arguments: --plian (did you mean"),
        (("verify", "a.json", "--strict"), "diplomacy-game verify: error: unrecognized arguments"),
    ],
)
def test_an_unknown_option_is_named_by_its_command_with_the_nearest_one(capsys, argv, said):
    """Plain argparse blamed the program and showed the list of commands, whatever command
    the option was given to."""
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    err = capsys.readouterr().err
    assert stop.value.code == 2 and said in err, err
    command = argv[0] if not argv[0].startswith("-") else ""
    assert err.startswith(f"usage: diplomacy-game {command}".rstrip()), err


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ('{"turn": 2,', "one JSON object, written on a single line"),  # an object over lines
        ('{"actions": "call"}', "actions"),
        ('{"turn": 0}', "turn: must be at least 1"),
        ('{"actons": []}', "unknown field 'actons' (did you mean 'actions'?)"),
        ("[1, 2]", "each line is one JSON object in braces"),
    ],
)
def test_bad_decisions_lines_name_the_line(capsys, tmp_path, line, fragment):
    path = tmp_path / "d.jsonl"
    path.write_text('{"actions": []}\n' + line + "\n", encoding="utf-8")
    code, _, err = run(capsys, "play", "--scenario", "second-visit", "--decisions", str(path))
    assert code == 1 and f"{path}:2:" in err and fragment in err


def test_a_decisions_file_saved_with_a_byte_order_mark_is_read(capsys, tmp_path):
    """Windows Notepad writes UTF-8 with a byte-order mark: 'unexpected UTF-8 BOM'."""
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"turn": 1, "actions": [{"id": "call_president"}]}\n')
    code, out, err = run(capsys, "play", "--scenario", "second-visit", "--decisions", str(path))
    assert code == 0 and "Call the President" in out, err


def test_decision_lines_no_turn_played_are_said(capsys, tmp_path):
    """A line for a turn past the game's end, or before a loaded game's next turn, was
    ignored without a word: a file written for another game looked as if it had played."""
    moves = tmp_path / "d.jsonl"
    moves.write_text(
        '{"turn": 1, "actions": []}\n{"turn": 40, "actions": []}\n{"turn": 41, "actions": []}\n',
        encoding="utf-8",
    )
    save = tmp_path / "g.json"
    args = ("play", "--scenario", "review-sprint", "--seed", "3", "--decisions", str(moves))
    code, _, err = run(capsys, *args, "--policy", "passive", "--save", str(save))
    assert code == 0
    assert "the lines for turns 40 and 41 were not played: the game ended after turn 9" in err
    # asked to stop after a turn, the later lines wait for the next run: nothing to say
    code, _, err = run(capsys, *args, "--turns", "1", "--save", str(save))
    assert code == 0 and "not played" not in err, err
    earlier = tmp_path / "e.jsonl"
    earlier.write_text('{"turn": 1, "actions": []}\n{"turn": 2, "actions": []}\n{}\n')
    code, _, err = run(capsys, "play", "--load", str(save), "--decisions", str(earlier))
    assert code == 0
    assert "the line for turn 1 was not played: the game starts at turn 2" in err
    assert "unnumbered" not in err  # the unnumbered line played turn 3


def test_a_broken_strategy_file_is_said_alike_by_play_and_simulate(capsys, tmp_path):
    """A file that cannot be used exits 1 (2 is for the command line itself): play said 2."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[strategy]\nname = 'x'\nbogus = 1\n[[rule]]\nwhen = 'true'\n")
    said = []
    for command in ("play", "simulate"):
        code, _, err = run(capsys, command, "--scenario", "review-sprint", "--policy", str(bad))
        assert code == 1, (command, err)
        said.append(err.split(": ", 1)[1])  # after "diplomacy-game play:" / "diplomacy-game:"
    assert said[0] == said[1] and "unknown field 'bogus'" in said[0]


def test_a_document_named_for_a_format_no_command_writes_is_refused(capsys, tmp_path):
    """report -o a.pdf wrote Markdown into a.pdf, and actions -o a.docx plain text."""
    save = tmp_path / "g.json"
    args = ("--scenario", "review-sprint", "--policy", "passive", "--turns", "1")
    assert run(capsys, "play", *args, "--save", str(save))[0] == 0
    code, _, err = run(capsys, "report", str(save), "-o", str(tmp_path / "a.pdf"), "--games", "0")
    assert code == 2 and "report writes Markdown or HTML, not PDF" in err
    assert "name the file .md or .html" in err
    code, _, err = run(
        capsys, "actions", "--scenario", "review-sprint", "-o", str(tmp_path / "a.docx")
    )
    assert code == 2 and "actions writes text, Markdown or HTML, not DOCX" in err
    assert not list(tmp_path.glob("a.*"))  # nothing written
    # the name's format is written; --format writes under any name; other names are free
    for name, extra, start in [
        ("r.txt", (), "# After-action report"),
        ("r.pdf", ("--format", "html"), "<!DOCTYPE html>"),
        ("r.v2", (), "# After-action report"),
    ]:
        out = tmp_path / name
        code, _, err = run(capsys, "report", str(save), "-o", str(out), "--games", "0", *extra)
        assert code == 0, err
        assert out.read_text(encoding="utf-8").startswith(start), name


def test_loading_a_damaged_save(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "elbows-up-save", "scenario": "second-visit"}', encoding="utf-8")
    code, _, err = run(capsys, "play", "--load", str(bad), "--policy", "passive")
    assert code == 1 and "damaged or edited" in err and "Traceback" not in err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    for command in ("scenarios", "validate", "play", "new", "load"):
        assert command in out


def test_a_missing_dependency_is_named_with_the_install_step(tmp_path):
    """Run from a folder without installing (or in another Python): a clear message, no
    traceback. Here numpy is made unimportable before the command needs it."""
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "from diplomacy_game.cli import main\n"
        "raise SystemExit(main(['simulate', '--scenario', 'review-sprint', '--games', '2', '--policy', 'random']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ELBOWS_UP_CACHE": "off"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 1, proc.stderr
    assert "numpy is not installed" in proc.stderr and "pip install ." in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ("play", "--scenario", "sceond-visit", "--policy", "passive"),
        ("simulate", "--scenario", "sceond-visit", "--policy", "passive", "--games", "2"),
        ("assign", "--scenario", "sceond-visit", "--seed", "1", "--class", "x"),
        ("tournament", "--scenario", "sceond-visit", "--games", "2", "--policy", "steady"),
        ("actions", "--scenario", "sceond-visit"),
    ],
)
def test_a_mistyped_scenario_is_the_askers_mistake_not_the_contents(capsys, tmp_path, argv):
    """One line naming the scenarios there are, with a suggestion; not "the content has 1
    error" and a pointer to `validate`, which would find nothing wrong."""
    code, _, err = run(capsys, *argv, *(("-o", str(tmp_path)) if argv[0] == "assign" else ()))
    assert code == 1
    assert "unknown scenario 'sceond-visit' (did you mean 'second-visit'?)" in err
    assert len(err.strip().splitlines()) == 1 and "content has" not in err, err
    assert "--content" not in err  # a near miss of a built-in one: the suggestion says it


def test_a_scenario_that_is_nowhere_says_a_packs_needs_content(capsys):
    """A teacher's own scenario asked for without its pack: the built-in ones were listed and
    nothing said the pack was missing from the command."""
    code, _, err = run(capsys, "play", "--scenario", "winter-bridge", "--policy", "steady")
    assert code == 1
    assert err.strip().endswith("a scenario of your own content pack needs --content PACK"), err


def test_a_scenario_missing_from_the_pack_given_is_not_told_to_give_a_pack(capsys, write_pack):
    pack = write_pack(
        '[[glossary]]\nid = "rink"\nterm = "Rink"\ntext = "Where hockey is played."\n'
    )
    argv = ("play", "--scenario", "winter-bridge", "--policy", "steady", "--content", str(pack))
    code, _, err = run(capsys, *argv)
    assert code == 1 and "unknown scenario 'winter-bridge'" in err and "--content" not in err, err


def test_plays_help_names_every_built_in_strategy(monkeypatch):
    from diplomacy_game.cli import build_parser

    monkeypatch.setenv("COLUMNS", "400")  # no name broken at its hyphens
    from diplomacy_game.sim.policies import REGISTRY

    play = build_parser()._subparsers._group_actions[0].choices["play"]
    text = " ".join(play.format_help().split())
    assert all(name in text for name in REGISTRY), sorted(n for n in REGISTRY if n not in text)


def test_a_broken_pack_names_the_command_that_checks_it(write_pack, capsys):
    """`play --content PACK` on a broken pack said "Run 'diplomacy-game validate'", which
    checks the built-in content alone and says OK."""
    pack = write_pack('[[event]]\nid = "broken"\ntitle = "x"\ncategory = "media"\n')
    argv = ["play", "--scenario", "second-visit", "--content", str(pack), "--policy", "passive"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"Run 'diplomacy-game validate {pack} --with-builtin' for details." in err, err


def test_assign_with_packs_tells_students_to_open_their_files_with_them(capsys, tmp_path):
    """An assignment made with a content pack opens only with it: the command given to the
    students names it (without it, the file reads as a game of another version)."""
    pack = tmp_path / "class-pack.toml"
    pack.write_text('[[glossary]]\nid = "pack_term"\nterm = "T"\ntext = "A term."\n')
    code, out, _ = run(
        capsys, "assign", "--scenario", "second-visit", "--seed", "3", "--class", "x",
        "--content", str(pack), "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 0
    assert f"diplomacy-game load FILE --content {pack}" in out
    assert f"play --interactive --load FILE --content {pack})" in out
    assert "Give the students the content packs" in out


def test_version_names_the_rules_and_the_content_digest_verify_compares(capsys, tmp_path):
    """A teacher comparing two machines: --version gives the digest that verify's "another
    version of the content (the save's is ..., this game's ...)" names."""
    from diplomacy_game import RULES_VERSION, __version__
    from diplomacy_game.content.files import content_digest

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out.strip()
    digest = content_digest()[:8]
    assert out == f"diplomacy-game {__version__} (rules {RULES_VERSION}, built-in content {digest})"


LONG = "a" * 300  # a name no file system takes (255 bytes at most)


@pytest.mark.parametrize(
    "argv",
    [
        (
            "play",
            "--scenario",
            "review-sprint",
            "--policy",
            "steady",
            "--turns",
            "1",
            "--save",
            f"{LONG}.json",
        ),
        ("play", "--load", f"{LONG}.json", "--policy", "steady"),
        ("economy", f"{LONG}.toml"),
        ("report", f"{LONG}.json"),
        ("validate", LONG),
    ],
)
def test_a_file_name_too_long_is_one_line_not_a_traceback(capsys, tmp_path, monkeypatch, argv):
    """Python raises "File name too long" where a shorter missing file is just not there: it
    reached the player as a traceback from five commands."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "the name is too long for this system; choose a shorter one" in err
    assert "(30" in err  # the name shortened, with its length


@pytest.mark.parametrize("command", ["simulate", "tournament"])
def test_a_number_of_games_past_the_most_is_refused_at_once(capsys, command):
    """--games 99999999999999 ran with no end and no word, its memory growing by megabytes a
    second."""
    argv = (command, "--scenario", "review-sprint", "--policy", "steady", "--games", "100001")
    code, _, err = run(capsys, *argv)
    assert code == 2 and "--games is at most 100,000" in err, err


def test_save_never_replaces_the_decisions_file_or_a_file_that_is_not_a_save(capsys, tmp_path):
    """--save mv.jsonl with --decisions mv.jsonl turned the decisions into a save (the moves
    were left only in mv.1.jsonl, and two saves more pushed them out); notes.txt likewise."""
    moves, notes = tmp_path / "mv.jsonl", tmp_path / "notes.txt"
    moves.write_text('{"turn": 1, "actions": []}\n', encoding="utf-8")
    notes.write_text("my notes\n", encoding="utf-8")
    base = ("play", "--scenario", "review-sprint", "--policy", "steady", "--turns", "1")
    code, _, err = run(capsys, *base, "--decisions", str(moves), "--save", str(moves))
    assert code == 2 and "is a file this command reads" in err, err
    code, _, err = run(capsys, *base, "--save", str(notes))
    assert code == 2 and "holds something that is not a saved game" in err, err
    assert moves.read_text(encoding="utf-8").startswith('{"turn": 1')
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mv.jsonl", "notes.txt"]
    saved = tmp_path / "g.json"  # a save of its own is written over, as before
    for turns in ("1", "2"):
        code, _, err = run(capsys, *base[:-1], turns, "--save", str(saved))
        assert code == 0, err
