"""SageMaker: notebook instances, with the role their Jupyter runs as and their network
placement. Whoever may open a notebook (CreatePresignedNotebookInstanceUrl) runs code as its
role; with DirectInternetAccess Enabled the notebook reaches the internet outside the VPC.

ListNotebookInstances gives the summary; DescribeNotebookInstance, merged into the record, the
role, subnet, security groups, root access and KMS key.
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeNotebookInstance.html
"""

from awsx.core.model import Relation as R

from .base import INTO_RECORD, EdgeRule, Enrichment, ResourceSpec, arn_or_plain, col, columns

SPECS = (
    ResourceSpec(
        kind="sagemaker:notebook-instance", service="sagemaker", operation="ListNotebookInstances",
        items="NotebookInstances", id="NotebookInstanceName", arn="NotebookInstanceArn", tags=None,
        title="SageMaker notebook instances", aliases=("notebook", "sagemaker", "nb"),
        columns=columns(col("Status", "data.NotebookInstanceStatus"), col("Type", "data.InstanceType"),
                        col("Internet", "data.DirectInternetAccess"),
                        col("Root", "data.RootAccess"), col("Role", "data.RoleArn")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="sagemaker:notebook-instance", service="sagemaker", operation="DescribeNotebookInstance",
        params={"NotebookInstanceName": "@id"}, into=INTO_RECORD,
    ),
    Enrichment(
        kind="sagemaker:notebook-instance", service="sagemaker", operation="ListTags",
        params={"ResourceArn": "@arn"}, into="Tags", result="Tags", tags=True,
    ),
)

# KmsKeyId is a key ARN or a key id, as the notebook was created with.
_KEY_ARN, _KEY_ID = arn_or_plain("KmsKeyId")

EDGES = (
    EdgeRule("sagemaker:notebook-instance", R.HAS_ROLE, "RoleArn", by="arn"),
    EdgeRule("sagemaker:notebook-instance", R.IN_SUBNET, "SubnetId"),
    EdgeRule("sagemaker:notebook-instance", R.MEMBER_OF_SECURITY_GROUP, "SecurityGroups[]"),
    EdgeRule("sagemaker:notebook-instance", R.HAS_NETWORK_INTERFACE, "NetworkInterfaceId"),
    EdgeRule("sagemaker:notebook-instance", R.ASSOCIATED_WITH, _KEY_ARN, by="arn"),
    EdgeRule("sagemaker:notebook-instance", R.ASSOCIATED_WITH, _KEY_ID, target_kind="kms:key"),
)
