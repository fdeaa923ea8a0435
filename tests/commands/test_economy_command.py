"""`diplomacy-game economy SCHEDULE`: the US side and the sectors, per quarter."""

from __future__ import annotations

import json

from diplomacy_game.cli import main
from diplomacy_game.content import builtin_content_dir

SCHEDULE = builtin_content_dir() / "schedules" / "c3-actual-2025-26.toml"
SECTOR_KEYS = {
    "exports",
    "exports_change_pct",
    "output_index",
    "jobs_thousands",
    "jobs_change_pct",
    "effective_tariff_pct",
    "us_price_pct",
    "us_duties",
}


def test_json_has_the_us_side_and_every_sector_each_quarter(capsys):
    assert main(["economy", str(SCHEDULE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    quarters = data["quarters"]
    assert len(quarters) == 8
    for q in quarters:
        assert {"us_price_level_pct", "us_gdp_gap_pct", "us_duties", "us_relief"} <= set(q)
        assert set(q["sectors"]) >= {"steel", "aluminum", "autos", "lumber"}
        for row in q["sectors"].values():
            assert set(row) == SECTOR_KEYS
    # The 50% tariff from June 2025 shows in steel's exports and in US aluminum prices.
    assert quarters[2]["sectors"]["steel"]["exports_change_pct"] < -20
    assert quarters[2]["sectors"]["aluminum"]["us_price_pct"] > 30


def test_text_shows_the_us_table_and_the_sectors(capsys):
    assert main(["economy", str(SCHEDULE)]) == 0
    out = capsys.readouterr().out
    assert "The United States: consumer prices and real GDP" in out
    assert "By sector, in 2026 Q4:" in out
    assert "US price %" in out
    # sectors by their names and quarters as the calendar's (the JSON keeps ids and dates)
    lines = out.splitlines()
    assert any(line.startswith("Agri-food and seafood ") for line in lines), out
    assert not any(line.strip().startswith(("agrifood", "aluminum ")) for line in lines), out
    assert [line.split()[:2] for line in lines if line.startswith("2025 Q")] == [
        ["2025", f"Q{q}"] for _ in range(2) for q in (1, 2, 3, 4)
    ]
    assert "2025-07-02" not in out


def test_a_built_in_schedule_is_found_by_its_name_from_any_folder(capsys, tmp_path, monkeypatch):
    """An installed game's schedules are inside the package, not in the folder the teacher
    runs it from: its name (or a start only one has) finds it; a miss lists them."""
    monkeypatch.chdir(tmp_path)
    assert main(["economy", "c3", "--json"]) == 0
    by_start = json.loads(capsys.readouterr().out)
    assert main(["economy", str(SCHEDULE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == by_start
    assert main(["economy", "c"]) == 1
    assert "matches several built-in schedules" in capsys.readouterr().err
    assert main(["economy", "c9-nothing"]) == 1
    err = capsys.readouterr().err
    assert "c9-nothing: no such schedule file" in err and "c3-actual-2025-26" in err
    # a file of one's own of that name is read, not the built-in one
    (tmp_path / "c3").write_text('title = "Mine"\nquarters = 2\n')
    assert main(["economy", "c3"]) == 0
    assert capsys.readouterr().out.startswith("Mine")
