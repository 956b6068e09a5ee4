"""Entering an Organization's members (inventory/organization.py): at most ``MEMBERS_AT_ONCE``
at a time, through one STS client of the management account. All at once, the clients each
opening holds made the start of a 100-member crawl its peak of memory."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

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
        return {"Credentials": {"AccessKeyId": "AKIA" + account, "SecretAccessKey": "s", "SessionToken": "t"}}


@pytest.fixture
def aws(monkeypatch) -> FakeAws:
    fake = FakeAws()

    async def open_account(profile, options, *, session, label):  # the member's identity, regions, aliases
        fake.entering += 1
        fake.most_entering = max(fake.most_entering, fake.entering)
        await asyncio.sleep(0.01)
        fake.entering -= 1
        key = (await session.get_credentials()).access_key
        return AccountSession(profile=None, session=session, options=options, account=key.removeprefix("AKIA"))

    monkeypatch.setattr(organization, "open_account", open_account)
    return fake


async def test_members_are_entered_a_bounded_few_at_a_time_through_one_sts_client(aws: FakeAws) -> None:
    management = AccountSession(profile=None, session=None, options=SessionOptions(), account=MANAGEMENT,
                                caller_arn=f"arn:aws:iam::{MANAGEMENT}:user/admin")
    management.client = aws.client  # type: ignore[method-assign]
    found = await open_organization(management, OrgOptions(), SessionOptions())
    assert aws.most_entering == MEMBERS_AT_ONCE
    assert aws.sts_clients == 1
    assert [s.account for s in found.sessions] == [MANAGEMENT, *(m for m in MEMBERS if m != REFUSING)]
    [marker] = found.markers
    assert marker.account == REFUSING and marker.operation == "AssumeRole" and "AccessDenied" in marker.message
