"""Small text plots of a series, drawn with block characters (no dependencies)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BLOCKS = " ▁▂▃▄▅▆▇█"


def plot_text(title: str, values: list[float], width: int = 30, height: int = 5) -> Text:
    """A column chart of the last ``width`` values with the range on the left."""
    out = Text()
    out.append(title, style="bold")
    if not values:
        out.append("\n(no turns played yet)", style="dim")
        return out
    last = values[-1]
    out.append(f"  now {last:.1f}", style="cyan")
    values = values[-width:]
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    label_w = max(len(f"{hi:.1f}"), len(f"{lo:.1f}"))
    for row in range(height, 0, -1):
        out.append("\n")
        if row == height:
            out.append(f"{hi:>{label_w}.1f}┤", style="dim")
        elif row == 1:
            out.append(f"{lo:>{label_w}.1f}┤", style="dim")
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
    out.append(
        f"\n{'':>{label_w}} turn 1{'':>{max(0, len(values) - 7)}}{len(values) if len(values) > 7 else ''}",
        style="dim",
    )
    return out


class Plot(Static):
    DEFAULT_CSS = """
    Plot { height: auto; width: 1fr; padding: 0 1 1 0; }
    """

    def __init__(self, title: str, values: list[float], **kwargs) -> None:
        super().__init__(plot_text(title, values), **kwargs)
