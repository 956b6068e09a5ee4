"""Xray (``x``): the dependency tree of one resource, walking edges forward (instance → ENI →
subnet → route table → IGW); used-by (``u``): the same walk over reverse edges (SG → ENIs →
instances). Children are created when a node is expanded, never up front, and every node
carries the mark ``awsx.pulse.xray`` gives it; the screen only renders."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.inventory.specs import kind_info
from awsx.pulse.xray import Direction, XrayNode, children, root
from awsx.tui.navigation import DETAIL, USED_BY, XRAY, NavState
from awsx.widgets.messages import Navigate

from .base import AwsxScreen
from .detail import shown_resource

# Tree labels are Rich Text, so these are Rich styles (the theme cannot reach them).
MARK_STYLE = {"ok": "green", "warn": "yellow", "missing-ref": "red", "denied": "bold red"}
MUTED = "dim"
MARK_SYMBOL = {"ok": "✓", "warn": "!", "missing-ref": "?", "denied": "✗"}


def node_label(node: XrayNode, relation: bool = True) -> Text:
    """``✓ IN_SUBNET  subnet-0a  prod-a  Subnets`` (then the reason for anything not ok); the
    ids, names and reasons are data, so inert."""
    r = node.resource
    parts: list[str | tuple[str, str]] = [(MARK_SYMBOL[node.mark] + " ", MARK_STYLE[node.mark])]
    if relation and node.relation:
        parts.append((f"{node.relation}  ", MUTED))
    if r is None:
        parts.append((inert(node.ref), "bold"))
    else:
        parts.append((inert(r.id), "bold"))
        if r.name and r.name != r.id:
            parts.append(inert(f"  {r.name}"))
        parts.append((inert(f"  {kind_info(r.kind).title}"), MUTED))
    if node.mark != "ok":
        parts.append((inert(f"  {node.mark}: {node.reason}"), MARK_STYLE[node.mark]))
    return Text.assemble(*parts)


class XrayTree(Tree[XrayNode]):
    """A tree whose nodes load their children on expand; a resource already on the way down
    is shown but not expanded again (edges form cycles: SG references, peering)."""

    DEFAULT_CSS = """
    XrayTree {
        height: 1fr;
        border: round $primary;
        padding: 0 1;
    }
    """

    def __init__(self, estate: Estate, arn: str, direction: Direction) -> None:
        top = root(estate, arn)
        super().__init__(node_label(top, relation=False), data=top, id="xray")
        self.estate = estate
        self.direction = direction
        self.show_root = True
        self.guide_depth = 3

    def on_mount(self) -> None:
        self.root.expand()

    @on(Tree.NodeExpanded)
    def _load(self, event: Tree.NodeExpanded[XrayNode]) -> None:
        self.load_children(event.node)

    def load_children(self, node: TreeNode[XrayNode]) -> None:
        """Fill ``node`` the first time it opens."""
        if node.children or node.data is None or node.data.resource is None:
            return
        above = set()
        walker: TreeNode[XrayNode] | None = node
        while walker is not None:
            if walker.data is not None:
                above.add(walker.data.ref)
            walker = walker.parent
        found = children(self.estate, node.data.ref, self.direction)
        for child in found:
            cycle = child.ref in above
            label = node_label(child)
            if cycle:
                label.append("  (already above)", MUTED)
            expandable = child.expandable and not cycle and bool(
                children(self.estate, child.ref, self.direction))
            node.add(label, data=child, allow_expand=expandable)
        if not found:
            node.allow_expand = False


class XrayScreen(AwsxScreen):
    """``x``/``u`` on a selection: its tree; Enter on a leaf (or ``d`` anywhere) opens that
    resource's detail."""

    BINDINGS = [Binding("d", "detail", "Detail", id="xray.detail", tooltip="Open the node's detail")]

    def __init__(self, estate: Estate, arn: str, direction: Direction = "down") -> None:
        super().__init__(estate)
        self.resource = estate.resource(arn)
        self.direction = direction

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> XrayScreen:
        return cls(estate, shown_resource(estate, state), "up" if state.screen == USED_BY else "down")

    @property
    def crumb(self) -> str:
        return ("xray " if self.direction == "down" else "used-by ") + self.resource.id

    def compose_body(self) -> ComposeResult:
        tree = XrayTree(self.estate, self.resource.arn, self.direction)
        tree.border_title = ("Xray: what it depends on" if self.direction == "down"
                             else "Used by: what depends on it")
        tree.border_subtitle = "✓ ok  ! warn  ? missing-ref  ✗ denied"
        yield tree

    def on_mount(self) -> None:
        self.query_one(XrayTree).focus()

    def nav_state(self) -> NavState:
        return NavState(XRAY if self.direction == "down" else USED_BY, self.resource.arn, self.resource.kind)

    @property
    def selection(self) -> str | None:
        node = self.query_one(XrayTree).cursor_node
        if node is not None and node.data is not None and node.data.resource is not None:
            return node.data.resource.arn
        return self.resource.arn

    def action_detail(self) -> None:
        arn = self.selection
        if arn is not None:
            self.post_message(Navigate(NavState(DETAIL, arn, self.estate.resource(arn).kind)))

    @on(Tree.NodeSelected)
    def _open(self, event: Tree.NodeSelected[XrayNode]) -> None:
        # Enter toggles a node with children; on a leaf it opens the detail.
        if event.node.data is not None and event.node.data.resource is not None and not event.node.allow_expand:
            self.action_detail()
