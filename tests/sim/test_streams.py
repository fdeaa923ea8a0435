"""The policies' streams of many games give each game the numbers its own generator would."""

from __future__ import annotations

import gc

from diplomacy_game.sim.batch import game_seed, run_batch
from diplomacy_game.sim.policies import PolicyStreams, TurnStreams, get_policy, policy_rng


def _expected(seed: int, turn: int, count: int) -> list[float]:
    return policy_rng(seed, turn).random(count).tolist()


def test_rows_are_each_games_numbers_for_the_turn():
    seeds = [game_seed(3, i) for i in range(4)]
    streams = PolicyStreams(seeds)
    counts = [3, 0, 7, 2]
    for turn in (1, 2, 5, 3):  # on, on, skipping turns, and back
        rows = streams.rows(range(4), turn, counts)
        assert rows.shape == (4, 7)
        for k, seed in enumerate(seeds):
            assert rows[k, : counts[k]].tolist() == _expected(seed, turn, counts[k])
            assert not rows[k, counts[k] :].any()


def test_rows_after_a_generator_was_handed_out():
    seeds = [game_seed(4, i) for i in range(3)]
    streams = PolicyStreams(seeds)
    streams.rows(range(3), 1, [5, 5, 5])
    streams.at(1, 2).random(9)  # whatever the holder draws
    rows = streams.rows([1, 2], 2, [4, 6])
    assert rows[0, :4].tolist() == _expected(seeds[1], 2, 4)
    assert rows[1, :6].tolist() == _expected(seeds[2], 2, 6)


def test_turn_streams_hand_out_the_same_generators():
    seeds = [game_seed(5, i) for i in range(3)]
    turn = TurnStreams(PolicyStreams(seeds), [2, 0], 4)
    assert len(turn) == 2
    assert turn[0].random(3).tolist() == _expected(seeds[2], 4, 3)
    assert turn.random_rows([2, 1])[1, :1].tolist() == _expected(seeds[0], 4, 1)


def test_a_batch_puts_the_cycle_collector_back(ruleset):
    before = gc.get_threshold()
    run_batch(ruleset, get_policy("random"), [game_seed(6, i) for i in range(3)])
    assert gc.get_threshold() == before
