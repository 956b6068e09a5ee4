"""Console pages of the data kinds: the resource's own page, with names quoted whole."""

from __future__ import annotations

from functools import partial

from records import record

from awsx.core.console_url import console_url

resource = partial(record, account="1")


def test_a_secret_name_with_slashes_is_quoted_as_one_name():
    url = console_url(resource("secretsmanager:secret", "prod/orders/db", name="prod/orders/db"))
    assert url == "https://eu-west-1.console.aws.amazon.com/secretsmanager/secret?name=prod%2Forders%2Fdb&region=eu-west-1"


def test_a_redis_node_opens_its_replication_group_and_memcached_its_own_cluster():
    node = console_url(resource("elasticache:cluster", "sessions-001", Engine="redis", ReplicationGroupId="sessions"))
    memcached = console_url(resource("elasticache:cluster", "catalog", Engine="memcached"))
    assert node.endswith("elasticache/home?region=eu-west-1#/redis/sessions")
    assert memcached.endswith("elasticache/home?region=eu-west-1#/memcached/catalog")


def test_tables_clusters_plans_and_certificates_have_their_pages():
    assert console_url(resource("dynamodb:table", "orders", name="orders")).endswith(
        "dynamodbv2/home?region=eu-west-1#table?name=orders")
    assert console_url(resource("rds:db-cluster", "catalog")).endswith("#database:id=catalog;is-cluster=true")
    assert console_url(resource("backup:plan", "f28b", name="daily")).endswith("#/backupplan/details/f28b")
    assert console_url(resource("acm:certificate", "a442", name="shop.acme.example")).endswith("#/certificates/a442")
