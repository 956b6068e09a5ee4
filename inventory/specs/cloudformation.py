"""CloudFormation: stacks and stack sets, with the roles they deploy as (a stack's service role,
a stack set's administration role): a principal that may pass those roles to CloudFormation
acts with their permissions (iam.md, escalation through a service that takes a role).

Never a template, never a parameter value: DescribeStacks returns parameter values in clear
unless the template declares them ``NoEcho`` (then ``****``), and a stack set's Parameters and
TemplateBody come back from DescribeStackSet. Only the parameter keys are kept.
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
"""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

# The parameter keys, never their values (JMESPath's merge/keys keep the record declarative).
_PARAMETER_KEYS = "merge(@, {ParameterKeys: Parameters[].ParameterKey})"

SPECS = (
    ResourceSpec(
        # StackId is the stack's ARN; the name is what the console and the CLI call it by.
        kind="cloudformation:stack", service="cloudformation", operation="DescribeStacks",
        items=f"Stacks[].{_PARAMETER_KEYS}", id="StackName", arn="StackId", drop=("Parameters",),
        title="CloudFormation stacks", aliases=("stack", "cfn", "stacks"),
        columns=columns(col("Status", "data.StackStatus"), col("Drift", "data.DriftInformation.StackDriftStatus"),
                        col("Created", "data.CreationTime"), col("Role", "data.RoleARN")),
    ),
    ResourceSpec(
        # Deleted stack sets stay listed with Status DELETED: only the live ones.
        # A stack set's ARN ends with its StackSetId (name:uuid), which ListStackSets returns.
        kind="cloudformation:stack-set", service="cloudformation", operation="ListStackSets", items="Summaries",
        params={"Status": "ACTIVE"}, id="StackSetId", name="StackSetName", tags=None,
        arn_template="arn:{partition}:cloudformation:{region}:{account}:stackset/{id}",
        title="CloudFormation stack sets", aliases=("stackset", "stack-sets"),
        columns=columns(col("Status", "data.Status"), col("Permission model", "data.PermissionModel"),
                        col("Execution role", "data.StackSet.ExecutionRoleName"),
                        col("Administration role", "data.StackSet.AdministrationRoleARN")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="cloudformation:stack-set", service="cloudformation", operation="DescribeStackSet",
        params={"StackSetName": "StackSetName"}, into="StackSet", result="StackSet",
        drop=("TemplateBody", "Parameters"),
    ),
)

EDGES = (
    EdgeRule("cloudformation:stack", R.HAS_ROLE, "RoleARN", by="arn"),
    EdgeRule("cloudformation:stack-set", R.HAS_ROLE, "StackSet.AdministrationRoleARN", by="arn"),
)
