"""IAM views: a principal's groups, policies and statements (or a policy's holders, a group's
members, an instance's role), a "can it do…?" prompt whose deciding statements light up in
the tree, and the privilege-escalation paths drawn as chains.

Both screens are built as ``Class(estate, argument="", selection=None)`` (awsx/tui/views.py
from a NavState): ``selection`` is the ARN under the cursor, ``argument`` what was typed after
``:iam``. With neither, a fuzzy picker over principals comes first. The IAM index (every
policy parsed) is built in a worker once the screen is up, never while it composes. A view's
NavState carries the principal and the last "can it do" question, so history, a refresh and
``:follow`` ask it again; ``ctrl+s`` exports the deciding statements of the last answer (else
the tree as shown), or the privesc paths. Every answer comes from awsx.iam."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.iam.attachments import Holder, IamView, acting_principal, find, iam_view, pickable, trusted_services
from awsx.iam.derived import iam_index, principal_graph
from awsx.iam.evaluate import ALL, Decision, evaluate
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import Path, PrivescReport, privesc
from awsx.iam.request import checked_action, request_resource
from awsx.iam.whocan import who_can
from awsx.tui.navigation import DETAIL, NavState
from awsx.widgets.form_field import FormField
from awsx.widgets.messages import Navigate
from awsx.widgets.plain_match import plain_highlight
from awsx.widgets.policy_tree import NodeData, PolicyTree

from .base import AwsxScreen, ExportTable

DECISION_STYLE = {"allow": "bold green", "explicit-deny": "bold red", "implicit-deny": "bold red",
                  "conditional": "bold yellow"}
PICKER_ROWS = 200  # the picker lists the best matches; typing narrows them


class PrincipalPicker(ModalScreen[str | None]):
    """Fuzzy search over users, roles, groups, policies and instance profiles."""

    DEFAULT_CSS = """
    PrincipalPicker { align: center middle; }
    PrincipalPicker > Vertical { width: 80%; max-width: 100; height: 80%; border: round $accent; background: $surface; }
    PrincipalPicker OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="iam.picker.cancel", tooltip="Close the picker")]

    def __init__(self, choices: list[tuple[str, str]], query: str = "") -> None:
        super().__init__()
        self.choices = [(inert(title), arn) for title, arn in choices]  # shown as options: inert text
        self.query_text = inert(query)  # it fills an Input, which draws its text as it is

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(self.query_text, placeholder="user, role, group, policy or instance profile", id="pick")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self.query_one(Vertical).border_title = "Open IAM view on…"
        self._refresh(self.query_text)

    @on(Input.Changed, "#pick")
    def _typed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        matcher = Matcher(query) if query else None
        scored = [(matcher.match(title) if matcher else 1.0, title, arn) for title, arn in self.choices]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))[:PICKER_ROWS]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(plain_highlight(matcher, title) if matcher else Content(title), id=arn)
                             for _, title, arn in ranked])
        if ranked:
            options.highlighted = 0

    @on(Input.Submitted, "#pick")
    def _first(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_key(self, event: events.Key) -> None:
        """Up/Down move through the matches while the cursor stays in the search box."""
        if event.key in ("down", "up") and self.focused is self.query_one(Input):
            options = self.query_one(OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def short(arn: str) -> str:
    """``user/bob`` for an IAM ARN (the account is on the status line); others as they are;
    inert, as everything shown of a principal's name."""
    return inert(arn.split(":", 5)[-1] if arn.startswith("arn:aws:iam::") else arn)


def decision_text(decision: Decision) -> Text:
    """The engine's answer as lines: decision, why, on what it depends, which statements."""
    text = Text()
    text.append(decision.decision.upper(), style=DECISION_STYLE.get(decision.decision, "bold"))
    text.append(inert(f"  {decision.action} on {decision.resource}") + "\n"
                + f"as {short(decision.principal)}: " + inert(decision.reason) + "\n")
    for line in decision.control_lines:
        text.append(inert(line) + "\n")
    if decision.conditions:
        text.append(inert("depends on: " + ", ".join(decision.conditions)) + "\n", style="yellow")
    for deciding in decision.deciding:
        sid = f" {deciding.sid}" if deciding.sid else ""
        text.append(inert(f"◆ {deciding.type} {short(deciding.policy)} #{deciding.statement}{sid}") + "\n",
                    style="bold")
    return text


@dataclass
class IamIndexed(Message):
    """The estate's IAM index is built (a worker: parsing every policy takes a moment)."""

    index: IamIndex


@dataclass
class PrivescComputed(Message):
    """The privesc report, or why there is none (one line)."""

    index: IamIndex
    report: PrivescReport | None
    problem: str = ""


def tree_rows(tree: PolicyTree) -> ExportTable:
    """The tree as shown (expanded nodes only), one row per node with its depth."""
    rows: list[list[object]] = []

    def walk(node: TreeNode[NodeData], depth: int) -> None:
        rows.append([depth, str(node.label), node.data.arn if node.data is not None and node.data.arn else ""])
        if node.is_expanded:
            for child in node.children:
                walk(child, depth + 1)

    walk(tree.root, 0)
    return ["Depth", "Node", "ARN"], rows


def deciding_rows(decision: Decision) -> ExportTable:
    columns = ["Decision", "Action", "Resource", "Principal", "Type", "Policy", "Statement", "Sid"]
    return columns, [[decision.decision, decision.action, decision.resource, decision.principal,
                      d.type, d.policy, d.statement, d.sid or ""] for d in decision.deciding]


class IamScreen(AwsxScreen):
    """The IAM tree of one user, role, group, policy, instance profile or instance."""

    CSS_PATH = "iam.tcss"
    BINDINGS = [
        Binding("c", "ask", "Can it do…?", id="iam.ask", tooltip="May it do ACTION [RESOURCE]?"),
        Binding("o", "open_here", "Open IAM here", id="iam.open",
                tooltip="IAM view of the highlighted node"),
        Binding("slash", "pick", "Pick", id="iam.pick", tooltip="Fuzzy-find another principal"),
        Binding("p", "privesc", "Privesc", id="iam.privesc", tooltip="Its paths to admin"),
        Binding("escape", "leave_question", "Back to the tree", id="iam.leave_question", show=False,
                tooltip="Leave the \"can it do\" box (the view stays)"),
    ]
    selection: str | None = None  # the principal shown (an attribute here, not the base's property)

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__(estate)
        self.index: IamIndex | None = None  # built by a worker once the screen is up
        self.argument = argument.strip()  # where the picker starts when nothing matched
        self.given = selection
        self.question = ""
        self.view: IamView | None = None
        self.decision: Decision | None = None  # the last "can it do" answer

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> IamScreen:
        return cls(estate, argument=state.argument, selection=state.selection)

    def nav_state(self) -> NavState:
        if self.selection is None:
            return NavState("iam", argument=self.argument)
        return NavState("iam", self.selection, argument=self.question)

    @property
    def crumb(self) -> str:
        return " ".join(["iam", short(self.selection) if self.selection else self.argument, self.question]).strip()

    export_name = "iam"

    def export_rows(self) -> ExportTable | None:
        if self.decision is not None:
            return deciding_rows(self.decision)
        return tree_rows(self.query_one(PolicyTree)) if self.view is not None else None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="iam-body"):
            yield PolicyTree(lambda arn: iam_view(self.index, arn), self._assumers, id="tree")
            with Vertical(id="ask"):
                yield FormField(placeholder="ACTION [RESOURCE ARN]", id="can")
                yield Static(id="answer")

    def on_mount(self) -> None:
        self.query_one("#ask").border_title = "Can it do…? (c)"
        self.query_one("#answer", Static).update(Text("reading the estate's IAM policies…", style="dim"))
        self._build_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="iam-index", description="IAM index")
    def _build_index(self) -> None:
        self.post_message(IamIndexed(iam_index(self.estate)))

    @on(IamIndexed)
    def _indexed(self, event: IamIndexed) -> None:
        # ``:iam user/bob s3:PutObject arn:...``: who, then optionally a question; with a
        # selection (opened from a key), the whole argument is the question.
        self.index = event.index
        first, _, rest = self.argument.partition(" ")
        self.selection = self.given or find(self.index, first)
        self.question = self.argument if self.given else rest.strip() if self.selection else ""
        if self.selection:
            self.show(self.selection)
        else:
            self.action_pick()
        if self.question:
            self.query_one("#can", Input).value = self.question
            self._answer(self.question)
        self.refresh_crumbs()

    def show(self, arn: str) -> None:
        try:
            self.view = iam_view(self.index, arn)
        except UserError as error:
            self.query_one("#answer", Static).update(Text(inert(str(error)), style="red"))
            self.action_pick()
            return
        self.selection = arn
        self.refresh_crumbs()
        self.query_one(PolicyTree).show(self.view)
        self.query_one("#answer", Static).update(self._hint())
        self.query_one(PolicyTree).focus()

    def _assumers(self, role_arn: str) -> list[Holder]:
        """Principals whose sts:AssumeRole on the role is allowed (or conditional), and on what."""
        answer = who_can(self.index, "sts:AssumeRole", role_arn, escalation=False)
        found = [Holder(p.arn, "", "anyone (*)" if p.arn == "*" else short(p.arn),
                        "if " + ", ".join(p.conditions) if p.conditions else "allowed") for p in answer.principals]
        return found + [Holder("", "", f"service {name}", "trust policy") for name in trusted_services(self.index, role_arn)]

    def _asker(self) -> str | None:
        """Who "can it do…?" asks about: the principal, or the role an instance or profile acts as."""
        return acting_principal(self.index, self.estate.resource(self.view.arn)) if self.view else None

    def _hint(self) -> Text:
        asker = self._asker()
        if asker is None:
            return Text("Pick a user or role (or an instance with a role) to ask what it can do.", style="dim")
        return Text(f"Asking as {short(asker)}.\nType an action and optionally a resource ARN (default *), then Enter.",
                    style="dim")

    def action_ask(self) -> None:
        self.query_one("#can", Input).focus()

    def action_leave_question(self) -> None:
        self.query_one(PolicyTree).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_question":  # Escape elsewhere leaves the view (the app's key)
            return self.focused is not None and self.focused.id == "can"
        if self.index is None and action in ("ask", "pick", "open_here", "privesc"):
            return False  # nothing to ask or pick before the index is built
        return super().check_action(action, parameters)

    @on(Input.Submitted, "#can")
    def _can(self, event: Input.Submitted) -> None:
        self.question = event.value.strip()
        self._answer(event.value)
        self.refresh_crumbs()

    def _answer(self, question: str) -> None:
        answer = self.query_one("#answer", Static)
        asker = self._asker()
        words = question.split()
        if asker is None or not words or len(words) > 2:
            answer.update(Text("Type ACTION [RESOURCE], e.g. iam:PassRole arn:aws:iam::123456789012:role/admin",
                               style="red") if asker else self._hint())
            return
        try:
            action, resource = checked_action(words[0]), request_resource(self.estate, words[1] if words[1:] else ALL)
            decision = evaluate(self.index, self.index.principal(asker), action, resource)
        except UserError as error:
            answer.update(Text(inert(str(error)), style="red"))
            return
        self.decision = decision
        shown = self.query_one(PolicyTree).highlight((d.type, d.policy, d.statement) for d in decision.deciding)
        text = decision_text(decision)
        if decision.deciding and shown < len(decision.deciding):
            text.append("(resource, trust, SCP and RCP statements are not in this tree)", style="dim")
        answer.update(text)

    def action_pick(self) -> None:
        def chosen(arn: str | None) -> None:
            if arn:
                self.show(arn)

        self.app.push_screen(PrincipalPicker(pickable(self.index), self.argument), chosen)

    def _cursor_arn(self) -> str | None:
        node = self.query_one(PolicyTree).cursor_node
        return node.data.arn if node is not None and node.data is not None else None

    def action_open_here(self) -> None:
        arn = self._cursor_arn()
        if arn and arn != self.selection:
            self.post_message(Navigate(NavState("iam", arn)))

    def action_privesc(self) -> None:
        self.post_message(Navigate(NavState("privesc", self._asker())))

    @on(Tree.NodeSelected, "#tree")
    def _selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        """Enter opens the resource a node stands for; a heading just folds or unfolds."""
        data = event.node.data
        if data is not None and data.arn and data.statement is None and data.arn in self.estate:
            self.post_message(Navigate(NavState(DETAIL, data.arn, self.estate.resource(data.arn).kind)))
        else:
            event.node.toggle()


def chain_text(path: Path, admins: set[str]) -> Text:
    """A path as a vertical chain: principal, the edge (kind, actions, conditions), the next."""
    text = Text()
    text.append(short(path.principal), style="bold")
    for step in path.steps:
        text.append(f"\n   │ {inert(step.kind)}", style="bold cyan")
        for action in step.actions:
            text.append(f"\n   │   {inert(action)}", style="cyan")
        if step.conditions:
            text.append(f"\n   │ if {inert('; '.join(step.conditions))}", style="yellow")
        text.append("\n   ▼\n")
        text.append(short(step.target), style="bold red" if step.target in admins else "bold")
        if step.target in admins:
            text.append("  ★ admin", style="bold red")
    return text


class PrivescScreen(AwsxScreen):
    """Admins, and each principal's shortest path to one, drawn as a chain."""

    CSS_PATH = "iam.tcss"
    BINDINGS = [
        Binding("i", "iam", "IAM view", id="privesc.iam", tooltip="IAM view of the highlighted principal"),
    ]

    selection: str | None = None  # the principal asked about (an attribute here, not the base's property)

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__(estate)
        self.index: IamIndex | None = None  # built by the worker with the principal graph
        self.argument = argument.strip()
        self.selection = selection
        self.report: PrivescReport | None = None

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> PrivescScreen:
        return cls(estate, argument=state.argument, selection=state.selection)

    def nav_state(self) -> NavState:
        return NavState("privesc", self.selection, argument=self.argument)

    @property
    def crumb(self) -> str:
        return " ".join(["privesc", short(self.selection) if self.selection else self.argument]).strip()

    export_name = "privesc"

    def export_rows(self) -> ExportTable | None:
        if self.report is None:
            return None
        columns = ["Principal", "Admin", "Steps", "Path"]
        return columns, [[p.principal, p.steps[-1].target, len(p.steps),
                          " → ".join([short(p.principal), *(f"{s.kind} {short(s.target)}" for s in p.steps)])]
                         for p in self.report.paths]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="privesc-body"):
            yield OptionList(id="paths")
            yield Static(Text("computing the principal graph…", style="dim"), id="chain")

    def on_mount(self) -> None:
        self.query_one("#paths").border_title = "Privilege escalation"
        self.query_one(OptionList).focus()
        self._compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="privesc", description="principal graph")
    def _compute(self) -> None:
        index = iam_index(self.estate)
        try:
            ref = self.selection or self.argument
            principal = index.resolve(ref) if ref else None
            report = privesc(index, principal, principal_graph(index))
        except UserError as error:
            self.post_message(PrivescComputed(index, None, str(error)))
            return
        self.post_message(PrivescComputed(index, report))

    @on(PrivescComputed)
    def _computed(self, event: PrivescComputed) -> None:
        self.index = event.index
        if event.report is None:
            self._say(Text(inert(event.problem), style="red"))
        else:
            self._show(event.report)

    def _say(self, text: Text) -> None:
        self.query_one("#chain", Static).update(text)

    def _show(self, report: PrivescReport) -> None:
        self.report = report
        options = self.query_one(OptionList)
        rows: list[Option | None] = [Option(Text(f"Admins ({len(report.admins)})", style="bold"), disabled=True)]
        rows += [Option(Text(f"★ {short(a.arn)}  "
                             + inert(f"({a.how}{', if ' + ', '.join(a.conditions) if a.conditions else ''})")),
                        id=f"admin:{a.arn}") for a in report.admins]
        rows += [None, Option(Text(f"Can escalate to admin ({len(report.paths)})", style="bold"), disabled=True)]
        rows += [Option(Text(f"{short(p.principal)} → {short(p.steps[-1].target)}"
                             + (f" · {len(p.steps)} steps" if len(p.steps) > 1 else "")), id=f"path:{i}")
                 for i, p in enumerate(report.paths)]
        options.clear_options()
        options.add_options(rows)
        if report.paths:
            options.highlighted = len(report.admins) + 3
            return
        asked = self.selection or self.argument
        admin = next((a for a in report.admins if asked and a.arn == self.index.resolve(asked).resource_arn), None)
        said = f"{short(admin.arn)} is an admin ({inert(admin.how)})." if admin else "No escalation path to an admin."
        skipped = f"\n{len(report.problems)} malformed policies skipped." if report.problems else ""
        self._say(Text(said + skipped, style="dim"))

    @on(OptionList.OptionHighlighted, "#paths")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.report is None or not event.option.id:
            return
        kind, _, value = event.option.id.partition(":")
        chain = self.query_one("#chain", Static)
        if kind == "path":
            chain.update(chain_text(self.report.paths[int(value)], {a.arn for a in self.report.admins}))
        else:
            admin = next(a for a in self.report.admins if a.arn == value)
            lines = [admin.arn, f"admin: {admin.how}",
                     *((f"if {', '.join(admin.conditions)}",) if admin.conditions else ())]
            chain.update(Text("\n".join(inert(line) for line in lines)))

    def _principal(self, option_id: str | None) -> str | None:
        if self.report is None or not option_id:
            return None
        kind, _, value = option_id.partition(":")
        return self.report.paths[int(value)].principal if kind == "path" else value

    @on(OptionList.OptionSelected, "#paths")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        arn = self._principal(event.option.id)
        if arn and arn in self.estate:
            self.post_message(Navigate(NavState(DETAIL, arn, self.estate.resource(arn).kind)))

    def action_iam(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        arn = self._principal(options.get_option_at_index(options.highlighted).id)
        if arn:
            self.post_message(Navigate(NavState("iam", arn)))
