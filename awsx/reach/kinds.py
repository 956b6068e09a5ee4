"""The kinds the reachability engine reads, so that a verb on a snapshot loads only those
(``SnapshotReader.load(kinds=NETWORK_KINDS)``) instead of the whole estate.

Read from what the engine's code asks the estate for: the network index (network.py,
service_nodes.py), what an end may name (endpoints.py), load balancers, Route 53 names and what
their records point at (dns.py: every kind whose spec declares DNS names), EKS, the data stores
exposure joins (identity.py), and the kinds whose edges say an ENI is in use
(``core/usage.eni_in_use``: HAS_NETWORK_INTERFACE from NAT gateways, EFS mount targets, ...).
tests/reach/test_reach_kinds.py checks the list against the source and the specs, and that reach and
exposure answer the demo snapshot alike loaded this way and whole."""

from __future__ import annotations

NETWORK_KINDS = frozenset({
    # the network index: VPCs to transit gateways
    "ec2:vpc", "ec2:subnet", "ec2:route-table", "ec2:network-acl", "ec2:security-group", "ec2:prefix-list",
    "ec2:internet-gateway", "ec2:egress-only-internet-gateway", "ec2:nat-gateway", "ec2:vpc-peering-connection",
    "ec2:vpc-endpoint", "ec2:transit-gateway", "ec2:transit-gateway-attachment", "ec2:transit-gateway-route-table",
    "ec2:network-interface", "ec2:instance", "ec2:elastic-ip",
    # what sends or receives through an ENI of a managed service (A7-A11), load balancers (LB1-LB6)
    "ecs:task", "ecs:service", "ecs:cluster", "elasticache:cluster", "elasticache:replication-group",
    "elasticache:subnet-group", "eks:cluster", "rds:db-instance", "rds:db-cluster",
    "elbv2:load-balancer", "elbv2:listener", "elbv2:target-group", "elb:load-balancer",
    # an ENI's owner by edge (usage.eni_in_use): HAS_NETWORK_INTERFACE sources
    "efs:mount-target", "sagemaker:notebook-instance",
    # Route 53 names as destinations (DNS1-DNS3) and what a record may point at
    "route53:hosted-zone", "route53:record", "cloudfront:distribution", "apigatewayv2:api", "s3:bucket",
    # the data stores exposure --with-identity names (identity.py)
    "kms:key", "dynamodb:table",
})
