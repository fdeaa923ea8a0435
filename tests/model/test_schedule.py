"""Tariff schedules for the economy sandbox: a bad file gets one clear line per problem, naming
the step, and nothing runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy_game.cli import main
from diplomacy_game.content import builtin_content_dir, load_content
from diplomacy_game.content.schedule import load_schedule
from diplomacy_game.engine.sandbox import ScheduleError, run_schedule, schedule_problems
from diplomacy_game.model.schedule import Schedule


@pytest.fixture(scope="module")
def sector_ids() -> list[str]:
    return sorted(load_content([]).entities["sector"])


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text('title = "t"\nquarters = 4\n' + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[step]]\nat = 2025-03-04\n", "step[0] is dated: give the schedule a 'start' date"),
        ("start = 2025-01-01\n[[step]]\nat = 2024-12-01\n", "comes before the start"),
        ("[[step]]\nat = 9\n", "step[0]: quarter 9 is outside 0..4"),
        ("[[step]]\nat = 1\ntariff = { all = 5 }\n", "step[0].tariff: Extra inputs"),
        ("[[step]]\nat = 1\nuncertainty = 120\n", "step[0].uncertainty:"),
    ],
)
def test_a_bad_file_says_where_and_what(tmp_path, body, message) -> None:
    with pytest.raises(ValueError) as info:
        load_schedule(write(tmp_path, body))
    text = str(info.value)
    assert message in text
    assert "Value error" not in text and ": -:" not in text


def test_values_out_of_the_games_ranges_are_refused_with_every_problem(tmp_path, sector_ids):
    """A negative tariff or a CUSMA share above 1 would make exports grow with the tariff: the
    same bounds as the game's sector variables apply, and every problem is listed."""
    schedule = load_schedule(
        write(
            tmp_path,
            "[[step]]\nat = 0\nus_tariff = { steel = -50 }\n"
            "[[step]]\nat = 1\ncusma_share = { all = 1.5 }\nieepa_rate = { potash = 10 }\n",
        )
    )
    problems = schedule_problems(schedule, sector_ids)
    assert problems == [
        "step[0].us_tariff: steel = -50 is outside 0 to 500",
        "step[1].ieepa_rate: unknown sector(s) potash; known: all, " + ", ".join(sector_ids),
        "step[1].cusma_share: all = 1.5 is outside 0 to 1",
    ]
    sectors = sorted(load_content([]).entities["sector"].values(), key=lambda s: s.id)
    with pytest.raises(ScheduleError):
        run_schedule(sectors, schedule)


def test_the_command_prints_each_problem_and_fails(tmp_path, capsys) -> None:
    path = write(
        tmp_path, "[[step]]\nat = 0\nus_tariff = { steel = -50 }\ncusma_share = { all = 2 }\n"
    )
    assert main(["economy", str(path)]) != 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"diplomacy-game: {path}: step[0].us_tariff: steel = -50 is outside 0 to 500",
        f"diplomacy-game: {path}: step[0].cusma_share: all = 2 is outside 0 to 1",
    ]


def test_the_built_in_schedules_have_no_problem(sector_ids) -> None:
    files = sorted((builtin_content_dir() / "schedules").glob("*.toml"))
    assert files
    for path in files:
        assert schedule_problems(load_schedule(path), sector_ids) == [], path


def test_a_schedule_is_data_only() -> None:
    """Unknown keys are refused at every level, as in content files."""
    with pytest.raises(ValueError, match="Extra inputs"):
        Schedule.model_validate({"title": "t", "quarters": 1, "sectors": {}})
