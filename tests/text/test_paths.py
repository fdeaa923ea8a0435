"""A path a player reads in a narrow space breaks after a folder separator, never in the
middle of a name that fits on a line (at the measures of a notification on 80- and
120-column screens, 36 and 56 characters)."""

from __future__ import annotations

import pytest
from rich.console import Console

from diplomacy_game.text.paths import path_lines, with_path
from diplomacy_game.tui.paths import PathText, path_note, toast_measure

DEEP = "/home/student/period-3-economics/elbows-up-saves/report-second-visit-seed42-0f3a9c1b.html"


@pytest.mark.parametrize("width", [36, 56])
def test_a_path_breaks_after_a_separator(width):
    lines = path_lines(DEEP, width)
    assert "".join(lines) == DEEP
    assert all(len(line) <= width for line in lines)
    folders, name = DEEP.rsplit("/", 1)
    at = lines.index(next(line for line in lines if not line.endswith("/")))
    assert "".join(lines[:at]) == folders + "/"  # each folder whole, the name on its own
    assert all(line.endswith("-") for line in lines[at:-1])
    assert "".join(lines[at:]) == name


def test_a_name_longer_than_a_line_breaks_after_a_hyphen_keeping_its_extension():
    lines = path_lines("saves/report-second-visit-seed42-0f3a9c1b.html", 30)
    assert lines == ["saves/", "report-second-visit-seed42-", "0f3a9c1b.html"]


def test_a_windows_path_breaks_at_its_backslashes():
    path = r"C:\Users\student\Documents\elbows-up\saves\autosave-second-visit-seed42.json"
    lines = path_lines(path, 36)
    assert "".join(lines) == path and all(line.endswith("\\") for line in lines[:-1])


def test_only_a_run_of_letters_longer_than_a_line_is_cut():
    assert path_lines("a/" + "x" * 25, 10) == ["a/", "x" * 10, "x" * 10, "x" * 5]
    assert path_lines("", 10) == [""]


def test_a_sentence_with_a_path_gives_it_lines_of_its_own_only_when_it_must():
    assert with_path("Saved to", "saves/a.json", 56, ".") == "Saved to saves/a.json."
    text = with_path("Open", DEEP, 36, " in a browser; it prints well too.")
    lines = text.split("\n")
    assert lines[0] == "Open" and lines[-1] == "in a browser; it prints well too."
    assert "".join(lines[1:-1]) == DEEP


@pytest.mark.parametrize(("screen", "measure"), [(80, 36), (120, 56), (200, 56)])
def test_a_notification_measures_half_the_screen_at_most_60_cells(screen, measure):
    assert toast_measure(screen) == measure
    note = path_note("Open", DEEP, screen, " in a browser; it prints well too.")
    assert all(len(line) <= measure for line in note.split("\n"))


@pytest.mark.parametrize("width", [76, 116])
def test_a_screen_line_with_a_path_breaks_it_at_separators(width):
    console = Console(width=width, record=True, color_system=None)
    deep = "/home/student/period-3-economics/elbows-up-saves/" * 2 + "autosave-second-visit.json"
    console.print(PathText("Autosaved to", deep, "."))
    lines = console.export_text().rstrip("\n").split("\n")
    assert lines[0] == "Autosaved to"
    assert "".join(line.rstrip() for line in lines[1:]) == deep + "."
    assert all(line.rstrip().endswith("/") for line in lines[1:-1])
