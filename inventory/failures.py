"""What a failed read means: the marker status for a botocore error, after botocore's own
retries (denied, throttled out, unsupported in this region or account, or an error)."""

from __future__ import annotations

from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
    UnknownServiceError,
)

from awsx.core.model import MarkerStatus

from .pacing import THROTTLED_CODES

DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
                          "AuthorizationError", "UnauthorizedAccess", "Forbidden", "AllAccessDisabled"})
UNSUPPORTED_CODES = frozenset({"AWSOrganizationsNotInUseException", "UnsupportedOperation", "InvalidAction",
                               "OptInRequired", "UnknownOperationException", "NotImplemented",
                               "InvalidParameterValue"})


def _not_served(response: dict, code: str) -> bool:
    """An HTTP 404 whose body names no AWS error (botocore then gives the bare status as the code):
    the endpoint does not serve the operation at all (an emulator such as moto answers so for
    what it does not implement), as opposed to a resource that is not found, which AWS names."""
    return code == "404" and response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404


class CallFailed(Exception):
    """A read that could not be answered; carries the marker status for it."""

    def __init__(self, status: MarkerStatus, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def classify(exc: BaseException) -> CallFailed:
    """Map an exception from botocore to a marker status (after botocore's own retries)."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "Unknown"))
        message = str(error.get("Message") or code)
        if code in DENIED_CODES or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 403:
            return CallFailed(MarkerStatus.DENIED, code, message)
        if code in THROTTLED_CODES:
            return CallFailed(MarkerStatus.THROTTLED, code, f"still throttled after retries: {message}")
        if code in UNSUPPORTED_CODES or _not_served(exc.response, code):
            return CallFailed(MarkerStatus.UNSUPPORTED, code, message)
        return CallFailed(MarkerStatus.ERROR, code, message)
    if isinstance(exc, (EndpointConnectionError, UnknownServiceError)):
        return CallFailed(MarkerStatus.UNSUPPORTED, type(exc).__name__, str(exc))
    if isinstance(exc, (ReadTimeoutError, ConnectTimeoutError)):
        return CallFailed(MarkerStatus.ERROR, type(exc).__name__, str(exc))
    detail = str(exc).replace("\n", " ")[:160]
    return CallFailed(MarkerStatus.ERROR, f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__, detail)
