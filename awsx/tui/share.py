"""The app's sharing commands (issue 7): ``ctrl+s`` / ``:export``, ``:diff OLD``, and follow
mode (``:who``, ``:follow NAME``). A mixin of ``AwsxApp`` so app.py stays the composition root;
the answers come from awsx/export.py, awsx/diff.py and awsx/follow.py, this only wires them in.

Follow mode runs on one timer: every tick a follower applies its leader's latest NavState
(only when it changed), and every session publishes its own NavState when it changed. Polling
the view rather than hooking each navigation path also publishes cursor moves, filter typing and
sort changes, which are navigation too for whoever follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.screen import ModalScreen, Screen

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.diff.changes import EstateDiff, diff_estates
from awsx.screens.base import AwsxScreen
from awsx.screens.browse import BrowseScreen
from awsx.screens.export_prompt import ExportPrompt
from awsx.serve.exports import export_path
from awsx.serve.follow import FollowContext
from awsx.store.snapshot import open_snapshot
from awsx.store.table_export import export_table, format_for
from awsx.tui.navigation import BROWSE, NavState
from awsx.widgets.messages import DiffComputed

if TYPE_CHECKING:
    from awsx.tui.app import AwsxApp

# ``:export md`` and friends: the word for a format, and the file suffix it writes.
FORMAT_WORDS = {"json": "json", "csv": "csv", "md": "markdown", "markdown": "markdown"}
SUFFIX = {"json": ".json", "csv": ".csv", "markdown": ".md"}
DEFAULT_FORMAT = "csv"
FOLLOW_TICK = 0.25  # seconds: how often a follower looks for its leader's moves


@dataclass(frozen=True, slots=True)
class DiffInView:
    """A ``:diff OLD`` in effect: the old estate (removed resources are shown from it) and the
    answer of awsx/diff.py, with the marks every list shows."""

    path: str
    old: Estate
    diff: EstateDiff
    marks: dict[str, str]

    @property
    def summary(self) -> str:
        name = Path(self.path).name
        return f"diff vs {name}: +{len(self.diff.added)} ~{len(self.diff.changed)} -{len(self.diff.removed)}"


def parse_export(argument: str) -> tuple[str | None, str]:
    """``"md out.md"`` -> ``("markdown", "out.md")``; the format is None when only FILE says it."""
    word, _, rest = argument.strip().partition(" ")
    if word.casefold() in FORMAT_WORDS:
        return FORMAT_WORDS[word.casefold()], rest.strip()
    return None, argument.strip()


def default_export_name(view: str, fmt: str, now: datetime | None = None) -> str:
    """``awsx-subnet-20250102-030405.csv``: in the current directory, never overwriting a
    previous export of the same view."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"awsx-{view}-{stamp}{SUFFIX[fmt]}"


class ShareMixin:
    """Export, diff and follow for ``AwsxApp`` (which supplies estate, screen, navigate...)."""

    follow_context: FollowContext | None
    diff_in_view: DiffInView | None
    following: str
    _leader_state: NavState | None
    _own_baseline: NavState | None
    _published: tuple[NavState, str] | None

    def init_share(self, follow: FollowContext | None) -> None:
        self.follow_context = follow
        self.diff_in_view = None
        self.following = ""
        self._leader_state = None
        self._own_baseline = None
        self._published = None

    def start_share(self: AwsxApp) -> None:
        if self.follow_context is not None:
            self.set_interval(FOLLOW_TICK, self._follow_tick)

    @property
    def share_status(self) -> str:
        """What the status line says about sharing: the diff in view, whom this view follows."""
        parts = []
        if self.following:
            parts.append(f"following {self.following}")
        if self.diff_in_view is not None:
            parts.append(self.diff_in_view.summary)
        return "  ".join(parts)

    def refresh_share(self: AwsxApp) -> None:
        """The diff or the followed user changed: every open view redraws what it marks."""
        for screen in self.screen_stack:
            if isinstance(screen, AwsxScreen) and screen.is_mounted:
                screen.refresh_share()

    # --- export ----------------------------------------------------------------------------
    def action_export(self: AwsxApp) -> None:
        self.export_view("")

    def export_view(self: AwsxApp, argument: str) -> None:
        """``:export [json|csv|md] [FILE]``: without FILE, ask for one (a default offered)."""
        screen = self._view_screen()
        table = screen.export_rows() if isinstance(screen, AwsxScreen) else None
        if table is None:
            self.notify("nothing to export here: this view has no table", severity="warning")
            return
        fmt, path = parse_export(argument)
        if path:
            self._write_export(path, fmt, table)
            return
        name = default_export_name(screen.export_name, fmt or DEFAULT_FORMAT)

        def chosen(answer: str | None) -> None:
            if answer:
                self._write_export(answer, fmt, table)

        self.push_screen(ExportPrompt(name), chosen)

    def _view_screen(self: AwsxApp) -> Screen:
        """The view under any modal (the ``:`` prompt of an engine view is one)."""
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, ModalScreen):
                return screen
        return self.screen

    def _write_export(self: AwsxApp, path: str, fmt: str | None,
                      table: tuple[list[str], list[list[object]]]) -> None:
        columns, rows = table
        try:
            target = export_path(path, self.follow_context)
            text = export_table(columns, rows, fmt or format_for(target))
            target.write_text(text, encoding="utf-8")
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        except OSError as error:
            self.notify(f"cannot write {path}: {error.strerror or error}", severity="error")
            return
        where = " on the server (this is an SSH session)" if self.follow_context is not None else ""
        self.notify(f"exported {len(rows)} rows to {target.resolve()}{where}", timeout=8)

    # --- diff ------------------------------------------------------------------------------
    def diff_against(self: AwsxApp, path: str) -> None:
        """``:diff OLD`` computes in a thread; ``:diff`` alone clears the marks."""
        if not path:
            if self.diff_in_view is not None:
                self.diff_in_view = None
                self.refresh_share()
                self.notify("diff cleared", timeout=4)
            return
        self.notify(f"comparing with {path}…", timeout=3)
        self._compute_diff(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="diff", description="diff against a snapshot")
    def _compute_diff(self: AwsxApp, path: str) -> None:
        try:
            old = open_snapshot(Path(path).expanduser())
        except (UserError, OSError) as error:
            self.post_message(DiffComputed(path, None, None, str(error).splitlines()[0] if str(error) else repr(error)))
            return
        self.post_message(DiffComputed(path, old, diff_estates(old, self.estate)))

    def on_diff_computed(self: AwsxApp, event: DiffComputed) -> None:
        # Named, not @on: Textual collects @on handlers only from its own classes, not a mixin.
        if event.diff is None or event.old is None:
            self.notify(f"cannot diff: {event.problem}", severity="error")
            return
        self.diff_in_view = DiffInView(event.path, event.old, event.diff, event.diff.marks())
        self.refresh_share()
        security = len(event.diff.security)
        self.notify(self.diff_in_view.summary + (f", {security} security-relevant" if security else ""),
                    timeout=8)

    # --- follow mode -----------------------------------------------------------------------
    def current_state(self: AwsxApp) -> NavState:
        self._remember_current()
        return self.history.current

    def show_who(self: AwsxApp) -> None:
        if self.follow_context is None:
            self.notify(":who works in a session of awsx serve", severity="warning")
            return
        lines = []
        for presence in self.follow_context.who():
            width, height = presence.size
            place = presence.state.screen or "pulse"
            if presence.state.kind:
                place += f" {presence.state.kind}"
            also = f" → following {presence.following}" if presence.following else ""
            me = " (you)" if presence.session == self.follow_context.session else ""
            lines.append(f"{presence.user}{me}  {width}x{height}  {place}{also}")
        self.notify("\n".join(lines) or "nobody", title="connected", timeout=12)

    def follow_user(self: AwsxApp, name: str) -> None:
        """``:follow NAME`` tracks NAME's view; ``:follow`` alone stops."""
        context = self.follow_context
        if not name:
            self._stop_following("stopped following")
            return
        if context is None:
            self.notify(":follow works in a session of awsx serve", severity="warning")
            return
        if name == context.user:
            self.notify("you cannot follow yourself", severity="warning")
            return
        if context.latest(name) is None:
            self.notify(f"nobody named {name} is connected (:who lists who is)", severity="warning")
            return
        self.following, self._leader_state, self._own_baseline = name, None, None
        self.refresh_share()
        self._follow_tick()

    def _stop_following(self: AwsxApp, why: str) -> None:
        if self.following:
            self.notify(f"{why} {self.following}", timeout=4)
            self.following, self._leader_state, self._own_baseline = "", None, None
            self.refresh_share()

    def _follow_tick(self: AwsxApp) -> None:
        context = self.follow_context
        # A tick can come before the first screen is up, or after the last one closed.
        if context is None or not self.screen_stack:
            return
        if self.following:
            own = self.current_state()
            if self._own_baseline is not None and own != self._own_baseline:
                self._stop_following("you moved: stopped following")
            else:
                leader = context.latest(self.following)
                if leader is not None and leader.screen and leader != self._leader_state:
                    self._leader_state, self._own_baseline = leader, None
                    self.show_state(leader)
                else:
                    self._own_baseline = own  # the view as applied: a later change is the follower's
        published = (self.current_state(), self.following)
        if published != self._published:
            self._published = published
            context.publish(*published)

    def show_state(self: AwsxApp, state: NavState) -> None:
        """Show ``state`` as a new step in history, in place when the browse already shows its
        kind (a leader's cursor move must not rebuild the follower's screen)."""
        screen = self._view_screen()
        if state.screen == BROWSE and isinstance(screen, BrowseScreen) and screen.shows(state):
            screen.restore(state)
            self.history.update(state)
            return
        self.navigate(state, from_pulse=True)
