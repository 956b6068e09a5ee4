"""Redaction for a snapshot that leaves the building (``awsx crawl -o FILE --redact PATTERN...``).

What goes, what stays, and why:
- every tag value (tags hold owners, e-mail addresses, cost centres, ticket numbers); the tag
  keys stay, so "which resources have no Owner tag" can still be asked;
- account aliases (they name the company);
- every text matching a PATTERN (a regular expression, case-insensitive), wherever it occurs:
  names, ids, ARNs, policy documents, profile names, crawl-gap messages. A match becomes ``redacted-`` plus a keyed hash of the
  matched text, the same token everywhere in the snapshot, so edges, references and policies
  still line up: the structure of the estate survives, the words do not. The key is random per
  snapshot and not kept, so a token cannot be reversed by hashing guessed names.
The manifest records that redaction happened and what kinds of value it covered, but not the
patterns themselves (they are the very names being hidden).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.model import DanglingRef, Resource

TAG_VALUE = "<redacted>"
# Where AWS keeps tags inside an API record, as [{"Key": .., "Value": ..}].
TAG_LISTS = frozenset({"Tags", "TagList", "TagSet"})
# API Gateway (and other REST services) answer tags as one {key: value} map.
TAG_MAPS = frozenset({"Tags", "tags"})
ALIAS_KEYS = ("account_aliases",)


@dataclass(frozen=True, slots=True)
class Redactor:
    patterns: tuple[re.Pattern[str], ...]
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def from_patterns(cls, patterns: Sequence[str]) -> Redactor:
        compiled = []
        for text in patterns:
            try:
                compiled.append(re.compile(text, re.IGNORECASE))
            except re.error as exc:
                raise UserError(f"--redact pattern {text!r} is not a regular expression: {exc}") from None
            if compiled[-1].match(""):
                raise UserError(f"--redact pattern {text!r} matches the empty string; it would redact everything")
        return cls(tuple(compiled))

    def text(self, value: str) -> str:
        for pattern in self.patterns:
            value = pattern.sub(self._token, value)
        return value

    def _token(self, match: re.Match[str]) -> str:
        return "redacted-" + hmac.new(self.key, match.group(0).lower().encode(), hashlib.sha256).hexdigest()[:10]

    def value(self, value: Any, key: str = "") -> Any:
        """Redact a JSON-like value; tag lists lose their values on the way."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict) and key in TAG_MAPS:
            return {self.text(str(k)): TAG_VALUE for k in value}
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v, str(k)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            items = [self.value(v) for v in value]
            return [_without_value(item) for item in items] if key in TAG_LISTS else items
        return value

    def resource(self, resource: Resource) -> Resource:
        return replace(
            resource,
            arn=self.text(resource.arn),
            id=self.text(resource.id),
            name=self.text(resource.name),
            tags={self.text(k): TAG_VALUE for k in resource.tags},
            data=self.value(dict(resource.data)),
        )

    def estate(self, estate: Estate) -> Estate:
        each: Callable[[str], str] = self.text
        edges = [replace(e, source=each(e.source), target=each(e.target), attrs=self.value(dict(e.attrs)))
                 for e in estate.edges()]
        dangling = [DanglingRef(each(d.source), d.relation, each(d.ref)) for d in estate.dangling]
        extra = {k: v for k, v in estate.info.extra.items() if k not in ALIAS_KEYS}
        extra["redaction"] = {"tag_values": "dropped", "account_aliases": "dropped",
                              "patterns": len(self.patterns), "token": "redacted-<keyed hash of the text>"}
        # Profile names and AccessDenied messages (which quote the caller's ARN) carry names too.
        info = replace(estate.info, redacted=True, extra=extra, profiles=tuple(each(p) for p in estate.info.profiles))
        markers = [replace(m, message=each(m.message)) for m in estate.markers]
        return Estate([self.resource(r) for r in estate.resources()], edges, markers, dangling, info)


def _without_value(item: Any) -> Any:
    if isinstance(item, dict) and "Key" in item and "Value" in item:
        return {**item, "Value": TAG_VALUE}
    return item

