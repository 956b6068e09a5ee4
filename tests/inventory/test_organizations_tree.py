"""Organizations by OU: the crawl reads the tree top down (``ListRoots``, then
``ListOrganizationalUnitsForParent`` and ``ListAccountsForParent`` per root and, recursively, per
OU), records each OU's and account's parent and path, and links them (``PARENT``) and the
policies to their targets (``ATTACHED_TO``). An account that may not read the organization gets a
marker, never an error; one in no organization has no tree. moto's organization is process-wide state, so each estate is seeded and
crawled in a subprocess of its own (as in test_organizations_crawl.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from session_options import offline_env

from awsx.cli.main import main

_CRAWL = r'''
import json, sys, boto3
from awsx.inventory.demo import DEMO_CREDENTIALS, MotoServer
from awsx.inventory.session import SessionOptions
from awsx.load.live import load_live_estate_sync

SEED = sys.argv[1] in ("seed", "member", "denied")


def refuse_list_roots(model, context, **_):
    """As AWS answers an account that may not read the tree (not the management account)."""
    from botocore.awsrequest import AWSResponse
    if model.name == "ListRoots":
        error = {"Error": {"Code": "AccessDeniedException", "Message": "denied"}, "ResponseMetadata": {"HTTPStatusCode": 400}}
        return AWSResponse("https://denied.invalid", 400, {}, None), error
with MotoServer() as server:
    client = lambda service: boto3.client(service, region_name="us-east-1", endpoint_url=server.endpoint,
                                          **DEMO_CREDENTIALS)
    if SEED:
        org = client("organizations")
        org.create_organization(FeatureSet="ALL")
        root = org.list_roots()["Roots"][0]["Id"]
        prod = org.create_organizational_unit(ParentId=root, Name="prod")["OrganizationalUnit"]["Id"]
        web = org.create_organizational_unit(ParentId=prod, Name="web")["OrganizationalUnit"]["Id"]
        made = org.create_account(AccountName="shop", Email="shop@example.com")["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=made, SourceParentId=root, DestinationParentId=web)
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        policy = org.create_policy(Name="no-ec2", Type="SERVICE_CONTROL_POLICY", Description="no-ec2", Content=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}))
        org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=prod)
    options = SessionOptions(regions=("us-east-1",), endpoint_url=server.endpoint,
                             credentials=(DEMO_CREDENTIALS["aws_access_key_id"], DEMO_CREDENTIALS["aws_secret_access_key"]))
    if sys.argv[1] == "denied":
        options = SessionOptions(regions=options.regions, endpoint_url=options.endpoint_url,
                                 credentials=options.credentials, hooks=(("before-call", refuse_list_roots),))
        iam = client("iam")
        iam.create_user(UserName="dev")
        iam.put_user_policy(UserName="dev", PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    if sys.argv[1] == "member":
        # Crawl the member account too (moto serves the account an assumed role names), with a
        # user in each account allowed everything by its identity policy.
        import os, tempfile
        role = f"arn:aws:iam::{made}:role/OrganizationAccountAccessRole"
        creds = client("sts").assume_role(RoleArn=role, RoleSessionName="seed")["Credentials"]
        member_iam = boto3.client("iam", region_name="us-east-1", endpoint_url=server.endpoint,
                                  aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                  aws_session_token=creds["SessionToken"])
        for iam in (client("iam"), member_iam):
            iam.create_user(UserName="dev")
            iam.put_user_policy(UserName="dev", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        config = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
        config.write("[profile main]\nregion = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n"
                     f"[profile member]\nregion = us-east-1\nrole_arn = {role}\nsource_profile = main\n")
        config.close()
        os.environ.update(AWS_CONFIG_FILE=config.name, AWS_ENDPOINT_URL=server.endpoint)
        options = SessionOptions(profiles=("main", "member"), regions=("us-east-1",))
    estate, _ = load_live_estate_sync(options, cache=None)

def named(arn):
    return estate.resource(arn).name or estate.resource(arn).id

if sys.argv[1] == "member":
    from awsx.iam.evaluate import evaluate
    from awsx.iam.principals import IamIndex
    index = IamIndex(estate)
    asked = {}
    for account in sorted({r.account for r in estate.resources("iam:user")}):
        decision = evaluate(index, index.resolve(f"arn:aws:iam::{account}:user/dev"), "ec2:RunInstances")
        asked["member" if account == made else "management"] = [
            decision.decision, [[l.type, l.verdict, list(l.policies)] for l in decision.controls[0].levels],
            decision.controls[0].exempt.split(" ", 1)[-1]]
    print(json.dumps(asked))
    sys.exit(0)
if sys.argv[1] == "denied":
    from awsx.iam.evaluate import evaluate
    from awsx.iam.principals import IamIndex
    index = IamIndex(estate)
    # Asked as if the user were in a member account: the crawl's management account is exempt.
    dev = index.resolve("user/dev")
    from dataclasses import replace
    member = replace(dev, account="210987654321", arn=dev.arn.replace(dev.account, "210987654321"))
    decision = evaluate(index, member, "ec2:RunInstances")
    print(json.dumps({"markers": sorted([m.operation, m.status] for m in estate.markers if m.service == "organizations"),
                      "decision": decision.decision, "conditions": list(decision.conditions)}))
    sys.exit(0)
print(json.dumps({
    "tree": sorted([r.kind, r.name, r.data.get("ParentId", "").split("-")[0], r.data.get("Path", "").count("/"), "Email" in r.data]
                   for kind in ("organizations:root", "organizations:ou", "organizations:account")
                   for r in estate.resources(kind)),
    "edges": sorted([named(e.source), e.relation, named(e.target)] for e in estate.edges()
                    if e.relation in ("PARENT", "ATTACHED_TO") and e.source.startswith("arn:aws:organizations")),
    "markers": sorted([m.service, m.operation, m.status] for m in estate.markers if m.service == "organizations"),
}))
'''


def _crawl(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CRAWL, mode], capture_output=True, text=True, env=offline_env(),
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def seeded() -> dict:
    return _crawl("seed")


def test_the_crawl_reads_the_root_nested_ous_and_the_accounts_under_each_with_parent_and_path(seeded):
    # [kind, name, parent id prefix, levels above it, e-mail kept]
    assert [t for t in seeded["tree"] if t[1] != "master"] == [
        ["organizations:account", "shop", "ou", 3, False],
        ["organizations:ou", "prod", "r", 1, False],
        ["organizations:ou", "web", "ou", 2, False],
        ["organizations:root", "Root", "", 0, False],
    ]
    # The management account itself is a member, directly under the root.
    assert [t for t in seeded["tree"] if t[1] == "master"] == [["organizations:account", "master", "r", 1, False]]
    assert seeded["markers"] == []


def test_each_ou_and_account_points_at_its_parent_and_a_policy_is_attached_to_its_target(seeded):
    edges = [e for e in seeded["edges"] if not e[0].endswith("FullAWSAccess")]
    assert edges == [["master", "PARENT", "Root"], ["no-ec2", "ATTACHED_TO", "prod"], ["prod", "PARENT", "Root"],
                     ["shop", "PARENT", "web"], ["web", "PARENT", "prod"]]


def test_an_account_in_no_organization_has_no_tree_and_no_marker_for_it():
    # ListRoots answers AWSOrganizationsNotInUseException: that is "there is none", not "unknown".
    answer = _crawl("none")
    assert answer["tree"] == [] and answer["edges"] == []
    assert [m for m in answer["markers"] if m[1] == "ListRoots"] == []


def test_a_crawled_member_account_under_the_denying_ou_is_denied_and_the_management_account_is_not():
    # orgs_manage_policies_scps_evaluation.html: the Deny on prod reaches the account under prod/web;
    # orgs_manage_policies_scps.html: the management account is not bound by SCPs.
    answer = _crawl("member")
    decision, levels, _ = answer["member"]
    assert decision == "explicit-deny"
    assert [level[:2] for level in levels] == [["root", "allow"], ["ou", "deny"], ["ou", "allow"], ["account", "allow"]]
    assert levels[1][2] == ["no-ec2"]
    assert answer["management"] == ["allow", [], "is the organization's management account"]


def test_a_tree_the_account_may_not_read_is_a_marker_and_an_ou_deny_makes_the_answer_conditional_and_named():
    answer = _crawl("denied")
    assert answer["markers"] == [["ListRoots", "denied"]]
    assert answer["decision"] == "conditional"
    [condition] = answer["conditions"]
    assert condition.startswith("SCPs attached to ou-") and condition.endswith("(OU membership not crawled: organizations:ListRoots denied)")


def test_awsx_policy_grants_the_tree_reads(capsys):
    assert main(["policy"]) == 0
    [statement] = json.loads(capsys.readouterr().out)["Statement"]
    assert {"organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent",
            "organizations:ListAccountsForParent"} <= set(statement["Action"])
