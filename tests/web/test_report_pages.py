"""The teacher's class report in a real browser: the side-by-side table fits a laptop's
page, and prints every column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diplomacy_game.cli import main
from tests.classes import assign_class
from tests.web import browser

# Long names and the longest ending title, as a real class has them.
ROSTER = ("Anne-Marie Tremblay-Bouchard", "Liam O'Neil-Fitzgerald", "Zoë Kierkegaard-Jensen")
POLICIES = ("steady", "hardline", "advisor")


@pytest.fixture(scope="module")
def class_report(tmp_path_factory) -> Path:
    problem = browser.missing()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    root = tmp_path_factory.mktemp("class")
    handout = assign_class(root, ROSTER, seed=7, folder="assignments")
    handed_in = root / "handed-in"
    handed_in.mkdir()
    for path, policy in zip(sorted(handout.glob("*.json")), POLICIES, strict=True):
        save = handed_in / path.name
        assert main(["play", "--load", str(path), "--policy", policy, "--save", str(save)]) == 0
    out = root / "reports"
    assert main(["report", str(handed_in), "-o", str(out), "--games", "0"]) == 0
    return out / "index.html"


WIDTHS = """() => {
  const table = document.querySelector('table.side');
  return [table.scrollWidth, table.parentElement.clientWidth];
}"""


def test_the_side_by_side_table_fits_a_laptop_page(class_report: Path) -> None:
    with browser.chromium(1280, 800) as page:
        page.goto(class_report.as_uri())
        table, room = page.evaluate(WIDTHS)
        assert table <= room, (table, room)  # no column scrolled out of sight


def test_a_printed_class_report_shows_every_column(class_report: Path) -> None:
    with browser.chromium(700, 900) as page:  # narrower than the table: it cannot fit
        page.goto(class_report.as_uri())
        page.emulate_media(media="print")
        overflow = page.evaluate(
            "() => getComputedStyle(document.querySelector('table.side').parentElement).overflowX"
        )
        assert overflow == "visible"  # on paper nothing is cut off behind a scroll bar
