"""Elbows Up: a trade-diplomacy strategy game."""

__version__ = "0.1.0"

# The version of the rules the engine plays by. A change that can make the same scenario, seed
# and decisions give another game raises it: it is part of every content digest, so a save
# played under other rules is told apart (offered a replay, never judged edited by verify).
# tests/engine/test_rules_version.py holds a fingerprint of games played under it.
RULES_VERSION = 4
