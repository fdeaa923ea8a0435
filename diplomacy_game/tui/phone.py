"""A phone held upright: in the browser its terminal is about 40 to 50 columns wide.

Under ``NARROW`` columns every screen has the class ``-narrow`` (the app's breakpoints), which
``elbows.tcss`` uses, and the widgets whose text is laid out in Python (the footer, the tabs'
labels, the sectors' table) take their narrow form. From ``NARROW`` on nothing changes.
"""

from __future__ import annotations

NARROW = 60


def is_narrow(width: int) -> bool:
    """Whether a terminal ``width`` wide is laid out for a phone (0: not measured yet)."""
    return 0 < width < NARROW
