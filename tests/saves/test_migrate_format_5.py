"""Format 5: saves written before it get the US side of the economy at zero."""

from __future__ import annotations

from diplomacy_game.saves.store import SAVE_VERSION, migrate, values_added_in_5


def test_a_format_4_document_gets_the_new_values_at_zero():
    values = {"us.pressure": 40.0, "sector.steel.exports": 9.0, "sector.autos.exports": 70.0}
    doc = {"version": 4, "state": {"values": dict(values), "history": []}}
    migrated = migrate(doc)
    assert migrated["version"] == SAVE_VERSION == 5
    added = set(migrated["state"]["values"]) - set(values)
    assert added == set(values_added_in_5(values))
    assert {"us.relief", "sector.steel.us_price", "sector.autos.us_cost"} <= added
    assert all(migrated["state"]["values"][k] == 0.0 for k in added)
    assert migrated["state"]["values"]["us.pressure"] == 40.0
