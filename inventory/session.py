"""Sessions: one guarded aioboto3 session per AWS account, its identity and enabled regions.

Credentials come from botocore's own chain (env, profiles, SSO, assume-role,
credential_process), so awsx supports whatever the AWS CLI supports. ``AWS_ENDPOINT_URL`` and
``AWS_CA_BUNDLE`` are honoured by botocore itself. Retries use botocore's ``standard`` mode
(exponential backoff with jitter), never a hand-written loop; the crawler caps concurrency per
(service, region). Not ``adaptive``: its client-side limiter cuts the send rate by 30 % at every
throttle, so a service throttling a third of all calls (another tool sharing the account's
bucket) slowed a 900-call crawl through bench/simaws from seconds to minutes.
"""

from __future__ import annotations

import asyncio
import functools
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

import aioboto3
from aiobotocore.credentials import AioRefreshableCredentials
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound
from botocore.loaders import Loader, create_loader
from botocore.utils import parse_timestamp

from awsx.core.errors import CredentialsError, UserError

from .readonly import DEFAULT_ORG_ROLE, refuse_writes
from .shard import Shard

# Where identity and region discovery are asked when a profile names no region.
HOME_REGION = "us-east-1"
# botocore's model loaders by search path, shared by every session (see _share_service_models).
_LOADERS: dict[tuple[str, ...], Any] = {}
RETRY_CONFIG = Config(
    # Reads are idempotent: outlast long bursts of throttling (30 % of calls refused still
    # leaves a 1-in-a-million chance that one call fails 13 times in a row).
    retries={"mode": "standard", "max_attempts": 12},
    connect_timeout=10,
    read_timeout=30,
    max_pool_connections=32,
    user_agent_appid="awsx",
)
# Temporary credentials that ran out (EC2 says RequestExpired). Mid-crawl only these stop the
# crawl: an AuthFailure there can be one region that is not enabled.
TOKEN_EXPIRED_CODES = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired"})
EXPIRED_CODES = TOKEN_EXPIRED_CODES | frozenset(
    {"InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure", "SignatureDoesNotMatch"}
)

EventHook = tuple[str, Callable[..., Any]]


@dataclass(frozen=True, slots=True)
class OrgOptions:
    """``--org``: the role to assume in member accounts (the one AWS creates in accounts made
    through Organizations by default), which members (none given: every active one), and which
    shard of the accounts this machine crawls (none: all of them)."""

    role: str = DEFAULT_ORG_ROLE
    accounts: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    shard: Shard | None = None

    def wanted(self, account: str) -> bool:
        return (not self.accounts or account in self.accounts) and account not in self.exclude

    def in_shard(self, account: str) -> bool:
        return self.shard is None or self.shard.holds(account)


@dataclass(frozen=True, slots=True)
class SessionOptions:
    """What the user chose: profiles (several = several accounts) or an organization, regions, endpoint.
    ``credentials`` (access key, secret) is for the embedded demo only; ``hooks`` lets
    tests observe or inject at botocore's event layer."""

    profiles: tuple[str | None, ...] = (None,)
    regions: tuple[str, ...] = ()
    endpoint_url: str | None = None
    credentials: tuple[str, str] | None = None
    hooks: tuple[EventHook, ...] = ()
    config: Config = RETRY_CONFIG
    org: OrgOptions | None = None  # crawl every member of the first profile's organization

    @property
    def endpoint(self) -> str:
        """The endpoint this estate lives at (for cache keys): explicit, env, or real AWS."""
        return self.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or "aws"


@dataclass
class AccountSession:
    """A guarded session for one account, with its identity and the regions to crawl."""

    profile: str | None
    session: aioboto3.Session
    options: SessionOptions
    account: str = ""
    caller_arn: str = ""
    aliases: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    home_region: str = HOME_REGION

    def limit_key(self, service: str, operation: str) -> str | None:
        """The page-size parameter of a paginated operation (``MaxResults``, ``MaxItems``...)."""
        return self.session._session.get_paginator_model(service).get_paginator(operation).get("limit_key")

    def client(self, service: str, region: str) -> Any:
        """An async client context manager for (service, region) with retries and endpoint."""
        endpoint = self.options.endpoint_url
        # A plain-HTTP endpoint (moto, LocalStack) has no TLS: do not parse the CA bundle for
        # every client (tens of ms of CPU each, the largest fixed cost of a local crawl).
        verify = False if endpoint and endpoint.startswith("http://") else None
        return self.session.client(service, region_name=region, endpoint_url=endpoint, config=self.options.config,
                                   verify=verify)


def guarded_session(profile: str | None, options: SessionOptions) -> aioboto3.Session:
    """A session whose every client refuses non-read operations before sending them."""
    try:
        if options.credentials:
            key, secret = options.credentials
            session = aioboto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name=HOME_REGION)
        else:
            session = aioboto3.Session(profile_name=profile)
    except ProfileNotFound as exc:
        raise UserError(f"unknown AWS profile {profile!r} (see `aws configure list-profiles`)") from exc
    return _guard(session, options)


def open_session_with(credentials: AioRefreshableCredentials, options: SessionOptions) -> aioboto3.Session:
    """A guarded session on temporary credentials that botocore refreshes before they run out:
    a member account entered by ``sts:AssumeRole`` (inventory/organization.py)."""
    session = aioboto3.Session(region_name=HOME_REGION)
    session._session._credentials = credentials  # botocore's own slot: what AssumeRoleProvider fills
    return _guard(session, options)


@functools.cache
def _shared_loader() -> Loader:
    """One loader of botocore's data files (service models, endpoint rules, paginators) for every
    session: each session's own loader parsed the same JSON again, ~1.2 s of CPU per account
    and its 31 services on this machine, which an --org crawl of 100 accounts paid 100 times."""
    return create_loader(os.environ.get("AWS_DATA_PATH"))


def _guard(session: aioboto3.Session, options: SessionOptions) -> aioboto3.Session:
    session._session.register_component("data_loader", _shared_loader())
    session._session.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=fast_timestamp)
    _share_service_models(session)
    events = session.events
    events.register("before-call", refuse_writes, unique_id="awsx-read-only-guard")
    for event, handler in options.hooks:
        events.register(event, handler)
    return session


def _share_service_models(session: aioboto3.Session) -> None:
    """Every session reads AWS's service models (JSON, parsed once and cached by its loader)
    through the first loader made for the same search paths. A session per account made each
    account parse every service's model again: 40 MB per account for ten services, so a crawl's
    peak RSS grew with the number of accounts; shared, each account after the first costs 3 MB."""
    own = session._session.get_component("data_loader")
    shared = _LOADERS.setdefault(tuple(own.search_paths), own)
    if shared is not own:
        session._session.register_component("data_loader", shared)


def fast_timestamp(value: Any) -> datetime:
    """botocore's timestamp parsing, with the ISO 8601 strings most answers carry read by
    ``datetime.fromisoformat`` (C) instead of dateutil: a quarter of a crawl's CPU went there
    (9,600 timestamps in the bench estate). Epoch numbers and RFC 822 dates go to botocore."""
    if isinstance(value, str) and value[4:5] == "-":  # extended ISO 8601; "20261127" is epoch seconds
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return parse_timestamp(value)


async def open_account(profile: str | None, options: SessionOptions, *, session: aioboto3.Session | None = None,
                       label: str | None = None) -> AccountSession:
    """Resolve a profile (or an already guarded ``session``) to an account
    (sts:GetCallerIdentity) and its enabled regions."""
    session = session or guarded_session(profile, options)
    account = AccountSession(profile=profile, session=session, options=options)
    account.home_region = session.region_name or HOME_REGION
    label = label or profile or "default credentials"
    try:
        # Three independent reads: asked together, the crawl starts one round trip after login.
        identity, account.regions, account.aliases = await asyncio.gather(
            _caller_identity(account), _enabled_regions(account, options.regions), _account_aliases(account))
        account.account = identity["Account"]
        account.caller_arn = identity["Arn"]
    except NoCredentialsError as exc:
        raise CredentialsError(
            f"no AWS credentials for {label}: run `aws configure`, `aws sso login`, or use --profile"
        ) from exc
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in EXPIRED_CODES:
            raise CredentialsError(f"AWS credentials for {label} were rejected ({code}): refresh them, e.g. `aws sso login`") from exc
        raise CredentialsError(f"cannot identify the account for {label}: {code or exc}") from exc
    except BotoCoreError as exc:
        raise CredentialsError(f"cannot use credentials for {label}: {exc}") from exc
    return account


async def _caller_identity(account: AccountSession) -> dict[str, Any]:
    async with account.client("sts", account.home_region) as sts:
        return await sts.get_caller_identity()


async def _account_aliases(account: AccountSession) -> tuple[str, ...]:
    """The account's alias (IAM allows at most one), for people to recognise the account by.
    Optional: a denied read leaves the account known by its number alone."""
    try:
        async with account.client("iam", account.home_region) as iam:
            # Paginated like every list call (the rule test_pagination holds the crawl to).
            pages = iam.get_paginator("list_account_aliases").paginate(PaginationConfig={"PageSize": 100})
            return tuple([alias async for page in pages for alias in page.get("AccountAliases", [])])
    except ClientError:
        return ()


async def _enabled_regions(account: AccountSession, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """Regions enabled for the account (DescribeRegions without AllRegions lists only those),
    restricted to ``wanted`` when given; naming a region that is not enabled is an error."""
    async with account.client("ec2", account.home_region) as ec2:
        answer = await ec2.describe_regions()
    enabled = sorted(region["RegionName"] for region in answer.get("Regions", []))
    if not wanted:
        return tuple(enabled)
    unknown = [region for region in wanted if region not in enabled]
    if unknown:
        raise UserError(f"region(s) {', '.join(unknown)} not enabled for account {account.account}")
    return tuple(wanted)


async def open_accounts(options: SessionOptions) -> list[AccountSession]:
    """Open every profile in parallel; two profiles for the same account crawl it once."""
    opened = await asyncio.gather(*(open_account(profile, options) for profile in options.profiles))
    unique: dict[str, AccountSession] = {}
    for account in opened:
        unique.setdefault(account.account, account)
    return list(unique.values())
