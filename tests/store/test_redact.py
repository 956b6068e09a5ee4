"""`awsx crawl -o FILE --redact PATTERN...`: tag values and account aliases go, text matching
a pattern becomes a consistent token everywhere, and the estate keeps its shape (every
resource, every edge); the manifest says it was redacted without repeating the patterns."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import zipfile

import boto3
import msgspec
import pytest
from session_options import demo_options, offline_env

from awsx.core.errors import UserError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Edge, Marker, MarkerStatus, Relation, Resource
from awsx.load.live import load_live_estate
from awsx.store.redact import TAG_VALUE, Redactor
from awsx.store.snapshot import SnapshotReader


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def test_redaction_keeps_every_resource_and_edge_and_hides_the_words(demo_estate):
    redacted = Redactor.from_patterns(["alb", "prod"]).estate(demo_estate)
    assert redacted.kind_counts() == demo_estate.kind_counts()
    assert redacted.graph.number_of_edges() == demo_estate.graph.number_of_edges()
    for resource in redacted.resources():
        record = resource.to_json()
        record.pop("provenance", None)
        assert not [s for s in _strings(record) if re.search("alb|prod", s, re.IGNORECASE)], resource.arn
        assert set(resource.tags.values()) <= {TAG_VALUE}
        tags = resource.data.get("Tags") or ()
        assert set(tags.values() if isinstance(tags, dict) else (tag["Value"] for tag in tags)) <= {TAG_VALUE}
    assert redacted.info.redacted and redacted.info.extra["redaction"]["patterns"] == 2


def test_the_same_text_becomes_the_same_token_so_references_still_line_up():
    role = Resource("arn:aws:iam::1:role/acme-deploy", "iam:role", "acme-deploy", "acme-deploy", "1", "global",
                    tags={"owner": "jane@acme.example"})
    user = Resource("arn:aws:iam::1:user/acme-ci", "iam:user", "acme-ci", "acme-ci", "1", "global")
    denied = Marker("1", "us-east-1", "rds", "DescribeDBInstances", MarkerStatus.DENIED,
                    "User: arn:aws:sts::1:assumed-role/acme-audit/x is not authorized")
    estate = Estate([role, user], [Edge(role.arn, user.arn, Relation.TRUSTS)], [denied],
                    info=EstateInfo("live", "", profiles=("acme-audit",), extra={"account_aliases": {"1": ["acme-prod"]}}))
    redacted = Redactor.from_patterns(["ACME"]).estate(estate)
    (edge,) = redacted.edges()
    tokens = {r.kind: r.arn for r in redacted.resources()}
    assert (edge.source, edge.target) == (tokens["iam:role"], tokens["iam:user"])
    assert "acme" not in json.dumps([r.to_json() for r in redacted.resources()]).lower()
    assert redacted.resource(tokens["iam:role"]).tags == {"owner": TAG_VALUE}
    assert "account_aliases" not in redacted.info.extra
    assert "acme" not in redacted.markers[0].message.lower() and "acme" not in redacted.info.profiles[0]


@pytest.mark.parametrize(("pattern", "message"), [("(", "not a regular expression"), (".*", "matches the empty string")])
def test_a_bad_pattern_is_a_user_error(pattern, message):
    with pytest.raises(UserError, match=message):
        Redactor.from_patterns([pattern])


@pytest.fixture
def account_alias(moto_server, seeded):
    """An account alias for the length of one test (moto's IAM is shared by the whole session)."""
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=moto_server.endpoint,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    iam.create_account_alias(AccountAlias="acme-prod")
    yield "acme-prod"
    iam.delete_account_alias(AccountAlias="acme-prod")


def test_a_crawl_records_the_account_alias(moto_server, account_alias):
    estate, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=("us-east-1",)), cache=None))
    assert estate.info.extra["account_aliases"] == {"123456789012": [account_alias]}


def test_awsx_crawl_redact_writes_a_redacted_snapshot(moto_server, account_alias, tmp_path):
    target = tmp_path / "shared.awsx"
    env = {**offline_env(), "AWS_ENDPOINT_URL": moto_server.endpoint, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "crawl", "-o", str(target), "--regions", "us-east-1",
                             "--no-cache", "--quiet", "--redact", "alb-sg", "alice"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    reader = SnapshotReader(target)
    assert reader.info().redacted
    assert reader.manifest.info.extra["redaction"]["patterns"] == 2
    with zipfile.ZipFile(target) as archive:
        members = [n for n in archive.namelist() if n != "manifest.json"]
        text = "".join(archive.read(n).decode() for n in members).lower()
    assert "alb-sg" not in text and "alice" not in text and "redacted-" in text
    assert account_alias not in msgspec.json.encode(reader.manifest).decode()


def test_a_bad_redact_pattern_fails_before_any_crawl():
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "crawl", "-o", "x.awsx", "--redact", "("],
                            capture_output=True, text=True, env=offline_env(), timeout=120)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "not a regular expression" in result.stderr


def test_tags_answered_as_a_map_lose_their_values_too():
    """API Gateway returns ``tags`` / ``Tags`` as {key: value}, not a list of {Key, Value}."""
    api = Resource(arn="arn:aws:apigateway:eu-west-1::/restapis/a1", kind="apigateway:rest-api", id="a1",
                   name="orders", account="123456789012", region="eu-west-1", tags={"team": "payments"},
                   data={"tags": {"team": "payments"}, "Tags": {"cost-centre": "4711"}})
    redacted = next(Redactor.from_patterns([]).estate(Estate([api])).resources())
    assert redacted.data["tags"] == {"team": TAG_VALUE} and redacted.data["Tags"] == {"cost-centre": TAG_VALUE}
