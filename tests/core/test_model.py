"""The core records: what a marker says, grouped across regions."""

from __future__ import annotations


def test_markers_alike_but_for_the_region_are_one_line_listing_the_regions():
    from awsx.core.model import Marker, MarkerStatus

    def denied(region: str, service: str = "ssm") -> Marker:
        return Marker("111122223333", region, service, "DescribeInstanceInformation", MarkerStatus.DENIED, "AccessDenied")

    grouped = Marker.grouped([denied("us-east-1"), denied("eu-west-1", "rds"), denied("eu-west-1")])
    assert [m.describe() for m in grouped] == ["eu-west-1, us-east-1 ssm: denied (AccessDenied)",
                                               "eu-west-1 rds: denied (AccessDenied)"]
