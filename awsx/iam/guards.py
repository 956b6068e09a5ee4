"""Service guards: what AWS allows or refuses whatever the policies say, each rule with the AWS
page it comes from. A guard's answer replaces policy evaluation's (``evaluate`` asks the guards
first and evaluates no policy when one applies), and the Decision names the guard and its source.

Guards test literal actions (``iam:CreatePolicyVersion``): a wildcard names several actions,
which AWS never receives as one request, so it is left to policy evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import reference
from .principals import AWS_MANAGED_POLICY, SERVICE_LINKED_PATH, IamIndex, Principal

SSO_RESERVED_PATH = "/aws-reserved/sso.amazonaws.com/"
# What a service-linked role still lets a customer do (its description, its deletion, passing it).
SERVICE_LINKED_EDITABLE = frozenset({"iam:deleteservicelinkedrole", "iam:updateroledescription", "iam:passrole"})
RESERVED_ALIAS_ACTIONS = frozenset({"kms:createalias", "kms:updatealias", "kms:deletealias"})


@dataclass(frozen=True, slots=True)
class Guard:
    """One documented rule about ``service``'s actions: when ``applies`` holds, the answer is
    ``decision`` because ``why``."""

    name: str
    service: str
    decision: str  # allow | explicit-deny | implicit-deny
    why: str
    source: str
    applies: Callable[[IamIndex, Principal, str, str], bool]

    @property
    def reason(self) -> str:
        return f"{self.why} (guard {self.name}: {self.source})"


def _role_path(index: IamIndex, arn: str) -> str | None:
    """The path of the IAM role ``arn`` names: from the estate, or from the ARN itself
    (``arn:aws:iam::ACCT:role/PATH/NAME``); None when ``arn`` is not a role's."""
    if ":role/" not in arn or not arn.startswith("arn:aws:iam::"):
        return None
    if arn in index.estate and index.estate.resource(arn).kind == "iam:role":
        return str(index.estate.resource(arn).data.get("Path") or "/")
    return "/" + arn.split(":role/", 1)[1].rpartition("/")[0] + "/"


def _changes_iam(action: str) -> bool:
    found = reference.action(action)
    return found is not None and action.lower().startswith("iam:") and found.changes


def _changes_sso_role(index: IamIndex, principal: Principal, action: str, resource: str) -> bool:
    # The IAM Identity Center service-linked role is the one principal that maintains them.
    path = _role_path(index, resource) or ""
    return (path.startswith(SSO_RESERVED_PATH) and _changes_iam(action) and action.lower() != "iam:passrole"
            and not principal.service_linked)


def _changes_service_linked_role(index: IamIndex, principal: Principal, action: str, resource: str) -> bool:
    path = _role_path(index, resource) or ""
    return path.startswith(SERVICE_LINKED_PATH) and _changes_iam(action) and action.lower() not in SERVICE_LINKED_EDITABLE


def _reserved_alias(index: IamIndex, principal: Principal, action: str, resource: str) -> bool:
    return action.lower() in RESERVED_ALIAS_ACTIONS and resource.startswith("arn:aws:kms:") and ":alias/aws/" in resource


def _changes_aws_managed_policy(index: IamIndex, principal: Principal, action: str, resource: str) -> bool:
    found = reference.action(action)
    return (resource.startswith(AWS_MANAGED_POLICY) and _changes_iam(action)
            and found is not None and "policy" in found.resource_types)


def _other_accounts_iam(index: IamIndex, principal: Principal, action: str, resource: str) -> bool:
    parts = resource.split(":")
    return (action.lower().startswith("iam:") and len(parts) > 5 and parts[2] == "iam"
            and parts[4] not in ("", "aws", principal.account))


GUARDS: tuple[Guard, ...] = (
    Guard("get-caller-identity", "sts", "allow",
          "sts:GetCallerIdentity needs no permission and works even when explicitly denied",
          "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html",
          lambda index, principal, action, resource: action.lower() == "sts:getcalleridentity"),
    Guard("get-session-token", "sts", "allow",
          "an IAM user needs no permission for sts:GetSessionToken, and policies cannot control it",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html",
          lambda index, principal, action, resource: action.lower() == "sts:getsessiontoken" and principal.kind == "user"),
    Guard("get-session-token-users-only", "sts", "explicit-deny",
          "only an IAM user's long-term credentials can call sts:GetSessionToken, never a role's",
          "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html",
          lambda index, principal, action, resource: action.lower() == "sts:getsessiontoken" and principal.kind != "user"),
    Guard("sso-reserved-role", "iam", "explicit-deny",
          "roles under /aws-reserved/sso.amazonaws.com/ are maintained by IAM Identity Center and cannot be changed",
          "https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html, "
          "https://repost.aws/knowledge-center/identity-center-aws-reserved-sso",
          _changes_sso_role),
    Guard("service-linked-role", "iam", "explicit-deny",
          "a service-linked role is changed only by its service (UnmodifiableEntity)",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html",
          _changes_service_linked_role),
    Guard("reserved-kms-alias", "kms", "explicit-deny",
          "aliases under alias/aws/ are reserved for AWS managed keys",
          "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
          _reserved_alias),
    Guard("aws-managed-policy", "iam", "explicit-deny",
          "AWS managed policies cannot be changed",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies",
          _changes_aws_managed_policy),
    Guard("other-accounts-iam", "iam", "implicit-deny",
          "IAM resources have no resource policy, so iam actions on another account's IAM resources are never allowed",
          "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
          _other_accounts_iam),
)


BY_SERVICE: dict[str, tuple[Guard, ...]] = {
    service: tuple(g for g in GUARDS if g.service == service) for service in {g.service for g in GUARDS}}


def guard_for(index: IamIndex, principal: Principal, action: str, resource: str) -> Guard | None:
    """The first guard that decides this request, or None: policy evaluation decides. (Every
    request is asked, so only the guards of the action's service are tried.)"""
    guards = BY_SERVICE.get(action.partition(":")[0].lower(), ())
    return next((guard for guard in guards if guard.applies(index, principal, action, resource)), None)
