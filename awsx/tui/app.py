"""The Textual App: the composition root. It owns the estate, the app-wide keys, history, the
screen stack and the one ``context`` every view watches; screens and widgets do the rendering,
the controllers (awsx/tui/controllers) the background work, each reporting by message to an
``@on`` handler here. Nothing here (or below) talks to AWS: the TUI renders an Estate that the
CLI already loaded, and engines answer the questions."""

from __future__ import annotations

import os
import webbrowser
from dataclasses import dataclass, replace
from typing import Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from awsx.core.console_url import console_url
from awsx.core.errors import SnapshotError
from awsx.core.graph import Estate
from awsx.core.inert import inert, inert_lines
from awsx.load.refresh import Refresher, estate_change, progress_text
from awsx.screens.base import AwsxScreen
from awsx.screens.browse import BrowseScreen
from awsx.screens.export_prompt import ExportPrompt
from awsx.screens.help import HelpScreen, key_help
from awsx.screens.palette import ResourceProvider
from awsx.screens.pulse import PULSE_CSS, Preview, PulseScreen
from awsx.screens.regions import PlacesScreen
from awsx.serve.follow import FollowContext
from awsx.store.derived import DerivedCache, remember
from awsx.store.snapshot import SnapshotReader
from awsx.tui.accounts import AccountsConfig, load_accounts
from awsx.tui.commands import parse_command
from awsx.tui.context import DiffInView, ViewContext
from awsx.tui.controllers.diff import DiffComputed, DiffController
from awsx.tui.controllers.export import DEFAULT_FORMAT, ExportController, Exported, default_export_name, parse_export
from awsx.tui.controllers.follow import FOLLOW_TICK, FollowChanged, FollowController, ShowLeader
from awsx.tui.controllers.refresh import CrawlProgressed, RefreshController, RefreshDone, RefreshFailed
from awsx.tui.keymap import load_keymap
from awsx.tui.navigation import BROWSE, DETAIL, PULSE, USED_BY, XRAY, History, NavState
from awsx.tui.themes import THEMES, awsx_themes, is_colour
from awsx.tui.views import ViewUnavailable, open_view
from awsx.widgets import status
from awsx.widgets.command_line import CommandLine
from awsx.widgets.messages import Navigate
from awsx.widgets.resource_table import ResourceTable

# Kinds the IAM view explains (``i`` on one of them opens :iam with it selected).
IAM_KINDS = ("iam:user", "iam:role", "iam:group", "iam:policy", "iam:instance-profile")
# Seconds between two readings of the clock the header's age is measured against: every
# screen says the same age, and it moves while the app stays open.
AGE_TICK = 30.0


def over_ssh() -> bool:
    """A browser opened here would open on the wrong machine: copy the URL instead."""
    return any(os.environ.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


@dataclass
class EstateLoaded(Message):
    """The snapshot being opened has loaded (``estate``), or cannot be (``error``)."""

    estate: Estate | None
    error: SnapshotError | None = None


class AwsxApp(App[None]):
    """``AwsxApp(estate).run()``: the pulse first, then browse, drill in, walk edges, ask engines."""

    COMMANDS = App.COMMANDS | {ResourceProvider}
    # Textual loads a screen's CSS_PATH when it is pushed, not for the default screen: the
    # landing screen's stylesheet comes with the app.
    CSS_PATH = PULSE_CSS
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave awsx"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="List the keys that work here"),
        Binding("escape", "back", "Back", id="app.back", tooltip="Return to the previous screen"),
        # Priority, so ``:`` at the start of a form field opens the command line too (FormField
        # leaves it there; any other Input claims it, and then this binding is not offered).
        Binding("colon", "command", "Command", id="app.command", priority=True,
                tooltip=":eni vpc-0ab, :sg, :reach, :cost, :export, :diff OLD, :who, :follow NAME, :q (Tab completes)"),
        Binding("left_square_bracket", "history(-1)", "History back", id="app.history_back", show=False,
                tooltip="The previous view, with its filter, sort and cursor"),
        Binding("right_square_bracket", "history(1)", "History forward", id="app.history_forward", show=False,
                tooltip="The next view in history"),
        Binding("x", "xray", "Xray", id="app.xray", tooltip="What the selection depends on, as a tree"),
        Binding("u", "used_by", "Used by", id="app.used_by", tooltip="What depends on the selection"),
        Binding("r", "reach", "Reach", id="app.reach", show=False, tooltip="Reachability from the selection"),
        Binding("i", "iam", "IAM", id="app.iam", show=False, tooltip="IAM view of the selected principal/policy"),
        Binding("y", "copy_id", "Copy id", id="app.copy_id", show=False, tooltip="Copy the selection's id (OSC 52)"),
        Binding("Y", "copy_arn", "Copy ARN", id="app.copy_arn", show=False, tooltip="Copy the selection's ARN"),
        Binding("o", "open_console", "Console", id="app.open_console", show=False,
                tooltip="Open the AWS console page (copied instead over SSH)"),
        Binding("O", "copy_console", "Copy console URL", id="app.copy_console", show=False,
                tooltip="Copy the AWS console URL of the selection"),
        Binding("R", "regions", "Regions", id="app.regions", show=False, tooltip="Pick the regions in view"),
        Binding("A", "accounts", "Accounts", id="app.accounts", show=False, tooltip="Pick the accounts in view"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False, tooltip="Dark / light"),
        Binding("ctrl+s", "export", "Export", id="app.export", show=False,
                tooltip="Save the rows in view as JSON, CSV or Markdown (:export [json|csv|md] [FILE])"),
    ]

    # What every view reads from the app, replaced whole when any of it changes (views watch it).
    context: reactive[ViewContext] = reactive(ViewContext(), init=False)

    def __init__(self, estate: Estate, accounts: AccountsConfig | None = None,
                 follow: FollowContext | None = None, refresher: Refresher | None = None,
                 loading: SnapshotReader | None = None) -> None:
        """``follow``: this session's place among ``awsx serve``'s sessions (default: from the
        environment the server sets; None outside it, and follow mode is off). ``refresher``:
        live mode crawls again in the background (controllers/refresh.py). ``loading``: a
        snapshot still to load; ``estate`` is then its ``shell()`` until the load (a thread
        worker, started after the first frame) hands over the real one."""
        super().__init__()
        self.estate = estate
        self.loading = loading
        self.load_error: SnapshotError | None = None
        self.accounts = accounts if accounts is not None else load_accounts()
        self.keymap = load_keymap()
        self.history = History(NavState(PULSE))
        self.follow = FollowController(self, follow if follow is not None else FollowContext.from_environment())
        self.live_refresh = RefreshController(self, refresher) if refresher is not None else None
        self.diffs = DiffController(self, self.follow.context, loading.path.resolve() if loading is not None else None)
        self.exports = ExportController(self, self.follow.context)
        self.set_reactive(AwsxApp.context, ViewContext(account_labels=self._account_labels(estate),
                                                       now=status.utc_now()))
        self.title = inert(f"awsx · {estate.info.source}")
        self._problems = list(self.keymap.problems + self.accounts.problems)
        accent = self.accounts.accent(estate.info.accounts)
        if accent is not None and not is_colour(accent):
            self._problems.append(f"accounts: accent {accent!r} is not a colour")
            accent = None
        for theme in awsx_themes(accent):
            self.register_theme(theme)
        self.theme = THEMES[self.accounts.theme]

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is data (names, paths, errors quoting what was typed, ``:who``):
        never markup, and inert line by line (its own line breaks kept; issue #20). ``markup`` is
        taken because Widget.notify passes it, and overruled."""
        super().notify(inert_lines(message), title=inert(title),
                       severity=severity, timeout=timeout, markup=False)

    def _account_labels(self, estate: Estate, shown: frozenset[str] | None = None) -> tuple[str, ...]:
        """The header's accounts: those in view (``A``), each by its label from accounts.toml."""
        return tuple(self.accounts.label(a) for a in estate.info.accounts if shown is None or a in shown)

    def change_context(self, **changes: Any) -> None:
        """Replace the context with these fields changed: every view watching it redraws."""
        self.context = replace(self.context, **changes)

    def get_default_screen(self) -> Screen:
        return PulseScreen(self.estate, None if self.loading is None else Preview.of(self.loading))

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.keys)
        if self.follow.context is not None:
            self.set_interval(FOLLOW_TICK, self._follow_tick)
        self.set_interval(AGE_TICK, lambda: self.change_context(now=status.utc_now()))
        for problem in self._problems:
            self.notify(problem, severity="warning", timeout=8)
        if self.live_refresh is not None:
            self.change_context(crawl_text="refreshing...", crawl_markers=())
            self.live_refresh.start()
        if self.loading is not None:
            self.call_after_refresh(self._load_estate, self.loading)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported (views forward theirs here): nothing
        fails silently, and nothing fails as a traceback."""
        if event.state == WorkerState.ERROR:
            what = event.worker.description or event.worker.name or "background work"
            self.notify(f"{what} failed: {event.worker.error}", severity="error", timeout=12)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="load the snapshot")
    def _load_estate(self, reader: SnapshotReader) -> None:
        try:
            # What the engines derive from it at a cost is read from (or kept in) the derived cache.
            self.post_message(EstateLoaded(remember(reader.load(), DerivedCache(), reader.path)))
        except SnapshotError as error:  # open_tui raises it again: one clear line, exit 2
            self.post_message(EstateLoaded(None, error))
        finally:
            reader.close()

    @on(EstateLoaded)
    def _estate_loaded(self, event: EstateLoaded) -> None:
        if event.estate is None:
            self.load_error = event.error
            self.exit(None, 2)
            return
        self.estate, self.loading = event.estate, None
        pulse = self.screen_stack[0]
        if isinstance(pulse, PulseScreen):
            pulse.show_estate(event.estate)

    # --- where the keys act ----------------------------------------------------------------
    @property
    def selection(self) -> str | None:
        screen = self.screen
        arn = screen.selection if isinstance(screen, AwsxScreen) else None
        # A resource removed since a :diff's snapshot is listed, but the keys act on this estate.
        return arn if arn is not None and arn in self.estate else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys are offered only where they can do something (the footer drops the others, ? dims them).
        if self.loading is not None and action in ("regions", "accounts"):
            return False  # the picker lists the estate's regions or accounts: not known yet
        if action == "back":
            return len(self.screen_stack) > 1
        if action == "history":
            return self.history.can_go(int(parameters[0]))  # type: ignore[call-overload]
        if action in ("xray", "used_by", "reach", "copy_id", "copy_arn", "open_console", "copy_console"):
            return self.selection is not None
        if action == "iam":
            arn = self.selection
            return arn is not None and self.estate.resource(arn).kind in IAM_KINDS
        return True

    # --- navigation ------------------------------------------------------------------------
    def _build(self, state: NavState) -> Screen | None:
        """The screen that shows ``state`` (awsx/tui/views.py); None for the pulse (the bottom
        of the stack); ViewUnavailable when it cannot be shown. A resource removed since a
        ``:diff`` snapshot is shown as it was, from that snapshot."""
        if state.screen == PULSE:
            return None
        diff = self.context.diff
        removed = state.screen == DETAIL and diff is not None and diff.removed(state.selection)
        return open_view(state, diff.old if removed and diff is not None else self.estate)

    def _remember_current(self) -> None:
        screen = self.screen
        if isinstance(screen, AwsxScreen) and screen.is_attached and screen.is_mounted:
            self.history.update(screen.nav_state())

    def current_state(self) -> NavState:
        self._remember_current()
        return self.history.current

    def navigate(self, state: NavState, from_pulse: bool = False) -> None:
        """Show ``state`` on top of the current view (``from_pulse``: in place of every view
        above the pulse), as a new step in history."""
        if self.loading is not None:
            self.notify("still loading the snapshot: every view opens once it is in", severity="warning")
            return
        built = self._build_or_say(state)
        if built is None:
            return
        screen = built[0]
        self._remember_current()
        self.history.visit(state)
        if screen is None or from_pulse:
            self._pop_to_pulse()
        if screen is not None:
            self.push_screen(screen)

    def _build_or_say(self, state: NavState) -> tuple[Screen | None] | None:
        """``(screen,)`` for ``state`` (``(None,)``: the pulse), or None once a notification has
        said why it cannot be shown (the resource is gone, the view is not in this build)."""
        try:
            return (self._build(state),)
        except ViewUnavailable as error:
            self.notify(str(error), severity="warning")
            return None

    def _pop_to_pulse(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    @on(Navigate)
    def _navigate(self, event: Navigate) -> None:
        self.navigate(event.state)

    @on(ResourceTable.ResourceChosen)
    def _chosen(self, event: ResourceTable.ResourceChosen) -> None:
        kind = self.estate.resource(event.arn).kind if event.arn in self.estate else None
        self.navigate(NavState(DETAIL, event.arn, kind))

    def action_back(self) -> None:
        """Escape: drop the top view. History follows when the view below is the one before."""
        if len(self.screen_stack) <= 1:
            return
        self._remember_current()
        self.pop_screen()
        below = self.screen
        if isinstance(below, AwsxScreen):
            state = below.nav_state()
            if self.history.can_go(-1) and self._same_view(self.history.peek(-1), state):
                self.history.back()
                self.history.update(state)
            else:
                self.history.visit(state)

    @staticmethod
    def _same_view(a: NavState, b: NavState) -> bool:
        return a.screen == b.screen and (a.screen == BROWSE or a.selection == b.selection)

    def action_history(self, step: int) -> None:
        """``[`` / ``]``: rebuild the view history remembers, with its filter, sort and cursor,
        or an engine view's question (asked again, so its answer is back too)."""
        self._remember_current()
        state = self.history.back() if step < 0 else self.history.forward()
        if state is None:
            return
        built = self._build_or_say(state)
        if built is None:
            return
        screen = built[0]
        self._pop_to_pulse()
        if screen is not None:
            self.push_screen(screen)

    def show_state(self, state: NavState) -> None:
        """Show ``state`` as a new step in history, in place when the browse already shows its
        kind (a leader's cursor move must not rebuild the follower's screen)."""
        screen = self._view_screen()
        if state.screen == BROWSE and isinstance(screen, BrowseScreen) and screen.shows(state):
            screen.restore(state)
            self.history.update(state)
            return
        self.navigate(state, from_pulse=True)

    def _view_screen(self) -> Screen:
        """The view under any dialog (the export prompt, help)."""
        return next((s for s in reversed(self.screen_stack) if not isinstance(s, ModalScreen)), self.screen)

    # --- live mode (controllers/refresh.py) ------------------------------------------------
    @on(CrawlProgressed)
    def _crawl_step(self, event: CrawlProgressed) -> None:
        marker = event.step.marker
        self.change_context(crawl_text=progress_text(event.step),
                            crawl_markers=self.context.crawl_markers + ((marker,) if marker is not None else ()))

    @on(RefreshFailed)
    def _refresh_failed(self, event: RefreshFailed) -> None:
        self.change_context(crawl_text="refresh failed: showing the earlier crawl")
        self.notify(f"refresh failed: {event.problem}", severity="error", timeout=12)

    @on(RefreshDone)
    async def _refresh_done(self, event: RefreshDone) -> None:
        self.change_context(crawl_text="", crawl_markers=())
        await self.swap_estate(event.estate)

    async def swap_estate(self, estate: Estate) -> None:
        """Show ``estate`` instead, each open view rebuilt from its NavState where the user
        was (an engine view asks its question again, of the new estate); dialogs close."""
        change = estate_change(self.estate, estate)
        self._remember_current()
        states = [s.nav_state() for s in self.screen_stack[1:] if isinstance(s, AwsxScreen)]
        self.estate = estate
        self.change_context(account_labels=self._account_labels(estate, self.context.accounts))
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        pulse = self.screen
        if isinstance(pulse, PulseScreen):
            await pulse.replace_estate(estate)
        for state in states:
            try:
                screen = self._build(state)
            except ViewUnavailable as error:  # the resource shown is gone
                self.notify(str(error), severity="warning")
                break
            if screen is not None:
                self.push_screen(screen)
        self.notify(change.summary(), timeout=8)

    # --- the : command line ----------------------------------------------------------------
    def action_command(self) -> None:
        screen = self.screen
        if isinstance(screen, AwsxScreen):
            screen.open_command_line()

    @on(CommandLine.Entered)
    def _command_entered(self, event: CommandLine.Entered) -> None:
        self.run_command(event.text)

    def run_command(self, text: str | None) -> None:
        """What ``:text`` does (awsx.tui.commands parses it)."""
        if text is None:
            return
        command = parse_command(text)
        if command.verb == "quit":
            self.exit()
        elif command.verb == "pulse":
            self.navigate(NavState(PULSE))
        elif command.verb == "help":
            self.action_help()
        elif command.verb == "kind":
            self.navigate(NavState(BROWSE, kind=command.kind, filter=command.filter))
        elif command.verb == "engine":
            self.navigate(NavState(command.word.casefold(), argument=command.filter))
        elif command.verb == "export":
            self.export_view(command.filter)
        elif command.verb == "diff":
            self.diff_against(command.filter)
        elif command.verb == "who":
            self.show_who()
        elif command.verb == "follow":
            self.follow_user(command.filter)
        elif command.verb == "unknown":
            self.notify(f"unknown command :{command.word} (Tab completes; :q quits)", severity="warning")

    # --- export (controllers/export.py) ----------------------------------------------------
    def action_export(self) -> None:
        self.export_view("")

    def export_view(self, argument: str) -> None:
        """``:export [json|csv|md] [FILE]``: without FILE, ask for one (a default offered)."""
        screen = self._view_screen()
        table = screen.export_rows() if isinstance(screen, AwsxScreen) else None
        if table is None:
            self.notify("nothing to export here yet: this view has no answer to save", severity="warning")
            return
        fmt, path = parse_export(argument)
        if path:
            self.exports.write(path, fmt, table)
            return

        def chosen(answer: str | None) -> None:
            if answer:
                self.exports.write(answer, fmt, table)

        self.push_screen(ExportPrompt(default_export_name(screen.export_name, fmt or DEFAULT_FORMAT)), chosen)

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        if event.target is None:
            self.notify(event.problem, severity="error")
            return
        where = " on the server (this is an SSH session)" if self.follow.context is not None else ""
        self.notify(f"exported {event.rows} rows to {event.target}{where}", timeout=8)

    # --- diff (controllers/diff.py) --------------------------------------------------------
    def diff_against(self, path: str) -> None:
        """``:diff OLD`` computes in a thread; ``:diff`` alone clears the marks."""
        if not path:
            if self.context.diff is not None:
                self.change_context(diff=None)
                self.notify("diff cleared", timeout=4)
            return
        self.notify(f"comparing with {path}…", timeout=3)
        self.diffs.compare(path, self.estate)

    @on(DiffComputed)
    def _diff_computed(self, event: DiffComputed) -> None:
        if event.diff is None or event.old is None:
            self.notify(f"cannot diff: {event.problem}", severity="error")
            return
        diff = DiffInView(event.path, event.old, event.diff, event.diff.marks())
        self.change_context(diff=diff)
        security = len(event.diff.security)
        self.notify(diff.summary + (f", {security} security-relevant" if security else ""), timeout=8)

    # --- follow mode (controllers/follow.py) -----------------------------------------------
    def _follow_tick(self) -> None:
        # A tick can come before the first screen is up, or after the last one closed.
        if self.screen_stack:
            self.follow.tick(self.current_state())

    def show_who(self) -> None:
        if self.follow.context is None:
            self.notify(":who works in a session of awsx serve", severity="warning")
            return
        self.notify(self.follow.who(), title="connected", timeout=12)

    def follow_user(self, name: str) -> None:
        """``:follow NAME`` tracks NAME's view; ``:follow`` alone stops."""
        if not name:
            self.follow.stop("stopped following")
            return
        problem = self.follow.follow(name)
        if problem:
            self.notify(problem, severity="warning")
        else:
            self._follow_tick()

    @on(FollowChanged)
    def _follow_changed(self, event: FollowChanged) -> None:
        self.change_context(following=event.following)
        if event.said:
            self.notify(event.said, timeout=4)

    @on(ShowLeader)
    def _show_leader(self, event: ShowLeader) -> None:
        if self.follow.following:  # not stopped since the tick that posted it
            self.show_state(event.state)

    # --- selection keys --------------------------------------------------------------------
    def action_xray(self) -> None:
        arn = self.selection
        if arn is not None:
            self.navigate(NavState(XRAY, arn, self.estate.resource(arn).kind))

    def action_used_by(self) -> None:
        arn = self.selection
        if arn is not None:
            self.navigate(NavState(USED_BY, arn, self.estate.resource(arn).kind))

    def action_reach(self) -> None:
        self.navigate(NavState("reach", self.selection))

    def action_iam(self) -> None:
        self.navigate(NavState("iam", self.selection))

    def _copy(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)  # OSC 52: reaches the local clipboard over SSH too
        self.notify(f"copied {what}: {text}", timeout=4)

    def action_copy_id(self) -> None:
        if self.selection:
            self._copy(self.estate.resource(self.selection).id, "id")

    def action_copy_arn(self) -> None:
        if self.selection:
            self._copy(self.selection, "ARN")

    def action_copy_console(self) -> None:
        if self.selection:
            self._copy(console_url(self.estate.resource(self.selection)), "console URL")

    def action_open_console(self) -> None:
        if not self.selection:
            return
        url = console_url(self.estate.resource(self.selection))
        if over_ssh() or not webbrowser.open(url):
            self._copy(url, "console URL (no local browser)")
        else:
            self.notify(f"opened {url}", timeout=4)

    # --- regions, theme, help --------------------------------------------------------------
    def action_regions(self) -> None:
        regions = sorted({r for r in self.estate.info.regions} |
                         {r.region for r in self.estate.resources() if r.region not in ("", "global")})
        self.push_screen(PlacesScreen([(r, r) for r in regions], self.context.regions), self._regions_picked)

    def _regions_picked(self, regions: frozenset[str] | None) -> None:
        every = frozenset(self.estate.info.regions)
        self.change_context(regions=None if regions is None or regions >= every else regions)

    def action_accounts(self) -> None:
        accounts = sorted(set(self.estate.info.accounts) | {r.account for r in self.estate.resources() if r.account})
        choices = [(account, self.accounts.label(account)) for account in accounts]
        self.push_screen(PlacesScreen(choices, self.context.accounts, "accounts"), self._accounts_picked)

    def _accounts_picked(self, accounts: frozenset[str] | None) -> None:
        every = frozenset(self.estate.info.accounts)
        shown = None if accounts is None or accounts >= every else accounts
        self.change_context(accounts=shown, account_labels=self._account_labels(self.estate, shown))

    def action_toggle_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(key_help(self.screen)))


def run_tui(estate: Estate, refresher: Refresher | None = None) -> None:
    """Open the TUI on ``estate`` and return when the user quits (the CLI's entry point);
    with a ``refresher``, live mode crawls again in the background and swaps the answer in."""
    AwsxApp(estate, refresher=refresher).run()


def open_tui(reader: SnapshotReader) -> int:
    """``awsx open FILE``: the pulse paints from the manifest at once, the estate loads behind
    it. A snapshot that turns out unreadable closes the TUI and raises its SnapshotError (the
    CLI's one line, exit 2) once the terminal is back."""
    app = AwsxApp(reader.shell(), loading=reader)
    app.run()
    if app.load_error is not None:
        raise app.load_error
    return 0
