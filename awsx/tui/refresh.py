"""Live mode's background refresh inside the app (DESIGN.md "Live mode"): the injected
Refresher runs in a thread worker, its progress reaches every status line through
``call_from_thread``, and the new Estate replaces the old one with the user's place kept
(each view is rebuilt from its NavState: filter, sort and cursor). A failed refresh (denied,
expired credentials) is a notification; the estate on screen stays. No AWS here: the CLI
built the Refresher from awsx.load.live."""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import App
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from awsx.core.graph import Estate
from awsx.core.model import Marker
from awsx.load.refresh import CrawlStep, Refresher, estate_change, progress_text
from awsx.screens.base import AwsxScreen
from awsx.screens.engines import ViewUnavailable
from awsx.screens.pulse import PulseScreen
from awsx.tui.navigation import NavState
from awsx.widgets.status import StatusBar

REFRESH_WORKER = "awsx-refresh"
# How often the worker looks whether the app is closing while the crawl runs.
_POLL_SECONDS = 0.2


class LiveRefresh(App[None]):
    """Mixed into AwsxApp. ``crawl_text`` and ``crawl_markers`` are what the status lines show
    while a refresh runs."""

    estate: Estate
    crawl_text = ""
    crawl_markers: tuple[Marker, ...] = ()

    def _build(self, state: NavState) -> Screen | None:
        raise NotImplementedError

    def _remember_current(self) -> None:
        raise NotImplementedError

    def start_refresh(self, refresher: Refresher) -> None:
        self.crawl_text = "refreshing..."
        self.crawl_markers = ()
        self._show_crawl()
        self._run_refresher(refresher)

    @work(thread=True, exit_on_error=False, name=REFRESH_WORKER, exclusive=True)
    def _run_refresher(self, refresher: Refresher) -> Estate | None:
        """The crawl runs in a daemon thread of its own: Textual's worker threads are joined
        at exit, so quitting would otherwise wait for the whole crawl. Nothing is cached from
        a crawl left unfinished (awsx.load.live caches when the crawl ends)."""
        worker = get_current_worker()
        outcome: list[Estate | Exception] = []

        def report(step: CrawlStep) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self._crawl_step, step)

        def crawl() -> None:
            try:
                outcome.append(refresher(report))
            except Exception as error:  # noqa: BLE001 - handed to the worker, which shows it
                outcome.append(error)

        thread = threading.Thread(target=crawl, name=REFRESH_WORKER, daemon=True)
        thread.start()
        while thread.is_alive() and not worker.is_cancelled:
            thread.join(_POLL_SECONDS)
        if not outcome:
            return None  # the app is closing
        if isinstance(outcome[0], Exception):
            raise outcome[0]
        return outcome[0]

    def _crawl_step(self, step: CrawlStep) -> None:
        self.crawl_text = progress_text(step)
        if step.marker is not None:
            self.crawl_markers = (*self.crawl_markers, step.marker)
        self._show_crawl()

    def _show_crawl(self) -> None:
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.refresh_crawl()

    @on(Worker.StateChanged)
    async def _refresh_state(self, event: Worker.StateChanged) -> None:
        if event.worker.name != REFRESH_WORKER:
            return
        if event.state == WorkerState.ERROR:
            self.crawl_text = "refresh failed: showing the earlier crawl"
            self._show_crawl()
            self.notify(f"refresh failed: {event.worker.error}", severity="error", timeout=12)
        elif event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Estate):
            self.crawl_text = ""
            self.crawl_markers = ()
            await self.swap_estate(event.worker.result)

    async def swap_estate(self, estate: Estate) -> None:
        """Show ``estate`` instead, each open view rebuilt where the user was. Views that are
        not AwsxScreens (engine views, dialogs) close: they answered about the old estate."""
        change = estate_change(self.estate, estate)
        self._remember_current()
        states = [s.nav_state() for s in self.screen_stack[1:] if isinstance(s, AwsxScreen)]
        self.estate = estate
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
