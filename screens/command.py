"""The ``:`` command line: a one-line prompt over the current view with inline completion
(Tab or → accepts) and a hint line listing what the typed word can become. It only returns
the text; ``awsx.command_line.parse_command`` and the app decide what it means."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from awsx.command_line import command_words, completions, describe


def hint_content(text: str) -> Content:
    """``sg Security groups · subnet Subnets · ...`` for what has been typed so far."""
    words = completions(text, limit=8)
    if not words:
        return Content.styled("no such command (kinds, pulse, reach, exposure, iam, privesc, cost, waste, q)",
                              "$text-warning")
    return Content(" · ").join(
        Content.assemble((word, "bold $text-accent"), f" {describe(word)}" if describe(word) else "")
        for word in words)


class CommandScreen(ModalScreen[str | None]):
    """Enter returns the line; Escape returns None."""

    DEFAULT_CSS = """
    CommandScreen {
        align: left bottom;
        background: $background 0%;
    }
    CommandScreen > Vertical {
        height: auto;
        background: $panel;
        padding: 0 1;
    }
    CommandScreen Input {
        border: none;
        height: 1;
        padding: 0;
    }
    CommandScreen #hints {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss_empty", "Cancel", id="command.cancel"),
        Binding("tab", "complete", "Complete", id="command.complete", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(hint_content(""), id="hints")
            yield Input(placeholder=":kind [filter] | pulse | reach | exposure | iam | privesc | cost | waste | q",
                        suggester=SuggestFromList(command_words(), case_sensitive=False), id="command",
                        compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#hints", Static).update(hint_content(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_complete(self) -> None:
        field = self.query_one(Input)
        field.action_cursor_right()  # at the end of the line this takes the suggestion
        if field.value and not field.value.endswith(" ") and field.cursor_position == len(field.value):
            words = completions(field.value, limit=1)
            if words and words[0].casefold() == field.value.casefold():
                field.insert_text_at_cursor(" ")

    def action_dismiss_empty(self) -> None:
        self.dismiss(None)
