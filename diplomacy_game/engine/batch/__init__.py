"""The batch wing: many games of one ruleset played in step over numpy arrays.

The rules themselves are the single-game engine's (``domestic.advance``,
``us_model.fade_memory``, ``events.held_back`` ...), written once over an ``Arith``; what
is here is only what must differ for many games: the games' values as one array, masks of
the games concerned, per-game lists (events waiting, follow-ups, logs) and per-game draws
from each game's own generator. ``tests/engine/test_batch.py`` proves a batch game is the
single-game engine's game, bit for bit.
"""

from diplomacy_game.engine.batch.games import BatchGames, TurnPlan

__all__ = ["BatchGames", "TurnPlan"]
