"""Live mode's background refresh (DESIGN.md "Live mode"): the injected Refresher runs in a
thread worker and reports by message: each crawl step (progress and gaps for the status
lines), then the new Estate or why there is none (denied, expired credentials). The App swaps
the estate in, each view rebuilt from its NavState. No AWS here: the CLI built the Refresher
from awsx.load.live."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual.app import App
from textual.message import Message
from textual.worker import Worker, get_current_worker

from awsx.core.graph import Estate
from awsx.load.refresh import CrawlStep, Refresher

REFRESH_WORKER = "awsx-refresh"
# How often the worker looks whether the app is closing while the crawl runs.
_POLL_SECONDS = 0.2


@dataclass
class CrawlProgressed(Message):
    step: CrawlStep


@dataclass
class RefreshDone(Message):
    estate: Estate


@dataclass
class RefreshFailed(Message):
    """``problem``: the refresher's error, one line; the estate on screen stays."""

    problem: str


class RefreshController:
    def __init__(self, app: App, refresher: Refresher) -> None:
        self._app = app
        self._refresher = refresher

    def start(self) -> Worker[None]:
        return self._app.run_worker(self._crawl, name=REFRESH_WORKER, thread=True, exclusive=True,
                                    exit_on_error=False, group="refresh", description="refresh the live estate")

    def _crawl(self) -> None:
        """The crawl runs in a daemon thread of its own: Textual's worker threads are joined
        at exit, so quitting would otherwise wait for the whole crawl. Nothing is cached from
        a crawl left unfinished (awsx.load.live caches when the crawl ends)."""
        worker = get_current_worker()
        outcome: list[Estate | Exception] = []

        def report(step: CrawlStep) -> None:
            if not worker.is_cancelled:
                self._app.post_message(CrawlProgressed(step))

        def crawl() -> None:
            try:
                outcome.append(self._refresher(report))
            except Exception as error:  # noqa: BLE001 - a failed refresh is an answer, posted below
                outcome.append(error)

        thread = threading.Thread(target=crawl, name=REFRESH_WORKER, daemon=True)
        thread.start()
        while thread.is_alive() and not worker.is_cancelled:
            thread.join(_POLL_SECONDS)
        if not outcome or worker.is_cancelled:
            return  # the app is closing
        result = outcome[0]
        self._app.post_message(RefreshFailed(str(result) or repr(result)) if isinstance(result, Exception)
                               else RefreshDone(result))
