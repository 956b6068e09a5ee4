"""The Textual App: the composition root. It owns the estate, the app-wide keys and the screen
stack; screens and widgets do the rendering. Nothing here (or below) talks to AWS: the TUI
renders an Estate that the CLI already loaded."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from awsx.graph import Estate
from awsx.screens.browse import BrowseScreen
from awsx.screens.help import HelpScreen, key_help
from awsx.widgets.status import context_text


class AwsxApp(App[None]):
    """``AwsxApp(estate).run()``: browse the estate, drill into resources, walk their edges."""

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave awsx"),
        Binding("question_mark", "help", "Help", id="help", tooltip="List the keys that work here"),
        Binding("escape", "back", "Back", id="back", tooltip="Return to the previous screen"),
    ]

    def __init__(self, estate: Estate) -> None:
        super().__init__()
        self.estate = estate
        self.title = f"awsx · {estate.info.source}"
        self.sub_title = context_text(estate.info)

    def get_default_screen(self) -> Screen:
        return BrowseScreen(self.estate)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Back is only offered where there is somewhere to go back to.
        if action == "back":
            return len(self.screen_stack) > 1
        return True

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        bindings = self.screen.active_bindings
        display = {key: self.get_key_display(active.binding) for key, active in bindings.items()}
        self.push_screen(HelpScreen(key_help(bindings, display)))


def run_tui(estate: Estate) -> None:
    """Open the TUI on ``estate`` and return when the user quits (the CLI's entry point)."""
    AwsxApp(estate).run()
