"""Condition blocks: every operator of the IAM grammar, ``...IfExists``, ``ForAllValues:`` /
``ForAnyValue:``, ``Null``; a key the engine cannot know makes the result unknown on that key."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timezone
from typing import Callable, Sequence

from .matching import NO, VARIABLE, YES, Context, Tri, Unknown, all_of, arn_like, pattern_regex, unknown, wildcard_match
from .policy import Condition

NEGATED = frozenset({
    "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals",
    "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike",
})
# The positive operator each negated one is the complement of.
POSITIVE = {
    "StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike", "NumericNotEquals": "NumericEquals", "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(text), tz=timezone.utc)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _ordered(parse: Callable[[str], object], compare: Callable[[object, object], bool]) -> Callable[[str, str], bool]:
    def predicate(actual: str, expected: str) -> bool:
        a, b = parse(actual), parse(expected)
        return a is not None and b is not None and compare(a, b)

    return predicate


def _ip(actual: str, expected: str) -> bool:
    try:
        return ipaddress.ip_address(actual) in ipaddress.ip_network(expected, strict=False)
    except ValueError:
        return False


PREDICATES: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda a, e: a == e,
    "StringEqualsIgnoreCase": lambda a, e: a.lower() == e.lower(),
    "StringLike": lambda a, e: wildcard_match(e, a, ignore_case=False).value is True,
    "NumericEquals": _ordered(_number, lambda a, b: a == b),
    "NumericLessThan": _ordered(_number, lambda a, b: a < b),
    "NumericLessThanEquals": _ordered(_number, lambda a, b: a <= b),
    "NumericGreaterThan": _ordered(_number, lambda a, b: a > b),
    "NumericGreaterThanEquals": _ordered(_number, lambda a, b: a >= b),
    "DateEquals": _ordered(_date, lambda a, b: a == b),
    "DateLessThan": _ordered(_date, lambda a, b: a < b),
    "DateLessThanEquals": _ordered(_date, lambda a, b: a <= b),
    "DateGreaterThan": _ordered(_date, lambda a, b: a > b),
    "DateGreaterThanEquals": _ordered(_date, lambda a, b: a >= b),
    "Bool": lambda a, e: a.lower() == e.lower(),
    "BinaryEquals": lambda a, e: a == e,
    "IpAddress": _ip,
    "ArnEquals": lambda a, e: arn_like(e, a).value is True,
    "ArnLike": lambda a, e: arn_like(e, a).value is True,
}


def _expected(condition: Condition, context: Context, variables: bool) -> tuple[str, ...] | Tri:
    """Condition values with policy variables substituted; a Tri when a variable cannot be resolved."""
    if not variables or not any("${" in v for v in condition.values):
        return condition.values
    out = []
    for value in condition.values:
        unresolved = pattern_regex(value, context) if "${" in value else None
        if isinstance(unresolved, Tri):
            return unresolved
        out.append(VARIABLE.sub(lambda found: _variable(found.group(1), context), value))
    return tuple(out)


def _variable(body: str, context: Context) -> str:
    body = body.strip()
    if body in ("*", "?", "$"):
        return body
    key, _, default = body.partition(",")
    looked = context.lookup(key.strip())
    if isinstance(looked, Unknown) or not looked:
        return default.strip().strip("'\"")
    return looked[0]


def evaluate_condition(condition: Condition, context: Context, variables: bool = True) -> Tri:
    actual = context.lookup(condition.key)
    if isinstance(actual, Unknown):
        return unknown(condition.key)
    if condition.base == "Null":
        # Null: "true" means the key must be absent.
        wants_absent = any(v.lower() == "true" for v in condition.values)
        return YES if (actual is None) == wants_absent else NO
    if actual is None:
        if condition.if_exists or condition.qualifier == "ForAllValues":
            return YES
        # A missing key fails positive operators and satisfies negated ones (AWS evaluation rule).
        return YES if condition.base in NEGATED and condition.qualifier is None else NO
    expected = _expected(condition, context, variables)
    if isinstance(expected, Tri):
        return expected
    negated = condition.base in NEGATED
    predicate = PREDICATES[POSITIVE.get(condition.base, condition.base)]

    def matches(value: str) -> bool:
        hit = any(predicate(value, e) for e in expected)
        return not hit if negated else hit

    values: Sequence[str] = actual
    if condition.qualifier == "ForAllValues":
        return YES if all(matches(v) for v in values) else NO
    if condition.qualifier == "ForAnyValue":
        return YES if any(matches(v) for v in values) else NO
    if negated:
        return YES if all(matches(v) for v in values) else NO
    return YES if any(matches(v) for v in values) else NO


def evaluate_conditions(conditions: Sequence[Condition], context: Context, variables: bool = True) -> Tri:
    """All conditions of a statement must hold (AND across operators and keys)."""
    return all_of(evaluate_condition(c, context, variables) for c in conditions)
