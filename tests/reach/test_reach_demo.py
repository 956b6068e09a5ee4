"""The acceptance queries of issue 4 on the bundled demo estate (snapshots/demo.awsx, seeded by
inventory/demo/), through the engine and through the CLI. The demo's app-tier NACL denies SSH
from everywhere (rule 90) before anything else, so bastion -> app on 22 is *blocked* there even
though app-sg admits the bastion: the engine must say so and name the rule."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
from pathlib import Path

import pytest

from awsx.inventory.demo.network import ADMIN_HOME_IP, OFFICE_CIDRS
from awsx.reach.endpoints import Unresolvable
from awsx.reach.exposure import exposure
from awsx.reach.network import Network
from awsx.reach.query import checked_port, reach
from awsx.store.snapshot import open_snapshot

SNAPSHOT = Path(__file__).parents[2] / "snapshots" / "demo.awsx"


@pytest.fixture(scope="module")
def demo():
    return open_snapshot(str(SNAPSHOT))


def test_alb_to_app_on_443_is_reachable_via_the_sg_reference(demo):
    verdict = reach(demo, "prod-use1-alb", "prod-use1-app-a", 443)
    assert verdict.reachable, verdict.to_json()
    rules = [h.rule for h in verdict.hops]
    assert any("rule 110: allow tcp 443 10.10.0.0/16" in r for r in rules)  # app NACL inbound
    assert any(h.direction == "return" and "rule 100: allow tcp 1024-65535" in h.rule for h in verdict.hops)


def test_internet_to_alb_on_80_reaches_a_target_end_to_end(demo):
    verdict = reach(demo, "internet", "prod-use1-alb", 80)
    assert verdict.reachable, verdict.to_json()
    assert [h.kind for h in verdict.hops if h.kind in ("listener", "target-group")] == ["listener", "target-group"]


def test_internet_to_alb_on_443_has_no_listener(demo):
    verdict = reach(demo, "internet", "prod-use1-alb", 443)
    assert verdict.blocker.kind == "lb-listener" and "HTTP:80" in verdict.blocker.rule


def test_internet_to_db_is_blocked_with_the_rule(demo):
    verdict = reach(demo, "internet", "prod-use1-orders-db", 5432)
    assert not verdict.reachable
    assert verdict.blocker.kind == "no-public-ip"  # A5: PubliclyAccessible is off
    assert verdict.blocker.id == "prod-use1-orders-db"


def test_app_to_db_is_reachable(demo):
    assert reach(demo, "prod-use1-app-a", "prod-use1-orders-db", 5432).reachable


def test_bastion_to_app_on_22_is_denied_by_the_app_nacl_rule_90(demo):
    verdict = reach(demo, "prod-use1-bastion", "prod-use1-app-a", 22)
    assert not verdict.reachable
    assert verdict.blocker.kind == "nacl-inbound" and verdict.blocker.direction == "forward"
    assert "rule 90: deny tcp 22 0.0.0.0/0" in verdict.blocker.rule
    # the security group alone would have allowed it: the app SG admits the bastion's /32
    assert any(h.kind == "security-group" and h.decision == "allow" for h in verdict.hops)


def test_app_to_internet_goes_through_the_nat_gateway(demo):
    verdict = reach(demo, "prod-use1-app-a", "internet", 443)
    assert verdict.reachable, verdict.to_json()
    forward = [h.kind for h in verdict.hops if h.direction == "forward"]
    assert forward.index("nat-gateway") < forward.index("internet-gateway")
    assert any(h.direction == "return" and "rule 120" in h.rule for h in verdict.hops)  # app NACL ephemeral in


def test_app_to_internet_on_80_is_denied_by_the_app_nacl_outbound(demo):
    verdict = reach(demo, "prod-use1-app-a", "internet", 80)
    assert verdict.blocker.kind == "nacl-outbound"


def test_internet_to_bastion_on_22_from_the_admin_address(demo):
    assert reach(demo, ADMIN_HOME_IP, "prod-use1-bastion", 22).reachable
    assert not reach(demo, "198.18.0.1", "prod-use1-bastion", 22).reachable
    assert not reach(demo, "8.8.8.8", "prod-use1-bastion", 22).reachable


def test_issue14_bastions_are_open_to_listed_ranges_and_the_albs_to_the_world(demo):
    """Issue 14 acceptance (Q3, SG3): with the office prefix list and the admin's address
    globally routable, each bastion is open to exactly those ranges, the prefix list named; the
    internet-facing ALBs are open to the world (and the demo's public EKS endpoint)."""
    found = exposure(demo)
    bastions = [e for e in found if e.port == 22]
    assert len(bastions) == 3 and not any(e.world for e in bastions)
    listed = sorted([f"{ADMIN_HOME_IP}/32", *(cidr for cidr, _ in OFFICE_CIDRS)])
    for e in bastions:
        assert sorted(e.sources) == sorted(str(n) for n in ipaddress.collapse_addresses(ipaddress.ip_network(c) for c in listed))
        assert any(a.peer.endswith("office-cidrs: 2 ranges") for a in e.admitted_by), e.admitted_by
    world = {e.target for e in found if e.world}
    # the internet-facing ALBs, and the EKS cluster whose public endpoint admits 0.0.0.0/0 (EKS1, issue 16)
    assert world == {"prod-use1-alb", "prod-euw1-alb", "prod-apse1-alb", "acme-platform"}


def test_issue14_a_private_address_of_a_public_instance_is_not_reachable_from_the_internet(demo):
    """IGW1b, A4: the internet reaches the bastion's public address, never its private one."""
    bastion = next(n for n in Network.of(demo).nodes if n.owner == demo.find("prod-use1-bastion").id)
    assert reach(demo, ADMIN_HOME_IP, bastion.public_ip, 22).reachable
    verdict = reach(demo, "internet", bastion.private_ip, 22)
    assert not verdict.reachable and verdict.blocker.kind == "no-public-ip"


def test_app_to_peered_region_crosses_the_peering_then_meets_the_peer_app_nacl(demo):
    # the eu-west-1 app NACL only admits 80/443 from its own VPC CIDR (10.20.0.0/16): the `*` rule denies us-east-1
    verdict = reach(demo, "prod-use1-app-a", "prod-euw1-app-a", 443)
    assert any(h.kind == "vpc-peering-connection" and "cross-Region" in h.rule for h in verdict.hops)  # PCX4
    assert verdict.blocker.kind == "nacl-inbound" and "rule *" in verdict.blocker.rule


def test_exposure_lists_the_alb_and_bastion_not_the_db(demo):
    found = {(e.target, e.port) for e in exposure(demo)}
    assert ("prod-use1-alb", 80) in found
    assert not any(target == "prod-use1-orders-db" for target, _ in found)


def awsx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "awsx.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_reach_json_is_one_document_and_exit_0_when_blocked():
    result = awsx("reach", "internet", "prod-use1-orders-db", "--port", "5432", "--snapshot", str(SNAPSHOT), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["reachable"] is False
    assert document["blocker"]["kind"] == "no-public-ip"


def test_cli_reach_unknown_id_is_one_line_exit_2():
    result = awsx("reach", "i-doesnotexist", "internet", "--port", "443", "--snapshot", str(SNAPSHOT))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_exposure_json_lists_paths_proven_by_the_engine():
    result = awsx("exposure", "--port", "80", "--snapshot", str(SNAPSHOT), "--json")
    assert result.returncode == 0, result.stderr
    exposed = json.loads(result.stdout)["exposed"]
    assert {e["target"] for e in exposed} == {"prod-use1-alb", "prod-euw1-alb", "prod-apse1-alb"}
    assert all(e["port"] == 80 and e["hops"] for e in exposed)


@pytest.mark.parametrize("port", ["-5", "70000", "abc"])
def test_a_bad_port_is_the_engines_one_line_in_the_cli(port):
    with pytest.raises(Unresolvable) as refused:
        checked_port(port)
    for verb in (["reach", "prod-use1-bastion", "prod-use1-app-a"], ["exposure"]):
        result = awsx(*verb, f"--port={port}", "--snapshot", str(SNAPSHOT))
        assert (result.returncode, result.stderr) == (2, f"awsx: error: {refused.value}\n")


def test_a_bad_protocol_is_the_engines_one_line_in_the_cli():
    result = awsx("reach", "prod-use1-bastion", "prod-use1-app-a", "--port", "22", "--protocol", "icmp",
                  "--snapshot", str(SNAPSHOT))
    assert (result.returncode, result.stderr) == (2, "awsx: error: protocol must be one of tcp, udp, not 'icmp'\n")
