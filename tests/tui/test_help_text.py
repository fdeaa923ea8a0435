"""The help's "A turn" page: its numbered steps wrap under their own first word."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from diplomacy_game.tui.screens.help import TURN, with_steps
from diplomacy_game.web.class_app import ClassHelpScreen


@pytest.mark.parametrize("text", [TURN, ClassHelpScreen.TURN], ids=["terminal", "class"])
@pytest.mark.parametrize("width", [44, 78])
def test_a_steps_wrapped_lines_start_under_its_text_not_its_number(text, width):
    """At 80 columns step 2 read "(an unanswered event" and, on the next line at the left
    edge, "takes its default)": the steps' numbers did not stand out of the text."""
    console = Console(width=width, record=True, color_system=None)
    console.print(with_steps(text))
    shown = console.export_text()
    # a blank line still parts the page from the paragraph under it (the capital's rule)
    assert shown.endswith("\n\n"), repr(shown[-40:])
    lines = shown.splitlines()
    numbered = [k for k, line in enumerate(lines) if re.match(r"\s*\d+\. ", line)]
    assert len(numbered) == 10, lines
    indent = len(re.match(r"\s*\d+\. ", lines[numbered[0]])[0])
    wrapped = 0
    for k in range(numbered[0], numbered[-1] + 1):
        if k in numbered:
            assert len(re.match(r"\s*\d+\. ", lines[k])[0]) == indent, lines[k]
        else:  # a step's second line: under its text
            assert lines[k][:indent].strip() == "" and lines[k][indent] != " ", lines[k]
            wrapped += 1
    assert wrapped >= 3
    # the words are all there, in order
    assert " ".join(" ".join(lines).split()) == " ".join(text.split())
