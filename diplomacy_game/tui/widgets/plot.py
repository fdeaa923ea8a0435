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
) -> Text:
    """A column chart of the last ``width`` values with the range on the left."""
    out = Text()
    out.append(title, style="bold")
    if not values:
        out.append("\n(no turns played yet)", style="dim")
        return out
    last = values[-1]
    first = max(1, len(values) - width + 1)  # the turn of the first column shown
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
    end = str(first + len(values) - 1) if len(values) > 7 else ""
    out.append(
        f"\n{'':>{label_w}} turn {first}{'':>{max(0, len(values) - 7)}}{end}",
        style="dim",
    )
    return out


class Plot(Static):
    DEFAULT_CSS = """
    Plot { height: auto; width: 1fr; padding: 0 1 1 0; }
    """

    def __init__(
        self, title: str, values: list[float], min_span: float = 0.0, now: str = "", **kwargs
    ) -> None:
        super().__init__(plot_text(title, values, min_span=min_span, now=now), **kwargs)
