"""Where the user is, as data: one ``NavState`` per view, and the ``[`` / ``]`` history of them.

A NavState names everything needed to rebuild a view exactly (screen, selection, kind, filter,
sort), so history restores filter, sort and cursor, and a later ``:follow`` can publish one
over SSH and apply it in another session. Pure: no Textual here."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping

# The views the TUI itself hosts; engine views (reach, iam, cost, ...) use their ``:`` word.
PULSE, BROWSE, DETAIL, XRAY, USED_BY = "pulse", "browse", "detail", "xray", "used-by"


@dataclass(frozen=True, slots=True)
class NavState:
    """One view: ``screen`` (``pulse``, ``browse``, ``detail``, ``xray``, ``used-by`` or an
    engine word), the ARN under the cursor or shown, the kind listed, the ``/`` filter, the
    sort (column index, None for the default order), the pulse fault a list is narrowed to,
    and an engine view's ``argument``: what it was asked, in the words of its ``:`` command
    (``:reach i-0ab db-1 443 tcp`` -> ``"i-0ab db-1 443 tcp"``), so the view can be rebuilt
    with its question and answer."""

    screen: str = ""  # empty: not placed yet (a session that has not moved since login)
    selection: str | None = None
    kind: str | None = None
    filter: str = ""
    sort_column: int | None = None
    sort_reverse: bool = False
    fault: str = ""
    argument: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> NavState:
        sort = record.get("sort_column")
        return cls(
            screen=str(record.get("screen") or ""),
            selection=str(record["selection"]) if record.get("selection") else None,
            kind=str(record["kind"]) if record.get("kind") else None,
            filter=str(record.get("filter") or ""),
            sort_column=int(sort) if sort is not None else None,
            sort_reverse=bool(record.get("sort_reverse")),
            fault=str(record.get("fault") or ""),
            argument=str(record.get("argument") or ""),
        )


class History:
    """Visited views with a cursor, like a browser's: visiting drops whatever was forward of
    the cursor; ``back``/``forward`` move the cursor and return the state to show."""

    def __init__(self, first: NavState, limit: int = 200) -> None:
        self._states = [first]
        self._index = 0
        self._limit = limit

    @property
    def current(self) -> NavState:
        return self._states[self._index]

    def update(self, state: NavState) -> None:
        """The current view changed in place (filter typed, cursor moved): remember it."""
        self._states[self._index] = state

    def visit(self, state: NavState) -> None:
        del self._states[self._index + 1:]
        self._states.append(state)
        if len(self._states) > self._limit:
            del self._states[0]
        self._index = len(self._states) - 1

    def back(self) -> NavState | None:
        if self._index == 0:
            return None
        self._index -= 1
        return self.current

    def forward(self) -> NavState | None:
        if self._index + 1 >= len(self._states):
            return None
        self._index += 1
        return self.current

    def peek(self, step: int) -> NavState:
        """The state ``step`` away from the cursor (check ``can_go`` first)."""
        return self._states[self._index + step]

    def can_go(self, step: int) -> bool:
        return 0 <= self._index + step < len(self._states)

