"""One table cell as text, shared by every table that leaves awsx (CLI tables, the TUI's tables,
exported views). Pure and import-light: the TUI's export path uses it without pulling in the
crawler. A cell is inert (``awsx.core.inert``): one line, nothing in it a terminal acts on."""

from __future__ import annotations

import json
from typing import Any

from awsx.core.inert import inert


def cell(value: Any) -> str:
    """A compact, inert, one-line rendering of a column value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return inert(json.dumps(value, separators=(",", ":"), default=str))
    return inert(str(value))
