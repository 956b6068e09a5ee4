"""Engine views the TUI can open by name (``:reach``, ``:iam``, ``:cost``, ...), as data.

Each entry names a module in ``awsx.screens`` and a Screen class in it. The class is built as
``Class(estate, argument=..., selection=...)``: ``argument`` is what followed the word on the
command line (``:reach i-0ab db-1 443``), ``selection`` the ARN under the cursor when the view
was opened from a key (``r`` on an instance) or ``None``. Modules are imported on first use, so
the command line and the help screen can list every view without importing every screen."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen

from awsx.core.graph import Estate


@dataclass(frozen=True, slots=True)
class EngineView:
    word: str
    title: str
    module: str
    screen: str


ENGINE_VIEWS: dict[str, EngineView] = {
    view.word: view
    for view in (
        EngineView("reach", "Reachability: can A reach B, and which rule decides", "reach", "ReachScreen"),
        EngineView("exposure", "What the internet can reach, per port", "exposure", "ExposureScreen"),
        EngineView("iam", "IAM: principals, policies, can / who-can", "iam", "IamScreen"),
        EngineView("privesc", "Privilege-escalation paths to admin", "iam", "PrivescScreen"),
        EngineView("cost", "Monthly cost hotspots", "cost", "CostScreen"),
        EngineView("waste", "Waste findings with savings", "cost", "WasteScreen"),
    )
}


class ViewUnavailable(LookupError):
    """The view's screen is not part of this build (its module or class is missing)."""


def open_engine_view(word: str, estate: Estate, argument: str = "", selection: str | None = None) -> Screen:
    """The Screen for ``word``; ``ViewUnavailable`` (a one-line message) if it cannot be built."""
    view = ENGINE_VIEWS.get(word)
    if view is None:
        raise ViewUnavailable(f"no view named {word!r}")
    try:
        module = importlib.import_module(f"awsx.screens.{view.module}")
        screen_class = getattr(module, view.screen)
    except (ImportError, AttributeError) as error:
        raise ViewUnavailable(f":{word} is not available in this build ({error})") from error
    return screen_class(estate, argument=argument, selection=selection)
