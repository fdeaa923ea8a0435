"""Elbows Up: a trade-diplomacy strategy game."""

__version__ = "0.1.0"
