"""Console pages of the data kinds: the resource's own page, with names quoted whole."""

from __future__ import annotations

from awsx.core.console_url import console_url
from awsx.core.model import Resource


def resource(kind: str, rid: str, name: str = "", **data) -> Resource:
    return Resource(arn=f"arn:aws:{kind}/{rid}", kind=kind, id=rid, name=name, account="1", region="eu-west-1",
                    data=data)


def test_a_secret_name_with_slashes_is_quoted_as_one_name():
    url = console_url(resource("secretsmanager:secret", "prod/orders/db", "prod/orders/db"))
    assert url == "https://eu-west-1.console.aws.amazon.com/secretsmanager/secret?name=prod%2Forders%2Fdb&region=eu-west-1"


def test_a_redis_node_opens_its_replication_group_and_memcached_its_own_cluster():
    node = console_url(resource("elasticache:cluster", "sessions-001", Engine="redis", ReplicationGroupId="sessions"))
    memcached = console_url(resource("elasticache:cluster", "catalog", Engine="memcached"))
    assert node.endswith("elasticache/home?region=eu-west-1#/redis/sessions")
    assert memcached.endswith("elasticache/home?region=eu-west-1#/memcached/catalog")


def test_tables_clusters_plans_and_certificates_have_their_pages():
    assert console_url(resource("dynamodb:table", "orders", "orders")).endswith(
        "dynamodbv2/home?region=eu-west-1#table?name=orders")
    assert console_url(resource("rds:db-cluster", "catalog")).endswith("#database:id=catalog;is-cluster=true")
    assert console_url(resource("backup:plan", "f28b", "daily")).endswith("#/backupplan/details/f28b")
    assert console_url(resource("acm:certificate", "a442", "shop.acme.example")).endswith("#/certificates/a442")
