"""The core records: what a marker says, grouped across regions."""

from __future__ import annotations


def test_markers_alike_but_for_the_region_are_one_line_listing_the_regions():
    from awsx.core.model import Marker, MarkerStatus

    def denied(region: str, service: str = "ssm") -> Marker:
        return Marker("111122223333", region, service, "DescribeInstanceInformation", MarkerStatus.DENIED, "AccessDenied")

    grouped = Marker.grouped([denied("us-east-1"), denied("eu-west-1", "rds"), denied("eu-west-1")])
    assert [m.describe() for m in grouped] == ["eu-west-1, us-east-1 ssm: denied (AccessDenied)",
                                               "eu-west-1 rds: denied (AccessDenied)"]


def test_an_estate_says_which_kinds_its_crawl_asked_for(demo_estate):
    from awsx.core.graph import Estate, EstateInfo
    from awsx.core.model import Resource

    assert demo_estate.read("cloudtrail:trail") is True and demo_estate.read("nosuch:kind") is False
    vpc = Resource("arn:aws:ec2:us-east-1:1:vpc/vpc-1", "ec2:vpc", "vpc-1", "", "1", "us-east-1")
    unsaid = Estate([vpc], info=EstateInfo("memory", ""))  # an older snapshot, an estate built in memory
    assert unsaid.read("ec2:vpc") is True and unsaid.read("cloudtrail:trail") is None


def test_a_resource_kept_serialised_reads_as_the_record_it_was():
    from awsx.core.model import RawData, Resource

    record = {"CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "core"}], "IsDefault": False}
    vpc = Resource("arn:aws:ec2:us-east-1:1:vpc/vpc-1", "ec2:vpc", "vpc-1", "core", "1", "us-east-1", {"Name": "core"},
                   record)
    kept = vpc.serialised()
    assert type(Resource.data.stored(kept)) is RawData  # type: ignore[attr-defined]
    assert kept == vpc and kept.data == record and kept.to_json() == vpc.to_json()
    assert kept.serialised() is kept
