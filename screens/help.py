"""``?``: every key of the screen below, read from its live binding chain (focused widget, its
containers, the screen, the app), so the list can never drift from what the keys actually do.

Hidden keys (not in the footer) are listed too, and so are those that cannot act right now
(``]`` with no history ahead, ``x`` with nothing selected): dimmed, so the user learns they
exist. Each line carries its binding id, the name keymap.toml remaps it by (awsx/tui/keymap.py).
A key a more specific (or a priority) binding takes over is left out: it would not do what its
line says. A key that falls through to a less specific one (``esc`` with no filter to clear goes
back) is listed under both, the one that cannot act now dimmed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from awsx.tui.views import VIEWS

NOT_NOW = "not now"


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One line of help: the keys as the footer shows them, what they do, the binding id to
    remap them by (empty for Textual's own bindings, which have none), and whether they can
    act right now."""

    keys: str
    description: str
    binding_id: str = ""
    tooltip: str = ""
    available: bool = True


@dataclass(frozen=True, slots=True)
class KeyGroup:
    """The keys one node of the binding chain contributes, under a heading naming it."""

    title: str
    lines: tuple[KeyHelp, ...]


def group_title(node: DOMNode) -> str:
    """``Everywhere`` for the app; else the node's BINDING_GROUP_TITLE or its class in words
    (``ResourceTable`` -> ``Resource table``)."""
    if isinstance(node, App):
        return "Everywhere"
    if node.BINDING_GROUP_TITLE:
        return node.BINDING_GROUP_TITLE
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(node).__name__).capitalize()


def _available(key: str, binding: Binding, depth: int, live: dict[str, ActiveBinding],
               depths: dict[int, int]) -> bool | None:
    """True if ``key`` runs ``binding`` (of the chain's ``depth``-th node) now, False if it
    cannot act now, None if a more specific or a priority binding has the key."""
    active = live.get(key)
    if active is None or not active.enabled:
        return False
    if depths[id(active.node)] == depth and active.binding == binding:
        return True
    return None if active.binding.priority or depths[id(active.node)] < depth else False


def key_help(screen: Screen) -> list[KeyGroup]:
    """The keys of ``screen``'s binding chain, most specific node first; keys doing the same
    thing share a line (``up, k  Up``). System bindings and those without a description
    (Textual's internals) are left out."""
    live = screen.active_bindings
    # Textual's public ``active_bindings`` drops what check_action refuses: the chain keeps it.
    chain = screen._modal_binding_chain
    depths = {id(node): depth for depth, (node, _) in enumerate(chain)}
    groups = []
    for depth, (node, bindings) in enumerate(chain):
        keys: dict[tuple[str, str], list[str]] = {}
        lead: dict[tuple[str, str], tuple[Binding, bool]] = {}
        for key, binding in bindings:
            if binding.system or not binding.description:
                continue
            available = _available(key, binding, depth, live, depths)
            if available is None:
                continue
            same = (binding.id or binding.action, binding.description)
            keys.setdefault(same, []).append(screen.app.get_key_display(binding))
            known = lead.get(same)
            lead[same] = (binding, available or (known is not None and known[1]))
        lines = tuple(KeyHelp(", ".join(keys[same]), binding.description, binding.id or "", binding.tooltip, available)
                      for same, (binding, available) in lead.items())
        if lines:
            groups.append(KeyGroup(group_title(node), lines))
    return groups


@dataclass(frozen=True, slots=True)
class Columns:
    """The widths that line every group's keys and descriptions up."""

    keys: int
    description: int

    @classmethod
    def of(cls, groups: list[KeyGroup]) -> Columns:
        lines = [line for group in groups for line in group.lines]
        return cls(max((len(line.keys) for line in lines), default=1),
                   max((len(line.description) for line in lines), default=1))

    @property
    def tooltip_indent(self) -> int:
        return self.keys + 4


def key_line(line: KeyHelp, columns: Columns) -> Content:
    """``  ]  History forward  app.history_forward  (not now)``; the ``-unavailable`` class
    (help.tcss) dims a line that cannot act."""
    return Content.assemble(
        "  ", (line.keys.ljust(columns.keys), "bold $text-accent" if line.available else "bold"), "  ",
        line.description.ljust(columns.description), "  ", (line.binding_id, "$foreground-muted"),
        "" if line.available else (f"  ({NOT_NOW})", "italic"))


class HelpScreen(ModalScreen[None]):
    """A centred, scrollable box listing the live keys; Escape or ``?`` closes it."""

    CSS_PATH = "help.tcss"

    # A modal screen cuts the app's bindings off, so it needs its own way out.
    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close help", id="help.close")]

    def __init__(self, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        columns = Columns.of(self.groups)
        with VerticalScroll() as box:
            box.border_title = "Keys"
            box.border_subtitle = "↑↓ scroll · esc to close · ids: keymap.toml"
            for group in self.groups:
                yield Static(group.title, classes="group")
                for line in group.lines:
                    yield Static(key_line(line, columns), classes="key" if line.available else "key -unavailable")
                    if line.tooltip:
                        # Its own widget, indented under the description, so it wraps there.
                        tooltip = Static(line.tooltip, classes="tooltip")
                        tooltip.styles.padding = (0, 0, 0, columns.tooltip_indent)
                        yield tooltip
            # Then the views ``:`` opens, from the one table of views (awsx/tui/views.py).
            yield Static("Views (:word)", classes="group")
            for view in VIEWS.values():
                if view.command and not view.dialog:
                    yield Static(Content.assemble((f":{view.word}", "bold $text-accent"), f"  {view.title}"), classes="key")
