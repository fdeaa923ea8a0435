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
    assert "By sector, at 2026-12-31:" in out
    assert "aluminum" in out and "US price %" in out
