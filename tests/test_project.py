"""Project hygiene: lint clean, and the README's quick start is what CI runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_quick_start_has_exactly_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quickstart -->(.*?)<!-- /quickstart -->", text, re.S)
    assert block, "README.md needs a quick start between <!-- quickstart --> markers"
    commands = [
        line
        for line in block.group(1).splitlines()
        if re.match(r"^(pip|python|diplomacy-game)", line)
    ]
    assert len(commands) == 2
    assert "pip install" in commands[0] and "diplomacy-game" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_the_readmes_decisions_file_plays_as_written(tmp_path, monkeypatch, capsys):
    """Copied from the README, the example stopped at its second line (an object over two
    lines; an answer to an event that game never asks)."""
    from diplomacy_game.cli import main

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- decisions -->\n```\n(.*?)```", text, re.S)
    assert block, "README.md needs its decisions example between <!-- decisions --> markers"
    (tmp_path / "my-moves.jsonl").write_text(block.group(1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = ["play", "--scenario", "second-visit", "--seed", "42", "--decisions", "my-moves.jsonl"]
    assert main([*argv, "--json"]) == 0, capsys.readouterr().err
    played = json.loads(capsys.readouterr().out)
    assert played["turns_played"] == 2


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "run 'ruff format':\n" + result.stdout + result.stderr
