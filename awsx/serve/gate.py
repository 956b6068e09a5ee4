"""The waiting room for connections that have not logged in yet, kept apart from logged-in ones.

A TCP connection costs an attacker nothing and needs no key, so unauthenticated connections
never count against the logins' limit. They have their own room, bounded per source address
and overall; when it is full, the connection that has waited longest is dropped to make space
for the new one (instead of refusing the newcomer, which is what lets idle sockets lock
everyone out until the login timeout). A real client logs in within a few round trips of
arriving, so to push it out an attacker has to open a room's worth of new connections in that
moment, from its own addresses first: it evicts its own connections before anyone else's.

Pure bookkeeping: the server closes what ``admit`` returns.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

Connection = TypeVar("Connection", bound=Hashable)


class PreAuthGate(Generic[Connection]):
    def __init__(self, per_source: int, overall: int) -> None:
        self.per_source = per_source
        self.overall = overall
        self._waiting: OrderedDict[Connection, str] = OrderedDict()  # oldest first

    def __len__(self) -> int:
        return len(self._waiting)

    def admit(self, connection: Connection, source: str) -> list[Connection]:
        """Let ``connection`` from ``source`` wait; the connections to drop for it, oldest first."""
        same_source = [waiting for waiting, origin in self._waiting.items() if origin == source]
        evicted = same_source[:max(0, len(same_source) + 1 - self.per_source)]
        for waiting in evicted:
            del self._waiting[waiting]
        while len(self._waiting) + 1 > self.overall:
            evicted.append(self._waiting.popitem(last=False)[0])
        self._waiting[connection] = source
        return evicted

    def leave(self, connection: Connection) -> None:
        """``connection`` logged in or went away: it no longer waits."""
        self._waiting.pop(connection, None)
