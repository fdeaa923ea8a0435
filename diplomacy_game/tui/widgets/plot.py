"""Small text plots of a series, drawn with block characters (no dependencies)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from diplomacy_game import fmt

BLOCKS = " ▁▂▃▄▅▆▇█"


def plot_text(
    title: str,
    values: list[float],
    width: int = 30,
    height: int = 5,
    min_span: float = 0.0,
    now: str = "",
    first_turn: int = 1,
) -> Text:
    """A column chart of the last ``width`` values with the range on the left; the first
    value is of turn ``first_turn`` (0: the game's start, labelled so)."""
    out = Text()
    out.append(title, style="bold")
    if not values:
        out.append("\n(no turns played yet)", style="dim")
        return out
    last = values[-1]
    first = first_turn + max(0, len(values) - width)  # the turn of the first column shown
    values = values[-width:]
    lo, hi = fmt.axis_range(values, min_span or max(1.0, 0.05 * max(abs(v) for v in values)))
    digits = fmt.axis_digits(lo, hi)
    out.append(f"  now {now or fmt.number(last, max(1, digits), trim=True)}", style="cyan")
    span = hi - lo
    top, bottom = fmt.number(hi, digits), fmt.number(lo, digits)
    label_w = max(len(top), len(bottom))
    for row in range(height, 0, -1):
        out.append("\n")
        if row == height:
            out.append(f"{top:>{label_w}}┤", style="dim")
        elif row == 1:
            out.append(f"{bottom:>{label_w}}┤", style="dim")
        else:
            out.append(" " * label_w + "│", style="dim")
        line = []
        for v in values:
            level = (v - lo) / span * height  # 0..height
            fill = level - (row - 1)
            if fill >= 1:
                line.append(BLOCKS[8])
            elif fill <= 0:
                line.append(" " if row > 1 else BLOCKS[1])
            else:
                line.append(BLOCKS[max(1, round(fill * 8))])
        out.append("".join(line), style="cyan")
    out.append("\n" + " " * label_w + "└" + "─" * len(values), style="dim")
    out.append("\n" + " " * label_w + " ", style="dim")
    out.append(axis_labels(first, len(values)), style="dim")
    return out


def axis_labels(first: int, columns: int) -> str:
    """The turns under a plot's columns: the first at the left, the last ending under the last
    column when there is room for both ("start ... turn 12", "start  7", "turn 3 ... 14")."""
    last = first + columns - 1
    if first > 0:
        start, ends = f"turn {first}", [(str(last), 1)]
    else:
        start, ends = "start", [(f"turn {last}", 1), (str(last), 2)]
    for end, room in ends:
        gap = columns - len(start) - len(end)
        if gap >= room:
            return start + " " * gap + end
    return start


class Plot(Static):
    DEFAULT_CSS = """
    Plot { height: auto; width: 1fr; padding: 0 1 1 0; }
    """

    def __init__(
        self,
        title: str,
        values: list[float],
        min_span: float = 0.0,
        now: str = "",
        first_turn: int = 1,
        **kwargs,
    ) -> None:
        super().__init__(
            plot_text(title, values, min_span=min_span, now=now, first_turn=first_turn), **kwargs
        )
