"""App-wide messages: widgets and screens ask the app to go somewhere; the app owns history."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from awsx.tui.navigation import NavState


@dataclass
class Navigate(Message):
    """Show the view ``state`` describes, as a new step in history."""

    state: NavState
