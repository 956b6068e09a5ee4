"""Every account of an AWS Organization (issue 18): from the management account (or a delegated
administrator), the active member accounts (``organizations:ListAccounts``), each entered by
assuming one role (``sts:AssumeRole``, default ``OrganizationAccountAccessRole``, the role AWS
creates in accounts made through Organizations: https://docs.aws.amazon.com/organizations/latest/
userguide/orgs_manage_accounts_access.html). Every assumed session carries the same read-only
guard as the management one. A member that cannot be assumed is a marker naming the reason, never
a failed crawl; the management account itself is crawled with its own credentials.

With ``--shard I/N`` (inventory/shard.py) only the accounts of shard I are entered and crawled,
the management account included only if it falls in shard I; every shard lists the accounts and
describes the organization, so each part names the organization it belongs to (awsx merge checks
that its parts do).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiobotocore.credentials import AioRefreshableCredentials
from botocore.exceptions import BotoCoreError, ClientError

from awsx.core.errors import CredentialsError
from awsx.core.model import Marker, MarkerStatus

from .session import AccountSession, OrgOptions, SessionOptions, open_account, open_session_with

SESSION_NAME = "awsx-read-only"
LIST_ACCOUNTS_PAGE_SIZE = 20  # ListAccounts' maximum
# Members entered together. Entering one holds clients until it is done (the management
# account's AssumeRole, then the member's identity, regions and aliases): all of 100 members at
# once made the start of an --org crawl its peak, ~2 MiB of RSS per member.
MEMBERS_AT_ONCE = 16


@dataclass
class Organization:
    """The sessions to crawl (management first) and a marker per member left out; ``summary``
    says which organization and which shard of it, for the estate's info."""

    sessions: list[AccountSession]
    markers: list[Marker]
    summary: dict[str, str]


async def active_members(management: AccountSession) -> list[str]:
    """The ids of the organization's ACTIVE accounts (suspended ones cannot be entered)."""
    try:
        async with management.client("organizations", management.home_region) as organizations:
            pages = organizations.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": LIST_ACCOUNTS_PAGE_SIZE})
            return [account["Id"] async for page in pages for account in page.get("Accounts", [])
                    if account.get("Status", "ACTIVE") == "ACTIVE"]
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        raise CredentialsError(f"cannot list the organization's accounts from {management.account} ({code}): run "
                               "--org from the management account or a delegated administrator") from exc


async def describe(management: AccountSession) -> dict[str, str]:
    """The organization's id and management account (``organizations:DescribeOrganization``)."""
    async with management.client("organizations", management.home_region) as organizations:
        found = (await organizations.describe_organization())["Organization"]
    return {"id": found["Id"], "management_account": found["MasterAccountId"]}


async def assume_member(management: AccountSession, account: str, role: str, options: SessionOptions, *,
                        sts: Any = None) -> AccountSession:
    """``account`` entered by assuming ``role`` from the management session: a session as guarded
    as it. ``sts``: the management account's STS client, when many members share one.

    The member's credentials are botocore's refreshable kind: an Organization's crawl enters
    every member first and reaches the last ones much later, and assumed-role credentials last
    an hour by default (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html),
    so a member whose turn came after that would have met ExpiredToken, which stops the crawl.
    botocore assumes the role again when they are about to run out."""
    if sts is None:
        async with management.client("sts", management.home_region) as own:
            return await assume_member(management, account, role, options, sts=own)
    arn = f"arn:{_partition(management.caller_arn)}:iam::{account}:role/{role}"

    async def refresh() -> dict[str, Any]:
        async with management.client("sts", management.home_region) as again:
            return _metadata(await again.assume_role(RoleArn=arn, RoleSessionName=SESSION_NAME))

    first = _metadata(await sts.assume_role(RoleArn=arn, RoleSessionName=SESSION_NAME))
    credentials = AioRefreshableCredentials.create_from_metadata(first, refresh_using=refresh, method="assume-role")
    return await open_account(None, options, session=open_session_with(credentials, options), label=f"{role} in {account}")


def _metadata(answer: dict[str, Any]) -> dict[str, Any]:
    """An AssumeRole answer as botocore's refreshable credentials read it."""
    granted = answer["Credentials"]  # botocore parses Expiration (a timestamp shape) to a datetime
    return {"access_key": granted["AccessKeyId"], "secret_key": granted["SecretAccessKey"],
            "token": granted["SessionToken"], "expiry_time": granted["Expiration"].isoformat()}


def _partition(arn: str) -> str:
    parts = arn.split(":")
    return parts[1] if len(parts) > 1 and parts[1] else "aws"


async def open_organization(management: AccountSession, org: OrgOptions, options: SessionOptions) -> Organization:
    """The management session plus one assumed session per wanted active member (of the shard's
    accounts only, with ``--shard``), ``MEMBERS_AT_ONCE`` at a time, through one STS client."""
    summary, listed = await asyncio.gather(describe(management), active_members(management))
    members = [a for a in listed if a != management.account and org.wanted(a) and org.in_shard(a)]
    entering = asyncio.Semaphore(MEMBERS_AT_ONCE)

    async def enter(account: str) -> AccountSession:
        async with entering:
            return await assume_member(management, account, org.role, options, sts=sts)

    async with management.client("sts", management.home_region) as sts:
        outcomes = await asyncio.gather(*(enter(account) for account in members), return_exceptions=True)
    sessions = [management] if org.in_shard(management.account) else []
    markers: list[Marker] = []
    for account, outcome in zip(members, outcomes):
        if isinstance(outcome, AccountSession):
            sessions.append(outcome)
        elif isinstance(outcome, (ClientError, BotoCoreError, CredentialsError)):
            markers.append(Marker(account, "global", "sts", "AssumeRole", MarkerStatus.DENIED,
                                  f"cannot assume {org.role} in {account}: {_reason(outcome)}"))
        else:
            raise outcome
    if org.shard:
        summary["shard"] = str(org.shard)
    return Organization(sessions, markers, summary)


def _reason(error: BaseException) -> str:
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "") or str(error)
    return str(error)
