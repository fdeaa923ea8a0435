"""The numbers of a debrief explain themselves and agree with each other: the record behind an
outcome score taken apart, what the score counted as given away, tied scores ranked alike."""

from __future__ import annotations

import re

import pytest

from diplomacy_game.classroom.report import build_report, render_html, render_markdown
from diplomacy_game.classroom.scoring import score_bands
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import Decision
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy


@pytest.fixture(scope="module")
def sprint():
    return load_ruleset("review-sprint")


def _game(ruleset, policy: str, seed: int = 2026):
    return play_through(ruleset, new_game(ruleset, seed), policy=get_policy(policy))


def _record_line(md: str) -> str:
    return next(line for line in md.splitlines() if line.startswith("Your record, "))


def test_the_record_is_taken_apart_into_the_points_each_figure_earned(sprint):
    state = _game(sprint, "steady")
    data = build_report(sprint, state, games_per_policy=0, with_counterfactual=False)
    line = _record_line(render_markdown(data))
    low, high = score_bands(sprint)[state.ending["id"]]
    record = 100 * (state.values["score"] - low) / (high - low)
    assert line.startswith(f"Your record, {record:.1f} of 100: approval (")
    # every part with its points, and the points add up to the record (nothing was given away)
    points = [float(x) for x in re.findall(r"\) (?:earned )?(\d+\.\d) of", line)]
    assert len(points) == 4
    assert abs(sum(points) - record) < 0.25
    assert "of its 40 points" in line and "fiscal room left (C$" in line
    assert "nothing you did counted as given away" in line
    assert line in render_html(data).replace("&#x27;", "'")


def test_what_was_given_away_is_the_scores_count_with_its_turns_and_the_floor(sprint):
    state = _game(sprint, "appease")
    conceded = state.values["conceded"]
    assert conceded > 50  # the appeaser gives away more than its record can pay for
    line = _record_line(render_markdown(build_report(sprint, state, games_per_policy=0)))
    # in points of the record, turn by turn (half a point for each of the score's count of
    # what was given away), never the count itself
    given = [float(n) for n in re.findall(r"turn \d+: (\d+\.\d)", line)]
    assert sum(given) == pytest.approx(min(conceded, 100) / 2, abs=0.05 * len(given))
    assert "The score counted" not in line and "each 10" not in line
    if state.values["score"] <= score_bands(sprint)[state.ending["id"]][0] + 1e-6:
        assert "but the record stops at 0" in line
    # offers grouped with the concessions that the score does not count are named as such
    assert "Offers the score does not count as given away: " in line
    assert "Offer a critical-minerals pact (turn" in line


def test_a_concession_offer_alone_is_not_said_to_have_cost_anything(sprint):
    minerals = {"actions": [{"id": "critical_minerals_offer"}], "memo": "An offer, not a gift."}
    state, _ = resolve_turn(sprint, new_game(sprint, 2026), Decision.model_validate(minerals))
    state = play_through(sprint, state, policy=get_policy("passive"))
    data = build_report(sprint, state, games_per_policy=0, with_counterfactual=False)
    assert data["record"]["concessions"] == 1
    line = _record_line(render_markdown(data))
    assert "nothing you did counted as given away to Washington" in line
    assert (
        "Offers the score does not count as given away: Offer a critical-minerals pact (turn 1)"
        in line
    )


@pytest.mark.parametrize("seed", [5, 2026])
@pytest.mark.parametrize("policy", ["advisor", "appease", "steady"])
def test_the_parts_of_the_record_add_up_to_the_figures_shown_beside_them(sprint, policy, seed):
    """A record of 48.3 read "15.4 of its 40 points, ... 11.0 of 20, 10.6 of 20, 16.4 of 20,
    53.3 in all": the parts, each rounded alone, came to 53.4. Shown to a tenth, the parts now
    add up to the total beside them, the total less what was given away to the record, and the
    turns' costs to what was given away (or, where the record stops at 0, to the whole cost)."""
    state = play_through(sprint, new_game(sprint, seed), policy=get_policy(policy))
    line = _record_line(render_markdown(build_report(sprint, state, games_per_policy=0)))

    def tenths(text: str) -> int:
        return round(float(text) * 10)

    record = tenths(re.match(r"Your record, (\d+\.\d) of 100", line)[1])
    points = [tenths(x) for x in re.findall(r"\) (?:earned )?(\d+\.\d) of", line)]
    assert len(points) == 4, line
    given = re.search(r", (\d+\.\d) in all, less (\d+\.\d) for what you gave away", line)
    if given is None:
        assert sum(points) == record, line
        return
    before, cost = tenths(given[1]), tenths(given[2])
    assert sum(points) == before, line
    assert before - cost == record, line
    turns = [tenths(x) for x in re.findall(r"turn \d+: (\d+\.\d)", line)]
    whole = re.search(r": (\d+\.\d), but the record stops at 0", line)
    assert sum(turns) == (tenths(whole[1]) if whole else cost), line


def test_scores_shown_alike_share_a_place_in_the_class():
    from diplomacy_game.classroom.class_page import _place
    from diplomacy_game.classroom.report import standing_text

    scores = {"Grace": 55.6, "Amira": 55.4, "Jamal": 55.0, "Chloé": 57.0, "Isla": 54.9}
    reports = [
        {"scenario_id": "review-sprint", "seed": 2026, "digest": "d", "class_name": "11B"}
        | {"student": name, "score": score}
        for name, score in scores.items()
    ]
    _place(reports)
    rank = {r["student"]: r["class"]["rank"] for r in reports}
    # every page shows 55.6, 55.4 and 55.0 as 55/100: one place, not second, third and fourth
    assert rank == {"Chloé": 1, "Grace": 2, "Amira": 2, "Jamal": 2, "Isla": 5}
    amira = next(r for r in reports if r["student"] == "Amira")
    assert "ranks 2 of 5 in 11B (tied with 2 others)," in standing_text(amira["class"])
    isla = next(r for r in reports if r["student"] == "Isla")
    assert "ranks 5 of 5 in 11B, among" in standing_text(isla["class"])


def test_the_overviews_most_common_decisions_say_how_often_and_by_how_many(tmp_path, capsys):
    from diplomacy_game.cli import main
    from tests.classroom.test_report import _make_class

    handed = _make_class(tmp_path, ["steady", "hardline", "appease"])
    capsys.readouterr()
    assert main(["class-summary", str(handed), "-o", str(tmp_path / "class.csv")]) == 0
    printed = capsys.readouterr()
    line = next(
        x
        for x in (printed.out + printed.err).splitlines()
        if x.startswith("- Most common decisions")
    )
    # "(18)" alone does not say whether 18 students or 18 turns: both are given
    found = re.findall(r"\((once|twice|\d+ times), by (\d+) students?\)", line)
    assert len(found) == 5, line
    assert all(1 <= int(n) <= 3 for _, n in found)


def _memo_class(tmp_path, policies: list[str]):
    """A class whose assignment requires memos, each student's game played by a strategy."""
    from tests.classroom.test_report import _make_class

    return _make_class(tmp_path, policies, "--memo-required")


def test_the_class_page_says_how_much_each_decision_mattered_and_whose_memos(tmp_path, capsys):
    from diplomacy_game.cli import main

    handed = _memo_class(tmp_path, ["steady", "passive"])
    reports = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(reports), "--games", "2"]) == 0
    capsys.readouterr()
    index = (reports / "index.html").read_text(encoding="utf-8")
    rows = {
        name: row
        for row in index.split("<tr>")
        for name in ("Student steady", "Student passive")
        if f">{name}</a>" in row
    }
    # the decision that mattered most with what it was worth (or what it changed)
    assert re.search(
        r"turn \d+: [^<]+ \((earned|cost) \d+ points?|changed the game&#x27;s course"
        r"|moved only the figures|changed nothing",
        rows["Student steady"],
    ), rows["Student steady"]
    # a game with no choice of its own says so, not a bare dash
    assert "none: no action taken, every answer left to its default" in rows["Student passive"]
    # memos a strategy filled in are not counted as the student's, and the page says so
    turns = 9
    assert f">0 ({turns} by a strategy)</td>" in rows["Student steady"]
    steady = next(reports.glob("*steady*.html")).read_text(encoding="utf-8")
    assert f"A strategy played {turns} turns and filled in their memos" in steady
    passive = next(reports.glob("*passive*.html")).read_text(encoding="utf-8")
    assert "You took no action on any of your 9 turns." in passive


def test_the_class_page_says_what_each_column_measures(tmp_path, capsys):
    from diplomacy_game.cli import main
    from tests.classroom.test_report import _make_class

    handed = _make_class(tmp_path, ["steady", "hardline"])
    reports = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(reports), "--games", "2"]) == 0
    capsys.readouterr()
    index = (reports / "index.html").read_text(encoding="utf-8")
    key = index.split("<p class='key'>", 1)[1].split("</p>", 1)[0]
    for column in ("GDP gap:", "Jobs lost:", "Fiscal room:", "Concessions:", "Memos:"):
        assert column in key, column
    assert "without the tariffs" in key and "in thousands" in key


def test_a_chart_names_both_ends_of_its_time_axis():
    from diplomacy_game.classroom.report import svg_plot

    chart = svg_plot([50.0, 49.0, 51.0, 52.0], "Approval, %")
    assert ">turn 1</text>" in chart and ">turn 4</text>" in chart
    chart = svg_plot([50.0, 49.0, 51.0, 52.0], "Approval, %", first_turn=0)
    assert ">start</text>" in chart and ">turn 3</text>" in chart


def test_the_side_by_side_table_fits_a_printed_a4_page(tmp_path, capsys):
    import os

    from diplomacy_game.cli import main
    from tests.web import browser

    problem = browser.missing()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    handed = _memo_class(tmp_path, ["steady", "hardline", "appease"])
    reports = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(reports), "--games", "0"]) == 0
    capsys.readouterr()
    # A4 at 96 dots an inch, less the browser's print margins: 718 px of paper across
    with browser.chromium(718, 1000) as page:
        page.goto((reports / "index.html").as_uri())
        page.emulate_media(media="print")
        table, room = page.evaluate(
            "() => [document.querySelector('table.side').scrollWidth, document.body.clientWidth]"
        )
    assert table <= room, (table, room)  # every column on the paper, none past its edge


# A student who played every turn with a memo of her own (docs/classroom.md's lesson, seed 2026).
AMIRA = [
    '{"turn": 1, "actions": [{"id": "call_president"}, {"id": "lobby_us_business"}], "memo": "The Court just struck down the IEEPA tariffs, so I call first and get US business on our side: no reason to escalate when the legal ground moved our way."}',
    '{"turn": 2, "actions": [{"id": "critical_minerals_offer"}, {"id": "lobby_governors"}], "memo": "Minerals are something Washington needs against China and cost us no industry. Governors in auto states feel the tariffs too."}',
    '{"turn": 3, "actions": [{"id": "worker_support"}], "memo": "Unemployment is rising in autos; I pay for workers now so approval holds for the review."}',
    '{"turn": 4, "actions": [{"id": "push_technical_talks"}, {"id": "lobby_congress"}], "memo": "Keep the text moving; Congress has to approve whatever comes out of the review."}',
    '{"turn": 5, "actions": [{"id": "coordinate_mexico"}], "memo": "If Mexico and Canada stand together, the President cannot pick us off one by one."}',
    '{"turn": 6, "actions": [{"id": "flatter_president"}, {"id": "push_technical_talks"}], "memo": "Advisors say he needs a win. A compliment is cheap compared with a concession."}',
    '{"turn": 7, "actions": [{"id": "address_to_nation"}], "memo": "Approval slipped after the flattery; I explain the plan to Canadians."}',
    '{"turn": 8, "actions": [{"id": "push_technical_talks"}, {"id": "lobby_governors"}], "memo": "Two turns left: close the text and keep the governors pushing."}',
    '{"turn": 9, "actions": [{"id": "call_president"}], "memo": "Last call before the review: ask him to sign on to renewal."}',
]


def test_the_class_page_asks_the_class_questions_from_its_own_games(tmp_path, capsys):
    from diplomacy_game.cli import main
    from tests.classes import assign_class

    handout = assign_class(
        tmp_path, ["Amira Haddad", "Emma Wilson", "Farid Nasser"], "--memo-required"
    )
    handed = tmp_path / "handed-in"
    handed.mkdir()
    decisions = tmp_path / "amira.jsonl"
    decisions.write_text("\n".join(AMIRA) + "\n", encoding="utf-8")
    how = {"Amira": ["--decisions", str(decisions)], "Emma": ["--policy", "hardline"]}
    for path in sorted(handout.glob("*.json")):
        who = path.stem.split("-")[2]
        play = how.get(who, ["--policy", "appease"])
        save = handed / f"{who}.json"
        assert main(["play", "--load", str(path), *play, "--save", str(save)]) == 0
    reports = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(reports), "--games", "0"]) == 0
    capsys.readouterr()
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "<h2 id='questions'>Questions for the class</h2>" in index
    asked = index.split("<h2 id='questions'>", 1)[1].split("</ol>", 1)[0].replace("&#x27;", "'")
    # the best and the worst game side by side, endings written as in a sentence
    assert "Farid Nasser's game ended in renewal for sixteen years (65/100)" in asked
    assert "Emma Wilson's in a US withdrawal notice" in asked
    assert (
        "Emma Wilson hit back in the first two turns (endings: a US withdrawal notice 1)" in asked
    )
    assert "Farid Nasser took 13 concession actions" in asked and "to 0.0 of 100" in asked
    # a memo the student wrote, on the decision that mattered most; never a strategy's
    assert "Amira Haddad's decision that mattered most was" in asked
    assert "the memo said: &quot;" in asked
    assert "[appease]" not in asked and "[hardline]" not in asked


def test_the_class_question_on_hitting_back_early_names_its_games_as_a_sentence(tmp_path, capsys):
    """Two students are "Ana Diaz and Ben Roy", and a game still in play, which is in neither
    group, is said to be left out: "the other student" is then the only other finished game."""
    from diplomacy_game.cli import main
    from tests.classes import assign_class

    handout = assign_class(tmp_path, ["Ana Diaz", "Ben Roy", "Cy Park", "Di Chen"])
    handed = tmp_path / "handed-in"
    handed.mkdir()
    how = {
        "Ana": ["--policy", "hardline"],
        "Ben": ["--policy", "tit-for-tat"],
        "Cy": ["--policy", "steady"],
        "Di": ["--policy", "hardline", "--turns", "3"],  # hit back early, not finished
    }
    for path in sorted(handout.glob("*.json")):
        who = path.stem.split("-")[2]
        save = handed / f"{who}.json"
        assert main(["play", "--load", str(path), *how[who], "--save", str(save)]) == 0
    reports = tmp_path / "reports"
    assert main(["report", str(handed), "-o", str(reports), "--games", "0"]) == 0
    capsys.readouterr()
    index = (reports / "index.html").read_text(encoding="utf-8")
    asked = index.split("<h2 id='questions'>", 1)[1].split("</ol>", 1)[0]
    assert "Of the finished games, Ana Diaz and Ben Roy hit back in the first two turns" in asked
    assert "the other student did not (endings: " in asked and "Di Chen" not in asked
