"""A long path in a notification breaks after a folder separator at 80 and 120 columns,
never in the middle of a name (the after-action report's, written from the ending)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from diplomacy_game.tui.launch import LaunchConfig, build_app
from tests.tui.conftest import SEED, saved_game, settled, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LEAD, TAIL = "Open", "in a browser; it prints well too."


def _lines(toast: Toast) -> list[str]:
    strips = toast.render_lines(toast.region.reset_offset)
    return ["".join(seg.text for seg in strip).strip("▌ ") for strip in strips]


@pytest.mark.parametrize("size", SIZES)
async def test_the_report_path_breaks_at_separators(play_dir: Path, size):
    deep = play_dir / "students" / "period-3-economics" / "elbows-up-saves"
    path = saved_game(deep / "done.json", turns=0)
    app = build_app(LaunchConfig(mode="load", path=path, saves_dir=deep, seed=SEED, blink=False))
    app.animation_level = "none"
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_for(pilot, settled(app, "EndingScreen"))
        await pilot.press("r")
        s = app.session
        report = deep / f"report-second-visit-seed{s.state.seed}-{s.game_id}.html"

        def shown() -> list[str]:
            for toast in app.screen.query(Toast):
                lines = _lines(toast)
                if "Report written" in lines:
                    return lines[lines.index("Report written") + 1 :]
            return []

        await wait_for(pilot, lambda: report.exists() and bool(shown()))
        lines = [line for line in shown() if line]
        assert lines[0] == LEAD and lines[-1] == TAIL, lines
        path_part = lines[1:-1]
        assert "".join(path_part) == str(report)
        folders = [line for line in path_part if line.endswith("/")]
        assert "".join(folders) == str(report.parent) + "/"  # every folder whole
        name = path_part[len(folders) :]
        assert "".join(name) == report.name and all(p.endswith("-") for p in name[:-1])
