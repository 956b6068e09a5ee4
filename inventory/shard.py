"""``--shard I/N``: which accounts of an Organization one of N machines crawls (issue 18).

The rule is rendezvous hashing (highest random weight) of the account id: account A belongs to
the shard i in 1..N whose ``sha256("A/i")`` is largest. So the share is a function of the
account id and N alone: it needs no coordination between machines, does not depend on the order
AWS lists accounts in, and an account joining or leaving the organization moves no other account
(and going from N to N+1 shards moves only the accounts the new shard wins, about 1/(N+1) of
them). ``hashlib``, not ``hash()``: Python salts ``hash`` per process, so two machines would
disagree. The management account (or delegated administrator) the crawl starts from is an
account like any other: it belongs to exactly one shard. Every shard still asks it for the
organization's accounts and enters its own members from it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from awsx.core.errors import UserError

_SHAPE = re.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"``; anything else is one line naming what is wrong."""
        shape = _SHAPE.fullmatch(text.strip())
        if not shape:
            raise UserError(f"--shard {text!r}: expected I/N, e.g. 1/4 (shard I of N, counted from 1)")
        index, count = int(shape[1]), int(shape[2])
        if count < 1 or not 1 <= index <= count:
            raise UserError(f"--shard {text}: I must be between 1 and N (N at least 1)")
        return cls(index, count)

    def holds(self, account: str) -> bool:
        return owner(account, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def owner(account: str, count: int) -> int:
    """The shard (1..count) account ``account`` belongs to."""
    return max(range(1, count + 1), key=lambda index: hashlib.sha256(f"{account}/{index}".encode()).digest())
