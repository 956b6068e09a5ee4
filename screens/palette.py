"""``ctrl+p``: the command palette searches every resource of the estate by name, id, ARN, IP
address and tag, and opens the one picked. The haystack (one string per resource) is built
once, off the UI thread, when the palette opens; each keystroke scans it with a substring test
before scoring the few that match, so 100k resources stay interactive."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from awsx.core.inert import inert
from awsx.core.model import Resource
from awsx.inventory.specs import kind_info
from awsx.tui.navigation import DETAIL, NavState
from awsx.widgets.messages import Navigate
from awsx.widgets.plain_match import plain_highlight

MAX_HITS = 40


@dataclass(frozen=True, slots=True)
class Entry:
    """What the palette searches for one resource, lowercased once."""

    arn: str
    kind: str
    label: str
    haystack: str


def entry_of(resource: Resource) -> Entry:
    tags = " ".join(f"{k}={v}" for k, v in resource.tags.items())
    label = resource.id if resource.name in ("", resource.id) else f"{resource.id}  {resource.name}"
    words = [resource.id, resource.name, resource.arn, *resource.ips, tags]
    return Entry(resource.arn, resource.kind, label, " ".join(words).casefold())


class ResourceProvider(Provider):
    """Global search over the estate the app holds."""

    async def startup(self) -> None:
        estate = self.app.estate  # type: ignore[attr-defined]
        worker = self.app.run_worker(lambda: [entry_of(r) for r in estate.resources()], thread=True,
                                     exit_on_error=False, description="index resources for ctrl+p")
        self.entries: list[Entry] = await worker.wait()

    def _open(self, entry: Entry) -> None:
        self.screen.post_message(Navigate(NavState(DETAIL, entry.arn, entry.kind)))

    async def search(self, query: str) -> Hits:
        needle = query.strip().casefold()
        if not needle:
            return
        matcher = self.matcher(query)
        found = 0
        for entry in self.entries:
            if needle not in entry.haystack:
                continue
            score = matcher.match(entry.label) or 0.1
            # The palette reads ``help`` as markup: the ARN is data, so inert and escaped.
            yield Hit(score, plain_highlight(matcher, entry.label), partial(self._open, entry),
                      help=escape(inert(f"{kind_info(entry.kind).title} · {entry.arn}")))
            found += 1
            if found >= MAX_HITS:
                return

    async def discover(self) -> Hits:
        yield DiscoveryHit("Type a name, id, ARN, IP address or tag=value", lambda: None,
                           help="searches every resource of the estate")
