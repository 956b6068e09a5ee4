"""What ``:diff OLD`` says of the resource on the detail screen: added, removed, or each field
that changed with its old and new value (awsx/diff.py computes them; this only draws them)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from awsx.core.cells import cell
from awsx.core.inert import inert
from awsx.diff.changes import FieldChange

STATUS_STYLE = {"added": "$text-success", "changed": "$text-warning", "removed": "$text-error"}


def field_line(field: FieldChange) -> Content:
    """``+ path: new`` (appeared), ``- path: old`` (went), ``~ path: old → new``."""
    if field.old is None:
        return Content.assemble(("+ ", "$text-success bold"), (inert(field.path), "bold"), f": {cell(field.new)}")
    if field.new is None:
        return Content.assemble(("- ", "$text-error bold"), (inert(field.path), "bold"), f": {cell(field.old)}")
    return Content.assemble(("~ ", "$text-warning bold"), (inert(field.path), "bold"),
                            f": {cell(field.old)} → {cell(field.new)}")


def field_lines(fields: tuple[FieldChange, ...]) -> Content:
    """One line (wrapped if long) per changed field, in the diff's order."""
    return Content("\n").join(field_line(field) for field in fields)


def diff_content(status: str, against: str, fields: tuple[FieldChange, ...]) -> Content:
    """The pane's text: a heading for the status, then the changed fields."""
    heading = {"added": f"added since {against}", "removed": f"removed since {against}: the record as it was",
               "changed": f"changed since {against}: {len(fields)} field(s)"}[status]
    title = Content.styled(inert(heading), f"{STATUS_STYLE[status]} bold")
    return Content("\n").join([title, field_lines(fields)]) if fields else title


class FieldDiff(VerticalScroll):
    """Hidden unless a ``:diff`` is in view and marks this resource; scrolls when many fields
    changed, so the record below keeps most of the pane."""

    DEFAULT_CSS = """
    FieldDiff {
        height: auto;
        max-height: 12;
        border: round $warning 50%;
        padding: 0 1;
        display: none;
    }
    FieldDiff.-shown {
        display: block;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="field-diff-text")

    @property
    def text(self) -> str:
        return str(self.query_one("#field-diff-text", Static).render())

    def show_diff(self, status: str, against: str = "", fields: tuple[FieldChange, ...] = ()) -> None:
        """``status`` empty hides the pane."""
        self.set_class(bool(status), "-shown")
        if status:
            self.border_title = "diff"
            self.query_one("#field-diff-text", Static).update(diff_content(status, against, fields))
