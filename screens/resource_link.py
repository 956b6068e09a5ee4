"""Enter on anything an engine names (a hop's component id, an exposed target, a priced ARN)
opens that resource's detail; a name the estate does not hold (``internet``, a modelled LB node)
says so in one line instead of failing."""

from __future__ import annotations

from textual.screen import Screen

from awsx.core.graph import Estate, UnknownResource

from .detail import DetailScreen


def open_component(screen: Screen, estate: Estate, ref: str) -> None:
    """Push ``DetailScreen`` for ``ref`` (an ARN, id, name or IP), or notify why not."""
    try:
        arn = estate.find(ref).arn
    except UnknownResource as error:
        screen.notify(str(error), title=f"{ref}: not a resource of the estate", severity="warning")
        return
    screen.app.push_screen(DetailScreen(estate, arn))
