"""One table cell as text, shared by every table that leaves awsx (CLI tables, exported views).
Pure and import-light: the TUI's export path uses it without pulling in the crawler."""

from __future__ import annotations

import json
from typing import Any


def cell(value: Any) -> str:
    """A compact one-line rendering of a column value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"), default=str)
    return str(value)
