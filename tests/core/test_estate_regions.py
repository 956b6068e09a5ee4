"""An estate narrowed to some regions keeps their resources, the global ones, and only the
edges, missing references and markers among what it keeps."""

from __future__ import annotations

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import DanglingRef, Edge, Marker, MarkerStatus, Relation, Resource


def resource(name: str, region: str) -> Resource:
    return Resource(arn=f"arn:{region}:{name}", kind="ec2:instance", id=name, name=name, account="1", region=region)


def test_in_regions_keeps_those_regions_and_the_global_resources_and_what_joins_them():
    here, there, everywhere = resource("a", "eu-west-1"), resource("b", "us-east-1"), resource("role", "global")
    estate = Estate([here, there, everywhere],
                    [Edge(here.arn, everywhere.arn, Relation.IN_VPC), Edge(here.arn, there.arn, Relation.IN_VPC)],
                    [Marker("1", "us-east-1", "ec2", "DescribeInstances", MarkerStatus.DENIED, "no"),
                     Marker("1", "global", "iam", "ListRoles", MarkerStatus.DENIED, "no")],
                    [DanglingRef(here.arn, Relation.IN_VPC, "vpc-x"), DanglingRef(there.arn, Relation.IN_VPC, "vpc-y")],
                    EstateInfo("snapshot s.awsx", "", regions=("eu-west-1", "us-east-1")))
    narrowed = estate.in_regions(["eu-west-1"])
    assert {r.arn for r in narrowed.resources()} == {here.arn, everywhere.arn}
    assert [(e.source, e.target) for e in narrowed.edges()] == [(here.arn, everywhere.arn)]
    assert [m.region for m in narrowed.markers] == ["global"]
    assert [d.ref for d in narrowed.dangling] == ["vpc-x"]
    assert narrowed.info.regions == ("eu-west-1",) and narrowed.info.source == "snapshot s.awsx"
