"""Project hygiene: lint clean, and the README's quick start is what CI runs."""

from __future__ import annotations

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
