"""AWS Backup: plans (with their rules and schedules from GetBackupPlan), vaults, and the
protected resources with their last backup time. A protected resource points at what it
protects by ARN, so a volume's or a database's detail view shows its last backup. Recovery
point contents are never read."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="backup:plan", service="backup", operation="ListBackupPlans", items="BackupPlansList",
        id="BackupPlanId", arn="BackupPlanArn", name="BackupPlanName", tags=None, title="Backup plans",
        aliases=("backup", "backup-plan"),
        columns=columns(col("Last run", "data.LastExecutionDate"), col("Created", "data.CreationDate"),
                        col("Version", "data.VersionId")),
    ),
    ResourceSpec(
        kind="backup:vault", service="backup", operation="ListBackupVaults", items="BackupVaultList",
        id="BackupVaultName", arn="BackupVaultArn", name="BackupVaultName", tags=None, title="Backup vaults",
        aliases=("vault", "backup-vault"),
        columns=columns(col("Recovery points", "data.NumberOfRecoveryPoints"), col("Locked", "data.Locked"),
                        col("KMS key", "data.EncryptionKeyArn")),
    ),
    ResourceSpec(
        # AWS gives a protected resource no ARN of its own: the one awsx makes holds the
        # protected resource's ARN, so it never collides with the resource itself.
        kind="backup:protected-resource", service="backup", operation="ListProtectedResources", items="Results",
        id="ResourceArn", name="ResourceName", tags=None,
        arn_template="arn:{partition}:backup:{region}:{account}:protected-resource/{id}",
        title="Backup protected resources", aliases=("protected", "protected-resource"),
        columns=columns(col("Type", "data.ResourceType"), col("Last backup", "data.LastBackupTime"),
                        col("Resource", "data.ResourceArn")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="backup:plan", service="backup", operation="GetBackupPlan", params={"BackupPlanId": "@id"},
               into="BackupPlan", result="BackupPlan"),
)

EDGES = (
    EdgeRule("backup:plan", R.ASSOCIATED_WITH, "BackupPlan.Rules[].TargetBackupVaultName", target_kind="backup:vault"),
    EdgeRule("backup:vault", R.ASSOCIATED_WITH, "EncryptionKeyArn", by="arn"),
    EdgeRule("backup:protected-resource", R.PROTECTS, "ResourceArn", by="arn"),
    EdgeRule("backup:protected-resource", R.ASSOCIATED_WITH, "LastBackupVaultArn", by="arn"),
)
