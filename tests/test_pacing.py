"""The pacer keeps a copy of AWS's throttling bucket once AWS has throttled: calls wait for
their token, a token behind AWS's count, and tokens saved while idle are spent at once."""

from __future__ import annotations

import asyncio

from collections import Counter

import pytest

from awsx.inventory.crawler import Crawler
from awsx.inventory.pacing import Pacer
from awsx.inventory.session import open_accounts
from bench.simaws import Limit, SimAws, SimConfig
from conftest import demo_options

THROTTLED = (None, {"Error": {"Code": "RequestLimitExceeded", "Message": "Rate exceeded"}})
DENIED = (None, {"Error": {"Code": "UnauthorizedOperation"}})


class FakeTime:
    """A clock that only moves when a paced call sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def pacer(time: FakeTime, **limits) -> Pacer:
    return Pacer(clock=time.clock, sleep=time.sleep, **limits)


def send(pacer: Pacer, calls: int) -> None:
    async def sends() -> None:
        for _ in range(calls):
            await pacer.before_send(request=None)
    asyncio.run(sends())


def test_a_bucket_never_throttled_is_never_held(time):
    paced = pacer(time)
    send(paced, 500)
    assert not paced.pacing and time.sleeps == []


def test_other_errors_do_not_start_pacing(time):
    paced = pacer(time)
    paced.needs_retry(response=DENIED)
    paced.needs_retry(response=None)
    assert not paced.pacing


def test_after_a_throttle_calls_leave_at_the_refill_rate_a_token_behind(time):
    paced = pacer(time, refill=20.0, margin=1.0)
    paced.needs_retry(response=THROTTLED)
    send(paced, 5)
    # The first waits for a whole token plus the margin, the next one token each.
    assert time.sleeps == pytest.approx([0.10, 0.05, 0.05, 0.05, 0.05])


def test_tokens_saved_while_idle_are_spent_at_once_up_to_the_burst(time):
    paced = pacer(time, burst=10, refill=20.0, margin=1.0)
    paced.throttled()
    time.now += 60.0  # a minute without calls refills the bucket, to its burst and no more
    send(paced, 10)
    assert time.sleeps == []
    send(paced, 1)
    assert time.sleeps == pytest.approx([0.05])


def test_a_throttle_among_paced_calls_moves_the_next_one_back(time):
    paced = pacer(time, refill=20.0, margin=1.0)
    paced.throttled()
    time.now += 5.0  # saved 99 tokens
    paced.needs_retry(response=THROTTLED)  # yet AWS says none: another client spent them
    send(paced, 1)
    assert time.sleeps == pytest.approx([0.10])


TIGHT = Limit(burst=2, refill=20.0)
LATE = 0.5  # seconds


def throttles_after_the_first_wave(sim: SimAws) -> Counter:
    """Per bucket, throttles later than half a second after its first one: by then the calls
    that met the empty bucket unpaced have been answered and pacing has begun."""
    first: dict[tuple[str, str, str], float] = {}
    late: Counter = Counter()
    for record in sim.log:
        if record.outcome == "throttled":
            first.setdefault(record.bucket, record.at)
            late[record.bucket] += record.at > first[record.bucket] + LATE
    return late


def crawl_through(sim: SimAws, pacer) -> tuple[object, Counter]:
    async def crawl():
        accounts = await open_accounts(demo_options(sim.endpoint))
        return await Crawler(accounts, pacer=pacer).run()

    sim.reset()
    return asyncio.run(crawl()), throttles_after_the_first_wave(sim)


@pytest.fixture(scope="module")
def tight_crawls(moto_server, seeded):
    """The demo estate through buckets of two calls refilled at 20 per second, with jitter as
    large as the latency: once with pacers told so, once with pacers that never hold a call
    (so that a loaded machine slows both alike)."""
    config = SimConfig(latency=0.005, jitter=0.005, limits={}, default_limits={"read": TIGHT})
    with SimAws(moto_server.endpoint, config) as sim:
        paced = crawl_through(sim, lambda: Pacer(burst=TIGHT.burst, refill=TIGHT.refill))
        unpaced = crawl_through(sim, lambda: Pacer(burst=10**9, refill=1e9))
        return paced, unpaced


def test_a_throttled_bucket_is_paced_instead_of_hammered(tight_crawls, demo_estate):
    (result, late), (unpaced_result, unpaced_late) = tight_crawls
    found = {r.arn for r in result.resources}
    # Other tests add to the shared moto server: the demo estate is a part of what is there.
    assert {r.arn for r in demo_estate.resources()} <= found == {r.arn for r in unpaced_result.resources}
    # Unpaced, botocore's retries meet the empty buckets again and again (30-40 late throttles
    # in all on a quiet machine); paced, only calls sent before the first throttle was seen,
    # and network jitter, can (0-5 quiet, up to 16 with both cores busy elsewhere).
    assert sum(unpaced_late.values()) >= 10, unpaced_late
    assert sum(late.values()) * 2 <= sum(unpaced_late.values()), (late, unpaced_late)
