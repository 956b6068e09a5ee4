"""The read-only guard: an explicit allowlist of the operations awsx may send, enforced at
botocore's ``before-call`` event, i.e. after the request is built and before anything is sent.

Read-only is a property of the session, not a UI flag: every client made from a guarded
session (including the STS client botocore makes to assume a role) passes through here.
"""

from __future__ import annotations

from typing import Any

# (service name as botocore spells it, operation) pairs that only read configuration.
READ_OPERATIONS: frozenset[tuple[str, str]] = frozenset(
    [("ec2", op) for op in (
        "DescribeRegions", "DescribeAvailabilityZones", "DescribeVpcs", "DescribeSubnets",
        "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeNetworkAcls",
        "DescribeRouteTables", "DescribeInternetGateways", "DescribeEgressOnlyInternetGateways",
        "DescribeNatGateways", "DescribeAddresses", "DescribeVpcPeeringConnections",
        "DescribeTransitGateways", "DescribeTransitGatewayAttachments",
        "DescribeTransitGatewayVpcAttachments", "DescribeTransitGatewayRouteTables",
        "GetTransitGatewayRouteTableAssociations", "GetTransitGatewayRouteTablePropagations",
        "SearchTransitGatewayRoutes", "DescribeVpcEndpoints", "DescribeManagedPrefixLists",
        "GetManagedPrefixListEntries", "DescribeInstances", "DescribeVolumes", "DescribeSnapshots",
    )]
    + [("elbv2", op) for op in (
        "DescribeLoadBalancers", "DescribeListeners", "DescribeTargetGroups", "DescribeTargetHealth",
        "DescribeTags",
    )]
    + [("rds", op) for op in ("DescribeDBInstances", "DescribeDBSubnetGroups")]
    + [("lambda", op) for op in ("ListFunctions", "GetPolicy")]
    + [("efs", op) for op in ("DescribeFileSystems", "DescribeMountTargets")]
    + [("s3", op) for op in (
        "ListBuckets", "GetBucketLocation", "GetBucketPolicy", "GetBucketPolicyStatus",
        "GetPublicAccessBlock", "GetBucketTagging", "GetBucketVersioning", "GetBucketEncryption",
    )]
    # S3 bucket sizes for the cost engine: metric values, never object data.
    + [("cloudwatch", "GetMetricData")]
    + [("iam", op) for op in (
        "GetAccountAuthorizationDetails", "ListAccessKeys", "GetLoginProfile", "ListMFADevices",
        "GetUser", "ListAccountAliases",
    )]
    + [("kms", op) for op in ("ListKeys", "DescribeKey", "GetKeyPolicy")]
    + [("sqs", op) for op in ("ListQueues", "GetQueueAttributes")]
    + [("sns", op) for op in ("ListTopics", "GetTopicAttributes")]
    + [("dynamodb", op) for op in ("ListTables", "DescribeTable", "DescribeContinuousBackups", "ListTagsOfResource")]
    + [("elasticache", op) for op in ("DescribeReplicationGroups", "DescribeCacheClusters",
                                      "DescribeCacheSubnetGroups", "ListTagsForResource")]
    + [("rds", "DescribeDBClusters")]
    + [("backup", op) for op in ("ListBackupPlans", "GetBackupPlan", "ListBackupVaults", "ListProtectedResources")]
    + [("acm", op) for op in ("ListCertificates", "DescribeCertificate")]
    # Secret metadata and the resource policy; never the value (SECRET_OPERATIONS).
    + [("secretsmanager", op) for op in ("ListSecrets", "GetResourcePolicy")]
    # Launch template versions are read with UserData dropped at once (inventory/specs/autoscaling.py).
    + [("ec2", op) for op in ("DescribeLaunchTemplates", "DescribeLaunchTemplateVersions")]
    + [("autoscaling", "DescribeAutoScalingGroups")]
    + [("ecs", op) for op in ("ListClusters", "DescribeClusters", "ListServices", "DescribeServices", "ListTasks",
                              "DescribeTasks", "ListTaskDefinitions", "DescribeTaskDefinition")]
    + [("eks", op) for op in ("ListClusters", "DescribeCluster", "ListNodegroups", "DescribeNodegroup")]
    + [("organizations", op) for op in ("ListPolicies", "DescribePolicy", "ListTargetsForPolicy",
                                        "DescribeOrganization", "ListRoots",
                                        "ListOrganizationalUnitsForParent", "ListAccountsForParent",
                                        "ListAccounts")]
    # Escalation targets (issue #15): what runs as a role, never a template or a variable value.
    + [("cloudformation", op) for op in ("DescribeStacks", "ListStackSets", "DescribeStackSet")]
    + [("codebuild", op) for op in ("ListProjects", "BatchGetProjects")]
    + [("glue", op) for op in ("GetJobs", "GetDevEndpoints", "GetTags")]
    + [("sagemaker", op) for op in ("ListNotebookInstances", "DescribeNotebookInstance", "ListTags")]
    + [("ssm", "DescribeInstanceInformation")]
    + [("cloudfront", op) for op in ("ListDistributions", "ListTagsForResource")]
    + [("route53", op) for op in ("ListHostedZones", "GetHostedZone", "ListResourceRecordSets",
                                  "ListTagsForResources")]
    + [("apigateway", op) for op in ("GetRestApis", "GetStages", "GetResources")]
    + [("apigatewayv2", op) for op in ("GetApis", "GetStages", "GetIntegrations")]
    + [("elb", op) for op in ("DescribeLoadBalancers", "DescribeInstanceHealth", "DescribeTags")]
    + [("cloudwatch", "DescribeAlarms")]
    + [("cloudtrail", op) for op in ("DescribeTrails", "GetTrailStatus", "ListTags")]
    # Identity and the credential chain: who am I, and the calls botocore makes itself to
    # turn a profile into credentials (assume-role, web identity, SSO). They change nothing.
    + [("sts", op) for op in ("GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity")]
    + [("sso", "GetRoleCredentials"), ("sso-oidc", "CreateToken")]
)

# Not part of a crawl (so not in its minimal policy): ``awsx prices refresh`` reads list prices.
PRICE_OPERATIONS: frozenset[tuple[str, str]] = frozenset({("pricing", "GetProducts")})

# Reads that return secrets or contents. Never allowed, even if someone adds them above.
SECRET_OPERATIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("secretsmanager", "GetSecretValue"),
        ("secretsmanager", "BatchGetSecretValue"),
        ("ssm", "GetParameter"),
        ("ssm", "GetParameters"),
        ("ssm", "GetParametersByPath"),
        ("ssm", "GetParameterHistory"),
        ("s3", "GetObject"),
        ("s3", "GetObjectTorrent"),
        ("s3", "SelectObjectContent"),
        ("kms", "Decrypt"),
        ("kms", "GenerateDataKey"),
        ("ec2", "GetPasswordData"),
        ("ec2", "GetConsoleOutput"),
        ("ec2", "GetConsoleScreenshot"),
        ("ec2", "DescribeInstanceAttribute"),
        ("ec2", "GetLaunchTemplateData"),
        ("lambda", "GetFunction"),
        ("ecr", "GetAuthorizationToken"),
        ("rds", "GenerateDbAuthToken"),
        ("iam", "GetCredentialReport"),
        ("iam", "GenerateCredentialReport"),
        ("cloudformation", "GetTemplate"),
        ("acm", "ExportCertificate"),
        ("dynamodb", "GetItem"),
        ("dynamodb", "BatchGetItem"),
        ("dynamodb", "Query"),
        ("dynamodb", "Scan"),
        ("dynamodb", "ExecuteStatement"),
    }
)


class ReadOnlyViolation(PermissionError):
    """An attempt to send an operation outside the read allowlist (raised before sending)."""


def is_allowed(service: str, operation: str) -> bool:
    call = (service, operation)
    return (call in READ_OPERATIONS or call in PRICE_OPERATIONS) and call not in SECRET_OPERATIONS


def refuse_writes(model: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: raise unless the operation is an allowed read."""
    service = model.service_model.service_name
    if not is_allowed(service, model.name):
        why = "reads secret values" if (service, model.name) in SECRET_OPERATIONS else "is not a read-only operation"
        raise ReadOnlyViolation(f"awsx is read-only: refused {service}:{model.name} ({why})")


# IAM spells a few actions differently from the API operation, and some services' prefixes.
_IAM_PREFIX = {"elbv2": "elasticloadbalancing", "efs": "elasticfilesystem"}
_IAM_PREFIX |= {"elb": "elasticloadbalancing", "apigatewayv2": "apigateway"}
_IAM_ACTION = {("s3", "ListBuckets"): "ListAllMyBuckets", ("s3", "GetPublicAccessBlock"): "GetBucketPublicAccessBlock",
               ("s3", "GetBucketEncryption"): "GetEncryptionConfiguration"}
# API Gateway authorises its management API by HTTP verb: every read is ``apigateway:GET``
# (Service Authorization Reference, "Actions defined by Amazon API Gateway Management").
_IAM_ACTION |= {(service, operation): "GET" for service in ("apigateway", "apigatewayv2")
                for operation in ("GetRestApis", "GetStages", "GetResources", "GetApis", "GetIntegrations")}
# Calls every principal may make, or that botocore makes to obtain credentials.
_NEEDS_NO_GRANT = {"sts", "sso", "sso-oidc"}


def minimal_policy() -> dict[str, Any]:
    """The least-privilege IAM policy for a full crawl, derived from the allowlist itself."""
    actions = sorted({
        f"{_IAM_PREFIX.get(service, service)}:{_IAM_ACTION.get((service, operation), operation)}"
        for service, operation in READ_OPERATIONS
        if service not in _NEEDS_NO_GRANT
    })
    return {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "AwsxReadOnlyCrawl", "Effect": "Allow", "Action": actions, "Resource": "*"}],
    }


# The role ``--org`` assumes in member accounts: the one AWS creates in accounts made through
# Organizations (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html).
DEFAULT_ORG_ROLE = "OrganizationAccountAccessRole"


def organization_policy(role: str) -> dict[str, Any]:
    """What ``--org`` needs in the management (or delegated administrator) account: the crawl's
    own policy, plus assuming ``role`` in the members (each member's role needs the crawl policy)."""
    policy = minimal_policy()
    assume = {"Sid": "AwsxEnterMembers", "Effect": "Allow", "Action": "sts:AssumeRole",
              "Resource": f"arn:aws:iam::*:role/{role}"}
    return {**policy, "Statement": [*policy["Statement"], assume]}
