"""A crawl's memory does not grow with its accounts (issue 18): every account's session reads
AWS's service models through one loader, so each model is parsed once per crawl, not once per
account."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from aiobotocore.credentials import AioRefreshableCredentials

from awsx.inventory.session import SessionOptions, guarded_session, open_session_with

OPTIONS = SessionOptions(endpoint_url="http://127.0.0.1:9", credentials=("testing", "testing"))


def member_credentials() -> AioRefreshableCredentials:
    """What an AssumeRole gives a member (inventory/organization.py), valid for an hour."""
    async def never():
        raise AssertionError("not due for a refresh")
    expiry = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    metadata = {"access_key": "member-key", "secret_key": "member-secret", "token": "token", "expiry_time": expiry}
    return AioRefreshableCredentials.create_from_metadata(metadata, refresh_using=never, method="assume-role")


def _loader(session):
    return session._session.get_component("data_loader")


def test_every_account_session_reads_service_models_through_one_loader():
    first = guarded_session(None, OPTIONS)
    member = open_session_with(member_credentials(), OPTIONS)
    assert _loader(first) is _loader(member)


def test_a_model_parsed_for_one_account_is_not_parsed_again_for_the_next():
    async def ec2_model(session):
        async with session.client("ec2", region_name="eu-west-1", endpoint_url=OPTIONS.endpoint_url) as client:
            return client.meta.service_model._service_description

    first = asyncio.run(ec2_model(guarded_session(None, OPTIONS)))
    second = asyncio.run(ec2_model(open_session_with(member_credentials(), OPTIONS)))
    assert first is second  # the one parsed document, not an equal copy
