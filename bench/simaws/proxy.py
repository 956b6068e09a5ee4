"""simaws: an HTTP proxy on 127.0.0.1 in front of a moto server that behaves like AWS under
load. Every request waits the configured latency, takes a token from its (account, service,
region, API class) bucket or is throttled with the service's real error, and may meet an
injected fault (5xx, connection reset, read timeout, AccessDenied for chosen (service, region)).
Every request is logged, so a run can report its calls and throttles per bucket.

AWS's request quotas are per account, so are the buckets: a request's account is learnt from
the answers that name the account of a credential (``sts:GetCallerIdentity``: the caller's;
``sts:AssumeRole``: the role's account for the access key returned). A key not yet learnt (the
first calls of a session, sent with its GetCallerIdentity) counts as an account of its own.

The proxy runs its own event loop in a daemon thread, so synchronous boto3 scripts and
asyncio crawlers in the calling process can both use it.
"""

from __future__ import annotations

import asyncio
import random
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import parse_qs

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

from .buckets import Limit, TokenBucket
from .errors import DENIED, EXPIRED, SERVER_ERROR, THROTTLED, Fault, render
from .identify import Call, identify

BucketKey = tuple[str, str, str]  # (service, region, api class)
AccountBucketKey = tuple[str, str, str, str]  # (account, service, region, api class): one token bucket

# EC2's documented defaults for non-mutating and mutating actions (burst, refill per second).
EC2_LIMITS: Mapping[str, Limit] = {"read": Limit(100, 20), "write": Limit(200, 5)}
_HOP_BY_HOP = frozenset({"host", "content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive"})
_ACCESS_KEY = re.compile(r"Credential=([^/]+)/")
_ACCOUNT = re.compile(rb"<Account>(\d{12})</Account>")
_ISSUED_KEY = re.compile(rb"<AccessKeyId>([^<]+)</AccessKeyId>")


@dataclass(frozen=True, slots=True)
class Faults:
    """Rates are per request, drawn independently; ``denied`` names (service, region) pairs
    (service as the SigV4 signing name: ec2, iam, elasticloadbalancing, lambda, ...)."""

    throttle_rate: float = 0.0
    error_rate: float = 0.0
    reset_rate: float = 0.0
    timeout_rate: float = 0.0
    hang: float = 3.0  # how long a timed-out request is held before its connection is dropped
    denied: frozenset[tuple[str, str]] = frozenset()
    expire_after: int | None = None  # the credentials expire after this many requests


@dataclass(frozen=True, slots=True)
class SimConfig:
    """``limits`` per service and API class; a service not named uses ``default_limits``
    (None: unlimited)."""

    latency: float = 0.060
    jitter: float = 0.010
    limits: Mapping[str, Mapping[str, Limit]] = field(default_factory=lambda: {"ec2": EC2_LIMITS})
    default_limits: Mapping[str, Limit] | None = field(default_factory=lambda: dict(EC2_LIMITS))
    faults: Faults = Faults()
    seed: int = 1
    # Answer a request identical to one moto already answered from memory. moto spends tens of
    # milliseconds of CPU per call on a loaded 2-core machine, which is not AWS's behaviour (AWS's
    # time is ``latency``); the estate does not change during a measured crawl. Off by default.
    replay: bool = False

    def limit(self, service: str, api_class: str) -> Limit | None:
        per_class = self.limits.get(service, self.default_limits)
        return per_class.get(api_class) if per_class else None


@dataclass(frozen=True, slots=True)
class Record:
    at: float
    call: Call
    outcome: str  # ok, throttled, denied, error, reset, timeout, expired
    account: str = ""  # learnt from the credential (or the access key id, not yet learnt)

    @property
    def bucket(self) -> BucketKey:
        return (self.call.service, self.call.region, self.call.api_class)

    @property
    def account_bucket(self) -> AccountBucketKey:
        return (self.account, *self.bucket)


class SimAws:
    """``with SimAws(moto_endpoint, config) as sim:`` then point clients at ``sim.endpoint``."""

    def __init__(self, upstream: str, config: SimConfig = SimConfig()) -> None:
        self.upstream = upstream.rstrip("/")
        self.config = config
        self.endpoint = ""
        self.log: list[Record] = []
        self.misses = 0  # requests moto itself answered (not replayed)
        self._buckets: dict[AccountBucketKey, TokenBucket] = {}
        self._accounts: dict[str, str] = {}  # access key id -> account
        self._answers: dict[tuple[str, str, str, str, str, str, bytes], tuple[int, dict[str, str], bytes]] = {}
        self._random = random.Random(config.seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="simaws", daemon=True)
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> str:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result()
        return self.endpoint

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __enter__(self) -> SimAws:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reset(self, config: SimConfig | None = None) -> None:
        """Full buckets and an empty log (between two measured runs); optionally new settings."""
        def clear() -> None:
            self.config = config or self.config
            self._buckets.clear()
            self.log = []
            self.misses = 0
        self._loop.call_soon_threadsafe(clear)
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), self._loop).result()

    async def _start(self) -> None:
        self._client = ClientSession(connector=TCPConnector(limit=0), auto_decompress=False,
                                     timeout=ClientTimeout(total=300))
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        site = web.SockSite(self._runner, listener)
        await site.start()
        self.endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"

    async def _stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
        if self._client:
            await self._client.close()

    # --- reporting ---------------------------------------------------------------------
    def counts(self, per_account: bool = False) -> dict[BucketKey, Counter[str]] | dict[AccountBucketKey, Counter[str]]:
        """Outcomes per bucket: ``{("ec2", "eu-west-1", "read"): Counter(ok=240, throttled=31)}``,
        every account's together; ``per_account``: keyed ``(account, service, region, class)``."""
        per_bucket: dict = {}
        for record in list(self.log):
            key = record.account_bucket if per_account else record.bucket
            per_bucket.setdefault(key, Counter())[record.outcome] += 1
        return per_bucket

    # --- one request -------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        call = identify(request.method, request.path, request.headers, request.query_string, body)
        key = _access_key(request.headers.get("Authorization", ""))
        account = self._accounts.get(key, key)
        outcome = self._decide(call, account)
        self.log.append(Record(time.monotonic(), call, outcome, account))
        latency = max(0.0, self.config.latency + self._random.uniform(-1, 1) * self.config.jitter)
        await asyncio.sleep(latency)
        if outcome in ("reset", "timeout"):
            if outcome == "timeout":
                await asyncio.sleep(self.config.faults.hang)
            _reset(request)
            return web.Response(status=500)
        fault = {"throttled": THROTTLED, "denied": DENIED, "error": SERVER_ERROR, "expired": EXPIRED}.get(outcome)
        if fault is not None:
            return _answer(fault, call)
        answer = await self._forward(request, call, body, key)
        if call.service == "sts" and answer.status == 200:
            self._learn(call.operation, key, body, answer.body)
        return answer

    def _learn(self, operation: str, key: str, body: bytes, payload: bytes) -> None:
        """Which account a credential is, from the STS answers that say so."""
        if operation == "GetCallerIdentity" and (found := _ACCOUNT.search(payload)):
            self._accounts[key] = found[1].decode()
        elif operation == "AssumeRole" and (issued := _ISSUED_KEY.search(payload)):
            role = parse_qs(body.decode("utf-8", "replace")).get("RoleArn", [""])[0].split(":")
            if len(role) > 4 and role[4]:
                self._accounts[issued[1].decode()] = role[4]

    def _decide(self, call: Call, account: str) -> str:
        faults = self.config.faults
        if faults.expire_after is not None and len(self.log) >= faults.expire_after:
            return "expired"
        if (call.service, call.region) in faults.denied:
            return "denied"
        draw = self._random.random
        for outcome, rate in (("reset", faults.reset_rate), ("timeout", faults.timeout_rate),
                              ("error", faults.error_rate), ("throttled", faults.throttle_rate)):
            if rate and draw() < rate:
                return outcome
        limit = self.config.limit(call.service, call.api_class)
        if limit is None:
            return "ok"
        key = (account, call.service, call.region, call.api_class)
        bucket = self._buckets.setdefault(key, TokenBucket(limit))
        return "ok" if bucket.take() else "throttled"

    async def _forward(self, request: web.Request, call: Call, body: bytes, access_key: str) -> web.Response:
        # Service and region are part of the key: every service shares moto's one endpoint; so is
        # the operation (JSON-protocol calls name it in a header: DescribePolicy and
        # ListTargetsForPolicy send the same body) and the credential (two accounts asking the
        # same question get their own answers).
        key = (access_key, call.service, call.region, call.operation, request.method, request.path_qs, body)
        if self.config.replay and key in self._answers:
            status, reply, payload = self._answers[key]
            return web.Response(status=status, headers=reply, body=payload)
        assert self._client is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        async with self._client.request(request.method, self.upstream + request.path_qs, headers=headers,
                                        data=body) as upstream:
            payload = await upstream.read()
            reply = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP}
        if self.config.replay and upstream.status < 300:
            self._answers[key] = (upstream.status, reply, payload)
        self.misses += 1
        return web.Response(status=upstream.status, headers=reply, body=payload)


def _access_key(authorization: str) -> str:
    found = _ACCESS_KEY.search(authorization)
    return found[1] if found else ""


def _answer(fault: Fault, call: Call) -> web.Response:
    status, headers, body = render(fault, call)
    return web.Response(status=status, headers=headers, body=body)


def _reset(request: web.Request) -> None:
    """Drop the connection with a TCP RST (SO_LINGER 0), as a failing load balancer does."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
