"""Every view of the TUI, as data: its ``:`` word, what it shows, and where its screen lives.

Each entry names a module in ``awsx.screens`` and an ``AwsxScreen`` class in it, built as
``Class.from_state(estate, state)``: the NavState carries everything the view needs (the
selection, the kind, the filter, an engine view's ``argument``: the words of its ``:``
command), so one table serves ``:word`` on the command line, history (``[``/``]``), a live
refresh, ``:follow`` and help. Modules are imported on first use, so the command line and
the help screen can list every view without importing every screen."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from awsx.core.graph import Estate
from awsx.tui.navigation import NavState

if TYPE_CHECKING:  # not awsx.screens.base: the screens import this table (no cycle, even for types)
    from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class View:
    """``command``: ``:word`` opens it (the others need a selection, or are the pulse's list);
    ``dialog``: it opens over the view it is about (help reads that view's keys), so it is
    not a place in history."""

    word: str
    title: str
    module: str
    screen: str
    command: bool = True
    dialog: bool = False


VIEWS: dict[str, View] = {
    view.word: view
    for view in (
        View("pulse", "The dashboard: counts, faults and engine lines", "pulse", "PulseScreen"),
        View("browse", "A kind's resources (:KIND [filter])", "browse", "BrowseScreen", command=False),
        View("detail", "One resource, its relations and record", "detail", "DetailScreen", command=False),
        View("xray", "What the selection depends on, as a tree", "xray", "XrayScreen", command=False),
        View("used-by", "What depends on the selection", "xray", "XrayScreen", command=False),
        View("reach", "Reachability: can A reach B, and which rule decides", "reach", "ReachScreen"),
        View("exposure", "What the internet can reach, per port", "exposure", "ExposureScreen"),
        View("iam", "IAM: principals, policies, can / who-can", "iam", "IamScreen"),
        View("privesc", "Privilege-escalation paths to admin", "iam", "PrivescScreen"),
        View("blast", "What breaks if an Availability Zone fails (:blast AZ_ID)", "blast", "BlastScreen"),
        View("coverage", "What no alarm watches, last backups, keys that break things", "coverage",
             "CoverageScreen"),
        View("cost", "Monthly cost hotspots", "cost", "CostScreen"),
        View("waste", "Waste findings with savings", "cost", "WasteScreen"),
        View("sql", "SQL over the estate: a table per kind, edges (:sql SELECT ...)", "sql", "SqlScreen"),
        View("help", "The keys that work here (?)", "help", "HelpScreen", dialog=True),
    )
}

# The views whose words take an argument on the command line (``:reach SRC DST PORT``).
ENGINE_WORDS = ("reach", "exposure", "iam", "privesc", "blast", "coverage", "cost", "waste", "sql")


class ViewUnavailable(LookupError):
    """The view cannot be built: no such view, its screen is not part of this build, or what
    it shows is not in the estate. The message is the one line the user sees."""


def screen_class(word: str) -> Any:
    """The ``AwsxScreen`` subclass of ``word``, imported now; ``ViewUnavailable`` if there is none."""
    view = VIEWS.get(word)
    if view is None or view.dialog:
        raise ViewUnavailable(f"no view named {word!r}")
    try:
        module = importlib.import_module(f"awsx.screens.{view.module}")
        return getattr(module, view.screen)
    except (ImportError, AttributeError) as error:
        raise ViewUnavailable(f":{word} is not available in this build ({error})") from error


def open_view(state: NavState, estate: Estate) -> Screen:
    """The screen that shows ``state``; ``ViewUnavailable`` (a one-line message) if it cannot be built."""
    return screen_class(state.screen).from_state(estate, state)
