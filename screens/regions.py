"""``R``: pick the regions in view. Unticked regions disappear from the lists (global
resources such as IAM stay); the status line says which regions are in view."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static


class RegionScreen(ModalScreen[frozenset[str] | None]):
    """Space ticks, Enter applies (nothing ticked means all), Escape leaves things as they were."""

    DEFAULT_CSS = """
    RegionScreen {
        align: center middle;
    }
    RegionScreen > Vertical {
        width: auto;
        min-width: 36;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    RegionScreen SelectionList {
        height: auto;
        max-height: 20;
        border: none;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="regions.cancel"),
        Binding("enter", "apply", "Apply", id="regions.apply", priority=True),
    ]

    def __init__(self, regions: list[str], in_view: frozenset[str] | None) -> None:
        super().__init__()
        self.regions = regions
        self.in_view = in_view

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Regions in view"
            box.border_subtitle = "space tick · enter apply · esc cancel"
            yield SelectionList[str](*((region, region, self.in_view is None or region in self.in_view)
                                       for region in self.regions))
            yield Static("none ticked = all regions", classes="hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self.refresh_bindings()

    def action_apply(self) -> None:
        chosen = frozenset(self.query_one(SelectionList).selected)
        self.dismiss(None if not chosen or chosen == frozenset(self.regions) else chosen)

    def action_cancel(self) -> None:
        self.dismiss(self.in_view if self.in_view is not None else frozenset(self.regions))
