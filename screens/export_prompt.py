"""``ctrl+s`` / ``:export`` without a FILE: ask where to write, offering a default name in the
current directory (the format follows the name's suffix: .json, .csv or .md)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class ExportPrompt(ModalScreen[str | None]):
    """Enter returns the file name; Escape returns None (nothing written)."""

    DEFAULT_CSS = """
    ExportPrompt {
        align: center middle;
        background: $background 40%;
    }
    ExportPrompt > Vertical {
        width: 80%;
        max-width: 90;
        height: auto;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    ExportPrompt Label {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export the rows in view"
            yield Input(self.default, id="export-file")
            yield Label("Enter writes it · .json .csv or .md · Esc cancels")

    @on(Input.Submitted, "#export-file")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
