"""The IAM and privesc screens: principal → groups → policies → statements, the reverse view,
"can it do…?" with the deciding statements marked, instance → profile → role, privesc chains.
Pushed on AwsxApp the way awsx/tui/views.py opens them."""

from __future__ import annotations

import pytest
from iam_fixtures import (
    ACCOUNT,
    allow,
    arn,
    can,
    deny,
    doc,
    everywhere,
    group,
    index,
    instance,
    instance_profile,
    managed,
    org_policy,
    org_tree,
    role,
    trust,
    user,
)
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from awsx.core.errors import UserError
from awsx.core.graph import Estate, EstateInfo
from awsx.iam.principals import IamIndex
from awsx.iam.request import checked_action
from awsx.inventory.edges import assemble
from awsx.screens.detail import DetailScreen
from awsx.screens.iam import IamScreen, PrincipalPicker, PrivescScreen, decision_text
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import NavState
from awsx.tui.views import open_view as build_view
from awsx.widgets.policy_tree import MARK, PolicyTree

SIZES = {"wide": (120, 40), "mid": (100, 30), "narrow": (80, 24)}


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def iam_estate() -> Estate:
    """A developer in a group with an inline policy and a boundary; a deploy bot that can pass
    the admin role to an instance; the admin role on an instance; an admin user."""
    resources = [
        managed("admin-all", allow("*")),
        managed("developer-access", allow(["s3:Get*", "s3:List*"]), deny("s3:DeleteBucket")),
        managed("dev-boundary", allow(["s3:*", "ec2:*"])),
        managed("deploy", allow("iam:PassRole", arn("role", "admin")), allow("ec2:RunInstances")),
        group("developers", policies=["developer-access"]),
        user("dev", allow("ec2:Describe*"), groups=["developers"], boundary="dev-boundary"),
        user("deploy-bot", policies=["deploy"]),
        user("alice", policies=["admin-all"]),
        role("admin", trust({"Service": "ec2.amazonaws.com"}), policies=["admin-all"], profiles=["admin"]),
        role("ops", trust({"AWS": arn("user", "alice")})),
        instance_profile("admin", "admin"),
        instance("i-0abc", "admin"),
    ]
    unique, edges, dangling = assemble(resources)
    info = EstateInfo(source="snapshot iam.awsx", crawled_at="2025-01-02T03:04:05Z", accounts=(ACCOUNT,),
                      regions=("us-east-1",))
    return Estate(unique, edges, [], dangling, info=info)


def labels(pilot: Pilot) -> list[str]:
    tree = pilot.app.screen.query_one(PolicyTree)
    out, stack = [], [tree.root]
    while stack:
        node = stack.pop()
        out.append(str(node.label))
        stack.extend(reversed(node.children))
    return out


def marked(pilot: Pilot) -> list[str]:
    return [label for label in labels(pilot) if label.startswith(MARK)]


async def expand(pilot: Pilot, label: str) -> list[str]:
    """Open the node labelled so (a lazy one loads now); the labels of its children."""
    tree = pilot.app.screen.query_one(PolicyTree)
    node = next(n for n in tree._tree_nodes.values() if str(n.label) == label)
    node.expand()
    await pilot.pause()
    return [str(n.label) for n in node.children]


async def ask(pilot: Pilot, question: str) -> str:
    """``c`` from the tree, or a fresh line if the prompt already has the focus; then Enter."""
    prompt = pilot.app.screen.query_one("#can", Input)
    if not prompt.has_focus:
        await pilot.press("c")
    prompt.value = ""
    await pilot.press(*[k if k != " " else "space" for k in question], "enter")
    await pilot.pause()
    return str(pilot.app.screen.query_one("#answer").render())


async def open_view(pilot: Pilot, screen) -> None:
    await pilot.pause()
    pilot.app.push_screen(screen)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_user_shows_its_groups_policies_boundary_and_statements():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "dev")))
        assert labels(pilot) == ["user/dev", "Groups (1)", "group/developers", "managed developer-access",
                                 "Policies (2)", "inline dev-inline", "boundary dev-boundary"]
        # statements load on first expansion
        assert await expand(pilot, "inline dev-inline") == ["#0 Allow ec2:describe* on *"]


async def test_can_it_do_shows_the_decision_and_marks_the_deciding_statement():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "dev")))
        answer = await ask(pilot, "s3:GetObject arn:aws:s3:::data/k")
        assert answer.startswith("ALLOW") and "◆ identity policy/developer-access #0" in answer
        # the group's managed policy allows it, and the boundary lets it through
        assert marked(pilot) == [MARK + "#0 Allow s3:get*, s3:list* on *", MARK + "#0 Allow s3:*, ec2:* on *"]
        answer = await ask(pilot, "s3:DeleteBucket arn:aws:s3:::data")
        assert answer.startswith("EXPLICIT-DENY")
        assert marked(pilot) == [MARK + "#1 Deny s3:deletebucket on *"]
        answer = await ask(pilot, "iam:CreateUser")
        assert answer.startswith("IMPLICIT-DENY") and not marked(pilot)


async def test_a_boundary_statement_is_marked_when_it_decides_too():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, argument="user/dev"))
        await ask(pilot, "ec2:DescribeInstances")
        assert sorted(marked(pilot)) == [
            MARK + "#0 Allow ec2:describe* on *", MARK + "#0 Allow s3:*, ec2:* on *"]


async def test_an_instance_shows_its_profile_role_and_the_role_policies_at_once():
    estate = iam_estate()
    instance_arn = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc"
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=instance_arn))
        shown = labels(pilot)
        assert shown[:6] == ["instance/i-0abc", "Instance profile (1)", "instance-profile/admin", "Roles (1)",
                             "role/admin", "Policies (2)"]
        assert "managed admin-all" in shown and "trust policy" in shown
        answer = await ask(pilot, "s3:DeleteBucket arn:aws:s3:::data")
        assert answer.startswith("ALLOW") and "as role/admin: allowed" in answer


async def test_the_reverse_view_lists_who_has_a_policy_and_who_can_assume_a_role():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("policy", "admin-all")))
        shown = labels(pilot)
        assert {"user/alice  (attached)", "role/admin  (attached)"} <= set(shown)
        await open_view(pilot, IamScreen(estate, selection=arn("policy", "developer-access")))
        assert {"group/developers  (attached)", "user/dev  (via group developers)"} <= set(labels(pilot))
        await open_view(pilot, IamScreen(estate, selection=arn("role", "ops")))
        assert "user/alice  (allowed)" not in labels(pilot)  # loaded only when opened
        assert await expand(pilot, "Who can assume it") == ["user/alice  (allowed)"]
        await open_view(pilot, IamScreen(estate, selection=arn("role", "admin")))
        assert await expand(pilot, "Who can assume it") == ["service ec2.amazonaws.com  (trust policy)"]


async def test_enter_opens_the_detail_of_a_resource_and_o_reopens_the_view_there():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "dev")))
        await pilot.press("down", "down", "o")  # Groups (1) → group/developers
        await pilot.pause()
        assert isinstance(pilot.app.screen, IamScreen) and pilot.app.screen.selection == arn("group", "developers")
        assert "Members (1)" in labels(pilot)
        await pilot.press("enter")  # on the root: the group itself
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.arn == arn("group", "developers")


async def test_without_a_selection_a_fuzzy_picker_comes_first():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, argument="deploy-b"))
        assert isinstance(pilot.app.screen, PrincipalPicker)
        options = pilot.app.screen.query_one(OptionList)
        assert options.get_option_at_index(0).id == arn("user", "deploy-bot")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, IamScreen) and labels(pilot)[0] == "user/deploy-bot"


async def test_an_argument_names_a_principal_or_an_instance_and_anything_else_opens_the_picker():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        for argument, root in (("user/dev", "user/dev"), ("i-0abc", "instance/i-0abc"), ("admin-all", "policy/admin-all")):
            await open_view(pilot, build_view(NavState("iam", argument=argument), estate))
            assert labels(pilot)[0] == root
        await open_view(pilot, IamScreen(estate, selection="arn:aws:s3:::not-iam"))
        assert isinstance(pilot.app.screen, PrincipalPicker)
        await pilot.press("escape")
        assert "not a user, role, group, policy" in str(pilot.app.screen.query_one("#answer").render())


async def test_an_action_that_is_not_service_action_is_the_engines_one_line():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "dev")))
        with pytest.raises(UserError) as refused:
            checked_action("foo")
        assert await ask(pilot, "foo") == str(refused.value)
        assert not marked(pilot)


async def test_an_action_aws_does_not_define_gets_the_engines_suggestion():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "dev")))
        answer = await ask(pilot, "s3:GetObjekt")
        assert answer.startswith("unknown action s3:GetObjekt (did you mean s3:GetObject")
        assert not marked(pilot)


async def test_a_resource_may_be_named_as_in_the_cli():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "deploy-bot")))
        assert await ask(pilot, "iam:PassRole ops") == await ask(pilot, "iam:PassRole " + arn("role", "ops"))
        assert "no resource matches 'nothing-here'" in await ask(pilot, "iam:PassRole nothing-here")


async def test_an_argument_may_carry_the_question_too():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, argument="user/deploy-bot iam:PassRole " + arn("role", "admin")))
        assert str(pilot.app.screen.query_one("#answer").render()).startswith("ALLOW  iam:PassRole")
        await open_view(pilot, IamScreen(estate, argument="s3:DeleteBucket arn:aws:s3:::data", selection=arn("user", "dev")))
        assert str(pilot.app.screen.query_one("#answer").render()).startswith("EXPLICIT-DENY")


async def test_privesc_lists_admins_and_draws_the_path_as_a_chain():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, build_view(NavState("privesc"), estate))
        chain = str(pilot.app.screen.query_one("#chain").render())
        assert chain.splitlines() == ["user/deploy-bot", "   │ ec2", "   │   iam:PassRole", "   │   ec2:RunInstances",
                                      "   ▼", "role/admin  ★ admin"]
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, IamScreen) and pilot.app.screen.selection == arn("user", "deploy-bot")


async def test_privesc_for_one_principal_says_when_it_is_already_admin_or_unknown():
    estate = iam_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        for argument, said in (("user/nobody", "unknown principal 'user/nobody'"),
                               ("user/alice", "user/alice is an admin (full)."),
                               ("user/dev", "No escalation path to an admin.")):
            await open_view(pilot, PrivescScreen(estate, argument=argument))
            assert said in str(pilot.app.screen.query_one("#chain").render())


@pytest.mark.parametrize("size", SIZES)
def test_iam_screen_snapshot(snap_compare, size):
    estate = iam_estate()

    async def run_before(pilot: Pilot) -> None:
        await open_view(pilot, IamScreen(estate, selection=arn("user", "dev")))
        await ask(pilot, "s3:GetObject arn:aws:s3:::data/k")

    assert snap_compare(AwsxApp(estate), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_privesc_screen_snapshot(snap_compare, size):
    estate = iam_estate()

    async def run_before(pilot: Pilot) -> None:
        await open_view(pilot, PrivescScreen(estate))

    assert snap_compare(AwsxApp(estate), terminal_size=SIZES[size], run_before=run_before)


NO_EC2_ON_PROD = ("SCP root r-root: allow (p-FullAWSAccess) -> OU prod (ou-prod): deny (no-ec2) -> "
                  "OU web (ou-web): allow (p-FullAWSAccess) -> account shop (111111111111): allow (p-FullAWSAccess)")


def org_estate():
    # orgs_manage_policies_scps_evaluation.html: a Deny on an OU of the account's path denies.
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")])
    return index(*org_tree(), everywhere(), no_ec2, user("u", allow("*"))).estate


def test_the_answer_shows_the_scp_levels_that_decided_from_the_root_down():
    decision = can(IamIndex(org_estate()), "user/u", "ec2:RunInstances")
    assert NO_EC2_ON_PROD in decision_text(decision).plain.splitlines()


async def test_the_iam_view_asked_can_it_do_shows_the_levels_that_decided():
    estate = org_estate()
    async with AwsxApp(estate).run_test(size=SIZES["wide"]) as pilot:
        await open_view(pilot, IamScreen(estate, argument="user/u ec2:RunInstances"))
        answer = str(pilot.app.screen.query_one("#answer").render())
        assert answer.startswith("EXPLICIT-DENY") and NO_EC2_ON_PROD in " ".join(answer.split())
