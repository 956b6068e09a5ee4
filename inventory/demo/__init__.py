"""The demo estate: an embedded moto server on 127.0.0.1, seeded with an estate shaped like the
AWS reference architecture (three regions of public / app / data tiers, peering, a transit
gateway, S3, IAM with two privilege-escalation paths, KMS/SQS/SNS/Lambda resource policies).
Seeding is the only place in awsx that makes mutating AWS calls, and it only ever talks to the
embedded endpoint.

This package composes the areas, one module each:
- ``server``: the embedded moto server, the demo account, regions and credentials;
- ``seeder``: the records of what was seeded and the clients that seed it;
- ``shapes``: tags, tag specifications, policy documents, TCP rules every area builds;
- ``region``: one region being seeded (its address plan, the ids its steps share);
- ``identity``: IAM users, groups, roles, policies (global);
- ``network``: VPCs, subnets, route tables, gateways, endpoints, security groups, prefix
  lists, NACLs; peering and the transit gateway across regions;
- ``compute``: instances, EBS volumes and snapshots, the ALB, the Lambda;
- ``data``: S3, RDS, EFS, and the KMS / SQS / SNS / Lambda resource policies;
- ``resilience``: the planted single points of failure (a batch VPC whose one NAT serves two
  other zones, unalarmed burstable workers, a volume whose key is pending deletion);
- ``automation``: what runs as a role (CloudFormation, CodeBuild, Glue, SageMaker; home region);
- ``data_services``: DynamoDB, ElastiCache, Aurora, Backup, ACM and Secrets Manager (home region);
- ``fleets``: the home region's Auto Scaling group and launch template, ECS service and EKS cluster;
- ``edge``: CloudFront, Route 53, API Gateway, the Classic ELB, alarms and the trail (home);
- ``second_account``: a small staging estate in another account.

Every created resource is recorded as a ``SeededResource`` (kind + the id awsx uses) and every
relation awsx should derive from it as a ``SeededEdge``, so tests can compare a crawl with what
was really made. Names and CIDRs are deterministic; moto's ids are random.

Left out because moto 5.2.5 does not support it (nothing is faked in its place):
- user permissions boundaries: ``CreateUser(PermissionsBoundary=)`` is ignored and
  ``PutUserPermissionsBoundary`` is not implemented, so carol has none (roles carry them);
- AWS managed policies (``arn:aws:iam::aws:policy/AdministratorAccess``) are not loaded: the
  admin group and role use the customer managed ``admin-full-access`` instead;
- a Lambda's ``VpcConfig.VpcId`` reads ``vpc-123abc``, so no lambda IN_VPC edge is expected;
- static transit gateway routes list no attachment, so no TGW route-table ROUTES_TO edge is
  expected;
- AWS Backup selections and protected resources (``CreateBackupSelection``, ``StartBackupJob``,
  ``ListProtectedResources`` are not implemented): the plan protects nothing, and the crawl's
  ``ListProtectedResources`` answers a bare 404 (an "unsupported" marker per region);
- an ElastiCache replication group's member clusters are not listed by ``DescribeCacheClusters``
  (and ``NumCacheClusters=2`` makes one), and no cache cluster reports ``SecurityGroups``: no
  cluster -> replication group or security group edge is expected;
- tags for the instance's network interface in ``RunInstances(TagSpecifications=)`` and on
  ``CreateTransitGatewayVpcAttachment`` are dropped: instance ENIs stay untagged, attachments
  are tagged with ``CreateTags`` afterwards;
- composite alarms: ``PutCompositeAlarm`` is not implemented, so both alarms are metric alarms;
- a Classic Load Balancer's ``AvailabilityZones`` read empty, and a CloudFront distribution's
  ``ViewerCertificate`` always says ``CloudFrontDefaultCertificate``: the demo's distribution has
  no ACM certificate, and no WAF web ACL (awsx does not crawl WAF);
- an organization with the second account as a member under an OU: moto's ``CreateAccount`` picks a
  random account id and ``InviteAccountToOrganization`` is not implemented, so the second account
  cannot join one, and the demo seeds no organization (tests/inventory/test_organizations_tree.py
  crawls one in a process of its own: moto's organization is process-wide state);
- SSM managed instances: ``DescribeInstanceInformation`` is not implemented (moto lists no
  instance, whatever runs the agent), so no ``ssm:managed-instance`` is seeded; the demo's server
  answers it ``NotImplemented`` and the crawl marks the read unsupported in each region;
- a Glue dev endpoint's VPC: ``GetDevEndpoints`` reads ``VpcId: vpc-12345678`` whatever the
  subnet, so no dev-endpoint IN_VPC edge is expected (its subnet and groups are real);
- ECS tasks: ``RunTask`` of an awsvpc task fails inside moto (making the task ENI), so
  ``orders-api`` runs no task (desired 2, running 0: its pulse fault is real in the demo), there
  is no ``ecs:task`` nor task ENI, and the service is behind no target group (an awsvpc service
  needs an ``ip`` target group its tasks register in);
- the EKS node group's Auto Scaling group: moto names one in ``DescribeNodegroup`` but creates
  none, so no node group ASSOCIATED_WITH edge is expected; nor the cluster security group
  (``clusterSecurityGroupId``), which moto does not make.
moto also answers differently from AWS in places the crawler must cope with: IAM policies in
``GetAccountAuthorizationDetails`` have no ``PolicyName`` (the ARN ends with it); NAT gateway
ENIs sit outside the VPC CIDR; see reachability.md section 18 for the rest.
"""

from __future__ import annotations

from .automation import seed_automation
from .compute import AMI, lambda_zip, seed_function, seed_instances, seed_load_balancer
from .data import seed_buckets, seed_database, seed_file_system, seed_resource_policies
from .data_services import seed_data_services
from .edge import seed_edge
from .fleets import seed_fleets
from .identity import seed_iam
from .network import seed_gateways, seed_peering, seed_security, seed_transit_gateway, seed_vpc
from .region import RegionSeeder
from .resilience import seed_batch
from .second_account import seed_second_account
from .seeder import SeededEdge, SeededEstate, SeededResource, Seeder
from .server import DEMO_CREDENTIALS, DEMO_REGIONS, MOTO_UNIMPLEMENTED, MotoServer

__all__ = ["AMI", "DEMO_CREDENTIALS", "DEMO_REGIONS", "MotoServer", "SeededEdge", "SeededEstate", "SeededResource",
           "lambda_zip", "seed_demo_estate", "seed_second_account"]
__all__ += ["MOTO_UNIMPLEMENTED"]

# One region's steps, in order: each uses what the previous left on the RegionSeeder.
_REGION_STEPS = (seed_vpc, seed_gateways, seed_security, seed_instances, seed_load_balancer, seed_database,
                 seed_function)


def seed_demo_estate(endpoint: str, regions: tuple[str, ...] = DEMO_REGIONS) -> SeededEstate:
    """Seed the demo estate into the moto server at ``endpoint``. The first region is home
    (3 AZs, EFS, IPv6 egress, the transit gateway); it peers with the second. Names are fixed,
    so seeding twice into one moto state (one process) fails on duplicates."""
    regions = tuple(regions)
    seeder = Seeder(endpoint, DEMO_CREDENTIALS, regions)
    seed_iam(seeder)
    seed_buckets(seeder, regions)
    seeded = [_seed_region(seeder, region, index) for index, region in enumerate(regions)]
    if len(seeded) >= 2:
        seed_peering(seeder, seeded[0], seeded[1])
    seed_transit_gateway(seeder, seeded[0])
    seed_resource_policies(seeder, seeded[0])
    seed_automation(seeded[0])
    seed_data_services(seeded[0])  # before the batch VPC's retiring key: it encrypts with the one data key
    seed_batch(seeder, regions[0])
    seed_fleets(seeded[0])
    seed_edge(seeded[0])
    return seeder.estate


def _seed_region(seeder: Seeder, region: str, index: int) -> RegionSeeder:
    """One region of the prod estate; the home region (the first) also gets the file system."""
    seeding = RegionSeeder(seeder, region, index, home=index == 0)
    for step in _REGION_STEPS:
        step(seeding)
    if seeding.home:
        seed_file_system(seeding)
    return seeding
