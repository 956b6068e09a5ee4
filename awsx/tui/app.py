"""The Textual App: the composition root. It owns the estate, the app-wide keys, history and
the screen stack; screens and widgets do the rendering. Nothing here (or below) talks to AWS:
the TUI renders an Estate that the CLI already loaded, and engines answer the questions."""

from __future__ import annotations

import os
import webbrowser
from dataclasses import replace

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme

from awsx.core.console_url import console_url
from awsx.core.errors import SnapshotError
from awsx.core.graph import Estate
from awsx.load.refresh import Refresher
from awsx.screens.base import AwsxScreen
from awsx.screens.browse import BrowseScreen
from awsx.screens.command import CommandScreen
from awsx.screens.detail import DetailScreen
from awsx.screens.engines import ViewUnavailable, open_engine_view
from awsx.screens.help import HelpScreen, key_help
from awsx.screens.palette import ResourceProvider
from awsx.screens.pulse import PULSE_CSS, Preview, PulseScreen
from awsx.screens.regions import RegionScreen
from awsx.screens.xray import XrayScreen
from awsx.serve.follow import FollowContext
from awsx.store.snapshot import SnapshotReader
from awsx.tui.accounts import AccountsConfig, load_accounts
from awsx.tui.commands import parse_command
from awsx.tui.keymap import load_keymap
from awsx.tui.navigation import BROWSE, DETAIL, PULSE, USED_BY, XRAY, History, NavState
from awsx.tui.refresh import LiveRefresh
from awsx.tui.share import ShareMixin
from awsx.widgets.command_line import CommandLine
from awsx.widgets.messages import Navigate
from awsx.widgets.resource_table import ResourceTable
from awsx.widgets.status import StatusBar

# Kinds the IAM view explains (``i`` on one of them opens :iam with it selected).
IAM_KINDS = ("iam:user", "iam:role", "iam:group", "iam:policy", "iam:instance-profile")
THEMES = {"dark": "awsx-dark", "light": "awsx-light"}


def over_ssh() -> bool:
    """A browser opened here would open on the wrong machine: copy the URL instead."""
    return any(os.environ.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def awsx_themes(accent: str | None) -> list[Theme]:
    """Dark and light, with the estate's account accent (prod in red) as the primary colour."""
    themes = []
    for mode, base in (("dark", "textual-dark"), ("light", "textual-light")):
        theme = replace(BUILTIN_THEMES[base], name=THEMES[mode])
        themes.append(replace(theme, primary=accent) if accent else theme)
    return themes


class AwsxApp(ShareMixin, LiveRefresh):
    """``AwsxApp(estate).run()``: the pulse first, then browse, drill in, walk edges, ask engines."""

    COMMANDS = App.COMMANDS | {ResourceProvider}
    # Textual loads a screen's CSS_PATH when it is pushed, not for the default screen: the
    # landing screen's stylesheet comes with the app.
    CSS_PATH = PULSE_CSS
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave awsx"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="List the keys that work here"),
        Binding("escape", "back", "Back", id="app.back", tooltip="Return to the previous screen"),
        Binding("colon", "command", "Command", id="app.command",
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
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False, tooltip="Dark / light"),
        Binding("ctrl+s", "export", "Export", id="app.export", show=False,
                tooltip="Save the rows in view as JSON, CSV or Markdown (:export [json|csv|md] [FILE])"),
    ]

    def __init__(self, estate: Estate, accounts: AccountsConfig | None = None,
                 follow: FollowContext | None = None, refresher: Refresher | None = None,
                 loading: SnapshotReader | None = None) -> None:
        """``follow``: this session's place among ``awsx serve``'s sessions (default: from the
        environment the server sets; None outside it, and follow mode is off). ``refresher``:
        live mode crawls again in the background (app_refresh.py). ``loading``: a snapshot still
        to load; ``estate`` is then its ``shell()`` until the load (a thread worker, started
        after the first frame) hands over the real one."""
        super().__init__()
        self.init_share(follow if follow is not None else FollowContext.from_environment())
        self.estate = estate
        self._refresher = refresher  # live mode: crawl again in the background (app_refresh.py)
        self.loading = loading
        self.load_error: SnapshotError | None = None
        self.accounts = accounts if accounts is not None else load_accounts()
        self.keymap = load_keymap()
        self.history = History(NavState(PULSE))
        self.regions_in_view: frozenset[str] | None = None
        self.title = f"awsx · {estate.info.source}"
        self._problems = list(self.keymap.problems + self.accounts.problems)
        accent = self.accounts.accent(estate.info.accounts)
        if accent is not None and not self._is_colour(accent):
            self._problems.append(f"accounts: accent {accent!r} is not a colour")
            accent = None
        for theme in awsx_themes(accent):
            self.register_theme(theme)
        self.theme = THEMES[self.accounts.theme]

    @staticmethod
    def _is_colour(value: str) -> bool:
        try:
            Color.parse(value)
        except ColorParseError:
            return False
        return True

    @property
    def account_labels(self) -> list[str]:
        return [self.accounts.label(account) for account in self.estate.info.accounts]

    def get_default_screen(self) -> Screen:
        return PulseScreen(self.estate, None if self.loading is None else Preview.of(self.loading))

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.keys)
        self.start_share()
        for problem in self._problems:
            self.notify(problem, severity="warning", timeout=8)
        if self._refresher is not None:
            self.start_refresh(self._refresher)
        if self.loading is not None:
            self.call_after_refresh(self._load_estate, self.loading)

    @work(thread=True, exit_on_error=False, group="load", description="load the snapshot")
    def _load_estate(self, reader: SnapshotReader) -> None:
        try:
            estate = reader.load()
        except SnapshotError as error:  # open_tui raises it again: one clear line, exit 2
            self.load_error = error
            self.call_from_thread(self.exit, None, 2)
            return
        finally:
            reader.close()
        self.call_from_thread(self._estate_loaded, estate)

    def _estate_loaded(self, estate: Estate) -> None:
        self.estate, self.loading = estate, None
        pulse = self.screen_stack[0]
        if isinstance(pulse, PulseScreen):
            pulse.show_estate(estate)

    # --- where the keys act ----------------------------------------------------------------
    @property
    def selection(self) -> str | None:
        screen = self.screen
        arn = screen.selection if isinstance(screen, AwsxScreen) else None
        # A resource removed since a :diff's snapshot is listed, but the keys act on this estate.
        return arn if arn is not None and arn in self.estate else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys are offered only where they can do something (the footer drops the others, ? dims them).
        if self.loading is not None and action == "regions":
            return False  # the picker lists the estate's regions: not known yet
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
        """The screen that shows ``state``; None for the pulse (the bottom of the stack).
        Engine views come from their registry (screens/engines.py); ViewUnavailable if not."""
        if state.screen == PULSE:
            return None
        if state.screen == BROWSE:
            return BrowseScreen(self.estate, state)
        if state.screen in (DETAIL, XRAY, USED_BY):
            removed = self.diff_in_view is not None and self.diff_in_view.marks.get(state.selection or "") == "removed"
            if state.screen == DETAIL and removed:
                return DetailScreen(self.diff_in_view.old, state.selection)  # as it was before
            if state.selection is None or state.selection not in self.estate:
                raise ViewUnavailable(f"{state.selection} is not in this estate")
            if state.screen == DETAIL:
                return DetailScreen(self.estate, state.selection)
            return XrayScreen(self.estate, state.selection, "down" if state.screen == XRAY else "up")
        return open_engine_view(state.screen, self.estate, argument=state.argument, selection=state.selection)

    def _remember_current(self) -> None:
        screen = self.screen
        if isinstance(screen, AwsxScreen) and screen.is_attached and screen.is_mounted:
            self.history.update(screen.nav_state())

    def navigate(self, state: NavState, from_pulse: bool = False) -> None:
        """Show ``state`` on top of the current view (``from_pulse``: in place of every view
        above the pulse), as a new step in history."""
        if self.loading is not None:
            self.notify("still loading the snapshot: every view opens once it is in", severity="warning")
            return
        try:
            screen = self._build(state)
        except ViewUnavailable as error:
            self.notify(str(error), severity="warning")
            return
        self._remember_current()
        self.history.visit(state)
        if screen is None or from_pulse:
            self._pop_to_pulse()
        if screen is not None:
            self.push_screen(screen)

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
        """``[`` / ``]``: rebuild the view history remembers, with its filter, sort and cursor."""
        self._remember_current()
        state = self.history.back() if step < 0 else self.history.forward()
        if state is None:
            return
        try:
            screen = self._build(state)
        except ViewUnavailable as error:
            self.notify(str(error), severity="warning")
            return
        self._pop_to_pulse()
        if screen is not None:
            self.push_screen(screen)

    # --- the : command line ----------------------------------------------------------------
    def action_command(self) -> None:
        screen = self.screen
        if isinstance(screen, AwsxScreen):
            screen.open_command_line()
        else:
            self.push_screen(CommandScreen(), self.run_command)

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
        self.push_screen(RegionScreen(regions, self.regions_in_view), self._regions_picked)

    def _regions_picked(self, regions: frozenset[str] | None) -> None:
        every = frozenset(self.estate.info.regions)
        self.regions_in_view = None if regions is None or regions >= every else regions
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.refresh_context()
            if isinstance(screen, BrowseScreen):
                screen.refresh_view()

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
