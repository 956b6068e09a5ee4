"""A resource's API record as highlighted, scrollable JSON: the ground truth behind every
column and edge, shown as AWS returned it (minus what the crawler dropped as secret).
``find`` marks every occurrence of a text (any case) and scrolls to it; ``n`` goes on."""

from __future__ import annotations

import json
from typing import Any, Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.highlight import highlight
from textual.widgets import Static

from awsx.core.inert import inert, inert_json


def record_json(data: Mapping[str, Any]) -> str:
    """Pretty JSON in the API's own key order; datetimes and other strays as strings; nothing in
    it a terminal acts on (``inert_json``: DEL, C1 and bidi controls as JSON escapes)."""
    return inert_json(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def match_offsets(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, any case; none for an empty needle."""
    if not needle:
        return []
    haystack, needle = text.casefold(), needle.casefold()
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + len(needle))
    return found


class RecordView(VerticalScroll):
    """Focusable so the arrow keys scroll a long record."""

    DEFAULT_CSS = """
    RecordView {
        height: 1fr;
        border: round $primary 50%;
        padding: 0 1;
    }
    RecordView:focus {
        border: round $primary;
    }
    """

    BINDINGS = [Binding("n", "next_match", "Next match", id="record.next", tooltip="Next match of the search")]

    def __init__(self, data: Mapping[str, Any], id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = record_json(data)
        self._matches: list[int] = []
        self._needle = ""
        self._current = 0
        self.border_title = "Record"

    def compose(self) -> ComposeResult:
        yield Static(highlight(self._text, language="json"))

    def find(self, needle: str) -> int:
        """Mark every match of ``needle`` and scroll to the first; returns how many."""
        self._needle = needle
        self._matches = match_offsets(self._text, needle)
        self._current = 0
        self._show()
        return len(self._matches)

    def action_next_match(self) -> None:
        if self._matches:
            self._current = (self._current + 1) % len(self._matches)
            self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self._matches) if action == "next_match" else True

    def _show(self) -> None:
        content = highlight(self._text, language="json")
        for index, start in enumerate(self._matches):
            style = "reverse bold" if index == self._current else "reverse"
            content = content.stylize(style, start, start + len(self._needle))
        self.query_one(Static).update(content)
        if self._matches:
            self.scroll_to(y=self._text.count("\n", 0, self._matches[self._current]), animate=False)
            self.border_subtitle = Content(inert(f"/{self._needle}: {self._current + 1} of {len(self._matches)}"))
        else:
            self.border_subtitle = Content(inert(f"/{self._needle}: no match")) if self._needle else ""
        self.refresh_bindings()
