"""Debriefs: the comparison games (shared, cached), the decision that mattered most (a replay
and its causal chain), questions from the student's own game, and the class page."""

from __future__ import annotations

import json
import math
from html.parser import HTMLParser
from pathlib import Path

import pytest

from diplomacy_game.classroom import compare as cmp
from diplomacy_game.classroom.discussion import questions
from diplomacy_game.classroom.report import (
    _befores,
    _replay_without,
    build_report,
    counterfactual,
    outcome_score,
    render_html,
    render_markdown,
    score_text,
)
from diplomacy_game.cli import main
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY, get_policy

SCENARIO = "review-sprint"


@pytest.fixture(scope="module")
def sprint():
    return load_ruleset(SCENARIO)


def test_all_strategies_in_one_batch_play_the_games_each_plays_alone(sprint):
    seeds = cmp.seeds_for(2026, 6)
    together = cmp.play_all(sprint, list(REGISTRY), seeds)
    for name, rows in zip(REGISTRY, together, strict=True):
        alone = cmp.play_all(sprint, [name], seeds)[0]
        assert rows == alone, name
    # ... and the turn engine agrees on the first strategies' games.
    for name, rows in list(zip(REGISTRY, together, strict=True))[:3]:
        turn_engine = cmp.play_policy(sprint, name, seeds)
        assert turn_engine["scores"] == [round(s, 3) for _, _, s in rows], name


def test_the_comparison_is_computed_once_per_scenario_seed_and_content(
    sprint, tmp_path, monkeypatch
):
    first = cmp.comparison(sprint, 11, 3, folder=tmp_path)
    assert first.games == 3 * len(REGISTRY) and first.seed == 11
    assert first.digest == sprint.content_digest

    def never(*args, **kwargs):
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr(cmp, "compute", never)
    again = cmp.comparison(sprint, 11, 3, folder=tmp_path)
    assert again.policies == first.policies
    with pytest.raises(AssertionError, match="recomputed"):
        cmp.comparison(sprint, 12, 3, folder=tmp_path)  # another seed is other games


def test_a_damaged_or_foreign_cache_file_is_recomputed(sprint, tmp_path):
    path = cmp.cache_path(sprint, 5, 2, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    fresh = cmp.comparison(sprint, 5, 2, folder=tmp_path)
    assert fresh.games == 2 * len(REGISTRY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["digest"] = "another content"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cmp.comparison(sprint, 5, 2, folder=tmp_path).digest == sprint.content_digest


def test_percentile_counts_ties_half():
    c = cmp.Comparison(
        "s", 1, "d", 2, {"a": {"scores": [10.0, 20.0]}, "b": {"scores": [20.0, 30.0]}}
    )
    assert c.percentile(20.0) == pytest.approx(50.0)
    assert c.percentile(5.0) == 0.0 and c.percentile(99.0) == 100.0


def test_the_decision_that_mattered_most_is_a_replay_without_it(sprint):
    state = play_through(sprint, new_game(sprint, 2026), policy=get_policy("random"))
    cf = counterfactual(sprint, state)
    assert cf is not None
    # Replaying without the named choice gives the ending and score the report states.
    index = cf["turn"] - 1
    logged = state.decisions[index]
    if cf["kind"] == "action":
        names = [a["id"] for a in logged["actions"]]
        key = next(
            j
            for j, a in enumerate(logged["actions"])
            if cf["what"].startswith(sprint.actions[a["id"]].spec.name)
        )
        assert names
    else:
        key = next(e for e in logged["answers"] if sprint.events[e].spec.title in cf["what"])
    other = _replay_without(sprint, state, _befores(sprint, state), index, cf["kind"], key)
    assert outcome_score(other) == pytest.approx(cf["score"])
    assert cf["delta"] == pytest.approx(outcome_score(other) - outcome_score(state), abs=0.01)
    # The chain names events of the game as played that the replay never saw, and back.
    mine = {e for r in state.history if r["turn"] >= cf["turn"] for e in r["events"]}
    theirs = {e for r in other.history if r["turn"] >= cf["turn"] for e in r["events"]}
    titles = {e: sprint.events[e].spec.title for e in mine | theirs}
    assert {x["title"] for x in cf["led_to"]} <= {titles[e] for e in mine - theirs}
    assert {x["title"] for x in cf["headed_off"]} <= {titles[e] for e in theirs - mine}
    # No choice, when replayed without, changes the score more than the one named.
    for j in range(len(logged["actions"])):
        alt = _replay_without(sprint, state, _befores(sprint, state), index, "action", j)
        assert abs(outcome_score(alt) - outcome_score(state)) <= abs(cf["delta"]) + 0.01


def test_a_report_explains_the_score_and_asks_about_the_students_own_choices(sprint):
    state = play_through(sprint, new_game(sprint, 7), policy=get_policy("hardline"))
    data = build_report(sprint, state, games_per_policy=2)
    md = render_markdown(data)
    # shown as every score is, cut to the whole number below (37.9 is 37, never 38)
    assert f"Outcome score {math.floor(data['score'])}/100" in md
    assert "that share your scenario (The Review Sprint), your seed (7" in md
    retaliations = [
        (t, a["id"])
        for t, d in enumerate(state.decisions, 1)
        for a in d["actions"]
        if sprint.actions[a["id"]].spec.family == "retaliation"
    ]
    first_turn, first_id = retaliations[0]
    asked = questions(sprint, state, data["counterfactual"], data["readings"])
    assert any(
        f"first hit back on turn {first_turn} ({sprint.actions[first_id].spec.name}" in q
        for q in asked
    )
    assert all(q in md for q in asked)


def _make_class(tmp_path: Path, policies: list[str], *more: str) -> Path:
    """A class of one student per policy ("Student steady"...), each game played by it and
    handed in; ``more``: options of ``assign`` (``--memo-required``)."""
    roster = tmp_path / "roster.txt"
    roster.write_text("\n".join(f"Student {p}" for p in policies) + "\n", encoding="utf-8")
    out = tmp_path / "assignments"
    argv = ["assign", "--scenario", SCENARIO, "--seed", "2026", "--class", "Civics 11B"]
    assert main([*argv, "--students", str(roster), "-o", str(out), *more]) == 0
    handed = tmp_path / "handed-in"
    handed.mkdir()
    for path, policy in zip(sorted(out.glob("*.json")), sorted(policies), strict=True):
        target = handed / path.name
        assert main(["play", "--load", str(path), "--policy", policy, "--save", str(target)]) == 0
    return handed


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))
        if tag == "tr":
            self.rows += 1

    def handle_data(self, data):
        self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_a_class_report_writes_every_student_and_a_class_page(tmp_path, capsys):
    policies = ["steady", "hardline", "appease", "passive"]
    handed = _make_class(tmp_path, policies)
    # A backup kept by the save rotation is set aside, not counted as a student.
    first = sorted(handed.glob("*.json"))[0]
    (handed / f"{first.stem}.1.json").write_bytes(first.read_bytes())
    out = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "a backup the game keeps" in printed and "Wrote 4 reports" in printed
    index = _parse(out / "index.html")
    students = [link for link in index.links if link.endswith(".html")]
    assert len(students) == len(policies)
    text = " ".join(index.text)
    for heading in (
        "Endings and grades",
        "Side by side",
        "Decisions by turn",
        "Who retaliated when",
    ):
        assert heading in text
    assert "script" not in index.tags and "svg" in index.tags
    for link in students:
        page = _parse(out / link)
        body = " ".join(page.text)
        assert (
            "Where you stand in the class" in body and f"of {len(policies)} in Civics 11B" in body
        )
        assert "index.html" in page.links and "script" not in page.tags
        html = (out / link).read_text(encoding="utf-8")
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in html
    # Ranks follow the scores; the hardline student's retaliation shows in the grid.
    from diplomacy_game.classroom.class_page import build_class

    built = build_class([handed], games_per_policy=1)
    by_rank = sorted(built.reports, key=lambda r: r["class"]["rank"])
    assert [r["score"] for r in by_rank] == sorted((r["score"] for r in by_rank), reverse=True)
    assert "Student hardline" in text and "R" in text
    assert "name='viewport'" in (out / "index.html").read_text(encoding="utf-8")


def test_a_class_report_into_a_file_name_is_refused(tmp_path, capsys):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    assert main(["report", str(folder), "-o", str(tmp_path / "class.html")]) == 2
    assert "names a file; a class report is a folder" in capsys.readouterr().err
    assert not (tmp_path / "class.html").exists()


def test_a_class_report_of_nothing_readable_is_a_clear_error(tmp_path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "broken.json").write_text("{", encoding="utf-8")
    assert main(["report", str(folder), "-o", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "no readable saves" in err and "broken.json" in err


def test_the_report_html_is_self_contained(sprint):
    state = play_through(sprint, new_game(sprint, 3), policy=get_policy("steady"))
    html = render_html(build_report(sprint, state, games_per_policy=1))
    assert "<script" not in html and "<link" not in html and "src=" not in html


def test_class_summary_has_each_students_outcome_score(tmp_path, capsys):
    import csv

    from diplomacy_game.saves.store import load_exact, read_header

    handed = _make_class(tmp_path, ["steady", "hardline"])
    out = tmp_path / "class.csv"
    assert main(["class-summary", str(handed), "-o", str(out)]) == 0
    overview = capsys.readouterr().out
    assert "Highest outcome score" in overview
    # written as every page writes a score: "65/100", not the CSV's "65.0"
    shown = overview.split("- Highest outcome score: ")[1].split(" (")[1].split(",")[0]
    assert shown.endswith("/100") and "." not in shown, shown
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2
    for row in rows:
        path = Path(row["file"])
        state = load_exact(path, load_ruleset(read_header(path)["scenario"]))
        score = state.ending["score"]  # to a tenth, cut: never above the game's own score
        assert score - 0.1 < float(row["score"]) <= score


def test_the_class_page_says_once_what_world_the_games_were_played_in():
    """Thirty seeds, one after another, told a teacher less than "each student with a seed
    of their own"."""
    from diplomacy_game.classroom.class_page import _worlds

    def game(seed: int, scenario: str = "The Review Sprint", digest: str = "cce3b51c99") -> dict:
        return {"scenario": scenario, "seed": seed, "digest": digest}

    own = [game(seed) for seed in range(100, 130)]
    assert _worlds(own) == (
        "The Review Sprint, content version cce3b51c, each student with a seed of their own"
    )
    assert _worlds([game(42)] * 3) == "The Review Sprint, content version cce3b51c, seed 42"
    assert _worlds([game(42), game(42), game(7)]) == (
        "The Review Sprint, content version cce3b51c, seed 7; seed 42 (2 games)"
    )
    assert _worlds([game(s % 6) for s in range(12)]).endswith(", 6 different seeds")
    assert _worlds([game(1), game(1, "The Second Visit")]) == (
        "The Review Sprint, content version cce3b51c, seed 1; "
        "The Second Visit, content version cce3b51c, seed 1"
    )


def test_a_report_of_a_game_still_in_play_keeps_the_us_side_hidden(sprint):
    """A report written mid-game (from an autosave, say) would otherwise hand its player the
    truth of the US side, the advisors' mistakes and how every strategy fares on this very
    seed, before the turns left are played."""
    state = play_through(sprint, new_game(sprint, 5), policy=get_policy("steady"), max_turns=3)
    assert state.ending is None
    data = build_report(sprint, state, games_per_policy=2, with_counterfactual=True)
    assert data["withheld"] and not data["hidden"] and not data["readings"]
    assert data["comparison"] is None and data["counterfactual"] is None
    for text in (render_markdown(data), render_html(data)):
        assert "Shown when the game is over" in text
        assert "(in fact:" not in text and "Compared with the built-in strategies" not in text
    # nor their curves: the President's rapport and the true state of the talks
    assert "us_rapport" not in data["series"] and "talks_progress" not in data["series"]
    assert set(data["series_start"]) == set(data["series"])  # nor where they started
    assert "hidden during play" not in render_html(data)
    finished = play_through(sprint, new_game(sprint, 5), policy=get_policy("steady"))
    shown = build_report(sprint, finished, games_per_policy=2, with_counterfactual=False)
    assert not shown["withheld"] and shown["hidden"] and shown["readings"]
    assert "CUSMA technical talks (hidden during play)" in render_html(shown)
    assert "(in fact:" in render_markdown(shown) and "Shown when the game is over" not in (
        render_markdown(shown)
    )


def test_a_report_of_a_game_not_started_says_so_instead_of_empty_tables(sprint):
    data = build_report(sprint, new_game(sprint, 5), games_per_policy=2)
    markdown, page = render_markdown(data), render_html(data)
    for text in (markdown, page):
        assert "No turn has been played yet." in text
        assert "Turning points" not in text and "Your decisions" not in text
    assert "The indicators" not in page and "<svg" not in page


def test_the_chain_names_only_news_that_follows_from_the_games_course():
    """Replayed without a back channel on turn 4, seed 42 of the Second Visit saw the Supreme
    Court uphold the IEEPA tariffs, and the report said the back channel "led to" it: once one
    choice changes, every later draw falls on other news. Only dated news and follow-ups, and
    not the world's (courts, markets, other countries), are said to be caused; the rest is said
    to have differed."""
    from diplomacy_game.classroom.report import causal_chain, chain_lines

    ruleset = load_ruleset("second-visit")
    said_apart = 0
    for seed in (42, 7):
        state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy("steady"))
        cf = counterfactual(ruleset, state)
        assert cf is not None
        titles = {x["title"] for x in (*cf["led_to"], *cf["headed_off"])}
        for event in ruleset.events.values():
            spec = event.spec
            if spec.title in titles:
                assert spec.category != "world", spec.id
                assert spec.date is not None or spec.triggered_only, spec.id
        said_apart += cf["drawn_apart"]
        if cf["drawn_apart"]:
            assert any("news of the day differed too" in line for line in chain_lines(cf))
    assert said_apart  # the draws fell apart in at least one of these games
    same = causal_chain(ruleset, state, state, 1)  # a game against itself: nothing differs
    assert same["led_to"] == same["headed_off"] == [] and not same["drawn_apart"]


def test_news_decided_by_a_draw_is_never_said_to_be_led_to():
    """With the steady strategy on seeds 1, 6 and 9 of the Second Visit, the report said the
    decision that mattered most led to, or headed off, "The furniture tariff increase is
    delayed": a follow-up that fires when a 40% coin toss for the increase fails, whatever
    the player did. Follow-ups of a coin toss, of the day's random news or of the posture are
    now left out, as the world's news is."""
    from diplomacy_game.classroom.report import follows_from_play

    ruleset = load_ruleset("second-visit")
    from_play = follows_from_play(ruleset)
    for coin_toss in ("furniture_tariff_rise", "section_122_surcharge"):  # chance(0.4), (0.8)
        assert coin_toss not in from_play
    assert "furniture_tariff_delayed" not in from_play  # reads the coin toss's record
    assert "confidence_vote" not in from_play  # only random news schedules it
    assert "deal_legal_text" not in from_play  # only the posture's news schedules it
    assert "president_call" in from_play  # an action's follow-up
    assert "reagan_ad_crisis" in from_play  # dated; reads a flag the player's answer sets
    titles = {e.spec.title: e.spec.id for e in ruleset.events.values()}
    for seed in (1, 6, 9):
        state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy("steady"))
        cf = counterfactual(ruleset, state)
        assert cf is not None
        for row in (*cf["led_to"], *cf["headed_off"]):
            assert titles[row["title"]] in from_play, row


@pytest.mark.parametrize("cached", [True, False])
def test_a_class_of_seeds_prepared_in_one_batch_has_each_seeds_own_games(
    sprint, tmp_path, monkeypatch, cached
):
    """A class report plays every student's seed in one batch (``prepare``); each seed's
    comparison is the one ``compute`` makes for that seed alone, cache on or off."""
    seeds = [101, 202, 303]
    alone = {seed: cmp.compute(sprint, seed, 3).policies for seed in seeds}
    folder = tmp_path if cached else None
    if not cached:
        monkeypatch.setattr(cmp, "cache_dir", lambda: None)
    cmp.prepare(sprint, seeds, 3, folder)

    def never(*args, **kwargs):
        raise AssertionError("computed again, one seed at a time")

    monkeypatch.setattr(cmp, "compute", never)
    for seed in seeds:
        assert cmp.comparison(sprint, seed, 3, folder).policies == alone[seed], seed


def test_the_report_reads_broken_off_talks_as_every_screen_does():
    """An advisor's reading of talks Washington has broken off is "broken off" in the report,
    as on the ending screen, not the band the talks stood at when they stopped."""
    from diplomacy_game.classroom.report import _truths

    ruleset = load_ruleset("hawks-table")
    state = play_through(ruleset, new_game(ruleset, 1), policy=get_policy("hardline"))
    assert state.values["talks.stalled"] >= 1
    talks = [r for r in _truths(ruleset, state)[1] if r["label"] == "The technical talks"]
    assert talks and all(r["band"] == r["truth"] == "broken off" for r in talks), talks


def test_news_after_the_game_ended_was_not_headed_off():
    """A game that ended early (a full trade war on turn 5) was said to have "headed off" the
    dated news of later turns that only its replay, played on to the review, lived to see."""
    from diplomacy_game.classroom.report import causal_chain

    ruleset = load_ruleset("hawks-table")
    ended = play_through(ruleset, new_game(ruleset, 6), policy=get_policy("grim"))
    assert ended.ending and ended.turn < ended.last_turn
    full = play_through(ruleset, new_game(ruleset, 6), policy=get_policy("passive"))
    assert full.turn == full.last_turn
    later = {e for rec in full.history if rec["turn"] > ended.turn for e in rec["events"]}
    assert {e for e in later if ruleset.events[e].spec.date is not None}  # dated news beyond
    chain = causal_chain(ruleset, ended, full, 1)
    assert all(e["turn"] <= ended.turn for e in chain["headed_off"]), chain["headed_off"]


def _section(markdown: str) -> str:
    """The decision that mattered most and the discussion questions of a Markdown report."""
    start = markdown.find("## The decision that mattered most")
    return markdown[start:] if start >= 0 else ""


# What each finding of the replay rules out: a report says one of them, never its opposite.
ANOTHER_COURSE = ("took another course", "changed the game's course", "more than any other")
SAME_COURSE = ("the same US answers followed either way", "Nothing differed", "same game")


@pytest.mark.parametrize(
    ("scenario", "policies", "seeds"),
    [
        ("review-sprint", ("steady", "hardline", "diversify", "tit-for-tat", "random"), 10),
        ("second-visit", ("diversify", "steady"), 4),
    ],
)
def test_the_decision_that_mattered_most_says_only_what_its_replay_found(scenario, policies, seeds):
    """With the steady strategy on seed 8 of the Review Sprint (and more games of these),
    the report said a choice "changed the game more than any other choice, but not its
    outcome", then "The same events and the same US answers followed either way", and asked
    about it "though the game took another course". Each sentence now says what the replay
    found: another course, the figures alone, or nothing."""
    ruleset = load_ruleset(scenario)
    found = set()
    for policy in policies:
        for seed in range(seeds):
            state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy(policy))
            data = build_report(ruleset, state, games_per_policy=0)
            cf = data["counterfactual"]
            if cf is None:
                continue
            found.add(cf["differs"])
            text = _section(render_markdown(data))
            said_other = [s for s in ANOTHER_COURSE if s in text]
            said_same = [s for s in SAME_COURSE if s in text]
            assert not (said_other and said_same), (policy, seed, said_other, said_same, text)
            if said_other:
                assert cf["differs"] == "events", (policy, seed)
            if "the figures alone" in text or "only the figures" in text:
                assert cf["differs"] == "figures", (policy, seed)
    assert "figures" in found or scenario != "review-sprint"  # the case the games did meet


def test_a_choice_that_changed_nothing_is_said_to_have_changed_nothing(sprint):
    """A replay identical to the game (the same news, US answers and figures) is told as
    such, in the section and in its question: nothing "took another course"."""
    from diplomacy_game.classroom.report import causal_chain, chain_lines, counterfactual_text

    state = play_through(sprint, new_game(sprint, 3), policy=get_policy("steady"))
    chain = causal_chain(sprint, state, state, 1)
    assert chain["differs"] is None
    score = outcome_score(state)
    ending = state.ending
    cf = {"turn": 2, "what": "Lobby Congress", "kind": "action", "delta": 0.0, **chain,
          "ending": ending["title"], "grade": ending["grade"], "score": score,
          "mine": {"ending": ending["title"], "grade": ending["grade"], "score": score}}  # fmt: skip
    said = " ".join(
        [counterfactual_text(cf, str, str), *chain_lines(cf), questions(sprint, state, cf, [])[0]]
    )
    assert "Nothing differed" in said and "the same figures followed" in said
    assert "why did it change nothing?" in said
    for other in (*ANOTHER_COURSE, "figures alone", "set in motion"):
        assert other not in said, other


@pytest.mark.parametrize(
    "scenario, seed", [("review-sprint", 14), ("second-visit", 21), ("hawks-table", 9)]
)
def test_a_turning_points_causes_add_up_to_its_change(scenario, seed):
    """A report read "Turn 4: approval +1.5 points (... -1; ... +1; ... -1)": the three largest
    causes were listed alone, at whole points, and added up to -1 beside a change of +1.5. They
    are now the turn result's: one place finer, the rest summed as "other", adding up to the
    change."""
    import re

    from diplomacy_game.classroom.report import _reports, turning_points

    ruleset = load_ruleset(scenario)
    state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy("random"))
    points = turning_points(ruleset, state.history, _reports(ruleset, state))
    told = [p["why"] for p in points if p["why"].startswith("approval")]
    assert told
    for why in told:
        change = float(re.match(r"approval ([+-][\d.]+) points", why)[1])
        causes = re.search(r"\((.*)\)$", why)[1].split("; ")
        shares = [float(re.search(r" ([+-][\d.]+)$", cause)[1]) for cause in causes]
        assert math.isclose(sum(shares), change, abs_tol=1e-9), why


def _answers_only(ruleset, seed: int, memo: str):
    """A game in which the student took no action and answered every event with an option
    other than its default, with a memo of their own each turn."""
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import Decision

    state = new_game(ruleset, seed)
    while not state.over:
        answers = {}
        for event_id in state.pending:
            other = [o.id for o in ruleset.events[event_id].options if not o.default]
            if other:
                answers[event_id] = other[0]
        state, _ = resolve_turn(
            ruleset, state, Decision(answers=answers, memo=f"{memo} on turn {state.turn + 1}.")
        )
    return state


def test_an_answer_that_mattered_most_is_the_students_in_their_report_and_named_on_the_class_page(
    sprint, tmp_path
):
    """An answer is "your answer" to the student who gave it, and "the answer" where the
    teacher reads about a student: never "Ana's decision was your answer to ..."."""
    from diplomacy_game.saves.store import save_game

    handed = tmp_path / "handed-in"
    handed.mkdir()
    for name in ("Ana", "Ben"):
        state = _answers_only(sprint, 2026, f"{name} answered")
        save_game(handed / f"{name}.json", sprint, state)
    data = build_report(sprint, state, games_per_policy=0)
    cf = data["counterfactual"]
    assert cf is not None and cf["kind"] == "answer"
    title = next(e.spec.title for e in sprint.events.values() if e.spec.title in cf["what"]).strip(
        "'"
    )
    assert cf["what"].startswith(f"the answer to “{title}”: ")
    markdown = render_markdown(data)
    assert f"On turn {cf['turn']} you answered **“{title}”: " in markdown
    assert "you chose your answer" not in markdown
    # the timeline quotes the event too: "answered “Europe opens a door”: Embrace it ..."
    row = next(r for r in data["timeline"] if r["turn"] == cf["turn"])
    assert f"answered “{title}”: " in render_html(data) and row["answers"][0].startswith("“")
    assert f"Without your answer to “{title}”: " in markdown
    out = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(out), "--games", "0"]) == 0
    page = " ".join(_parse(out / "index.html").text)
    assert "your answer" not in page
    assert f"turn {cf['turn']}: the answer to “{title}”: " in page
    assert f"Ana's decision that mattered most was the answer to “{title}”: " in page


def test_each_chart_starts_where_the_game_started(sprint):
    """A chart of a two-turn game has three points: the value the game opened with, then each
    turn's; its axis reads from "start" to "turn 2"."""
    import re

    state = play_through(sprint, new_game(sprint, 5), policy=get_policy("steady"), max_turns=2)
    data = build_report(sprint, state, games_per_policy=0, with_counterfactual=False)
    opened = new_game(sprint, 5).values
    assert data["series_start"]["approval"] == opened["approval"]
    assert data["series_start"]["gdp_gap_pct"] == opened["gdp_gap"]
    charts = re.findall(r"<svg.*?</svg>", render_html(data), re.S)
    approval = next(c for c in charts if 'aria-label="Approval, %"' in c)
    assert ">start</text>" in approval and ">turn 2</text>" in approval
    assert len(re.search(r'points="([^"]+)"', approval)[1].split()) == 3


@pytest.mark.parametrize(
    ("score", "band", "place", "exact"),
    [
        (35.97, (30, 45), "39.8%", "35.97"),
        (64.99, (45, 65), "100.0%", "64.99"),
        (81.90415621368552, (65, 100), "48.3%", "81.90"),
        (45.0, (45, 65), "0.0%", None),
    ],
)
def test_the_place_in_the_range_is_the_record_and_gives_back_the_score(score, band, place, exact):
    """35.97 in 30-45 read "35/100 ... placed you 40% of the way up": 30 + 40% of 15 is 36.
    Then the place was worked back from the score cut to 35 (33%), and a finished game read
    "placed you 46% of the way up" beside "Your record, 48.3 of 100": two figures for one
    thing. The place is now the record, and the score it gives is said before it is cut."""
    text = score_text({"score": score, "band": band})
    assert f"placed you {place} of the way up that range" in text, text
    shown = int(text.split("Outcome score ")[1].split("/")[0])
    assert shown == int(score)
    worked = band[0] + float(place[:-1]) / 100 * (band[1] - band[0])
    assert abs(worked - score) <= 0.0005 * (band[1] - band[0]) + 1e-9
    if exact is None:
        assert "cut" not in text, text
    else:
        assert text.endswith(f": {exact}, cut to a whole number as the grades read it."), text
