"""``:diff OLD``: the old snapshot is opened and compared in a thread worker; the answer (or
why there is none, in one line) comes back as ``DiffComputed``. Over SSH only the snapshots
awsx/serve/reads.py allows are opened (a refused path is the one line)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.message import Message
from textual.worker import get_current_worker

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.diff.changes import EstateDiff, diff_estates
from awsx.serve.follow import FollowContext
from awsx.serve.reads import diff_path
from awsx.store.snapshot import open_snapshot


@dataclass
class DiffComputed(Message):
    """``:diff OLD`` answered: the old estate and the diff, or ``problem`` (one line) instead."""

    path: str
    old: Estate | None
    diff: EstateDiff | None
    problem: str = ""


class DiffController:
    def __init__(self, app: App, context: FollowContext | None = None, shared: Path | None = None) -> None:
        """``context``: this SSH session (None outside ``awsx serve``); ``shared``: the snapshot it was opened on."""
        self._app = app
        self._context = context
        self._shared = shared

    def compare(self, path: str, estate: Estate) -> None:
        self._app.run_worker(lambda: self._compare(path, estate), thread=True, exclusive=True,
                             exit_on_error=False, group="diff", description="diff against a snapshot")

    def _compare(self, path: str, estate: Estate) -> None:
        try:
            old = open_snapshot(diff_path(path, self._context, self._shared))
        except (UserError, OSError) as error:
            problem = str(error).splitlines()[0] if str(error) else repr(error)
            self._app.post_message(DiffComputed(path, None, None, problem))
            return
        answer = DiffComputed(path, old, diff_estates(old, estate))
        if not get_current_worker().is_cancelled:  # a later :diff took its place
            self._app.post_message(answer)
