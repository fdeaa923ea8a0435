"""The words a student meets on every screen and in the debrief have a glossary entry: the
sidebar's figures, the score's parts, the capital every action costs and the endings' jargon."""

from __future__ import annotations

from diplomacy_game import fmt

# Where a student meets each: the sidebar and the turn result (GDP gap, fiscal room), the
# report's score breakdown (jobs lost), the header and every action (political capital), an
# ending's title (annual-review limbo), the economy screen (effective tariff), the advisors.
MET_EVERYWHERE = [
    "GDP gap",
    "Fiscal room",
    "Jobs lost",
    "Political capital",
    "Annual-review limbo",
    "Effective tariff rate",
    "Trade-policy uncertainty",
]


def test_the_words_of_every_screen_are_in_the_glossary(ruleset):
    terms = {entry.term for entry in ruleset.glossary}
    assert [t for t in MET_EVERYWHERE if t not in terms] == []
    # they are the words the screens use
    labels = [fmt.figure(name, ruleset).label for name in ("gdp_gap", "jobs_lost", "capital")]
    assert labels == ["GDP gap", "Jobs lost", "Political capital"]
    assert "Annual-review limbo" in [e.spec.title for e in ruleset.endings]
