"""Fault predicates of the data services (issue #16). The time-relative ones are measured
against the estate's crawl time, never the wall clock, so a snapshot says the same thing on
any day; when the crawl time is unreadable they cannot know, and do not hold.

- A DynamoDB table without point-in-time recovery (DescribeContinuousBackups
  ``PointInTimeRecoveryStatus`` other than ENABLED; AWS Security Hub control DynamoDB.2): no
  restore to a chosen second of the recovery period.
- An ACM certificate that failed or is no longer valid (``CertificateStatus`` FAILED, EXPIRED,
  REVOKED, VALIDATION_TIMED_OUT) or expires within 30 days of the crawl (``NotAfter``; Security
  Hub control ACM.1's default ``daysToExpiration``).
- A Secrets Manager secret never rotated (no ``LastRotatedDate``) or last rotated more than 90
  days before the crawl (AWS Security Hub control SecretsManager.4's default).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from awsx.core.age import parse_crawl_time
from awsx.core.graph import Estate
from awsx.core.model import Resource

CERTIFICATE_WARNING = timedelta(days=30)
ROTATION_MAX_AGE = timedelta(days=90)
FAILED_CERTIFICATE_STATUSES = frozenset({"FAILED", "EXPIRED", "REVOKED", "VALIDATION_TIMED_OUT"})


def crawl_time(estate: Estate) -> datetime | None:
    return parse_crawl_time(estate.info.crawled_at)


def _when(value: Any) -> datetime | None:
    return parse_crawl_time(value) if isinstance(value, str) else None


def table_without_pitr(table: Resource) -> bool:
    """Only a table whose recovery status was read: an unread one is unknown, not a fault."""
    backups = table.data.get("ContinuousBackups")
    if not isinstance(backups, dict):
        return False
    status = (backups.get("PointInTimeRecoveryDescription") or {}).get("PointInTimeRecoveryStatus")
    return status != "ENABLED"


def certificate_failing(estate: Estate, certificate: Resource) -> bool:
    if certificate.data.get("Status") in FAILED_CERTIFICATE_STATUSES:
        return True
    crawled, expires = crawl_time(estate), _when(certificate.data.get("NotAfter"))
    return crawled is not None and expires is not None and expires - crawled <= CERTIFICATE_WARNING


def secret_not_rotated(estate: Estate, secret: Resource) -> bool:
    last = secret.data.get("LastRotatedDate")
    if last is None:
        return True
    crawled, rotated = crawl_time(estate), _when(last)
    return crawled is not None and rotated is not None and crawled - rotated > ROTATION_MAX_AGE
