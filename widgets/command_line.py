"""The ``:`` command line: a prompt with inline completion (Tab or → accepts) over a hint
line listing what the typed word can become. It only reports the text (``Entered``);
``awsx.tui.commands.parse_command`` and the app decide what it means.

Every awsx screen carries one, hidden, so that ``:`` focuses it at once, without waiting for
a screen to be pushed."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from awsx.core.inert import inert
from awsx.tui.commands import command_words, completions, describe, parse_command


def hint_content(text: str) -> Content:
    """``sg Security groups · subnet Subnets · ...`` for what has been typed so far; once
    arguments follow a word the command line knows (``:reach web db 443``, ``:eni vpc-0``),
    what that word does, with what was typed after it."""
    words = completions(text, limit=8)
    if not words:
        command = parse_command(text)
        if command.verb not in ("unknown", "empty"):
            argument = f"filter: {command.filter}" if command.verb == "kind" else command.filter
            return Content.assemble((inert(command.word), "bold $text-accent"), inert(f" {describe(command.word)}"),
                                    (inert(f" · {argument}") if argument else ""))
        return Content.styled("no such command (kinds, pulse, reach, iam, cost, export, diff, who, follow, q)",
                              "$text-warning")
    return Content(" · ").join(
        Content.assemble((inert(word), "bold $text-accent"), inert(f" {describe(word)}") if describe(word) else "")
        for word in words)


class CommandLine(Vertical):
    """Hidden until ``open()``; Enter posts ``Entered``, Escape closes it."""

    DEFAULT_CSS = """
    CommandLine {
        height: auto;
        background: $panel;
        padding: 0 1;
        display: none;
    }
    CommandLine.-open {
        display: block;
    }
    CommandLine Input {
        border: none;
        height: 1;
        padding: 0;
    }
    CommandLine #hints {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Cancel", id="command.cancel"),
        Binding("tab", "complete", "Complete", id="command.complete", show=False),
    ]

    @dataclass
    class Entered(Message):
        """The user entered a command line (without the ``:``)."""

        text: str

    class Closed(Message):
        """The prompt was cancelled."""

    def compose(self) -> ComposeResult:
        yield Static(hint_content(""), id="hints")
        yield Input(placeholder=":kind [filter] | pulse | reach | iam | cost | export | diff | who | follow | q",
                    suggester=SuggestFromList(command_words(), case_sensitive=False), id="command",
                    compact=True)

    @property
    def field(self) -> Input:
        return self.query_one("#command", Input)

    def open(self) -> None:
        self.add_class("-open")
        self.screen.set_focus(self.field)  # now, not on the next tick (see module docstring)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.field.value = ""
        self.post_message(self.Closed())

    @on(Input.Changed, "#command")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#hints", Static).update(hint_content(event.value))

    @on(Input.Submitted, "#command")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remove_class("-open")
        self.field.value = ""
        self.post_message(self.Entered(event.value))

    def action_complete(self) -> None:
        field = self.field
        field.action_cursor_right()  # at the end of the line this takes the suggestion
        if field.value and not field.value.endswith(" ") and field.cursor_position == len(field.value):
            words = completions(field.value, limit=1)
            if words and words[0].casefold() == field.value.casefold():
                field.insert_text_at_cursor(" ")
