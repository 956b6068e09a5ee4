"""Evaluation of one request, step by step as iam.md §1 orders it, including each place the
reference tool (PMapper) is wrong (iam.md §3)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from iam_fixtures import (
    ACCOUNT,
    OTHER,
    allow,
    arn,
    bucket,
    can,
    deny,
    doc,
    full_access_scp,
    group,
    index,
    managed,
    org_policy,
    role,
    trust,
    user,
)

from awsx.core.errors import UserError
from awsx.iam.policy import PolicyError, parse_policy

BUCKET = "arn:aws:s3:::data"
OBJECT = "arn:aws:s3:::data/report.csv"


def test_every_request_is_implicitly_denied_without_an_allow():
    ix = index(user("u"))
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "implicit-deny"


def test_an_inline_allow_allows_and_names_the_deciding_statement():
    ix = index(user("u", allow("s3:GetObject", OBJECT, Sid="Read")))
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert decision.decision == "allow"
    assert [d.to_json() for d in decision.deciding] == [
        {"policy": f"{arn('user', 'u')}:inline/u-inline", "type": "identity", "sid": "Read", "statement": 0}]


def test_group_managed_and_inline_policies_all_count():
    ix = index(managed("readers", allow("s3:GetObject")), group("g", allow("s3:PutObject"), policies=["readers"]),
               user("u", groups=["g"]))
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "allow"
    assert can(ix, "user/u", "s3:PutObject", OBJECT).decision == "allow"


@pytest.mark.parametrize("where", ["inline", "group", "boundary", "scp", "resource"])
def test_an_explicit_deny_anywhere_wins(where):
    everything = allow("*")
    no = deny("s3:GetObject", OBJECT)
    parts = [managed("all", everything), managed("bound", everything, *([no] if where == "boundary" else []))]
    parts.append(group("g", *([no] if where == "group" else [])))
    parts.append(user("u", *([no] if where == "inline" else []), groups=["g"], policies=["all"], boundary="bound"))
    if where == "scp":
        parts.append(org_policy("p-1", doc(everything, no), [("ACCOUNT", ACCOUNT)]))
    policy = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": OBJECT}) if where == "resource" else None
    parts.append(bucket("data", policy))
    decision = can(index(*parts), "user/u", "s3:GetObject", OBJECT)
    assert decision.decision == "explicit-deny"
    assert decision.deciding[0].type == {"inline": "identity", "group": "identity"}.get(where, where)


def test_actions_are_case_insensitive_and_resource_arns_case_sensitive():
    # PMapper matches resource ARNs case-insensitively (iam.md §3).
    ix = index(user("u", allow("S3:getobject", "arn:aws:s3:::Data/*")))
    assert can(ix, "user/u", "s3:GetObject", "arn:aws:s3:::Data/x").decision == "allow"
    assert can(ix, "user/u", "s3:GetObject", "arn:aws:s3:::data/x").decision == "implicit-deny"


def test_wildcards_not_action_and_not_resource():
    ix = index(user("u", {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret*"},
                    allow("ec2:Describe?nstances")))
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "allow"
    assert can(ix, "user/u", "s3:GetObject", "arn:aws:s3:::secret/x").decision == "implicit-deny"
    assert can(ix, "user/u", "iam:CreateUser", arn("user", "x")).decision == "implicit-deny"
    assert can(ix, "user/u", "ec2:DescribeInstances").decision == "allow"


def test_policy_variables_are_substituted_per_principal():
    ix = index(user("alice", allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")), user("bob"))
    assert can(ix, "user/alice", "s3:PutObject", "arn:aws:s3:::home/alice/a").decision == "allow"
    assert can(ix, "user/alice", "s3:PutObject", "arn:aws:s3:::home/bob/a").decision == "implicit-deny"


def test_a_condition_on_mfa_is_conditional_and_names_the_key():
    ix = index(user("u", allow("ec2:StopInstances", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    decision = can(ix, "user/u", "ec2:StopInstances")
    assert decision.decision == "conditional"
    assert decision.conditions == ("aws:MultiFactorAuthPresent",)
    assert can(ix, "user/u", "ec2:StopInstances", context={"aws:MultiFactorAuthPresent": "true"}).decision == "allow"
    assert can(ix, "user/u", "ec2:StopInstances", context={"aws:MultiFactorAuthPresent": "false"}).decision == "implicit-deny"


def test_a_deny_unless_mfa_makes_an_allow_conditional_not_silently_allowed():
    ix = index(user("u", allow("*"), deny("*", Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})))
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert (decision.decision, decision.conditions) == ("conditional", ("aws:MultiFactorAuthPresent",))


def test_known_principal_tags_decide_conditions_without_context():
    cond = {"StringEquals": {"aws:PrincipalTag/team": "data"}}
    ix = index(user("d", allow("s3:*", Condition=cond), tags={"team": "data"}), user("o", allow("s3:*", Condition=cond)))
    assert can(ix, "user/d", "s3:GetObject", OBJECT).decision == "allow"
    assert can(ix, "user/o", "s3:GetObject", OBJECT).decision == "implicit-deny"


# --- SCPs and RCPs ---------------------------------------------------------------------------
def test_scp_without_an_allow_denies_even_an_admin():
    ix = index(full_access_scp(), org_policy("p-ec2", doc(allow("ec2:*")), [("ACCOUNT", ACCOUNT)]),
               user("u", allow("*")))
    assert can(ix, "user/u", "ec2:RunInstances").decision == "allow"
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert decision.decision == "implicit-deny" and "service control" in decision.reason


def test_scps_do_not_apply_to_service_linked_roles():
    ix = index(full_access_scp(), org_policy("p-ec2", doc(allow("ec2:*")), [("ACCOUNT", ACCOUNT)]),
               role("AWSServiceRoleForX", trust({"Service": "x.amazonaws.com"}), allow("s3:*"), path="/aws-service-role/"))
    assert can(ix, "role/AWSServiceRoleForX", "s3:GetObject", OBJECT).decision == "allow"


def test_scps_and_rcps_do_not_apply_to_the_management_account():
    def managed_by(account, policy):
        return replace(policy, data={**policy.data, "ManagementAccountId": account})

    scp = org_policy("p-ec2", doc(allow("ec2:*")), [("ROOT", "r-root")])
    rcp = org_policy("p-rcp", doc(allow("ec2:*", Principal="*")), [("ROOT", "r-root")], kind="RESOURCE_CONTROL_POLICY")
    member = index(scp, rcp, user("u", allow("*")), bucket("data", doc()))
    assert can(member, "user/u", "s3:GetObject", OBJECT).decision == "implicit-deny"
    management = index(managed_by(ACCOUNT, scp), managed_by(ACCOUNT, rcp), user("u", allow("*")), bucket("data", doc()))
    assert can(management, "user/u", "s3:GetObject", OBJECT).decision == "allow"
    elsewhere = index(managed_by(OTHER, scp), managed_by(OTHER, rcp), user("u", allow("*")), bucket("data", doc()))
    assert can(elsewhere, "user/u", "s3:GetObject", OBJECT).decision == "implicit-deny"


def test_rcp_on_the_resource_account_must_allow():
    rcp = org_policy("p-rcp", doc(allow("sts:*", Principal="*")), [("ROOT", "r-root")], kind="RESOURCE_CONTROL_POLICY")
    ix = index(rcp, user("u", allow("s3:*")), bucket("data"))
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert decision.decision == "implicit-deny" and "resource control" in decision.reason


# --- resource policies, by how they name the principal ---------------------------------------
def _bucket_policy(principal):
    return doc({"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": OBJECT})


def test_a_bucket_policy_naming_a_user_allows_past_its_boundary():
    ix = index(managed("b", allow("ec2:*")), user("u", boundary="b"), bucket("data", _bucket_policy({"AWS": arn("user", "u")})))
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "allow"


def test_a_bucket_policy_naming_a_role_arn_is_limited_by_the_role_boundary():
    # PMapper lets it bypass the boundary and never reads role boundaries at all (iam.md §3).
    ix = index(managed("b", allow("ec2:*")), role("r", trust({"Service": "ec2.amazonaws.com"}), boundary="b"),
               bucket("data", _bucket_policy({"AWS": arn("role", "r")})))
    assert can(ix, "role/r", "s3:GetObject", OBJECT).decision == "implicit-deny"


def test_a_bucket_policy_naming_the_role_session_is_not_limited_by_the_boundary():
    session = f"arn:aws:sts::{ACCOUNT}:assumed-role/r/build"
    ix = index(managed("b", allow("ec2:*")), role("r", trust({"Service": "ec2.amazonaws.com"}), boundary="b"),
               bucket("data", _bucket_policy({"AWS": session})))
    assert can(ix, session, "s3:GetObject", OBJECT).decision == "allow"


def test_role_boundaries_are_read_and_intersect_identity_policies():
    ix = index(managed("b", allow("ec2:*")), role("r", trust({"Service": "ec2.amazonaws.com"}), allow("*"), boundary="b"))
    assert can(ix, "role/r", "ec2:RunInstances").decision == "allow"
    decision = can(ix, "role/r", "iam:CreateUser", arn("user", "x"))
    assert decision.decision == "implicit-deny" and "boundary" in decision.reason


def test_a_resource_policy_naming_the_account_still_needs_an_identity_allow():
    ix = index(user("u"), bucket("data", _bucket_policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})))
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "implicit-deny"


def test_not_principal_excludes_the_principals_it_lists():
    # PMapper treats NotPrincipal as a match of the principal (iam.md §3).
    policy = doc({"Effect": "Allow", "NotPrincipal": {"AWS": arn("user", "a")}, "Action": "s3:GetObject", "Resource": OBJECT})
    ix = index(user("a"), user("b"), bucket("data", policy))
    assert can(ix, "user/a", "s3:GetObject", OBJECT).decision == "implicit-deny"
    assert can(ix, "user/b", "s3:GetObject", OBJECT).decision == "allow"


def test_a_deny_with_not_principal_always_denies_principals_with_a_boundary():
    policy = doc({"Effect": "Deny", "NotPrincipal": {"AWS": arn("user", "a")}, "Action": "s3:*", "Resource": OBJECT})
    ix = index(managed("b", allow("*")), user("a", allow("s3:*"), boundary="b"), bucket("data", policy))
    assert can(ix, "user/a", "s3:GetObject", OBJECT).decision == "explicit-deny"


def test_a_role_trust_policy_must_itself_allow_the_principal():
    ix = index(user("u", allow("sts:AssumeRole")), role("r", trust({"AWS": arn("user", "other")})), user("other"))
    assert can(ix, "user/u", "sts:AssumeRole", arn("role", "r")).decision == "implicit-deny"
    # Named directly in the same account: no identity Allow is needed.
    assert can(ix, "user/other", "sts:AssumeRole", arn("role", "r")).decision == "allow"


def test_a_trust_policy_naming_the_account_needs_an_identity_allow():
    ix = index(user("u"), user("v", allow("sts:AssumeRole", arn("role", "r"))),
               role("r", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})))
    assert can(ix, "user/u", "sts:AssumeRole", arn("role", "r")).decision == "implicit-deny"
    assert can(ix, "user/v", "sts:AssumeRole", arn("role", "r")).decision == "allow"


def test_cross_account_needs_both_the_identity_side_and_the_resource_policy():
    principal_side = user("u", allow("s3:GetObject"), account=OTHER)
    named = bucket("data", _bucket_policy({"AWS": arn("user", "u", OTHER)}))
    assert can(index(principal_side, named), arn("user", "u", OTHER), "s3:GetObject", OBJECT).decision == "allow"
    assert can(index(principal_side, bucket("data")), arn("user", "u", OTHER), "s3:GetObject", OBJECT).decision == "implicit-deny"
    no_identity = user("u", account=OTHER)
    assert can(index(no_identity, named), arn("user", "u", OTHER), "s3:GetObject", OBJECT).decision == "implicit-deny"


def test_session_policies_intersect():
    ix = index(user("u", allow("*")))
    session = [parse_policy(doc(allow("s3:GetObject")), "session", "session")]
    assert can(ix, "user/u", "s3:GetObject", OBJECT, session_policies=session).decision == "allow"
    assert can(ix, "user/u", "s3:PutObject", OBJECT, session_policies=session).decision == "implicit-deny"


def test_a_malformed_policy_is_an_error_naming_it_and_the_rest_stays_usable():
    bad = managed("broken", allow("*"))
    bad = replace(bad, data={**bad.data, "PolicyVersionList": [
        {"Document": '{"Statement": [{"Effect": "Maybe"}]}', "IsDefaultVersion": True, "VersionId": "v1"}]})
    ix = index(bad, user("u", policies=["broken"]), user("v", allow("s3:*")))
    with pytest.raises(PolicyError, match="policy/broken"):
        can(ix, "user/u", "s3:GetObject", OBJECT)
    assert can(ix, "user/v", "s3:GetObject", OBJECT).decision == "allow"


def test_unknown_principals_are_user_errors():
    ix = index(user("u"))
    for ref in ("user/nobody", "role/u", arn("user", "ghost"), "alice"):
        with pytest.raises(UserError):
            ix.resolve(ref)


def test_an_attached_policy_the_estate_does_not_hold_makes_a_deny_conditional():
    ix = index(user("u", policies=["arn:aws:iam::aws:policy/ReadOnlyAccess"]))
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert decision.decision == "conditional"
    assert decision.conditions == ("unseen policy arn:aws:iam::aws:policy/ReadOnlyAccess",)


def test_a_cross_account_resource_outside_the_estate_is_conditional_on_its_policy():
    ix = index(user("u", allow("sqs:SendMessage")))
    decision = can(ix, "user/u", "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{OTHER}:q")
    assert decision.decision == "conditional"
    assert decision.conditions == (f"resource policy of arn:aws:sqs:us-east-1:{OTHER}:q (not in the estate)",)


def _key(policy):
    from awsx.core.model import Resource

    key_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k-1"
    return Resource(arn=key_arn, kind="kms:key", id="k-1", name="", account=ACCOUNT, region="us-east-1",
                    data={"KeyId": "k-1", "KeyPolicy": policy})


def test_a_kms_key_policy_must_itself_allow_even_an_identity_admin():
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k-1"
    silent = _key(doc({"Effect": "Allow", "Principal": {"AWS": arn("user", "other")}, "Action": "kms:*", "Resource": "*"}))
    assert can(index(user("u", allow("*")), user("other"), silent), "user/u", "kms:Decrypt", key).decision == "implicit-deny"
    delegating = _key(doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*",
                           "Resource": "*"}))
    assert can(index(user("u", allow("*")), delegating), "user/u", "kms:Decrypt", key).decision == "allow"
    assert can(index(user("u"), delegating), "user/u", "kms:Decrypt", key).decision == "implicit-deny"


def test_a_trust_policy_governs_only_sts_actions_on_the_role():
    ix = index(user("u", allow("iam:PassRole")), role("r", trust({"Service": "ec2.amazonaws.com"})))
    assert can(ix, "user/u", "iam:PassRole", arn("role", "r")).decision == "allow"


def test_an_scp_on_an_ou_of_unknown_membership_makes_the_answer_conditional_not_silent():
    ix = index(full_access_scp(), org_policy("p-ou", doc(allow("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")]),
               user("u", allow("*")))
    assert can(ix, "user/u", "ec2:RunInstances").decision == "allow"
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert (decision.decision, decision.conditions) == ("conditional", ("SCPs attached to ou-prod (OU membership not crawled)",))
