"""The fields reach reads of issue 16's kinds are typed (awsx/store/service_schema.py): a snapshot
whose record has one of the wrong type is refused at load in one line naming the JSON path, and
a well-typed one loads."""

from __future__ import annotations

import pytest
from reach_service_fixtures import ServiceBuilder, shop

from awsx.cli.main import main
from awsx.store.snapshot import write_snapshot


def with_cluster(cidrs) -> ServiceBuilder:
    b = shop()
    b.eks_cluster("prod-eks", "vpc-1", ["subnet-private"], "sg-app", cidrs=cidrs)
    return b


def test_well_typed_records_of_the_new_kinds_load(tmp_path, capsys):
    snapshot = write_snapshot(with_cluster(["81.2.69.0/24"]).build(), tmp_path / "ok.awsx")
    assert main(["reach", "internet", "prod-eks", "--port", "443", "--snapshot", str(snapshot)]) == 0


@pytest.mark.parametrize("mutate, path", [
    (lambda b: with_cluster(["everyone"]), "'everyone' does not appear to be an IPv4 or IPv6 network - at `$.data.resourcesVpcConfig`"),
    (lambda b: b.record("Z1PUBLIC", "x.acme.example.", values=[7]), "$.data.ResourceRecords[0].Value"),
    (lambda b: b.ecs_task("t-1", "prod", "subnet-private", "ten.zero.one.thirty", "eni-1"), "$.data.attachments[0]"),
    (lambda b: b.classic_load_balancer("old", "vpc-1", ["subnet-public"], [], [("TCP", 70000, 80)], []),
     "$.data.ListenerDescriptions[0].Listener.LoadBalancerPort"),
])
def test_a_mistyped_field_reach_reads_is_one_line_exit_2(tmp_path, capsys, mutate, path):
    b = shop()
    built = mutate(b)
    estate = (built if isinstance(built, ServiceBuilder) else b).build()
    snapshot = write_snapshot(estate, tmp_path / "bad.awsx")
    assert main(["reach", "internet", "web-lb", "--port", "443", "--snapshot", str(snapshot)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and path in err and "Traceback" not in err
