"""What every awsx view has: the status line, breadcrumbs, a footer, a NavState that says
where it is (for ``[``/``]`` history and ``:follow``), and the ARN the resource keys act on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from awsx.core.graph import Estate
from awsx.tui.navigation import NavState
from awsx.widgets.command_line import CommandLine
from awsx.widgets.crumbs import Crumbs
from awsx.widgets.status import StatusBar


class AwsxScreen(Screen[None]):
    """Subclasses yield their body from ``compose_body`` and describe themselves with
    ``crumb``, ``nav_state()`` and ``selection``."""

    crumb = ""

    def __init__(self, estate: Estate) -> None:
        super().__init__()
        self.estate = estate
        self._before_command: Widget | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.estate.info, self.estate.markers)
        yield Crumbs()
        yield from self.compose_body()
        yield CommandLine()
        yield Footer(compact=True, show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def nav_state(self) -> NavState:
        raise NotImplementedError

    @property
    def selection(self) -> str | None:
        """The ARN that ``y``, ``o``, ``x``, ``r``... act on; None when nothing is selected."""
        return None

    # --- sharing (awsx/app_share.py) --------------------------------------------------------
    export_name = "view"  # the default export file is awsx-<export_name>-<time>.<format>

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        """The table this view shows, as ``ctrl+s`` exports it (columns, rows in view); None
        when the view has no table."""
        return None

    def refresh_share(self) -> None:
        """A ``:diff`` came or went, or follow mode changed: redraw what shows it."""
        self.query_one(StatusBar).refresh_context()

    def open_command_line(self) -> None:
        self._before_command = self.focused
        self.query_one(CommandLine).open()

    @on(CommandLine.Entered)
    @on(CommandLine.Closed)
    def _command_done(self) -> None:
        """Focus goes back where it was (Entered then bubbles on to the app, which acts)."""
        before = self._before_command
        if before is not None and before.is_attached:
            self.set_focus(before)

    def on_screen_resume(self) -> None:
        self.query_one(Crumbs).refresh_crumbs()
        self.query_one(StatusBar).refresh_context()
