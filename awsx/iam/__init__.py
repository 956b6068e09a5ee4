"""IAM policy evaluation, who-can and privilege escalation: pure functions of an Estate (../shared/iam.md)."""
