"""The rule rows of a security group, network ACL or route table (awsx.reach.rule_rows), drawn
as a plain table above the raw record: the rows are computed by the engine, this only lays
them out. The CLI's ``awsx show`` uses the same ``rich_rule_table``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from awsx.core.cells import cell
from awsx.reach.rule_rows import RuleTable


def rich_rule_table(rules: RuleTable, title: str | None = None) -> Table:
    """One column per field of the row record, one line per row; an empty table says none."""
    table = Table(title=None if title is None else Text(cell(title)), title_justify="left", box=None, pad_edge=False,
                  show_edge=False, header_style="bold")
    for index, column in enumerate(rules.columns):  # ids and CIDRs whole; the last column may give way
        last = index == len(rules.columns) - 1
        table.add_column(column.replace("_", " "), no_wrap=True, overflow="ellipsis" if last else "fold",
                          ratio=1 if last else None)
    for cells in rules.cells():  # data: plain Text, inert, whichever console draws it
        table.add_row(*(Text(cell(value)) for value in cells))
    if not rules.rows:
        table.add_row("none", *("" for _ in rules.columns[1:]))
    return table


class RuleTableView(Static):
    """A bordered, height-to-fit table across the detail view; a long rule list scrolls inside."""

    DEFAULT_CSS = """
    RuleTableView {
        height: auto;
        max-height: 40%;
        overflow-y: auto;
        border: round $primary 50%;
        padding: 0 1;
    }
    """

    def __init__(self, rules: RuleTable, id: str | None = None) -> None:
        super().__init__(rich_rule_table(rules), id=id)
        self.border_title = Content(cell(f"{rules.title} · {len(rules.rows)}"))
