"""Which AWS call a request is: service and region from the SigV4 credential scope, the
operation from the query ``Action``, the JSON ``X-Amz-Target`` or (REST services) the method
and first path segment, and the wire protocol its errors must be written in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Mapping
from urllib.parse import parse_qs

Protocol = Literal["ec2", "query", "json", "rest-json", "rest-xml"]

# Credential=AKID/20261127/us-east-1/ec2/aws4_request
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request")
_READ_PREFIXES = ("Describe", "List", "Get", "Search", "Lookup")
# REST services whose bodies (and so whose errors) are XML, not JSON.
REST_XML_SERVICES = frozenset({"s3", "route53", "cloudfront"})


@dataclass(frozen=True, slots=True)
class Call:
    service: str  # the signing name: ec2, iam, elasticloadbalancing, lambda, s3 ...
    region: str
    operation: str
    protocol: Protocol

    @property
    def api_class(self) -> str:
        """EC2 throttles non-mutating and mutating actions in separate buckets; so do we."""
        if self.protocol in ("rest-json", "rest-xml"):
            return "read" if self.operation.startswith(("GET", "HEAD")) else "write"
        return "read" if self.operation.startswith(_READ_PREFIXES) else "write"


def identify(method: str, path: str, headers: Mapping[str, str], query: str, body: bytes) -> Call:
    scope = _SCOPE.search(headers.get("Authorization", ""))
    service, region = (scope["service"], scope["region"]) if scope else ("unknown", "us-east-1")
    target = headers.get("X-Amz-Target")
    if target:
        return Call(service, region, target.rsplit(".", 1)[-1], "json")
    form = parse_qs(query)
    if "Action" not in form and headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
        form = parse_qs(body.decode("utf-8", "replace"))
    if "Action" in form:
        return Call(service, region, form["Action"][0], "ec2" if service == "ec2" else "query")
    segment = path.strip("/").split("/", 1)[0]
    return Call(service, region, f"{method} /{segment}", "rest-xml" if service in REST_XML_SERVICES else "rest-json")
