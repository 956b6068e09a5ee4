"""What a user typed as an IAM request, checked once for the CLI (``awsx can``, ``awsx who-can``)
and the IAM screen's "can it do…?" alike, so both refuse the same input with the same line:
who asks (a user, a role, a role session, or an instance or instance profile acting as its
role), the action (``service:Action`` as AWS's reference defines it, wildcards as in policies)
and the resource (an ARN, ``*`` or a name the estate holds). Each raises ``UserError`` with one
line for bad input."""

from __future__ import annotations

import re
from dataclasses import dataclass

from awsx.core.errors import UserError
from awsx.core.graph import Estate, UnknownResource
from awsx.core.model import Resource

from .attachments import acting_principal, find, kind_title, profile_of
from .evaluate import ALL
from .principals import IamIndex, Principal
from .reference import unknown_action_line

# A policy's Action element: ``*`` or ``service:Action``, whose action part may hold * and ?.
ACTION = re.compile(r"^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$")
ASKERS = "user/NAME, role/NAME, a user, role or session ARN, or an instance or instance profile"


def checked_action(text: str) -> str:
    """``text`` if it is an action AWS defines (or a wildcard naming at least one), else one
    ``UserError`` line, with the closest names the Service Authorization Reference holds."""
    if not ACTION.match(text):
        raise UserError(f"bad action {text!r}: use service:Action, e.g. s3:GetObject")
    problem = unknown_action_line(text)
    if problem:
        raise UserError(problem)
    return text


def request_resource(estate: Estate, ref: str) -> str:
    """The resource ARN a request is about: ``*``, an ARN as given, or a name the estate holds."""
    if ref == ALL or ref.startswith("arn:"):
        return ref
    try:
        return estate.find(ref).arn
    except UnknownResource as exc:
        raise UserError(f"bad resource: {exc} (give an ARN or *)") from None


@dataclass(frozen=True, slots=True)
class Asker:
    """Who a request is made as; ``acting_for`` names the instance or instance profile
    (``instance/i-0abc``) when the principal is the role it acts as."""

    principal: Principal
    acting_for: str | None = None


def asking_principal(index: IamIndex, ref: str) -> Asker:
    """Who a request named ``ref`` is made as: a user or role (``IamIndex.resolve``), or the
    role an instance or instance profile acts as (``acting_principal``)."""
    prefix, slash, _ = ref.partition("/")
    if (slash and prefix in ("user", "role")) or ":assumed-role/" in ref:
        return Asker(index.resolve(ref))
    arn = find(index, ref)
    if arn is None:
        if ref.startswith("arn:"):
            return Asker(index.resolve(ref))  # its own message: not a user or role in the estate
        raise UserError(f"unknown principal {ref!r}: give {ASKERS}")
    resource = index.estate.resource(arn)
    acting = acting_principal(index, resource)
    if acting is None:
        raise UserError(_acts_as_nobody(index, resource))
    return Asker(index.principal(acting), None if acting == arn else kind_title(resource))


def _acts_as_nobody(index: IamIndex, resource: Resource) -> str:
    name = kind_title(resource)
    if resource.kind == "ec2:instance" and not resource.data.get("IamInstanceProfile"):
        return f"{name} has no instance profile, so it acts as no IAM principal"
    if resource.kind == "ec2:instance" and profile_of(index, resource) is None:
        return f"{name}: its instance profile is not in the estate, so its role is unknown"
    if resource.kind in ("ec2:instance", "iam:instance-profile"):
        return f"{name}: its instance profile has no role in the estate"
    return f"{name} makes no requests itself: give {ASKERS}"
