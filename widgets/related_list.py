"""What a resource is connected to, grouped by relation and walkable both ways: ``→ IN_VPC``
lists what this resource points at, ``← IN_VPC`` what points at it (DESIGN: every relation is
walkable in both directions). References the crawl did not see are listed, not hidden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.core.model import Edge, Resource
from awsx.inventory.specs import kind_info

Direction = Literal["→", "←"]


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One related resource; ``resource`` is None for a reference the estate does not hold."""

    direction: Direction
    relation: str
    ref: str
    resource: Resource | None
    attrs: str = ""


def _attrs(edge: Edge) -> str:
    return " ".join(f"{k}={v}" for k, v in edge.attrs.items() if v not in (None, ""))


def neighbours(estate: Estate, arn: str) -> list[Neighbour]:
    """Outgoing edges (dangling references last in their relation), then incoming ones."""
    outgoing = [Neighbour("→", e.relation.value, e.target, estate.resource(e.target), _attrs(e))
                for e in estate.out_edges(arn)]
    incoming = [Neighbour("←", e.relation.value, e.source, estate.resource(e.source), _attrs(e))
                for e in estate.in_edges(arn)]
    missing = [Neighbour("→", d.relation.value, d.ref, None) for d in estate.dangling if d.source == arn]

    def key(n: Neighbour) -> tuple[str, bool, str, str, str]:
        r = n.resource
        if r is None:
            return (n.relation, True, "", "", n.ref)
        return (n.relation, False, r.kind, r.name.casefold(), r.id)

    return sorted(outgoing + missing, key=key) + sorted(incoming, key=key)


# Id and name columns line up across groups, up to a point: a long name must not push the
# kind off screen.
_MAX_ID = 32
_MAX_NAME = 28


@dataclass(frozen=True, slots=True)
class Widths:
    """Column widths shared by every option of one list."""

    id: int
    name: int

    @classmethod
    def of(cls, items: list[Neighbour]) -> Widths:
        resources = [n.resource for n in items if n.resource is not None]
        return cls(min(_MAX_ID, max((len(r.id) for r in resources), default=0)),
                   min(_MAX_NAME, max((len(_name(r)) for r in resources), default=0)))


def _name(resource: Resource) -> str:
    return resource.name if resource.name != resource.id else ""


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


class NeighbourOption(Option):
    """An option that remembers which resource it leads to."""

    def __init__(self, neighbour: Neighbour, widths: Widths) -> None:
        self.neighbour = neighbour
        super().__init__(self._prompt(neighbour, widths), disabled=neighbour.resource is None)

    @staticmethod
    def _prompt(n: Neighbour, widths: Widths) -> Content:
        if n.resource is None:
            return Content.assemble("  ", inert(n.ref), ("  not in this estate", "$text-warning"))
        r = n.resource
        return Content.assemble(
            "  ", (_fit(inert(r.id), widths.id), "bold"), "  ", _fit(inert(_name(r)), widths.name),
            (inert(f"  {kind_info(r.kind).title}"), "$text-muted"),
            (inert(f"  {n.attrs}"), "$text-muted") if n.attrs else "",
        )


class RelatedList(OptionList):
    """Related resources under ``→ RELATION`` / ``← RELATION`` headings; Enter opens one."""

    DEFAULT_CSS = """
    RelatedList {
        height: 1fr;
        border: round $primary 50%;
    }
    RelatedList:focus {
        border: round $primary;
    }
    """

    def __init__(self, items: list[Neighbour], id: str | None = None) -> None:
        options: list[Option] = []
        widths = Widths.of(items)
        heading = None
        for item in items:
            if (item.direction, item.relation) != heading:
                heading = (item.direction, item.relation)
                title = f"{item.direction} {item.relation}"
                options.append(Option(Content.styled(title, "bold $text-accent"), disabled=True))
            options.append(NeighbourOption(item, widths))
        if not options:
            options.append(Option(Content.styled("no related resources", "$text-muted"), disabled=True))
        super().__init__(*options, id=id)
        self.border_title = f"Related ({len(items)})"
