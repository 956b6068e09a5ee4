"""Policy documents parsed into frozen statements (iam.md §1 "Matching details").

Normalisation: a single value or a list becomes a tuple; ``Action``/``NotAction``,
``Resource``/``NotResource`` and ``Principal``/``NotPrincipal`` keep which of the pair was
used; condition values become strings (``true``/``false`` for booleans) because that is how
IAM compares them. A document that is not a policy raises ``PolicyError`` naming the policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

from awsx.core.errors import UserError

EFFECTS = ("Allow", "Deny")
# Condition operators by base name (without IfExists / set qualifiers).
OPERATORS = frozenset({
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
})
QUALIFIERS = ("ForAllValues", "ForAnyValue")


class PolicyError(UserError):
    """A policy document that cannot be read; ``policy`` names it (an ARN or a name)."""

    def __init__(self, policy: str, message: str) -> None:
        super().__init__(f"malformed policy {policy}: {message}")
        self.policy = policy
        self.reason = message

    def __reduce__(self) -> tuple[type[PolicyError], tuple[str, str]]:
        # Rebuilt from its two fields (an exception pickles its formatted message alone), so a
        # principal holding one survives the derived cache (awsx/iam/derived.py).
        return PolicyError, (self.policy, self.reason)


@dataclass(frozen=True, slots=True)
class Principals:
    """A ``Principal`` block: ``anyone`` for ``"*"`` / ``{"AWS": "*"}``; else values per type
    (``AWS``, ``Service``, ``Federated``, ``CanonicalUser``)."""

    anyone: bool
    by_type: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def values(self, principal_type: str) -> tuple[str, ...]:
        for name, values in self.by_type:
            if name == principal_type:
                return values
        return ()


@dataclass(frozen=True, slots=True)
class Condition:
    operator: str  # as written, e.g. "ForAnyValue:StringLikeIfExists"
    base: str  # "StringLike"
    qualifier: str | None  # "ForAllValues" | "ForAnyValue" | None
    if_exists: bool
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    index: int
    sid: str | None
    effect: str
    actions: tuple[str, ...] | None  # lower-cased; None when NotAction is used
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None  # None when NotResource is used (or absent: trust policies)
    not_resources: tuple[str, ...] | None
    principals: Principals | None
    not_principals: Principals | None
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """A parsed document. ``name`` is what answers cite (managed policy ARN, or
    ``OWNER_ARN:inline/NAME``); ``type`` is identity|resource|boundary|scp|rcp|session|trust."""

    name: str
    type: str
    statements: tuple[Statement, ...]
    version: str | None = None

    @property
    def substitutes_variables(self) -> bool:
        # Policy variables exist only in version 2012-10-17; older documents read them literally.
        return self.version == "2012-10-17"


def _strings(value: Any, what: str, policy: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, (str, int, float)):
            out.append(str(item))
        else:
            raise PolicyError(policy, f"{what} must be a string or a list of strings, not {type(item).__name__}")
    return tuple(out)


def _principals(value: Any, what: str, policy: str) -> Principals:
    if value == "*":
        return Principals(anyone=True)
    if not isinstance(value, Mapping):
        raise PolicyError(policy, f'{what} must be "*" or an object')
    by_type = []
    anyone = False
    for name, values in value.items():
        strings = _strings(values, f"{what}.{name}", policy)
        if name == "AWS" and "*" in strings:
            anyone = True
        by_type.append((str(name), strings))
    return Principals(anyone=anyone, by_type=tuple(by_type))


def _conditions(value: Any, policy: str) -> tuple[Condition, ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise PolicyError(policy, "Condition must be an object")
    out = []
    for operator, block in value.items():
        qualifier, _, base = str(operator).rpartition(":")
        if qualifier and qualifier not in QUALIFIERS:
            raise PolicyError(policy, f"unknown condition set operator {qualifier!r}")
        if_exists = base.endswith("IfExists")
        if if_exists:
            base = base[: -len("IfExists")]
        if base not in OPERATORS:
            raise PolicyError(policy, f"unknown condition operator {operator!r}")
        if not isinstance(block, Mapping):
            raise PolicyError(policy, f"Condition.{operator} must be an object")
        for key, values in block.items():
            out.append(Condition(str(operator), base, qualifier or None, if_exists, str(key),
                                 _strings(values, f"Condition.{operator}.{key}", policy)))
    return tuple(out)


def _pair(raw: Mapping[str, Any], yes: str, no: str, policy: str, required: bool) -> tuple[Any, Any]:
    if yes in raw and no in raw:
        raise PolicyError(policy, f"a statement has both {yes} and {no}")
    if required and yes not in raw and no not in raw:
        raise PolicyError(policy, f"a statement has neither {yes} nor {no}")
    return raw.get(yes), raw.get(no)


def _statement(index: int, raw: Any, policy: str, policy_type: str) -> Statement:
    if not isinstance(raw, Mapping):
        raise PolicyError(policy, f"statement {index} is not an object")
    effect = raw.get("Effect")
    if effect not in EFFECTS:
        raise PolicyError(policy, f"statement {index} has Effect {effect!r} (Allow or Deny)")
    action, not_action = _pair(raw, "Action", "NotAction", policy, required=True)
    # Trust policies have no Resource; every other document needs one.
    resource, not_resource = _pair(raw, "Resource", "NotResource", policy,
                                   required=policy_type not in ("trust", "resource"))
    principal, not_principal = _pair(raw, "Principal", "NotPrincipal", policy,
                                     required=policy_type in ("trust", "resource"))
    lower = lambda values: tuple(v.lower() for v in values)  # noqa: E731 - actions are case-insensitive
    sid = raw.get("Sid")
    return Statement(
        index=index,
        sid=str(sid) if sid is not None else None,
        effect=effect,
        actions=lower(_strings(action, "Action", policy)) if action is not None else None,
        not_actions=lower(_strings(not_action, "NotAction", policy)) if not_action is not None else None,
        resources=_strings(resource, "Resource", policy) if resource is not None else None,
        not_resources=_strings(not_resource, "NotResource", policy) if not_resource is not None else None,
        principals=_principals(principal, "Principal", policy) if principal is not None else None,
        not_principals=_principals(not_principal, "NotPrincipal", policy) if not_principal is not None else None,
        conditions=_conditions(raw.get("Condition"), policy),
    )


def parse_policy(document: Any, name: str, policy_type: str) -> Policy:
    """Parse a policy document (a dict, or its JSON text, possibly URL-encoded by older APIs)."""
    if isinstance(document, (bytes, bytearray)):
        document = document.decode("utf-8", "replace")
    if isinstance(document, str):
        text = document.strip()
        if text.startswith("%7B") or text.startswith("%7b"):
            from urllib.parse import unquote

            text = unquote(text)
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise PolicyError(name, f"not JSON ({exc})") from None
    if not isinstance(document, Mapping):
        raise PolicyError(name, "a policy document must be a JSON object")
    statements = document.get("Statement")
    if statements is None:
        raise PolicyError(name, "no Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyError(name, "Statement must be an object or a list")
    version = document.get("Version")
    return Policy(
        name=name,
        type=policy_type,
        statements=tuple(_statement(i, s, name, policy_type) for i, s in enumerate(statements)),
        version=str(version) if version is not None else None,
    )
