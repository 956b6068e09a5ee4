"""Client-side pacing of one AWS throttling bucket (an account's calls to one service in one
region).

AWS throttles with token buckets: EC2 documents its own (non-mutating calls: 100 tokens,
refilled at 20 per second), other services throttle alike without publishing numbers. A
crawler that keeps sending once the bucket is empty is answered with throttling errors, and
botocore backs each one off exponentially: the last calls of a long crawl then sleep for
seconds while the bucket refills unused (measured in bench/crawl.py: a crawl bound at 4 s
took 7-12 s). So once AWS has throttled a bucket, awsx keeps a copy of it: calls leave as its
tokens allow, a token behind AWS's count so that network jitter does not bring a
call in before its token, and tokens saved while nothing was sent are spent at once as AWS
would allow. A bucket that is never throttled is never paced; botocore's retries still answer
any throttle that gets through (another tool sharing the account's bucket).
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

# EC2's documented bucket for non-mutating calls, assumed for the services that publish none.
BURST = 100
REFILL = 20.0  # tokens per second
# How far behind AWS's bucket the paced calls stay, in tokens (20 calls per second: 50 ms).
MARGIN = 1.0
THROTTLED_CODES = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
                             "SlowDown", "RequestThrottled", "ProvisionedThroughputExceededException"})


class Pacer:
    """``before_send`` and ``needs_retry`` are botocore event handlers for one client: the
    first holds a request until its token, the second sees throttles. ``clock`` and ``sleep``
    default to the running event loop's."""

    def __init__(self, burst: int = BURST, refill: float = REFILL, margin: float = MARGIN, *,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.burst = burst
        self.refill = refill
        self.margin = margin
        self._clock = clock
        self._sleep = sleep
        # AWS's tokens as far as awsx knows, minus the ones promised to waiting calls (so it
        # goes below zero). None until the first throttle: calls are not held.
        self._tokens: float | None = None
        self._stamp = 0.0

    @property
    def pacing(self) -> bool:
        return self._tokens is not None

    async def before_send(self, **_: Any) -> None:
        if self._tokens is None:
            return
        self._refill()
        self._tokens -= 1.0
        if self._tokens < 0:
            await self._sleep(-self._tokens / self.refill)

    def needs_retry(self, response: tuple[Any, dict[str, Any]] | None = None, **_: Any) -> None:
        """Returns None always: botocore's own retry handler decides whether and when to retry."""
        if response is not None and response[1].get("Error", {}).get("Code") in THROTTLED_CODES:
            self.throttled()

    def throttled(self) -> None:
        """AWS's bucket is empty now: the next call waits for a fresh token and the margin.
        Calls already promised a token keep it (a throttle among paced calls is jitter; the
        token it did not take is still in AWS's bucket for the next one)."""
        if self._tokens is None:
            self._tokens = -self.margin
            self._stamp = self._now()
        else:
            self._refill()
            self._tokens = min(self._tokens, -self.margin)

    def _refill(self) -> None:
        now = self._now()
        assert self._tokens is not None
        self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.refill)
        self._stamp = now

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()
