"""``?``: the keys that work right now, read from the live binding chain of the screen below,
so the list can never drift from what the keys actually do; then the views ``:`` opens, read
from the one table of views (awsx/tui/views.py)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from awsx.tui.views import VIEWS


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One line of help: the keys as the footer shows them, what they do, and whether the
    footer lists them (the screen's own keys) or they are the focused widget's navigation."""

    keys: str
    description: str
    tooltip: str = ""
    main: bool = False


def key_help(bindings: dict[str, ActiveBinding], display: dict[str, str]) -> list[KeyHelp]:
    """Enabled, described, non-system bindings; keys doing the same thing share a line
    (``q, ^q  Quit``); footer keys first, then navigation, each in binding-chain order."""
    keys: dict[str, list[str]] = {}
    lead: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        binding = active.binding
        if not active.enabled or binding.system or not binding.description:
            continue
        same = keys.setdefault(binding.description, [])
        current = lead.get(binding.description)
        if current is None or (binding.show and not current.binding.show):
            # The footer's key leads and lends its tooltip: ``q, ^q`` rather than ``^q, q``.
            same.insert(0, display.get(key, key))
            lead[binding.description] = active
        else:
            same.append(display.get(key, key))
    lines = [
        KeyHelp(", ".join(keys[description]), description, active.tooltip or "", active.binding.show)
        for description, active in lead.items()
    ]
    return sorted(lines, key=lambda line: not line.main)


class HelpScreen(ModalScreen[None]):
    """A centred box listing the live keys; Escape or ``?`` closes it."""

    CSS_PATH = "help.tcss"

    # A modal screen cuts the app's bindings off, so it needs its own way out.
    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close help", id="help.close")]

    def __init__(self, lines: list[KeyHelp]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        views = [(f":{view.word}", view.title) for view in VIEWS.values() if view.command and not view.dialog]
        width = max([len(line.keys) for line in self.lines] + [len(word) for word, _ in views])
        rows = []
        for previous, line in zip([None, *self.lines], self.lines):
            if previous is not None and previous.main and not line.main:
                rows.append(Content.styled("navigation", "italic $text-muted"))
            rows.append(Content.assemble(
                (line.keys.ljust(width), "bold $text-accent"), "  ", line.description,
                (f"  {line.tooltip}", "$text-muted") if line.tooltip else ""))
        rows.append(Content.styled("views", "italic $text-muted"))
        rows += [Content.assemble((word.ljust(width), "bold $text-accent"), "  ", title) for word, title in views]
        body = Content("\n").join(rows)
        with VerticalScroll() as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc to close"
            yield Static(body)
