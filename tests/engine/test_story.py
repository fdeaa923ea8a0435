"""The player's own story: news stays within its dates, and a text can follow the game."""

from __future__ import annotations

import datetime as dt

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game, turn_reports
from diplomacy_game.engine.turn import turn_window
from diplomacy_game.sim.batch import game_seed, run_batch
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

WINDOWED = """
[[event]]
id = "test_autumn_news"
title = "Autumn news"
category = "world"
until = 2025-11-10
once = false
weight = "1000"
text = "Autumn, and the talks are {talks.progress:.0f}% of the way."
variants = [
  { when = "talks.progress >= 200", text = "Never shown." },
  { when = "approval >= 0", text = "Autumn: approval is {approval:.0f}%." },
]

[[event]]
id = "test_spring_news"
title = "Spring news"
category = "world"
after = 2026-03-01
once = false
weight = "1000"
text = "Spring."
"""


@pytest.fixture(scope="module")
def windowed(tmp_path_factory):
    pack = tmp_path_factory.mktemp("pack") / "windowed.toml"
    pack.write_text(WINDOWED, encoding="utf-8")
    return load_ruleset("second-visit", extra=[pack])


def test_news_of_a_period_fires_only_within_it_in_both_engines(windowed):
    seeds = [game_seed(5, i) for i in range(8)]
    policy = get_policy("random")
    batch = run_batch(windowed, policy, seeds)
    autumn = spring = 0
    for i, seed in enumerate(seeds):
        state = play_through(windowed, new_game(windowed, seed), policy=policy)
        for record in state.history:
            start, end = turn_window(state, windowed.scenario.end, record["turn"])
            if "test_autumn_news" in record["events"]:
                autumn += 1
                assert start <= dt.date(2025, 11, 10)
            if "test_spring_news" in record["events"]:
                spring += 1
                assert end > dt.date(2026, 3, 1)
        for event_id in ("test_autumn_news", "test_spring_news"):
            row = batch.event_row[event_id]
            count = int(batch.fired_count[row, i])
            assert [count, int(batch.fired_last[row, i])] == state.fired.get(event_id, [0, 0])
    assert autumn > 0 and spring > 0


def test_the_first_variant_whose_condition_holds_is_shown(windowed):
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import Decision

    _, report = resolve_turn(windowed, new_game(windowed, 3), Decision())
    shown = [e["text"] for e in report.events if e["id"] == "test_autumn_news"]
    assert shown and shown[0].startswith("Autumn: approval is ") and shown[0].endswith("%.")


def test_validate_refuses_a_window_that_ends_before_it_starts(write_pack):
    from diplomacy_game.cli import main

    pack = write_pack(
        WINDOWED.replace("until = 2025-11-10", "after = 2025-12-01\nuntil = 2025-11-10")
    )
    assert main(["validate", "--with-builtin", str(pack)]) == 1


def test_a_text_that_names_a_date_without_a_window_is_flagged(write_pack, capsys):
    from diplomacy_game.cli import main

    pack = write_pack(
        '[[event]]\nid = "test_shutdown"\ntitle = "A shutdown"\ncategory = "us"\n'
        'text = "Washington has been shut since 1 October."\n'
    )
    main(["validate", "--with-builtin", str(pack)])
    out = capsys.readouterr()
    assert "test_shutdown" in out.out + out.err and "date window" in out.out + out.err


@pytest.mark.parametrize("scenario", ["second-visit", "review-sprint", "hawks-table"])
def test_no_event_fires_outside_its_date_window(scenario):
    ruleset = load_ruleset(scenario)
    windowed = {e.spec.id: e for e in ruleset.events.values() if e.spec.until or e.spec.after}
    assert windowed or scenario != "second-visit"
    for policy in ("random", "hardline", "appease"):
        for seed in range(6):
            state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy(policy))
            for record in state.history:
                start, end = turn_window(state, ruleset.scenario.end, record["turn"])
                for event_id in record["events"]:
                    event = windowed.get(event_id)
                    if event is not None:
                        assert event.in_window(start, end), (event_id, start, end)
                    date = ruleset.events[event_id].spec.date
                    if date is not None:
                        assert start <= date < end, (event_id, date, start)


def test_the_news_quotes_the_figures_the_header_shows():
    """A poll told in a turn's news gives the approval the player then reads in the header
    (the news is told as the turn ends, after the domestic step moved approval)."""
    import re

    from diplomacy_game import fmt
    from diplomacy_game.engine.game import turn_reports

    ruleset = load_ruleset("second-visit")
    quoted = 0
    for seed in range(12):
        state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy("random"))
        for after, report in turn_reports(ruleset, state):
            shown = fmt.shown("approval", after.values["approval"], ruleset)
            for event in report.events:
                for said in re.findall(r"approval at (\d+)%", event["text"]):
                    assert f"{said}%" == shown, (event["id"], event["text"], shown)
                    quoted += 1
                # a text chosen when the event fired still reads true at the end of the turn
                above = after.values["approval"] >= 49.5
                assert not ("slips below half" in event["text"] and above), event["text"]
                assert not ("back above half" in event["text"] and not above), event["text"]
    assert quoted >= 5


# --- the President's posture follows the turn's news ---------------------------------------

BROKE_OFF = ("reagan_ad_crisis", "ad_backlash")  # news that ends the talks in its turn


def _reagan_turn(ruleset, seed: int, policy: str):
    from diplomacy_game.sim.headless import play_game

    for _, report in play_game(ruleset, new_game(ruleset, seed), policy=get_policy(policy)):
        if any(e["id"] == "reagan_ad_crisis" for e in report.events):
            return report
    raise AssertionError(f"seed {seed}: the Reagan advertisement never ended the talks")


def test_the_president_does_not_offer_a_deal_in_the_turn_the_talks_are_terminated():
    """Second Visit, seed 3, the steady policy: on 23 October 2025 the Reagan advertisement
    ends the talks ("All negotiations are terminated"). The posture was drawn before the
    turn's news, so in that very turn the President "offered a deal": the talks moved 5
    points forward and he called a deal "close". The posture is drawn after the dated news
    and the follow-ups now, and its utilities see the talks broken off."""
    ruleset = load_ruleset("second-visit")
    report = _reagan_turn(ruleset, 3, "steady")
    assert report.posture != "deal"
    assert "deal_close" not in [e["id"] for e in report.events]
    causes = [cause.kind for cause, amount in report.changes["talks.progress"].causes if amount]
    assert causes == ["event"], report.changes["talks.progress"].causes  # the termination only
    # the turn's news comes before the posture in the events the player reads
    ids = [e["id"] for e in report.events]
    assert ids.index("reagan_ad_crisis") < report.news <= len(ids)


def test_a_posture_drawn_after_the_news_that_broke_off_the_talks_in_both_engines():
    """No game offers a deal in the turn its news broke off the talks (the Reagan
    advertisement's termination, the President seeing Canada's own ad), in the batch engine
    (300 games a scenario and policy) as in the single-game engine, which plays the same
    postures."""
    for scenario in ("second-visit", "hawks-table"):
        ruleset = load_ruleset(scenario)
        for policy in ("steady", "random"):
            seeds = [game_seed(7, i) for i in range(300)]
            batch = run_batch(ruleset, get_policy(policy), seeds)
            broke = 0
            for event_id in BROKE_OFF:
                row = batch.event_row[event_id]
                for i in range(batch.n):
                    if batch.fired_count[row, i]:
                        broke += 1
                        turn = int(batch.fired_last[row, i])
                        posture = dict(batch.posture_log[i])[turn]
                        assert posture != "deal", (scenario, policy, seeds[i], turn)
            assert broke > 100, (scenario, policy)
            for i in range(3):
                state = play_through(
                    ruleset, new_game(ruleset, seeds[i]), policy=get_policy(policy)
                )
                postures = [(r["turn"], r["us_posture"]) for r in state.history]
                assert postures == batch.posture_log[i], (scenario, policy, seeds[i])


@pytest.fixture(scope="module")
def called():
    """Second Visit, seeds 0-7: turn 2 (the Reagan advertisement's fortnight), with a call to
    the President; (seed, report) each."""
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import ActionChoice, Decision

    ruleset = load_ruleset("second-visit")
    out = []
    for seed in range(8):
        state, _ = resolve_turn(ruleset, new_game(ruleset, seed), Decision())
        call = Decision(actions=[ActionChoice(id="call_president")])
        out.append((seed, resolve_turn(ruleset, state, call)[1]))
    return out


def test_the_president_takes_a_call_in_the_posture_of_the_fortnight_after_its_news(called):
    """A call to the President (a follow-up of the action with no delay) is told after the
    turn's news and reads the posture drawn from it: in the week the talks are terminated,
    a President who threatens or escalates "has made up his mind" on the phone."""
    hard = 0
    for seed, report in called:
        ids = [e["id"] for e in report.events]
        assert ids.index("reagan_ad_crisis") < report.news <= ids.index("president_call")
        call = report.events[ids.index("president_call")]
        if report.posture in ("escalate", "threaten"):
            hard += 1
            assert call["variant"] == 0, (seed, report.posture)
        else:
            assert call["variant"] != 0, (seed, report.posture)
    assert hard


def test_the_talks_do_not_come_back_in_the_fortnight_they_are_terminated(called):
    """ "All negotiations are terminated", then "The President rewards: Back at the table"
    in the same fortnight (seeds 3 and 9 of these): the reward that reopens the talks waits
    for a turn after the one that broke them off, as the President's silence does. No reward
    comes in that fortnight at all now (``talks_rupture``; over many games in
    tests/sim/test_episodes.py), nor talk of a deal."""
    for seed, report in called:
        ids = [e["id"] for e in report.events]
        assert "reagan_ad_crisis" in ids, seed
        assert report.posture not in ("reward", "deal"), (seed, report.posture)
        assert "rew_talks_back" not in ids, seed


# What the jobs report says of a quiet or a good month.
QUIET_JOBS = (
    "steady",
    "holds where it was",
    "flat",
    "unchanged",
    "added jobs",
    "gained jobs",
    "hiring again",
)


@pytest.mark.parametrize("policy", ["passive", "steady", "random"])
def test_algomas_layoffs_take_the_jobs_they_name(policy):
    """ "Algoma's layoffs take effect: about 1,000 workers" (23 March 2026; Reuters, 1 Dec
    2025) moved no steel jobs: the sector's jobs followed the economy alone (under 0.1
    thousand a turn) and the event had no effect on them. Now, in the turn it fires, steel
    jobs fall by the 1.0 thousand it names, the jobs lost count them as the turn ends, and
    the batch engine plays the same games."""
    ruleset = load_ruleset("review-sprint")
    seeds = [game_seed(2026, i) for i in range(20)]
    batch = run_batch(ruleset, get_policy(policy), seeds)
    steel = "sector.steel.jobs"
    reports = 0
    no_tariff_jobs = sum(sector.jobs for sector in ruleset.sectors)
    fired = 0
    for i, seed in enumerate(seeds):
        start = new_game(ruleset, seed)
        state = play_through(ruleset, start, policy=get_policy(policy))
        for name in (steel, "jobs_lost"):
            assert state.values[name] == float(batch.vals[batch.index[name], i]), (seed, name)
        jobs = start.values[steel]
        for after, report in turn_reports(ruleset, state):
            change = after.values[steel] - jobs
            jobs = after.values[steel]
            lost = no_tariff_jobs - sum(
                after.values[f"sector.{s.id}.jobs"] for s in ruleset.sectors
            )
            assert after.values["jobs_lost"] == pytest.approx(lost, abs=1e-9), (seed, report.turn)
            if "dom_algoma_layoffs_begin" in [e["id"] for e in report.events]:
                fired += 1
                assert -1.1 < change < -0.9, (seed, report.turn, change)
                # the fortnight's change in jobs, which the jobs report reads, counts it
                assert after.values["sector.steel.jobs_change"] == pytest.approx(change), seed
                for event in report.events:
                    if event["id"] == "med_jobs_report":
                        reports += 1
                        assert not any(q in event["text"] for q in QUIET_JOBS), event["text"]
            else:
                assert abs(change) < 0.1, (seed, report.turn, change)
    assert fired >= 15  # nearly every game: the notices are the scenario's history
    assert reports or policy != "passive"  # a jobs report in the same fortnight, told as losses


def test_an_effect_may_lay_off_a_sectors_jobs_but_not_set_its_output(write_pack, capsys):
    """``sector.ID.jobs`` and ``.jobs_change`` are writable, checked like any effect (their
    names, their ranges), and ``validate`` warns of an effect that moves one without the
    other (the jobs news of the turn reads the change); the sector's other results are still
    the economy's alone."""
    from diplomacy_game.cli import main

    layoffs = (
        '[[event]]\nid = "test_layoffs"\ntitle = "Layoffs"\ncategory = "domestic"\n'
        'text = "A mill lays off 500 workers."\neffects = [{effects}]\n'
    )
    both = '"sector.steel.jobs -= 0.5", "sector.steel.jobs_change -= 0.5"'
    assert main(["validate", "--with-builtin", str(write_pack(layoffs.format(effects=both)))]) == 0
    out = capsys.readouterr()
    assert "test_layoffs" not in out.out + out.err
    one = '"sector.steel.jobs -= 0.5"'
    main(["validate", "--with-builtin", str(write_pack(layoffs.format(effects=one)))])
    out = capsys.readouterr()
    assert "test_layoffs" in out.out + out.err and "sector.steel.jobs_change" in out.out + out.err
    for effect, said in (
        ('"sector.steel.output -= 5"', "can be read but not changed"),
        ('"sector.steal.jobs -= 0.5"', "sector.steel.jobs"),
    ):
        pack = write_pack(layoffs.format(effects=effect))
        assert main(["validate", "--with-builtin", str(pack)]) == 1
        out = capsys.readouterr()
        assert "test_layoffs" in out.out + out.err and said in out.out + out.err, effect
