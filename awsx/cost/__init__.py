"""Cost estimates and waste findings: a price table (data) and pure estimators (../shared/costs.md)."""
