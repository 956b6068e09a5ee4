"""Token buckets as AWS documents them for the EC2 API: a bucket holds at most ``burst``
tokens, gains ``refill`` tokens per second, and each request takes one; a request that finds
the bucket empty is throttled and takes nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True, slots=True)
class Limit:
    burst: int
    refill: float  # tokens per second


@dataclass
class TokenBucket:
    limit: Limit
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = float(self.limit.burst)
        self.stamp = self.clock()

    def take(self) -> bool:
        """One token if there is one (True), else False: the caller answers a throttle."""
        now = self.clock()
        self.tokens = min(float(self.limit.burst), self.tokens + (now - self.stamp) * self.limit.refill)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False
