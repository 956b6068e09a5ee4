"""Live loading: several profiles (accounts) in one estate through botocore's own credential
chain (assume-role included), and a cache that reopens without any AWS call."""

from __future__ import annotations

import asyncio

import diskcache
import pytest
from botocore.awsrequest import AWSResponse
from session_options import demo_options

from awsx.core.errors import CredentialsError, UserError
from awsx.inventory.session import SessionOptions
from awsx.load.live import load_live_estate
from awsx.store.cache import LiveCache

SECOND_ACCOUNT = "210987654321"


@pytest.fixture(scope="module")
def second_account(moto_server, seeded):
    from awsx.inventory.demo import seed_second_account

    return seed_second_account(moto_server.endpoint, SECOND_ACCOUNT)


@pytest.fixture
def two_profiles(tmp_path, monkeypatch, moto_server):
    """Profile ``main`` has static keys; ``other`` assumes a role in the second account."""
    config = tmp_path / "config"
    config.write_text(
        "[profile main]\nregion = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n\n"
        f"[profile other]\nregion = us-east-1\nrole_arn = arn:aws:iam::{SECOND_ACCOUNT}:role/auditor\n"
        "source_profile = main\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)


def test_two_profiles_crawl_two_accounts_and_every_node_carries_its_account(two_profiles, second_account):
    options = SessionOptions(profiles=("main", "other"), regions=("us-east-1",))
    estate, _ = asyncio.run(load_live_estate(options, cache=None))
    assert estate.info.accounts == tuple(sorted({"123456789012", SECOND_ACCOUNT}))
    vpcs = {(v.account, v.id) for v in estate.resources("ec2:vpc")}
    for resource in second_account.resources:
        if resource.kind == "ec2:vpc":
            assert (SECOND_ACCOUNT, resource.id) in vpcs
    assert {v.account for v in estate.resources("ec2:vpc")} == {"123456789012", SECOND_ACCOUNT}
    assert {r.account for r in estate.resources()} == set(estate.info.accounts)


def test_a_region_that_is_not_enabled_is_bad_input(moto_server):
    options = demo_options(moto_server.endpoint, regions=("xx-nowhere-1",))
    with pytest.raises(UserError, match="not enabled"):
        asyncio.run(load_live_estate(options, cache=None))


def test_reopening_from_the_cache_makes_no_aws_call(moto_server, seeded, tmp_path):
    sent: list[str] = []
    options = demo_options(moto_server.endpoint, hooks=(("before-send", lambda request, **_: sent.append(request.url)),))
    cache = LiveCache(tmp_path / "cache")
    first, report = asyncio.run(load_live_estate(options, cache=cache))
    assert report.crawled_units > 0 and sent
    sent.clear()
    second, report = asyncio.run(load_live_estate(options, cache=cache))
    assert (report.crawled_units, report.calls, sent) == (0, 0, [])
    assert {r.arn for r in second.resources()} == {r.arn for r in first.resources()}
    assert len(list(second.edges())) == len(list(first.edges()))


def test_refresh_crawls_again(moto_server, seeded, tmp_path):
    options = demo_options(moto_server.endpoint, regions=("eu-west-1",))
    cache = LiveCache(tmp_path / "cache")
    asyncio.run(load_live_estate(options, cache=cache))
    _, report = asyncio.run(load_live_estate(options, cache=cache, refresh=True))
    assert report.cached_units == 0 and report.crawled_units > 0


def test_a_corrupt_cache_degrades_to_crawling(moto_server, seeded, tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    (directory / "cache.db").write_bytes(b"this is not sqlite" * 100)
    cache = LiveCache(directory)
    estate, report = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=("eu-west-1",)), cache=cache))
    assert len(estate) > 0
    assert report.notes and "unusable" in report.notes[0]


def test_a_cache_entry_of_the_wrong_shape_is_reported_and_crawled_again(moto_server, seeded, tmp_path):
    options = demo_options(moto_server.endpoint, regions=("eu-west-1",))
    asyncio.run(load_live_estate(options, cache=LiveCache(tmp_path / "cache")))
    with diskcache.Cache(str(tmp_path / "cache")) as tampered:  # what a corrupt or foreign entry looks like
        key = next(key for key in tampered.iterkeys() if "|batch|" in key)
        tampered.set(key, '{"crawled_at": 5, "resources": {}}')
    estate, report = asyncio.run(load_live_estate(options, cache=LiveCache(tmp_path / "cache")))
    assert report.crawled_units == 1 and len(estate) > 0
    assert len(report.notes) == 1 and report.notes[0].startswith("crawl cache entry unreadable")


def test_expired_credentials_are_one_clear_error(moto_server):
    def expired(model, **_):
        if model.name == "GetCallerIdentity":
            error = {"Error": {"Code": "ExpiredToken", "Message": "The security token included in the request is expired"}}
            return AWSResponse("https://sts.invalid", 403, {}, None), error
        return None

    options = demo_options(moto_server.endpoint, hooks=(("before-call", expired),))
    with pytest.raises(CredentialsError, match=r"rejected \(ExpiredToken\).*aws sso login"):
        asyncio.run(load_live_estate(options, cache=None))
