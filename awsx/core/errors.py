"""Errors a user can act on. The CLI prints their message as one line (no traceback) and
exits 2 for bad input, 1 for a failure of the environment (credentials, AWS)."""


class AwsxError(Exception):
    """Base: ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class UserError(AwsxError):
    """Bad input: an unknown id, profile, region, kind or a malformed file."""

    exit_code = 2


class SnapshotError(UserError):
    """A snapshot file that is missing, corrupt, truncated or from an unknown format."""


class CredentialsError(AwsxError):
    """No usable credentials, or credentials AWS rejected (expired, invalid)."""


def error_line(exc: BaseException) -> str:
    """An exception as the short reason in a one-line report: its message's first line (its
    type when it has none), at most 160 characters."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
