"""The polls count the weeks to the review as the turn ends. Counted as two weeks a turn left,
they ran two weeks long (the last turn is shorter: it ends on the review), and the last turn's
poll read "With 0 weeks to the review"."""

from __future__ import annotations

import re

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy

WEEKS = re.compile(r"(\d+) weeks to the review")


def test_a_poll_counts_the_weeks_left_to_within_one() -> None:
    counted = late = 0
    for scenario, seed in [(s, n) for s in ("second-visit", "review-sprint") for n in range(12)]:
        ruleset = load_ruleset(scenario)
        review = ruleset.scenario.end
        for policy in ("steady", "random"):
            game = play_game(ruleset, new_game(ruleset, seed), policy=get_policy(policy))
            for state, report in game:
                for event in report.events:
                    if event["id"] != "med_poll":
                        continue
                    text = event["text"]
                    # the days from the turn's last day to the review
                    days = (review - report.end).days + 1
                    found = WEEKS.search(text)
                    if found:
                        counted += 1
                        assert abs(int(found[1]) - days / 7) <= 1.0, (days, text)
                    if days < 14:  # the last two turns say it in words
                        late += 1
                        assert found is None, text
                        assert ("eve of the review" in text) == (days <= 1 or state.over), text
    assert counted >= 1 and late >= 10, (counted, late)
