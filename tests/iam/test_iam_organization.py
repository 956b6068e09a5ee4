"""SCPs and RCPs applied level by level along each member account's path in its organization:
root, each OU from the root down, the account. Each rule cites the AWS page it implements:

- SCP evaluation: docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
  (every level of the path must allow; a Deny at any level denies),
- RCP evaluation: .../orgs_manage_policies_rcps_evaluation.html (the same, on the resource's account),
- SCPs / RCPs: .../orgs_manage_policies_scps.html, orgs_manage_policies_rcps.html (the management
  account is not bound; service-linked roles are not bound by SCPs),
- KMS Developer Guide, resource-control-policies.html (RCPs do not apply to AWS managed keys).
"""

from __future__ import annotations

from dataclasses import replace

from iam_fixtures import (
    ACCOUNT,
    MANAGEMENT,
    OTHER,
    allow,
    bucket,
    can,
    deny,
    doc,
    everywhere,
    index,
    org_policy,
    org_tree,
    role,
    trust,
    user,
    with_policy,
)

from awsx.core.graph import Estate
from awsx.core.model import Marker, MarkerStatus
from awsx.iam.principals import IamIndex
from awsx.inventory.edges import assemble

MEMBER = ACCOUNT  # where the principals live
OBJECT = "arn:aws:s3:::data/k"


def managed_by(policy, account=MANAGEMENT):
    return replace(policy, data={**policy.data, "ManagementAccountId": account})


def levels(decision, policy_type="scp"):
    [control] = [c for c in decision.controls if c.policy_type == policy_type]
    return [(level.label, level.verdict, level.policies) for level in control.levels]


def test_a_deny_at_the_root_denies_every_member_account():
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ROOT", "r-root")])
    ix = index(*org_tree(), everywhere(), no_ec2, user("u", allow("*")))
    decision = can(ix, "user/u", "ec2:RunInstances")
    assert decision.decision == "explicit-deny"
    assert levels(decision)[0] == ("root r-root", "deny", ("no-ec2",))


def test_a_deny_on_an_ou_of_the_path_denies_and_one_off_the_path_does_not():
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")])
    elsewhere = org_policy("no-s3", doc(deny("s3:*")), [("ORGANIZATIONAL_UNIT", "ou-dev")])
    ix = index(*org_tree(), everywhere(), no_ec2, elsewhere, user("u", allow("*")))
    assert can(ix, "user/u", "ec2:RunInstances").decision == "explicit-deny"
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "allow"  # ou-dev is not on the path


def test_an_ou_whose_policies_do_not_allow_the_action_denies_it_even_when_every_other_level_allows():
    # ou-web has only an allow-list of S3 (FullAWSAccess detached there): EC2 has no Allow at that level.
    full = everywhere()
    full = replace(full, data={**full.data, "Targets": [t for t in full.data["Targets"] if t["TargetId"] != "ou-web"]})
    s3_only = org_policy("s3-only", doc(allow("s3:*")), [("ORGANIZATIONAL_UNIT", "ou-web")])
    ix = index(*org_tree(), full, s3_only, user("u", allow("*")))
    decision = can(ix, "user/u", "ec2:RunInstances")
    assert decision.decision == "implicit-deny"
    assert decision.reason == "no service control policy at OU web (ou-web) allows it"
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "allow"


def test_nested_ous_each_decide_from_the_root_down():
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")])
    ix = index(*org_tree(), everywhere(), no_ec2, user("u", allow("*")))
    decision = can(ix, "user/u", "ec2:RunInstances")
    # The grandparent OU's Deny reaches the account under the nested OU; the path is shown in order.
    assert levels(decision) == [("root r-root", "allow", ("p-FullAWSAccess",)),
                                ("OU prod (ou-prod)", "deny", ("no-ec2",)),
                                ("OU web (ou-web)", "allow", ("p-FullAWSAccess",)),
                                ("account shop (111111111111)", "allow", ("p-FullAWSAccess",))]
    assert decision.controls[0].describe() == (
        "SCP root r-root: allow (p-FullAWSAccess) -> OU prod (ou-prod): deny (no-ec2) -> "
        "OU web (ou-web): allow (p-FullAWSAccess) -> account shop (111111111111): allow (p-FullAWSAccess)")


def test_an_account_outside_the_crawled_organization_gets_no_scp_at_all():
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ROOT", "r-root")])
    ix = index(*org_tree(), everywhere(), no_ec2, user("u", allow("*"), account=OTHER))
    decision = can(ix, f"arn:aws:iam::{OTHER}:user/u", "ec2:RunInstances")
    assert decision.decision == "allow"
    assert decision.controls[0].exempt == f"{OTHER} is not a member of the crawled organization"


def test_the_management_account_is_bound_by_neither_scps_nor_rcps_even_inside_the_tree():
    no_ec2 = managed_by(org_policy("no-ec2", doc(deny("ec2:*")), [("ROOT", "r-root")]))
    no_s3 = managed_by(org_policy("no-s3", doc(deny("s3:*", Principal="*")), [("ROOT", "r-root")],
                                  "RESOURCE_CONTROL_POLICY"))
    ix = index(*org_tree(), everywhere(), no_ec2, no_s3, user("u", allow("*"), account=MANAGEMENT),
               bucket("data", account=MANAGEMENT))
    who = f"arn:aws:iam::{MANAGEMENT}:user/u"
    assert can(ix, who, "ec2:RunInstances").decision == "allow"
    decision = can(ix, who, "s3:GetObject", OBJECT)
    assert decision.decision == "allow"
    assert {c.exempt for c in decision.controls} == {f"{MANAGEMENT} is the organization's management account"}


def test_an_rcp_on_the_resource_accounts_ou_denies_and_spares_a_bucket_outside_the_organization():
    rcp_all = everywhere("RESOURCE_CONTROL_POLICY", "RCPFullAWSAccess")
    no_s3 = org_policy("no-s3", doc(deny("s3:*", Principal="*")), [("ORGANIZATIONAL_UNIT", "ou-web")],
                       "RESOURCE_CONTROL_POLICY")
    outside = bucket("outside", doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MEMBER}:user/u"},
                                     "Action": "s3:*", "Resource": "*"}), account=OTHER)
    ix = index(*org_tree(), rcp_all, no_s3, user("u", allow("*")), bucket("data"), outside)
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert decision.decision == "explicit-deny"
    assert ("OU web (ou-web)", "deny", ("no-s3",)) in levels(decision, "rcp")
    assert can(ix, "user/u", "s3:GetObject", "arn:aws:s3:::outside/k").decision == "allow"


def test_rcps_do_not_apply_to_aws_managed_kms_keys():
    no_kms = org_policy("no-kms", doc(deny("kms:*", Principal="*")), [("ROOT", "r-root")], "RESOURCE_CONTROL_POLICY")
    key_policy = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MEMBER}:root"}, "Action": "kms:*",
                      "Resource": "*"})
    aws_key = with_policy("kms:key", "aws-key", key_policy, KeyMetadata={"KeyManager": "AWS"})
    own_key = with_policy("kms:key", "own-key", key_policy, KeyMetadata={"KeyManager": "CUSTOMER"})
    ix = index(*org_tree(), everywhere("RESOURCE_CONTROL_POLICY", "RCPFullAWSAccess"), no_kms, user("u", allow("kms:*")),
               aws_key, own_key)
    assert can(ix, "user/u", "kms:Decrypt", aws_key.arn).decision == "allow"
    assert can(ix, "user/u", "kms:Decrypt", own_key.arn).decision == "explicit-deny"


def test_a_tree_not_read_leaves_ou_policies_that_could_deny_as_named_unknown_levels():
    # No root record (the crawling account may not list the tree): membership is unknown.
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")])
    ix = index(org_policy("p-FullAWSAccess", doc(allow("*")), [("ROOT", "r-root")]), no_ec2, user("u", allow("*")))
    decision = can(ix, "user/u", "ec2:RunInstances")
    assert (decision.decision, decision.conditions) == (
        "conditional", ("SCPs attached to ou-prod (OU membership not crawled)",))
    assert levels(decision) == [("root r-root", "allow", ("p-FullAWSAccess",)),
                                ("OU ou-prod", "unknown", ("no-ec2",))]


def test_a_tree_read_in_part_says_which_read_failed_for_an_account_it_could_not_place():
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-dev")])
    parts = [r for r in org_tree() if r.id != MEMBER] + [everywhere(), no_ec2, user("u", allow("*"))]
    resources, edges, dangling = assemble(parts)
    failed = Marker(MANAGEMENT, "global", "organizations", "ListAccountsForParent", MarkerStatus.DENIED, "AccessDenied")
    ix = IamIndex(Estate(resources, edges, [failed], dangling))
    decision = can(ix, "user/u", "ec2:RunInstances")
    assert decision.conditions == (
        "SCPs attached to ou-dev (the tree is partly unread: organizations:ListAccountsForParent denied)",)


def test_the_json_names_each_level_and_keeps_the_existing_keys():
    ix = index(*org_tree(), everywhere(), user("u", allow("*")))
    answer = can(ix, "user/u", "ec2:RunInstances").to_json()
    assert list(answer)[:6] == ["principal", "action", "resource", "decision", "conditions", "deciding"]
    scp, rcp = answer["controls"]
    assert scp["type"] == "scp" and [level["level"] for level in scp["levels"]] == ["root", "ou", "ou", "account"]
    assert scp["levels"][1] == {"level": "ou", "target": "ou-prod", "name": "prod", "verdict": "allow",
                                "policies": ["p-FullAWSAccess"]}
    assert rcp == {"type": "rcp", "account": MEMBER, "exempt": None, "unread": None, "levels": []}


def test_a_service_linked_role_is_not_bound_by_scps_at_any_level():
    no_s3 = org_policy("no-s3", doc(deny("s3:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")])
    ix = index(*org_tree(), everywhere(), no_s3,
               role("AWSServiceRoleForX", trust({"Service": "x.amazonaws.com"}), allow("s3:*"), path="/aws-service-role/"))
    decision = can(ix, "role/AWSServiceRoleForX", "s3:GetObject", OBJECT)
    assert decision.decision == "allow"
    assert decision.controls[0].exempt == "service-linked roles are not bound by SCPs"



def test_a_member_account_denied_the_tree_does_not_make_the_management_accounts_read_unknown():
    # Crawling a member beside the management account: the member's ListRoots is refused (only the
    # management account or a delegated administrator may read the tree); the tree is still whole.
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-dev")])
    resources, edges, dangling = assemble([*org_tree(), everywhere(), no_ec2, user("u", allow("*"))])
    refused = Marker(MEMBER, "global", "organizations", "ListRoots", MarkerStatus.DENIED, "AccessDeniedException")
    ix = IamIndex(Estate(resources, edges, [refused], dangling))
    decision = can(ix, "user/u", "ec2:RunInstances")
    assert (decision.decision, decision.conditions) == ("allow", ())


def test_a_policy_whose_targets_were_not_read_may_bind_any_account_so_a_deny_in_it_is_named():
    # ListTargetsForPolicy refused for one policy: awsx cannot place it, and it could deny.
    unplaced = org_policy("no-ec2", doc(deny("ec2:*")), [])
    unplaced = replace(unplaced, data={k: v for k, v in unplaced.data.items() if k != "Targets"})
    ix = index(*org_tree(), everywhere(), unplaced, user("u", allow("*")))
    decision = can(ix, "user/u", "ec2:RunInstances")
    assert (decision.decision, decision.conditions) == ("conditional", ("SCP no-ec2 (its targets were not read)",))
    assert levels(decision)[-1] == ("policy no-ec2", "unknown", ("no-ec2",))
    assert can(ix, "user/u", "s3:GetObject", OBJECT).decision == "allow"  # it cannot refuse what it does not name


def test_a_member_whose_path_stops_short_of_the_root_is_not_taken_for_an_outsider():
    # Its OU's record is missing (the tree was read in part without a marker): the account is a
    # member, so the root's Deny still binds it and the OUs it may sit under are unknown levels.
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ROOT", "r-root")])
    no_s3 = org_policy("no-s3", doc(deny("s3:*")), [("ORGANIZATIONAL_UNIT", "ou-dev")])
    parts = [r for r in org_tree() if r.id != "ou-web"]
    ix = index(*parts, everywhere(), no_ec2, no_s3, user("u", allow("*")))
    assert can(ix, "user/u", "ec2:RunInstances").decision == "explicit-deny"
    decision = can(ix, "user/u", "s3:GetObject", OBJECT)
    assert decision.conditions == ("SCPs attached to ou-dev (the path of 111111111111 does not reach a root)",)
