"""The escalation edge catalogue (iam.md §2): for a source principal, every other principal it
can act as, each edge with its kind, the actions used and any condition it depends on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

from .evaluate import ALL, action_matches, evaluate, service_trusted
from .matching import NO, YES, Tri, all_of, unknown
from .policy import PolicyError
from .principals import IamIndex, Principal

# kind -> (service principal the role must trust, the actions that use it besides PassRole)
PASS_ROLE_KINDS: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {
    # each inner tuple is a set of alternatives; all groups are needed
    "ec2": ("ec2.amazonaws.com", (("ec2:RunInstances",),)),
    "lambda": ("lambda.amazonaws.com", (("lambda:CreateFunction",),
                                        ("lambda:InvokeFunction", "lambda:CreateEventSourceMapping"))),
    "cloudformation": ("cloudformation.amazonaws.com", (("cloudformation:CreateStack",),)),
    "codebuild": ("codebuild.amazonaws.com", (("codebuild:CreateProject", "codebuild:UpdateProject"),
                                              ("codebuild:StartBuild",))),
    "autoscaling": ("ec2.amazonaws.com", (("autoscaling:CreateLaunchConfiguration",),
                                          ("autoscaling:CreateAutoScalingGroup",))),
    "sagemaker": ("sagemaker.amazonaws.com", (("sagemaker:CreateNotebookInstance", "sagemaker:CreateTrainingJob",
                                               "sagemaker:CreateProcessingJob"),)),
    "glue": ("glue.amazonaws.com", (("glue:CreateDevEndpoint",),)),
    "datapipeline": ("datapipeline.amazonaws.com", (("datapipeline:CreatePipeline",),
                                                    ("datapipeline:PutPipelineDefinition",))),
    "ecs": ("ecs-tasks.amazonaws.com", (("ecs:RunTask",),)),
}
# Kinds that launch an instance and so need an instance profile carrying the role.
NEEDS_INSTANCE_PROFILE = frozenset({"ec2", "autoscaling"})
CREATE_PROFILE = ("iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile")


@dataclass(frozen=True, slots=True)
class Step:
    source: str
    target: str
    kind: str
    actions: tuple[str, ...]
    conditions: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"from": self.source, "to": self.target, "kind": self.kind,
                "actions": list(self.actions), "conditions": list(self.conditions)}


class Checker:
    """Memoised ``can`` answers as Tri (allow → yes, conditional → unknown on its keys)."""

    def __init__(self, index: IamIndex) -> None:
        self.index = index
        self._cache: dict[tuple, Tri] = {}
        self._may: dict[tuple[str, str], bool] = {}
        self.problems: dict[str, str] = {}

    def can(self, principal: Principal, action: str, resource: str = ALL,
            context: Mapping[str, str] | None = None) -> Tri:
        key = (principal.arn, action, resource, tuple(sorted((context or {}).items())))
        if key not in self._cache:
            try:
                decision = evaluate(self.index, principal, action, resource, context)
            except PolicyError as error:
                if error in principal.errors:
                    raise
                # Someone else's malformed policy (a trust, a bucket policy): no edge through it.
                self.problems.setdefault(error.policy, str(error))
                self._cache[key] = NO
                return NO
            self._cache[key] = (YES if decision.decision == "allow" else
                                unknown(*decision.conditions) if decision.decision == "conditional" else NO)
        return self._cache[key]

    def may(self, principal: Principal, action: str) -> bool:
        """Cheap pre-check: could any of its identity policies allow this action at all? (Only
        identity policies grant IAM actions and PassRole; sts is checked via the trust index.)"""
        key = (principal.arn, action)
        if key not in self._may:
            self._may[key] = any(
                statement.effect == "Allow" and action_matches(statement, action).value is not False
                for policy in principal.identity for statement in policy.statements)
        return self._may[key]

    def first(self, principal: Principal, alternatives: Sequence[str], resource: str = ALL,
              context: Mapping[str, str] | None = None) -> tuple[Tri, str]:
        """The first alternative action allowed outright, else the first conditional one."""
        answers = [(self.can(principal, action, resource, context), action) for action in alternatives]
        for wanted in (True, None):
            for tri, action in answers:
                if tri.value is wanted:
                    return tri, action
        return NO, alternatives[0]


def _step(source: Principal, target: str, kind: str, parts: Sequence[tuple[Tri, str]], *extra: str) -> Step | None:
    tri = all_of(t for t, _ in parts)
    if tri.value is False:
        return None
    return Step(source.arn, target, kind, tuple(a for _, a in parts), tuple(sorted(tri.keys | set(extra))))


def _has_instance_profile(index: IamIndex, role_arn: str) -> bool:
    # An empty InstanceProfileList means *no* profile (the reference tool treats it as "has one").
    role = index.estate.resource(role_arn)
    if role.data.get("InstanceProfileList"):
        return True
    return any(role_arn in [r.get("Arn") for r in p.data.get("Roles") or ()]
               for p in index.estate.resources("iam:instance-profile"))


def _roles_using(index: IamIndex, kind: str, field: str) -> dict[str, list[str]]:
    """role ARN -> ARNs of resources of ``kind`` whose ``data[field]`` names it."""
    out: dict[str, list[str]] = {}
    for resource in index.estate.resources(kind):
        role = resource.data.get(field)
        if isinstance(role, str):
            out.setdefault(role, []).append(resource.arn)
    return out


def _instances_by_role(index: IamIndex) -> dict[str, list[str]]:
    profiles = {p.arn: [r.get("Arn") for r in p.data.get("Roles") or ()]
                for p in index.estate.resources("iam:instance-profile")}
    out: dict[str, list[str]] = {}
    for instance in index.estate.resources("ec2:instance"):
        profile = (instance.data.get("IamInstanceProfile") or {}).get("Arn")
        for role in profiles.get(profile, ()):
            out.setdefault(role, []).append(instance.arn)
    return out


class Catalogue:
    """Edges out of any source; structural look-ups are computed once per estate, and a source
    is only checked against destinations its policies could reach at all."""

    def __init__(self, index: IamIndex, checker: Checker | None = None) -> None:
        self.index = index
        self.checker = checker or Checker(index)
        self.users = [p for p in index.principals() if p.kind == "user" and not p.errors]
        self.roles = [p for p in index.principals() if p.kind == "role" and not p.errors]
        self.functions = _roles_using(index, "lambda:function", "Role")
        self.stacks = _roles_using(index, "cloudformation:stack", "RoleARN")
        self.projects = _roles_using(index, "codebuild:project", "serviceRole")
        self.instances = _instances_by_role(index)
        self.trusted_by = _trust_index(index, self.roles, self.checker.problems)
        self.trusts: dict[tuple[str, str], Tri] = {}
        self.governed: dict[str, dict[str, list[str]]] = {}

    def _trusts(self, role: str, service: str) -> Tri:
        if (role, service) not in self.trusts:
            self.trusts[(role, service)] = service_trusted(self.index, role, service)
        return self.trusts[(role, service)]

    def edges_from(self, source: Principal) -> Iterator[Step]:
        can, may = self.checker.can, self.checker.may
        me = source.resource_arn
        candidates = [*self.trusted_by.get(me, ()), *self.trusted_by.get(source.session_arn or "", ()),
                      *self.trusted_by.get("*", ())]
        if may(source, "sts:AssumeRole"):
            candidates += self.trusted_by.get(f"account:{source.account}", ())
        for role in {role.arn: role for role in candidates}.values():
            if role.arn != me:
                if step := _step(source, role.arn, "sts", [(can(source, "sts:AssumeRole", role.arn), "sts:AssumeRole")]):
                    yield step
        if may(source, "iam:UpdateAssumeRolePolicy"):
            for role in self.roles:
                if role.arn != me and (step := _step(source, role.arn, "iam", [
                        (can(source, "iam:UpdateAssumeRolePolicy", role.arn), "iam:UpdateAssumeRolePolicy")])):
                    yield step
        if may(source, "iam:PassRole"):
            for role in self.roles:
                if role.arn != me:
                    yield from self._pass_role_edges(source, role)
        yield from self._using_edges(source)
        if any(may(source, a) for a in ("iam:CreateAccessKey", "iam:UpdateLoginProfile", "iam:CreateLoginProfile")):
            yield from self._user_edges(source)

    def _user_edges(self, source: Principal) -> Iterator[Step]:
        for user in self.users:
            if user.arn == source.arn:
                continue
            login = user_data_login(self.index, user.arn)
            options = [("iam:CreateAccessKey",)]
            options.append(("iam:UpdateLoginProfile",) if login is True else
                           ("iam:CreateLoginProfile",) if login is False else
                           ("iam:UpdateLoginProfile", "iam:CreateLoginProfile"))
            for alternatives in options:
                tri, action = self.checker.first(source, alternatives, user.arn)
                if step := _step(source, user.arn, "iam", [(tri, action)]):
                    yield step
                    break

    def _pass_role_edges(self, source: Principal, role: Principal) -> Iterator[Step]:
        can, first = self.checker.can, self.checker.first
        for kind, (service, groups) in PASS_ROLE_KINDS.items():
            trusted = self._trusts(role.arn, service)
            if trusted.value is False:
                continue
            uses = [first(source, alternatives) for alternatives in groups]
            if any(tri.value is False for tri, _ in uses):
                continue  # it cannot start the service at all: no need to ask about passing this role
            parts = [(trusted, "")]
            parts.append((can(source, "iam:PassRole", role.arn, {"iam:PassedToService": service}), "iam:PassRole"))
            parts += uses
            if kind in NEEDS_INSTANCE_PROFILE and not _has_instance_profile(self.index, role.arn):
                parts += [(can(source, action), action) for action in CREATE_PROFILE]
            if step := _step(source, role.arn, kind, parts):
                yield Step(step.source, step.target, kind, tuple(a for a in step.actions if a), step.conditions)

    def _governed(self, kind: str, using: dict[str, list[str]]) -> dict[str, list[str]]:
        """The resources of ``using`` that carry a resource policy (which may grant by itself)."""
        if kind not in self.governed:
            self.governed[kind] = {role: found for role, arns in using.items()
                                   if (found := [a for a in arns if self.index.resource_policy(a).policy is not None])}
        return self.governed[kind]

    def _using_edges(self, source: Principal) -> Iterator[Step]:
        """Using what already runs as a role: no PassRole needed."""
        first, may = self.checker.first, self.checker.may
        for kind, using, actions in (("lambda", self.functions, ("lambda:UpdateFunctionCode",)),
                                     ("cloudformation", self.stacks, ("cloudformation:UpdateStack",
                                                                      "cloudformation:CreateChangeSet")),
                                     ("codebuild", self.projects, ("codebuild:StartBuild",)),
                                     ("ssm", self.instances, ("ssm:SendCommand", "ssm:StartSession"))):
            if not any(may(source, action) for action in actions):
                # No identity statement could allow these: only a resource policy still might
                # (exact, and it keeps the scan linear in sources rather than sources x instances).
                using = self._governed(kind, using)
            for role_arn, arns in using.items():
                if role_arn == source.resource_arn or role_arn not in self.index.estate:
                    continue
                for arn in arns:
                    tri, action = first(source, actions, arn)
                    extra = (f"instance {arn.rsplit('/', 1)[-1]} is running and managed by SSM",) if kind == "ssm" else ()
                    if step := _step(source, role_arn, kind, [(tri, action)], *extra):
                        yield step
                        break


def _trust_index(index: IamIndex, roles: list[Principal], problems: dict[str, str]) -> dict[str, list[Principal]]:
    """Who each role's trust policy names: a principal ARN, ``account:ID`` or ``*``."""
    out: dict[str, list[Principal]] = {}
    for role in roles:
        found = index.resource_policy(role.arn)
        if found.error:
            problems.setdefault(found.error.policy, str(found.error))
        policy = found.policy
        for statement in policy.statements if policy else ():
            if statement.effect != "Allow":
                continue
            block = statement.principals
            if block is None or block.anyone:
                out.setdefault("*", []).append(role)
                continue
            for value in block.values("AWS"):
                if value.isdigit() or value.endswith(":root"):
                    value = "account:" + (value if value.isdigit() else value.split(":")[4])
                out.setdefault(value, []).append(role)
    return out


def user_data_login(index: IamIndex, user_arn: str) -> bool | None:
    value = index.estate.resource(user_arn).data.get("LoginProfile")
    return value if isinstance(value, bool) else (True if isinstance(value, dict) else None)

