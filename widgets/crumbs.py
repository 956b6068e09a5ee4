"""Breadcrumbs: the way down to the current view (``pulse › Network interfaces /10.0 ›
eni-0ab › xray``), read from the screen stack each time a screen shows, so it cannot lie."""

from __future__ import annotations

from textual.widgets import Static

from awsx.core.inert import inert

SEPARATOR = " › "


def crumb_of(screen: object) -> str:
    """A screen's crumb: its ``crumb`` attribute, else its class name without ``Screen``."""
    crumb = getattr(screen, "crumb", None)
    if isinstance(crumb, str) and crumb:
        return crumb
    return type(screen).__name__.removesuffix("Screen").casefold()


class Crumbs(Static):
    """One line under the status bar; the last crumb (where you are) is bold."""

    DEFAULT_CSS = """
    Crumbs {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def refresh_crumbs(self) -> None:
        stack = [s for s in self.app.screen_stack if not getattr(s, "is_modal", False)]
        if self.screen not in stack:
            stack.append(self.screen)
        crumbs = [crumb_of(s) for s in stack[: stack.index(self.screen) + 1]]
        self.update(SEPARATOR.join(inert(crumb) for crumb in crumbs))  # a crumb names data: inert
