"""A lazy tree of who holds which policies: principal → groups → policies (inline, managed,
boundary, trust) → statements, or the reverse (policy → who has it, group → members,
instance → instance profile → role). Statements load when their policy is expanded; a role
under an instance profile loads its own subtree the same way.

Render only: the structure comes from ``awsx.iam.attachments``, the verdicts from the
evaluator; ``highlight`` marks the statements a decision cites (``Deciding``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable

from rich.text import Text, TextType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from awsx.core.inert import inert
from awsx.iam.attachments import Holder, IamView, PolicyEntry
from awsx.iam.policy import Statement

# Which Deciding.type cites a policy attached this way.
DECIDING_TYPE = {"inline": "identity", "managed": "identity", "boundary": "boundary", "trust": "trust"}
HIGHLIGHT = "bold black on yellow"
MARK = "◆ "  # a cited statement, also visible without colour


@dataclass(frozen=True, slots=True)
class NodeData:
    """What a node stands for: a resource to open, and/or a cited statement's key."""

    arn: str | None = None
    statement: tuple[str, str, int] | None = None  # (deciding type, policy name, index)


def statement_summary(statement: Statement) -> str:
    """``#0 Sid Allow s3:get*, s3:list* on *`` (Not… spelled out; conditions counted)."""
    actions = ", ".join(statement.actions) if statement.actions is not None else \
        "everything except " + ", ".join(statement.not_actions or ())
    resources = statement.resources if statement.resources is not None else statement.not_resources
    where = "" if resources is None else (" on " if statement.resources is not None else " on all but ") + ", ".join(resources)
    sid = f" {statement.sid}" if statement.sid else ""
    conditions = f"  if {len(statement.conditions)} condition(s)" if statement.conditions else ""
    return f"#{statement.index}{sid} {statement.effect} {actions}{where}{conditions}"


def statement_details(statement: Statement) -> list[str]:
    """The parts of a statement the summary abbreviates, one line each."""
    lines = []
    for label, block in (("Principal", statement.principals), ("NotPrincipal", statement.not_principals)):
        if block is not None:
            lines.append(f"{label}: " + ("*" if block.anyone and not block.by_type else
                                          json.dumps({k: list(v) for k, v in block.by_type})))
    for condition in statement.conditions:
        lines.append(f"Condition: {condition.operator} {condition.key} = {', '.join(condition.values)}")
    return lines


class PolicyTree(Tree[NodeData]):
    """The IAM view of one resource. The screen supplies two look-ups (the tree never reads
    the estate): ``expand_view`` gives a role under an instance profile its own subtree, and
    ``assumers`` answers "who can assume this role" when that node is first opened."""

    DEFAULT_CSS = "PolicyTree { height: 1fr; }"

    def __init__(self, expand_view: Callable[[str], IamView] | None = None,
                 assumers: Callable[[str], Iterable[Holder]] | None = None, **kwargs: object) -> None:
        super().__init__("IAM", data=NodeData(), **kwargs)  # type: ignore[arg-type]
        self.auto_expand = False
        self.expand_view = expand_view
        self.assumers = assumers
        self._pending: dict[int, Callable[[TreeNode[NodeData]], None]] = {}
        self._policies: dict[tuple[str, str], list[TreeNode[NodeData]]] = {}
        self._highlighted: set[tuple[str, str, int]] = set()
        self._statements: dict[tuple[str, str, int], Statement] = {}

    # --- building ------------------------------------------------------------------------
    def show(self, view: IamView) -> None:
        self.clear()
        self._pending.clear()
        self._policies.clear()
        self._statements.clear()
        self._highlighted.clear()
        self.root.set_label(Text(inert(view.title), style="bold"))
        self.root.data = NodeData(view.arn)
        self._fill(self.root, view)
        self.root.expand()

    def _fill(self, node: TreeNode[NodeData], view: IamView) -> None:
        if view.groups:
            groups = node.add(f"Groups ({len(view.groups)})", NodeData(), expand=True)
            for group, policies in view.groups:
                self._policy_list(groups.add(group.title, NodeData(group.arn), expand=True), policies)
        if view.policies:
            label = "Statements" if view.kind == "iam:policy" else f"Policies ({len(view.policies)})"
            self._policy_list(node.add(label, NodeData(), expand=True), view.policies,
                              expand=view.kind == "iam:policy")
        if view.holders or view.kind in ("iam:policy", "iam:group", "iam:instance-profile", "ec2:instance"):
            self._holders(node, view)
        if view.kind == "iam:role" and self.assumers is not None:
            self._lazy(node.add("Who can assume it", NodeData()), self._assumer_loader(view.arn), expand=False)

    def _assumer_loader(self, role_arn: str) -> Callable[[TreeNode[NodeData]], None]:
        def load(node: TreeNode[NodeData]) -> None:
            assert self.assumers is not None
            found = list(self.assumers(role_arn))
            for holder in found:
                node.add_leaf(f"{holder.title}  ({holder.how})", NodeData(holder.arn or None))
            if not found:
                node.add_leaf(Text("nobody in the estate", style="dim"))
        return load

    def _holders(self, node: TreeNode[NodeData], view: IamView) -> None:
        label = {"iam:policy": "Held by", "iam:group": "Members", "ec2:instance": "Instance profile"}.get(view.kind, "Roles")
        parent = node.add(f"{label} ({len(view.holders)})", NodeData(), expand=True)
        for holder in view.holders:
            if holder.how in ("role", "instance profile") and self.expand_view is not None:
                self._lazy(parent.add(holder.title, NodeData(holder.arn), expand=False), self._view_loader(holder),
                           expand=True)
            else:
                parent.add_leaf(f"{holder.title}  ({holder.how})", NodeData(holder.arn))

    def _view_loader(self, holder: Holder) -> Callable[[TreeNode[NodeData]], None]:
        def load(node: TreeNode[NodeData]) -> None:
            assert self.expand_view is not None
            self._fill(node, self.expand_view(holder.arn))
        return load

    def _policy_list(self, parent: TreeNode[NodeData], entries: Iterable[PolicyEntry], expand: bool = False) -> None:
        for entry in entries:
            if entry.policy is None:
                parent.add_leaf(Text(inert(f"{entry.title}: {entry.error}"), style="red"), NodeData(entry.arn))
                continue
            node = parent.add(entry.title, NodeData(entry.arn))
            key = (DECIDING_TYPE[entry.attachment], entry.name)
            self._policies.setdefault(key, []).append(node)
            self._lazy(node, self._statement_loader(entry), expand=expand)

    def _statement_loader(self, entry: PolicyEntry) -> Callable[[TreeNode[NodeData]], None]:
        def load(node: TreeNode[NodeData]) -> None:
            assert entry.policy is not None
            for statement in entry.policy.statements:
                key = (DECIDING_TYPE[entry.attachment], entry.name, statement.index)
                self._statements[key] = statement
                details = statement_details(statement)
                label, data = self._statement_label(statement, key), NodeData(entry.arn, key)
                if not details:
                    node.add_leaf(label, data)
                    continue
                child = node.add(label, data, expand=True)
                for line in details:
                    child.add_leaf(line, NodeData(entry.arn))
        return load

    def _statement_label(self, statement: Statement, key: tuple[str, str, int]) -> Text:
        style = "green" if statement.effect == "Allow" else "red"
        if key in self._highlighted:
            return Text(MARK + inert(statement_summary(statement)), style=HIGHLIGHT)
        return Text(inert(statement_summary(statement)), style=style)

    def process_label(self, label: TextType) -> Text:
        """A label given as a string names data (a principal, a policy, a condition's values):
        plain text, inert, never markup (Textual's own reads a string as markup)."""
        return Text(inert(label)) if isinstance(label, str) else super().process_label(label)

    def _lazy(self, node: TreeNode[NodeData], load: Callable[[TreeNode[NodeData]], None], expand: bool) -> None:
        """Children appear on first expansion; a placeholder keeps the expand arrow meanwhile."""
        node.allow_expand = True
        self._pending[node.id] = load
        if expand:
            self._load(node)
            node.expand()

    def _load(self, node: TreeNode[NodeData]) -> None:
        load = self._pending.pop(node.id, None)
        if load is not None:
            load(node)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        self._load(event.node)

    # --- decisions -----------------------------------------------------------------------
    def highlight(self, cited: Iterable[tuple[str, str, int]]) -> int:
        """Mark the cited statements (expanding their policies); returns how many are shown."""
        self._highlighted = set(cited)
        shown = 0
        for (kind, name), nodes in self._policies.items():
            for node in nodes:
                if any(k == kind and n == name for k, n, _ in self._highlighted):
                    self._load(node)
                    node.expand()
                    self._expand_ancestors(node)
                for child in node.children:
                    key = child.data.statement if child.data else None
                    if key is not None:
                        shown += key in self._highlighted
                        child.set_label(self._statement_label(self._statements[key], key))
        return shown

    @staticmethod
    def _expand_ancestors(node: TreeNode[NodeData]) -> None:
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
