"""Entering an Organization's members (inventory/organization.py): at most ``MEMBERS_AT_ONCE``
at a time, through one STS client of the management account (all at once, the clients each
opening holds made the start of a 100-member crawl its peak of memory); and a member's
credentials are assumed again when they are about to run out, since the last members of a big
Organization are crawled long after they were entered."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest

from awsx.inventory import organization
from awsx.inventory.organization import MEMBERS_AT_ONCE, open_organization
from awsx.inventory.session import AccountSession, OrgOptions, SessionOptions

MANAGEMENT = "111111111111"
MEMBERS = [f"{n:012d}" for n in range(200000000000, 200000000000 + 3 * MEMBERS_AT_ONCE + 1)]
REFUSING = MEMBERS[5]


@dataclass
class FakeAws:
    """The management account's organizations and STS clients, counting what was opened."""

    lifetime: timedelta = timedelta(hours=1)
    sts_clients: int = 0
    entering: int = 0
    most_entering: int = 0
    assumed: list[str] = field(default_factory=list)

    @contextlib.asynccontextmanager
    async def client(self, service: str, region: str):
        if service == "sts":
            self.sts_clients += 1
        yield self

    def get_paginator(self, name: str):
        async def pages(**_):
            yield {"Accounts": [{"Id": a, "Status": "ACTIVE"} for a in [MANAGEMENT, *MEMBERS]]}
        return type("Paginator", (), {"paginate": staticmethod(pages)})

    async def describe_organization(self):
        return {"Organization": {"Id": "o-fake", "MasterAccountId": MANAGEMENT}}

    async def assume_role(self, RoleArn: str, RoleSessionName: str):
        account = RoleArn.split(":")[4]
        if account == REFUSING:
            from botocore.exceptions import ClientError
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "AssumeRole")
        self.assumed.append(account)
        issued = len(self.assumed)
        return {"Credentials": {"AccessKeyId": f"AKIA{account}", "SecretAccessKey": "s", "SessionToken": f"t{issued}",
                                "Expiration": datetime.now(timezone.utc) + self.lifetime}}


@pytest.fixture
def aws(monkeypatch) -> FakeAws:
    fake = FakeAws()

    async def open_account(profile, options, *, session, label):  # the member's identity, regions, aliases
        fake.entering += 1
        fake.most_entering = max(fake.most_entering, fake.entering)
        await asyncio.sleep(0.01)
        fake.entering -= 1
        frozen = await (await session.get_credentials()).get_frozen_credentials()
        return AccountSession(profile=None, session=session, options=options,
                              account=frozen.access_key.removeprefix("AKIA"))

    monkeypatch.setattr(organization, "open_account", open_account)
    return fake


def management_of(aws: FakeAws) -> AccountSession:
    management = AccountSession(profile=None, session=None, options=SessionOptions(), account=MANAGEMENT,
                                caller_arn=f"arn:aws:iam::{MANAGEMENT}:user/admin")
    management.client = aws.client  # type: ignore[method-assign]
    return management


async def test_members_are_entered_a_bounded_few_at_a_time_through_one_sts_client(aws: FakeAws) -> None:
    found = await open_organization(management_of(aws), OrgOptions(), SessionOptions())
    assert aws.most_entering == MEMBERS_AT_ONCE
    assert aws.sts_clients == 1
    assert [s.account for s in found.sessions] == [MANAGEMENT, *(m for m in MEMBERS if m != REFUSING)]
    [marker] = found.markers
    assert marker.account == REFUSING and marker.operation == "AssumeRole" and "AccessDenied" in marker.message


async def test_a_members_credentials_are_assumed_again_before_they_run_out(aws: FakeAws) -> None:
    """Within botocore's mandatory refresh window (10 minutes before expiry) the next request's
    credentials come from a new AssumeRole of the same role; an hour away, from the first."""
    aws.lifetime = timedelta(minutes=5)
    found = await open_organization(management_of(aws), OrgOptions(accounts=(MEMBERS[0], MEMBERS[1])), SessionOptions())
    member = found.sessions[1]
    assert aws.assumed.count(member.account) == 2  # entered, then refreshed by open_account's own read
    frozen = await (await member.session.get_credentials()).get_frozen_credentials()
    assert aws.assumed.count(member.account) == 3 and frozen.token == f"t{len(aws.assumed)}"
    assert aws.sts_clients == 1 + 3  # the shared one, then one per refresh (each member entered, then this one)


async def test_credentials_far_from_expiry_are_not_assumed_again(aws: FakeAws) -> None:
    found = await open_organization(management_of(aws), OrgOptions(accounts=(MEMBERS[0],)), SessionOptions())
    member = found.sessions[1]
    for _ in range(3):
        await (await member.session.get_credentials()).get_frozen_credentials()
    assert aws.assumed == [member.account] and aws.sts_clients == 1
