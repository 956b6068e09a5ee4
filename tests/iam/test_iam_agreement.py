"""who-can and privesc are one answer (issue 15 item 4): on generated estates, the principals
``who-can`` lists for an action only admins hold (``iam:CreateUser``, which no generated policy
names) are exactly the admins (by definition or by self-modification) and every principal
``privesc`` has a path to an admin for, principal by principal."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from iam_fixtures import allow, arn, function, index, managed, role, trust, user

from awsx.iam.privesc import build_graph, privesc
from awsx.iam.whocan import who_can

USERS = [f"u{n}" for n in range(4)]
ROLES = [f"r{n}" for n in range(4)]
PRINCIPALS = [("user", n) for n in USERS] + [("role", n) for n in ROLES]
# What moves a principal toward admin (iam.md §2, the catalogue's paths), and what does not.
ACTIONS = ["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:AttachUserPolicy", "iam:PutUserPolicy",
           "iam:CreateAccessKey", "iam:UpdateAssumeRolePolicy", "sts:AssumeRole", "iam:PassRole",
           "lambda:CreateFunction", "lambda:InvokeFunction", "lambda:UpdateFunctionCode", "s3:GetObject", "*"]


def target_arn(draw) -> str:
    kind, name = draw(st.sampled_from(PRINCIPALS))
    return draw(st.sampled_from(["*", arn(kind, name)]))


@st.composite
def estates(draw):
    statements = {name: [allow(draw(st.sampled_from(ACTIONS)), target_arn(draw))
                         for _ in range(draw(st.integers(0, 3)))] for _, name in PRINCIPALS}
    capped = draw(st.sets(st.sampled_from([n for _, n in PRINCIPALS]), max_size=2))
    records = [managed("cap", allow(["s3:*", "iam:*", "sts:*", "lambda:*"]))]
    records += [user(n, *statements[n], boundary="cap" if n in capped else None) for n in USERS]
    for n in ROLES:
        kind, other = draw(st.sampled_from(PRINCIPALS))
        admits = draw(st.sampled_from([{"AWS": arn(kind, other)}, {"Service": "lambda.amazonaws.com"}]))
        records.append(role(n, trust(admits), *statements[n], boundary="cap" if n in capped else None))
    if draw(st.booleans()):
        records.append(function("fn", draw(st.sampled_from(ROLES))))
    return index(*records)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estates())
def test_who_can_is_the_admins_and_everyone_privesc_takes_to_one(ix):
    graph = build_graph(ix)
    report = privesc(ix, graph=graph)
    escalates = {p.principal for p in report.paths}
    answer = who_can(ix, "iam:CreateUser", graph=graph)
    listed = {e.arn for e in answer.principals}
    for principal in graph.principals:
        assert (principal in listed) == (principal in graph.admins or principal in escalates), principal
    # The path who-can shows ends at a principal that holds the grant (or is given everything).
    for entry in answer.principals:
        if entry.how == "escalation":
            assert entry.path[0].source == entry.arn
