"""The ``/`` filter line (k9s grammar): typing narrows live, Enter keeps the filter and returns
to the rows, Escape clears it."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    """An Input that reports Escape as ``Cancelled`` instead of leaving it to the screen."""

    DEFAULT_CSS = """
    FilterInput {
        dock: bottom;
        margin: 0 1;
        display: none;
    }
    FilterInput.-open {
        display: block;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Clear filter", id="filter.cancel",
                tooltip="Clear the filter and show every row"),
    ]

    class Cancelled(Message):
        """The user dropped the filter."""

        def __init__(self, field: FilterInput) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> FilterInput:
            return self.field

    def __init__(self, id: str | None = None,
                 placeholder: str = "/ filter: text, re:regex, !not, tag:k=v, column:value") -> None:
        super().__init__(placeholder=placeholder, compact=True, id=id)

    def open(self) -> None:
        self.add_class("-open")
        # Focus now, not on the next tick (focus() defers): keys typed or pasted right after
        # ``/`` must land here, not on the table behind.
        self.screen.set_focus(self)

    def close(self) -> None:
        self.remove_class("-open")

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled(self))
