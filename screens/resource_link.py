"""Enter on anything an engine names (a hop's component id, an exposed target, a priced ARN)
opens that resource's detail; a name the estate does not hold (``internet``, a modelled LB node)
says so in one line instead of failing."""

from __future__ import annotations

from textual.screen import Screen

from awsx.core.graph import Estate, UnknownResource
from awsx.tui.navigation import DETAIL, NavState
from awsx.widgets.messages import Navigate


def open_component(screen: Screen, estate: Estate, ref: str) -> None:
    """Ask for the detail of ``ref`` (an ARN, id, name or IP), or notify why not."""
    try:
        resource = estate.find(ref)
    except UnknownResource as error:
        screen.notify(str(error), title=f"{ref}: not a resource of the estate", severity="warning")
        return
    screen.post_message(Navigate(NavState(DETAIL, resource.arn, resource.kind)))
