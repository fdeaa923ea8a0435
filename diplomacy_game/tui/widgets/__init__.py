"""Widgets of the game's screens; each shows a piece of a GameSession."""
