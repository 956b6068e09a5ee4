"""What every awsx view has: the status line, breadcrumbs, the ``:`` command line, a footer,
a NavState that says where it is and what it was asked (for ``[``/``]`` history, a live
refresh and ``:follow``), the table ``ctrl+s`` exports, and the ARN the resource keys act on.

Views are built from a NavState (``from_state``, through awsx/tui/views.py), move only by
posting ``Navigate``, and learn what changed in the app (regions, ``:diff``, follow mode, a
crawl) by watching the app's one ``context``."""

from __future__ import annotations

from typing import Self

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.worker import Worker

from awsx.core.graph import Estate
from awsx.tui.context import ViewContext, context_of
from awsx.tui.navigation import NavState
from awsx.widgets.command_line import CommandLine
from awsx.widgets.crumbs import Crumbs
from awsx.widgets.messages import forward_failure
from awsx.widgets.status import StatusBar

ExportTable = tuple[list[str], list[list[object]]]


class AwsxScreen(Screen[None]):
    """Subclasses yield their body from ``compose_body`` and describe themselves with
    ``crumb``, ``nav_state()`` and ``selection``; ``context_changed`` redraws what the app's
    context marks."""

    crumb = ""

    def __init__(self, estate: Estate) -> None:
        super().__init__()
        self.estate = estate
        self._before_command: Widget | None = None

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> Self:
        """The view ``state`` describes (awsx/tui/views.py builds every view this way)."""
        raise NotImplementedError

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

    @property
    def context(self) -> ViewContext:
        return context_of(self.app)

    # --- sharing (awsx/tui/controllers) ----------------------------------------------------
    export_name = "view"  # the default export file is awsx-<export_name>-<time>.<format>

    def export_rows(self) -> ExportTable | None:
        """The table this view shows, as ``ctrl+s`` exports it (columns, rows in view); None
        when the view has nothing to export yet."""
        return None

    @on(events.Mount)
    def _watch_context(self) -> None:
        self.watch(self.app, "context", self.context_changed, init=False)

    def context_changed(self, old: ViewContext, new: ViewContext) -> None:
        """The app's context changed (a ``:diff``, ``R``, follow mode, the clock): redraw what
        shows it. The status line watches for itself."""

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        forward_failure(self, event)

    # --- the : command line ----------------------------------------------------------------
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
        self.refresh_crumbs()

    def refresh_crumbs(self) -> None:
        """Also when the view's own crumb changed (an engine view was asked something else)."""
        self.query_one(Crumbs).refresh_crumbs()
