"""The request shapes every area of the demo builds again and again: Name tags, tag
specifications, IAM policy documents and their statements, TCP ingress rules."""

from __future__ import annotations

import json
from typing import Any


def name_tags(name: str, **extra: str) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in extra.items()]


def tag_spec(resource_type: str, name: str, **extra: str) -> list[dict[str, Any]]:
    return [{"ResourceType": resource_type, "Tags": name_tags(name, **extra)}]


def policy_doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def trust_policy(principal: dict[str, str], **condition: Any) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return policy_doc(statement)


def tcp(port: int, to_port: int | None = None, **source: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": to_port or port, **source}
