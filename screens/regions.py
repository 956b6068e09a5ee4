"""``R`` / ``A``: pick the regions or the accounts in view. Unticked ones disappear from the
lists (global resources such as IAM stay in every region); the status line says which are in
view. One picker serves both: a list of (value, label) and the noun it picks."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static


class PlacesScreen(ModalScreen[frozenset[str] | None]):
    """Space ticks, Enter applies (nothing ticked means all), Escape leaves things as they were."""

    DEFAULT_CSS = """
    PlacesScreen {
        align: center middle;
    }
    PlacesScreen > Vertical {
        width: auto;
        min-width: 36;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    PlacesScreen SelectionList {
        height: auto;
        max-height: 20;
        border: none;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="regions.cancel"),
        Binding("enter", "apply", "Apply", id="regions.apply", priority=True),
    ]

    def __init__(self, choices: list[tuple[str, str]], in_view: frozenset[str] | None, noun: str = "regions") -> None:
        super().__init__()
        self.choices = choices  # (value, label)
        self.in_view = in_view
        self.noun = noun

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"{self.noun.capitalize()} in view"
            box.border_subtitle = "space tick · enter apply · esc cancel"
            yield SelectionList[str](*((label, value, self.in_view is None or value in self.in_view)
                                       for value, label in self.choices))
            yield Static(f"none ticked = all {self.noun}", classes="hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self.refresh_bindings()

    def action_apply(self) -> None:
        chosen = frozenset(self.query_one(SelectionList).selected)
        every = frozenset(value for value, _ in self.choices)
        self.dismiss(None if not chosen or chosen == every else chosen)

    def action_cancel(self) -> None:
        self.dismiss(self.in_view if self.in_view is not None else frozenset(value for value, _ in self.choices))
