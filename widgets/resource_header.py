"""The top of a detail view: what this resource is and where it lives, before anything else."""

from __future__ import annotations

from typing import Sequence

from textual.content import Content
from textual.widgets import Static

from awsx.core.inert import inert
from awsx.core.model import Marker, Resource
from awsx.inventory.specs import kind_info


def header_content(resource: Resource, unread: Sequence[Marker] = ()) -> Content:
    """Id and name; ARN; account, region and the call that read it; tags; and the reads of
    this record that failed (its record is partial, the list it came from is whole). Each part
    is data: inert (awsx.core.inert)."""
    lines = [
        Content.assemble((inert(resource.id), "bold"),
                         inert(f"  {resource.name}") if resource.name != resource.id else ""),
        Content.styled(inert(resource.arn), "$text-muted"),
        Content.assemble(
            ("account ", "$text-muted"), inert(resource.account or "-"),
            ("  region ", "$text-muted"), inert(resource.region or "-"),
            *((("  read by ", "$text-muted"), inert(resource.provenance.operation),
               ("  at ", "$text-muted"), inert(resource.provenance.crawled_at)) if resource.provenance else ()),
        ),
        Content.assemble(
            ("tags ", "$text-muted"),
            *((inert("  ".join(f"{k}={v}" for k, v in sorted(resource.tags.items()))),) if resource.tags
              else (("none", "$text-muted"),)),
        ),
        *(Content.assemble(("unread ", "$warning"), inert(marker.on_record())) for marker in unread),
    ]
    return Content("\n").join(lines)


class ResourceHeader(Static):
    """Kind in the border title; identity, place and tags inside."""

    DEFAULT_CSS = """
    ResourceHeader {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
    }
    """

    def __init__(self, resource: Resource, unread: Sequence[Marker] = (), id: str | None = None) -> None:
        super().__init__(header_content(resource, unread), id=id)
        self.border_title = Content(inert(f"{kind_info(resource.kind).title} · {resource.kind}"))
