"""The ``:`` prompt for screens that do not carry their own CommandLine (engine views built
by other modules): the same widget, hosted by a small modal that returns the text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import ModalScreen

from awsx.widgets.command_line import CommandLine


class CommandScreen(ModalScreen[str | None]):
    """Enter returns the line; Escape returns None."""

    DEFAULT_CSS = """
    CommandScreen {
        background: $background 0%;
        align: left bottom;
    }
    """

    def compose(self) -> ComposeResult:
        yield CommandLine()

    def on_mount(self) -> None:
        self.query_one(CommandLine).open()

    @on(CommandLine.Entered)
    def _entered(self, event: CommandLine.Entered) -> None:
        event.stop()
        self.dismiss(event.text)

    @on(CommandLine.Closed)
    def _closed(self, event: CommandLine.Closed) -> None:
        event.stop()
        if self.is_active:
            self.dismiss(None)
