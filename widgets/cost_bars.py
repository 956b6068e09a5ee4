"""Money as horizontal bars: one option per row (a cost group, a priced resource, a waste
finding), its amount as a bar scaled to the largest row, the figure, and a dim second line for
the arithmetic or evidence. The amounts come from the cost engine as they are; this widget only
draws them (an unknown amount draws no bar and says "unknown", never $0)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from awsx.core.inert import inert
from awsx.cost.bill import money

# Eighth blocks give a bar eight steps per cell, so small differences still show.
_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 20
_LABEL_WIDTH = 34


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """``fraction`` (0..1) of ``width`` cells as block characters, padded to ``width``."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


@dataclass(frozen=True, slots=True)
class BarRow:
    """One row: ``ref`` is what Enter hands back (a group key or an ARN); ``note`` follows the
    figure (a kind, a waste rule); ``detail`` is the dim line under it (basis, evidence)."""

    ref: str
    label: str
    amount: float | None
    approximate: bool = False
    detail: str = ""
    note: str = ""


class BarOption(Option):
    """An option that remembers its row."""

    def __init__(self, row: BarRow, scale: float) -> None:
        self.row = row
        super().__init__(_prompt(row, scale), id=row.ref)


def _prompt(row: BarRow, scale: float) -> RenderableType:
    label = inert(row.label)  # a tag value, a resource name: data
    label = label if len(label) <= _LABEL_WIDTH else label[: _LABEL_WIDTH - 1] + "…"
    fraction = (row.amount or 0.0) / scale if scale else 0.0
    text = Text.assemble(
        (label.ljust(_LABEL_WIDTH), "bold"), " ",
        (bar(fraction), "green" if row.amount is not None else ""), " ",
        (money(row.amount, row.approximate).rjust(12), "yellow" if row.approximate or row.amount is None else ""),
        "  ", (inert(row.note), "cyan"),
    )
    if not row.detail:
        return text
    # The detail wraps under itself, indented, so the labels stand out down the list.
    return Group(text, Padding(Text(inert(row.detail), style="dim"), (0, 0, 0, 2)))


class CostBars(OptionList):
    """An OptionList of BarRows; ``show`` replaces the rows (largest amount = full bar)."""

    DEFAULT_CSS = """
    CostBars {
        height: 1fr;
        scrollbar-gutter: stable;  /* wrapped details are measured at this width: keep it fixed */
    }
    """

    def show(self, rows: Iterable[BarRow]) -> None:
        rows = list(rows)
        scale = max((r.amount for r in rows if r.amount is not None), default=0.0)
        self.clear_options()
        self.add_options([BarOption(row, scale) for row in rows])
        if rows:
            self.highlighted = 0

    @property
    def current(self) -> BarRow | None:
        """The highlighted row, or None when the list is empty."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.row if isinstance(option, BarOption) else None
