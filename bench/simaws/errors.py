"""AWS error answers, byte for byte in the shape each protocol's clients parse, so botocore
sees the same error codes (and retries them the same way) as it would from AWS."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from .identify import Call


@dataclass(frozen=True, slots=True)
class Fault:
    """An error to answer: one code per protocol family, and the HTTP status AWS uses."""

    ec2: tuple[int, str]
    query: tuple[int, str]
    json: tuple[int, str]
    rest: tuple[int, str]
    message: str


# EC2: RequestLimitExceeded 503; IAM/query services: Throttling 400; JSON: ThrottlingException
# 400; Lambda (REST): TooManyRequestsException 429; S3: SlowDown 503.
THROTTLED = Fault((503, "RequestLimitExceeded"), (400, "Throttling"), (400, "ThrottlingException"),
                  (429, "TooManyRequestsException"), "Rate exceeded")
DENIED = Fault((403, "UnauthorizedOperation"), (403, "AccessDenied"), (400, "AccessDeniedException"),
               (403, "AccessDeniedException"), "not authorized to perform this operation")
SERVER_ERROR = Fault((500, "InternalError"), (500, "InternalFailure"), (500, "InternalFailure"),
                     (500, "ServiceException"), "An internal error has occurred")
# Temporary credentials that expired: EC2 says RequestExpired, query services ExpiredToken.
EXPIRED = Fault((400, "RequestExpired"), (403, "ExpiredToken"), (400, "ExpiredTokenException"),
                (403, "ExpiredTokenException"), "The security token included in the request is expired")
S3_CODES = {"RequestExpired": (400, "ExpiredToken"), "RequestLimitExceeded": (503, "SlowDown"), "UnauthorizedOperation": (403, "AccessDenied"),
            "InternalError": (500, "InternalError")}


def render(fault: Fault, call: Call) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of ``fault`` answered to ``call``."""
    request_id = str(uuid.uuid4())
    if call.protocol == "ec2":
        status, code = fault.ec2
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code}</Code>'
                f"<Message>{fault.message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>")
        return status, {"Content-Type": "text/xml;charset=UTF-8"}, body.encode()
    # Route 53 and CloudFront write REST-XML errors as query services do (<ErrorResponse>).
    if call.protocol == "query" or (call.protocol == "rest-xml" and call.service != "s3"):
        status, code = fault.query
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{fault.message}</Message>"
                f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        return status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body.encode()
    if call.protocol == "json":
        status, code = fault.json
        body = json.dumps({"__type": code, "message": fault.message})
        return status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": request_id}, body.encode()
    if call.protocol == "rest-xml":
        status, code = S3_CODES[fault.ec2[1]]
        body = f"<Error><Code>{code}</Code><Message>{fault.message}</Message><RequestId>{request_id}</RequestId></Error>"
        return status, {"Content-Type": "application/xml", "x-amz-request-id": request_id}, body.encode()
    status, code = fault.rest
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code, "x-amzn-RequestId": request_id}
    return status, headers, json.dumps({"message": fault.message, "Type": "User"}).encode()
