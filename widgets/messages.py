"""App-wide messages: widgets and screens ask the app to go somewhere (the app owns history),
and hand it their failed workers (the app's one handler reports them)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, WorkerState

from awsx.tui.navigation import NavState


@dataclass
class Navigate(Message):
    """Show the view ``state`` describes, as a new step in history."""

    state: NavState


def forward_failure(node: DOMNode, event: Worker.StateChanged) -> None:
    """Worker.StateChanged does not bubble: a screen's or widget's failed worker goes to the
    app, whose one handler says so (nothing fails silently, nothing as a traceback)."""
    if event.state == WorkerState.ERROR:
        node.app.post_message(Worker.StateChanged(event.worker, event.state))
