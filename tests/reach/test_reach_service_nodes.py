"""The managed services that hold network interfaces are reach endpoints (issue 16; A7-A11 and
EKS1 in awsx/reach/glossary.py): an ECS task, an ElastiCache cluster or replication group, an
EKS cluster's endpoints, an Aurora cluster and a Classic Load Balancer, each on two_tier()
(reach_fixtures) with the records as AWS's Describe* calls return them."""

from __future__ import annotations

import pytest
from reach_fixtures import acl, tcp, two_tier
from reach_service_fixtures import ServiceBuilder

from awsx.reach.endpoints import Unresolvable, candidates, resolve
from awsx.reach.exposure import exposure
from awsx.reach.identity import IdentityJoin
from awsx.reach.network import Network
from awsx.reach.query import reach


def base() -> ServiceBuilder:
    """two_tier() with a second private subnet in us-east-1b (for services spread over AZs)."""
    b = ServiceBuilder(two_tier())
    b.subnet("subnet-private-b", "vpc-1", "10.0.2.0/24", az="us-east-1b")
    return b


# --- ECS tasks (A7) ----------------------------------------------------------------------------
def test_a_task_whose_eni_is_crawled_is_that_eni():
    b = base()
    b.eni("eni-task", "subnet-private", "vpc-1", "10.0.1.30", ("sg-app",))
    b.ecs_task("task-1", "prod", "subnet-private", "10.0.1.30", "eni-task")
    verdict = reach(b.build(), "i-web", "task-1", 8080)
    assert verdict.reachable and verdict.destination == "task-1 (eni-task)"
    assert [h.id for h in verdict.hops if h.direction == "forward"][-1] == "sg-app"  # the ENI's group


def test_a_task_without_its_eni_takes_the_security_groups_of_its_service():
    b = base()
    b.ecs_service("orders", "prod", ["subnet-private"], ["sg-app"])
    b.ecs_task("task-1", "prod", "subnet-private", "10.0.1.30", "eni-gone", service="orders")
    estate = b.build()
    assert reach(estate, "i-web", "task-1", 8080).reachable
    blocked = reach(estate, "i-web", "task-1", 22)
    assert not blocked.reachable and blocked.blocker.kind == "security-group-ingress"


def test_a_task_with_no_known_security_groups_is_conditional_never_open():
    b = base()
    b.ecs_task("task-1", "prod", "subnet-private", "10.0.1.30", "eni-gone")  # a RunTask task, no service
    verdict = reach(b.build(), "i-web", "task-1", 8080)
    assert not verdict.reachable and verdict.blocker is None
    [missing] = verdict.conditional
    assert "security groups of task-1" in missing and "eni-gone" in missing and "(A7)" in missing
    assert verdict.to_json()["conditional"] == [missing]
    assert [h.decision for h in verdict.hops if h.decision != "allow"] == ["unknown"]


def test_a_stopped_task_receives_nothing():
    b = base()
    b.ecs_service("orders", "prod", ["subnet-private"], ["sg-app"])
    b.ecs_task("task-1", "prod", "subnet-private", "10.0.1.30", "eni-gone", service="orders", status="STOPPED")
    verdict = reach(b.build(), "i-web", "task-1", 8080)
    assert not verdict.reachable and verdict.blocker.kind == "eni-detached"


# --- ElastiCache (A8) --------------------------------------------------------------------------
def cache() -> ServiceBuilder:
    b = base()
    b.sg("sg-cache", "vpc-1", [tcp(6379, group="sg-app")])
    b.cache_subnet_group("orders-cache-subnets", "vpc-1", [("subnet-private", "us-east-1a"),
                                                            ("subnet-private-b", "us-east-1b")])
    b.cache_cluster("orders-cache-001", "orders-cache-subnets", ["sg-cache"], ["us-east-1b"],
                    replication_group="orders-cache")
    b.cache_cluster("orders-cache-002", "orders-cache-subnets", ["sg-cache"], ["us-east-1a"],
                    replication_group="orders-cache")
    b.replication_group("orders-cache", ["orders-cache-001", "orders-cache-002"])
    return b


def test_a_cache_node_sits_in_its_subnet_group_subnet_of_its_zone():
    [node] = Network.of(cache().build()).nodes_of("cache-node", "orders-cache-001")
    assert (node.subnet, node.groups, node.public_ip) == ("subnet-private-b", ("sg-cache",), None)


def test_a_cache_cluster_is_reached_through_its_security_groups():
    estate = cache().build()
    assert reach(estate, "i-app", "orders-cache-001", 6379).reachable
    blocked = reach(estate, "i-web", "orders-cache-001", 6379)
    assert not blocked.reachable and blocked.blocker.kind == "security-group-ingress"


def test_a_cache_cluster_is_never_reachable_from_the_internet():
    verdict = reach(cache().build(), "internet", "orders-cache-001", 6379)
    assert verdict.blocker.kind == "no-public-ip" and "ElastiCache is internal to its VPC (A8)" in verdict.blocker.rule


def test_asking_another_port_than_the_cache_listens_on_warns():
    verdict = reach(cache().build(), "i-app", "orders-cache-001", 6380)
    assert "orders-cache-001 listens on 6379, not 6380 (A8)" in verdict.warnings


def test_a_replication_group_is_its_member_clusters_nodes():
    estate = cache().build()
    verdict = reach(estate, "i-app", "orders-cache", 6379)
    assert verdict.reachable and verdict.destination == "orders-cache"
    b = cache()
    b.replication_group("orders-cache", ["orders-cache-009"])
    with pytest.raises(Unresolvable, match="none of its MemberClusters is a cache cluster in the estate"):
        reach(b.build(), "i-app", "orders-cache", 6379)


# --- EKS (A9, EKS1) ----------------------------------------------------------------------------
def eks(**options) -> ServiceBuilder:
    b = base()
    b.sg("sg-eks", "vpc-1", [tcp(443, group="sg-app")])
    b.eks_cluster("prod-eks", "vpc-1", ["subnet-private", "subnet-private-b"], "sg-eks", **options)
    return b


def test_the_public_endpoint_admits_its_public_access_cidrs_only():
    verdict = reach(eks(cidrs=["81.2.69.0/24"]).build(), "internet", "prod-eks", 443)
    assert verdict.reachable and verdict.sources == ("81.2.69.0/24",) and verdict.world is False
    assert [h.kind for h in verdict.hops] == ["eks-endpoint"] and "EKS1" in verdict.hops[0].rule
    outside = reach(eks(cidrs=["81.2.69.0/24"]).build(), "8.8.8.8", "prod-eks", 443)
    assert outside.blocker.kind == "eks-endpoint" and "8.8.8.8 is not in publicAccessCidrs" in outside.blocker.rule


def test_with_public_access_off_the_internet_does_not_reach_the_api_server():
    verdict = reach(eks(public=False, private=True).build(), "internet", "prod-eks", 443)
    assert verdict.blocker.kind == "eks-endpoint" and "endpointPublicAccess is false" in verdict.blocker.rule


def test_the_api_server_listens_on_443_only():
    verdict = reach(eks(cidrs=["0.0.0.0/0"]).build(), "internet", "prod-eks", 22)
    assert verdict.blocker.kind == "eks-endpoint" and "tcp/443 only" in verdict.blocker.rule


def test_from_inside_the_vpc_the_private_endpoint_is_reached_through_the_cluster_security_group():
    estate = eks(private=True, cidrs=["0.0.0.0/0"]).build()
    verdict = reach(estate, "i-app", "prod-eks", 443)
    assert verdict.reachable and any(h.id == "sg-eks" for h in verdict.hops)
    blocked = reach(estate, "i-web", "prod-eks", 443)
    assert blocked.blocker.kind == "security-group-ingress" and blocked.blocker.id == "sg-eks"


def test_from_inside_a_public_only_cluster_the_leaving_address_against_the_cidrs_is_unknown():
    verdict = reach(eks(cidrs=["81.2.69.0/24"]).build(), "i-app", "prod-eks", 443)
    assert not verdict.reachable and verdict.blocker is None
    assert verdict.conditional == ("whether the public address eni-app leaves its VPC from is in the "
                                   "publicAccessCidrs 81.2.69.0/24 of prod-eks (EKS1)",)


def test_exposure_lists_a_public_endpoint_with_its_cidrs_and_not_a_private_one():
    [found] = [e for e in exposure(eks(cidrs=["81.2.69.0/24"]).build()) if e.kind == "eks-cluster"]
    assert (found.target, found.port, found.world) == ("prod-eks", 443, False)
    assert [str(a) for a in found.admitted_by] == ["publicAccessCidrs 81.2.69.0/24"]
    assert not [e for e in exposure(eks(public=False, private=True).build()) if e.kind == "eks-cluster"]


# --- Aurora (A10) ------------------------------------------------------------------------------
def aurora() -> ServiceBuilder:
    b = base()
    b.sg("sg-db", "vpc-1", [tcp(5432, group="sg-app")])
    subnets = [("subnet-private", "us-east-1a"), ("subnet-private-b", "us-east-1b")]
    b.database("orders-reader", "vpc-1", subnets, ["sg-db"], "us-east-1a")
    b.database("orders-writer", "vpc-1", subnets, ["sg-db"], "us-east-1b")
    b.db_cluster("orders", [("orders-reader", False), ("orders-writer", True)])
    return b


def test_an_aurora_cluster_is_its_members_writer_first():
    estate = aurora().build()
    verdict = reach(estate, "i-app", "orders", 5432)
    assert verdict.reachable and verdict.destination == "orders"
    assert [n.id for n in resolve(estate, Network.of(estate), "orders").nodes] == ["orders-writer", "orders-reader"]
    assert "orders listens on 5432, not 3306 (A10)" in reach(estate, "i-app", "orders", 3306).warnings


def test_an_aurora_cluster_without_its_members_in_the_estate_is_one_line():
    b = base()
    b.db_cluster("orders", [("orders-writer", True)])
    with pytest.raises(Unresolvable, match=r"^orders: none of its DBClusterMembers is a DB instance in the estate \(A10\)$"):
        reach(b.build(), "i-app", "orders", 5432)


# --- Classic Load Balancer (A11) ---------------------------------------------------------------
def classic(scheme: str = "internet-facing") -> ServiceBuilder:
    b = base()
    b.sg("sg-clb", "vpc-1", [tcp(443, cidr="0.0.0.0/0")])
    b.sg("sg-app", "vpc-1", [tcp(8080, group="sg-web"), tcp(8080, group="sg-clb")])
    b.classic_load_balancer("legacy-web", "vpc-1", ["subnet-public"], ["sg-clb"], [("TCP", 443, 8080)], ["i-app"],
                            scheme=scheme)
    return b


def test_a_classic_load_balancer_forwards_its_listener_port_to_its_instances():
    verdict = reach(classic().build(), "internet", "legacy-web", 443)
    assert verdict.reachable and verdict.world is True
    listener = next(h for h in verdict.hops if h.kind == "listener")
    assert listener.id == "legacy-web:443" and "instances on 8080 (LB4, A11)" in listener.rule
    assert any(h.kind == "target-group" and "i-app:8080" in h.rule for h in verdict.hops)


def test_a_classic_load_balancer_without_a_listener_on_the_port_blocks():
    b = classic()
    b.sg("sg-clb", "vpc-1", [tcp(80, cidr="0.0.0.0/0"), tcp(443, cidr="0.0.0.0/0")])
    verdict = reach(b.build(), "internet", "legacy-web", 80)
    assert verdict.blocker.kind == "lb-listener" and "listeners: TCP:443" in verdict.blocker.rule


def test_an_internal_classic_load_balancer_is_not_reachable_from_the_internet():
    verdict = reach(classic("internal").build(), "internet", "legacy-web", 443)
    assert verdict.blocker.kind == "lb-internal"
    assert reach(classic("internal").build(), "i-web", "legacy-web", 443).reachable


def test_exposure_lists_an_internet_facing_classic_load_balancer():
    found = [e for e in exposure(classic().build()) if e.kind == "classic-load-balancer"]
    assert [(e.target, e.port, e.world) for e in found] == [("legacy-web", 443, True)]
    assert not [e for e in exposure(classic("internal").build()) if e.kind == "classic-load-balancer"]


# --- pickers -----------------------------------------------------------------------------------
def test_the_pickers_offer_every_new_endpoint_kind():
    b = cache()
    b.ecs_task("task-1", "prod", "subnet-private", "10.0.1.30", "eni-gone")
    b.eks_cluster("prod-eks", "vpc-1", ["subnet-private"], "sg-app")
    b.db_cluster("orders", [])
    b.classic_load_balancer("legacy-web", "vpc-1", ["subnet-public"], [], [], [])
    offered = {c.kind: c for c in candidates(b.build())}
    assert {"ecs:task", "elasticache:cluster", "elasticache:replication-group", "eks:cluster", "rds:db-cluster",
            "elb:load-balancer"} <= offered.keys()
    assert offered["eks:cluster"].vpc == "vpc-1" and offered["elb:load-balancer"].vpc == "vpc-1"


def test_exposure_lists_a_task_its_service_gives_a_public_ip_when_its_group_admits_the_world():
    b = base()
    b.sg("sg-task", "vpc-1", [tcp(8080, cidr="0.0.0.0/0")])
    b.ecs_service("api", "prod", ["subnet-public"], ["sg-task"], public=True)
    b.ecs_task("task-1", "prod", "subnet-public", "10.0.0.30", "eni-gone", service="api")
    found = [e for e in exposure(b.build()) if e.kind == "ecs-task"]
    assert [(e.target, e.port, e.world) for e in found] == [("task-1", 8080, True)]
    b.ecs_service("api", "prod", ["subnet-public"], ["sg-task"], public=False)
    assert not [e for e in exposure(b.build()) if e.kind == "ecs-task"]


def test_a_classic_load_balancers_subnet_nacl_applies_even_to_its_instances_in_that_subnet():
    b = base()
    b.sg("sg-clb", "vpc-1", [tcp(443, cidr="10.0.0.0/16")])
    b.sg("sg-app", "vpc-1", [tcp(8080, group="sg-clb")])
    b.classic_load_balancer("inner", "vpc-1", ["subnet-private"], ["sg-clb"], [("TCP", 443, 8080)], ["i-app"],
                            scheme="internal")
    assert reach(b.build(), "i-web", "inner", 443).reachable
    b.nacl("acl-private", "vpc-1", [acl(90, "deny", "10.0.1.0/24", 8080), acl(100, "allow", "0.0.0.0/0"),
                                    acl(100, "allow", "0.0.0.0/0", egress=True)], subnets=("subnet-private",))
    verdict = reach(b.build(), "i-web", "inner", 443)
    assert verdict.blocker.kind == "nacl-inbound" and verdict.blocker.id == "acl-private"  # NACL8, not NACL2


def test_the_control_plane_reaches_the_nodes_from_its_network_interfaces_whatever_the_endpoint_access():
    b = eks(cidrs=["0.0.0.0/0"])  # public endpoint only: the control-plane ENIs are there all the same
    b.sg("sg-app", "vpc-1", [tcp(8080, group="sg-web"), tcp(10250, group="sg-eks")])
    estate = b.build()
    verdict = reach(estate, "prod-eks", "i-app", 10250)
    assert verdict.reachable and verdict.source == "prod-eks"
    assert not reach(estate, "prod-eks", "i-app", 22).reachable


def test_behind_an_exposed_classic_load_balancer_are_its_instances_on_that_listener():
    estate = classic().build()
    [found] = [e for e in exposure(estate) if e.kind == "classic-load-balancer"]
    assert [r.id for r in IdentityJoin(estate).behind(found)] == ["i-app"]
