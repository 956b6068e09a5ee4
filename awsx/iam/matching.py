"""Three-valued matching: wildcards, policy variables and the request context.

A match is ``Tri``: yes, no, or unknown *on these context keys* (iam.md §1: a grant that depends
on a key the engine cannot know is conditional, never silently allowed or denied).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence


@dataclass(frozen=True, slots=True)
class Tri:
    value: bool | None
    keys: frozenset[str] = frozenset()

    @property
    def unknown(self) -> bool:
        return self.value is None


YES = Tri(True)
NO = Tri(False)


def unknown(*keys: str) -> Tri:
    return Tri(None, frozenset(keys))


def all_of(items: Iterable[Tri]) -> Tri:
    keys: set[str] = set()
    for item in items:
        if item.value is False:
            return NO
        if item.value is None:
            keys |= item.keys
    return unknown(*keys) if keys else YES


def any_of(items: Iterable[Tri]) -> Tri:
    keys: set[str] = set()
    for item in items:
        if item.value is True:
            return YES
        if item.value is None:
            keys |= item.keys
    return unknown(*keys) if keys else NO


def negate(item: Tri) -> Tri:
    return item if item.value is None else Tri(not item.value)


class Unknown:
    """Sentinel: the engine cannot know this key's value (MFA, source IP, time...)."""


UNKNOWN = Unknown()


class Context:
    """Request context keys (case-insensitive). A key the engine is authoritative about but has
    no value for (``aws:username`` of a role, an absent principal tag) is *absent*; any other
    key not given is *unknown*. ``absent``: lower-cased keys the request never carries (the
    action's service keys its reference entry does not list), shared, not copied, per request."""

    def __init__(self, values: Mapping[str, str | Sequence[str]] | None = None,
                 authoritative: Iterable[str] = (), authoritative_prefixes: Iterable[str] = (),
                 absent: frozenset[str] = frozenset()) -> None:
        self.values: dict[str, tuple[str, ...]] = {}
        for key, value in (values or {}).items():
            self.values[key.lower()] = (value,) if isinstance(value, str) else tuple(value)
        self.authoritative = frozenset(k.lower() for k in authoritative)
        self.prefixes = tuple(p.lower() for p in authoritative_prefixes)
        self.absent = absent

    def lookup(self, key: str) -> tuple[str, ...] | None | Unknown:
        lowered = key.lower()
        if lowered in self.values:
            return self.values[lowered]
        if lowered in self.authoritative or lowered in self.absent or lowered.startswith(self.prefixes):
            return None
        return UNKNOWN

    def with_values(self, extra: Mapping[str, str | Sequence[str]]) -> Context:
        merged: dict[str, Sequence[str]] = dict(self.values)
        merged.update({k.lower(): v for k, v in extra.items()})
        return Context(merged, self.authoritative | {k.lower() for k in extra}, self.prefixes, self.absent)


@lru_cache(maxsize=65536)
def _compiled(regex: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(regex, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}


def _wildcards(text: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)


def pattern_regex(pattern: str, context: Context | None) -> str | Tri:
    """The regex for an IAM pattern (``*``/``?`` wildcards, ``${var}`` substituted literally when a
    context is given); a Tri ``unknown`` on the variable's key when it cannot be resolved, ``NO``
    when the variable is known to be absent and has no default (AWS: the statement cannot match)."""
    if context is None or "${" not in pattern:
        return _wildcards(pattern)
    out, position = [], 0
    for found in VARIABLE.finditer(pattern):
        out.append(_wildcards(pattern[position:found.start()]))
        position = found.end()
        body = found.group(1).strip()
        if body in _SPECIAL:
            out.append(re.escape(_SPECIAL[body]))
            continue
        key, _, default = body.partition(",")
        key, default = key.strip(), default.strip().strip("'\"") if default else None
        value = context.lookup(key)
        if isinstance(value, Unknown):
            return unknown(key)
        if not value:
            if default is None:
                return NO
            value = (default,)
        out.append(re.escape(value[0]))
    out.append(_wildcards(pattern[position:]))
    return "".join(out)


@lru_cache(maxsize=65536)
def _plain(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    return _compiled(_wildcards(pattern), ignore_case)


def wildcard_match(pattern: str, value: str, *, ignore_case: bool, context: Context | None = None) -> Tri:
    if pattern == "*":
        return YES
    if context is None or "${" not in pattern:
        if _literal(pattern) and value.isascii():  # no wildcard: plain comparison, no regex
            same = pattern.lower() == value.lower() if ignore_case else pattern == value
            return YES if same else NO
        return YES if _plain(pattern, ignore_case).fullmatch(value) else NO
    regex = pattern_regex(pattern, context)
    if isinstance(regex, Tri):
        return regex
    return YES if _compiled(regex, ignore_case).fullmatch(value) else NO


@lru_cache(maxsize=65536)
def _literal(pattern: str) -> bool:
    return pattern.isascii() and "*" not in pattern and "?" not in pattern


def any_pattern(patterns: Sequence[str], value: str, *, ignore_case: bool, context: Context | None = None) -> Tri:
    keys: set[str] = set()
    for pattern in patterns:  # any_of, unrolled: this is the innermost loop of every evaluation
        found = wildcard_match(pattern, value, ignore_case=ignore_case, context=context)
        if found.value is True:
            return YES
        if found.value is None:
            keys |= found.keys
    return unknown(*keys) if keys else NO


@lru_cache(maxsize=65536)
def _action_matcher(patterns: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """A statement's action list as one set of literals and one regex for the wildcards."""
    literals = frozenset(p.lower() for p in patterns if _literal(p))
    wild = [p for p in patterns if not _literal(p)]
    regex = _compiled("|".join(f"(?:{_wildcards(p)})" for p in wild), True) if wild else None
    return literals, regex


def any_action(patterns: Sequence[str], action: str) -> Tri:
    """``any_pattern`` for an action list (case-insensitive, no variables: never unknown), with
    the list compiled once. Evaluating every principal's escalation steps checks an action
    against a statement over a million times (5k principals)."""
    if not action.isascii() or not isinstance(patterns, tuple):
        return any_pattern(patterns, action, ignore_case=True)
    literals, regex = _action_matcher(patterns)
    lowered = action.lower()
    return YES if lowered in literals or (regex is not None and regex.fullmatch(lowered)) else NO


def arn_like(pattern: str, arn: str, context: Context | None = None) -> Tri:
    """ArnEquals/ArnLike: each of the six colon-separated parts compared on its own, case-sensitive."""
    pattern_parts, arn_parts = pattern.split(":", 5), arn.split(":", 5)
    if len(pattern_parts) != 6 or len(arn_parts) != 6:
        return wildcard_match(pattern, arn, ignore_case=False, context=context)
    return all_of(wildcard_match(p, a, ignore_case=False, context=context) for p, a in zip(pattern_parts, arn_parts))
