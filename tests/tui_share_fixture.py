"""The fixture estate as it was before four changes, for ``:diff OLD``: subnet-0c did not
exist yet (added since), eni-0009 and the only internet gateway did (removed since), and sg-0web
admitted 443 only from the office (it is now open to 0.0.0.0/0: changed, security-relevant)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from awsx.graph import Estate
from awsx.store import write_snapshot
from tui_fixture import arn, small_estate

OFFICE_ONLY = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                "IpRanges": [{"CidrIp": "198.51.100.0/24"}], "UserIdGroupPairs": []}]


def old_estate() -> Estate:
    now = small_estate()
    resources = []
    for resource in now.resources():
        if resource.id == "subnet-0c":
            continue
        if resource.id == "sg-0web":
            resource = replace(resource, data={**resource.data, "IpPermissions": OFFICE_ONLY})
        resources.append(resource)
    eni = now.resource(arn("network-interface", "eni-0003"))
    resources.append(replace(eni, arn=arn("network-interface", "eni-0009"), id="eni-0009", name="old-worker",
                             tags={"Name": "old-worker"}, data={**eni.data, "NetworkInterfaceId": "eni-0009"}))
    gateway = replace(eni, arn=arn("internet-gateway", "igw-0old"), kind="ec2:internet-gateway", id="igw-0old",
                      name="old-igw", tags={"Name": "old-igw"}, ips=(), data={"InternetGatewayId": "igw-0old"})
    resources.append(gateway)  # a kind the estate no longer has at all
    return Estate(resources, markers=now.markers, info=replace(now.info, crawled_at="2025-01-01T03:04:05Z"))


def old_snapshot(directory: Path) -> Path:
    return write_snapshot(old_estate(), directory / "yesterday.awsx")
