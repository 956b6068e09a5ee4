"""The pacer keeps a copy of AWS's throttling bucket once AWS has throttled: calls wait for
their token, a token behind AWS's count, and tokens saved while idle are spent at once."""

from __future__ import annotations

import asyncio

import pytest
from session_options import demo_options

from awsx.inventory.pacing import Pacer
from bench.pacing import TIGHT_CONFIG, paced_and_unpaced
from bench.simaws import SimAws

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


@pytest.fixture(scope="module")
def tight_crawls(moto_server, seeded):
    """The demo estate through buckets of two calls refilled at 20 per second (bench/pacing.py),
    once paced and once with pacers that never hold a call."""
    with SimAws(moto_server.endpoint, TIGHT_CONFIG) as sim:
        return paced_and_unpaced(sim, demo_options(sim.endpoint))


def test_a_paced_crawl_through_throttling_buckets_finds_what_an_unpaced_one_finds(tight_crawls, demo_estate):
    """How many throttles pacing saves is a wall-clock figure: ``make bench`` prints it."""
    paced, unpaced = tight_crawls
    found = {r.arn for r in paced.result.resources}
    # Other tests add to the shared moto server: the demo estate is a part of what is there.
    assert {r.arn for r in demo_estate.resources()} <= found == {r.arn for r in unpaced.result.resources}
    # Pacing marks nothing a plain crawl does not (the demo's own markers: what moto does not serve).
    plain = {(m.region, m.service, m.operation, m.status) for m in demo_estate.markers}
    assert {(m.region, m.service, m.operation, m.status) for m in paced.result.markers} == plain
    assert {(m.region, m.service, m.operation, m.status) for m in unpaced.result.markers} == plain
    assert paced.throttles > 0  # the buckets did bind: this crawl was paced, not merely fast
