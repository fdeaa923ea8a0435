"""Every TOML example in docs/content.md is content that validates with the built-in pack, so
that the page an author copies from cannot drift from what the game accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diplomacy_game.content import load_content, validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "content.md"
EXAMPLES = re.findall(r"^```toml\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_the_page_has_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_each_example_validates_with_the_built_in_content(tmp_path: Path, index: int):
    pack = tmp_path / "example"
    pack.mkdir()
    (pack / "example.toml").write_text(EXAMPLES[index], encoding="utf-8")
    issues = validate(load_content([pack]))
    assert [str(i) for i in issues] == [], EXAMPLES[index]
