"""A resource's API record as highlighted, scrollable JSON: the ground truth behind every
column and edge, shown as AWS returned it (minus what the crawler dropped as secret)."""

from __future__ import annotations

import json
from typing import Any, Mapping

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.highlight import highlight
from textual.widgets import Static


def record_json(data: Mapping[str, Any]) -> str:
    """Pretty JSON in the API's own key order; datetimes and other strays as strings."""
    return json.dumps(data, indent=2, default=str, ensure_ascii=False)


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

    def __init__(self, data: Mapping[str, Any], id: str | None = None) -> None:
        super().__init__(id=id)
        self._data = data
        self.border_title = "Record"

    def compose(self) -> ComposeResult:
        yield Static(highlight(record_json(self._data), language="json"))
