"""App-wide messages: widgets and screens ask the app to go somewhere; the app owns history."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from awsx.core.graph import Estate
from awsx.diff.changes import EstateDiff
from awsx.tui.navigation import NavState


@dataclass
class Navigate(Message):
    """Show the view ``state`` describes, as a new step in history."""

    state: NavState


@dataclass
class DiffComputed(Message):
    """``:diff OLD`` answered: the old estate and the diff, or ``problem`` (one line) instead."""

    path: str
    old: Estate | None
    diff: EstateDiff | None
    problem: str = ""
