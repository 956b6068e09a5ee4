"""The bundled demo snapshot: planted waste is found, totals are the sum of their items, and
the CLI prints the JSON shapes fixed in the issue, offline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from awsx.cost.report import cost_report
from awsx.cost.waste import waste_report
from awsx.store.snapshot import open_snapshot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "snapshots" / "demo.awsx"


@pytest.fixture(scope="module")
def demo():
    return open_snapshot(DEMO)


@pytest.fixture(scope="module")
def waste(demo):
    return waste_report(demo)


def _by_rule(report, rule):
    return {f.arn: f for f in report.findings if f.rule == rule}


def test_unattached_demo_volumes_are_found(demo, waste):
    unattached = {r.arn for r in demo.resources("ec2:volume") if r.data["State"] == "available"}
    assert unattached and set(_by_rule(waste, "unattached-volume")) == unattached


def test_unassociated_demo_eips_are_found(demo, waste):
    idle = {r.arn for r in demo.resources("ec2:elastic-ip") if not r.data.get("AssociationId")}
    assert len(idle) == 3 and set(_by_rule(waste, "unassociated-eip")) == idle


def test_attached_gp2_demo_volumes_get_a_gp3_saving(demo, waste):
    gp2 = {r.arn for r in demo.resources("ec2:volume") if r.data["VolumeType"] == "gp2" and r.data["Attachments"]}
    found = _by_rule(waste, "gp2-to-gp3")
    assert gp2 and set(found) == gp2
    scratch = next(f for f in found.values() if demo.resource(f.arn).name == "batch-scratch")  # 100 GB, us-east-1
    assert scratch.monthly_savings == pytest.approx(100 * (0.10 - 0.08))


def test_demo_io2_journals_are_gp3_candidates(waste):
    assert len(_by_rule(waste, "io-to-gp3")) == 3


def test_nothing_false_in_the_demo(waste):
    rules = {f.rule for f in waste.findings}
    assert not rules & {"nat-unrouted", "lb-without-targets", "stopped-instance", "orphan-snapshot"}


def test_waste_total_counts_each_resource_once(waste):
    # No demo resource is claimed by two rules, so the total is the plain sum here.
    assert waste.total_monthly_savings == pytest.approx(sum(f.monthly_savings for f in waste.findings))


def test_cost_total_equals_the_sum_of_items_and_of_groups(demo):
    report = cost_report(demo)
    known = [i.monthly for i in report.items if i.monthly is not None]
    assert report.total_monthly == pytest.approx(sum(known))
    # a group whose every item is unknown has no monthly figure (never $0)
    assert report.total_monthly == pytest.approx(sum(g.monthly for g in report.groups if g.monthly is not None))
    assert sum(g.count for g in report.groups) == len(report.items)


@pytest.mark.parametrize("by", ["kind", "region", "vpc", "account", "tag:team"])
def test_every_grouping_adds_up_to_the_same_total(demo, by):
    report = cost_report(demo, by=by)
    assert sum(g.monthly for g in report.groups if g.monthly is not None) == pytest.approx(cost_report(demo).total_monthly)


def test_buckets_without_a_crawled_size_are_unknown_not_zero(demo):
    items = {i.arn: i for i in cost_report(demo).items}
    bucket = next(r for r in demo.resources("s3:bucket") if not r.data.get("BucketSizeBytes"))
    assert items[bucket.arn].monthly is None and "unknown" in items[bucket.arn].basis


def test_cost_json_shape_and_top(demo):
    document = cost_report(demo, by="region", top=2).to_json()
    assert set(document) == {"currency", "prices_as_of", "total_monthly", "groups", "items"}
    assert document["currency"] == "USD" and len(document["groups"]) == 2 and len(document["items"]) == 2
    assert all(set(g) == {"key", "monthly", "count", "unknown", "all_unknown", "share", "approximate"}
               for g in document["groups"])
    assert all(set(i) == {"arn", "kind", "monthly", "basis", "approximate"} for i in document["items"])
    assert document["items"][0]["monthly"] >= document["items"][1]["monthly"]


def test_waste_json_shape(waste):
    document = waste.to_json()
    assert set(document) == {"total_monthly_savings", "findings"}
    assert all(set(f) == {"rule", "arn", "monthly_savings", "evidence"} for f in document["findings"])


def _awsx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "awsx.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_cli_cost_json_on_the_demo_snapshot():
    done = _awsx("cost", "--snapshot", str(DEMO), "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["prices_as_of"] and document["total_monthly"] > 0
    assert document["total_monthly"] == pytest.approx(
        sum(i["monthly"] for i in document["items"] if i["monthly"] is not None), abs=0.01 * len(document["items"]))


def test_cli_bad_grouping_is_a_user_error():
    done = _awsx("cost", "--snapshot", str(DEMO), "--by", "colour")
    assert done.returncode == 2 and "cannot group by" in done.stderr


def test_rich_tables_name_the_date_the_disclaimer_and_the_findings(capsys):
    from awsx.cli.main import main

    assert main(["cost", "--snapshot", str(DEMO), "--by", "region"]) == 0
    out = capsys.readouterr().out
    assert "prices as of" in out and "list-price estimate" in out and "us-east-1" in out
    assert main(["waste", "--snapshot", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert "unattached-volume" in out and "unassociated-eip" in out and "gp2-to-gp3" in out


def test_a_group_of_nothing_but_unpriced_resources_is_unknown_in_the_record_the_json_and_the_table(demo):
    from rich.console import Console

    from awsx.cli.cost import cost_tables
    from awsx.core.graph import Estate

    unknown = next(i for i in cost_report(demo, by="kind").items if i.monthly is None)
    # The demo without the priced resources of that kind: its group holds only the unpriced one.
    alone = Estate([r for r in demo.resources() if r.kind != unknown.kind or r.arn == unknown.arn], info=demo.info)
    report = cost_report(alone, by="kind")
    group = next(g for g in report.groups if g.key == unknown.kind)
    assert group.all_unknown and group.monthly is None and group.share is None
    assert next(g for g in report.to_json()["groups"] if g["key"] == unknown.kind) == {
        "key": unknown.kind, "monthly": None, "count": 1, "unknown": 1, "all_unknown": True, "share": None,
        "approximate": False}
    console = Console(width=200, record=True)
    console.print(cost_tables(report))
    by_kind = console.export_text().split("Resources, largest first")[0]
    [row] = [line for line in by_kind.splitlines() if f" {unknown.kind} " in line]
    assert "unknown" in row and "$0.00" not in row


def test_a_groups_share_is_its_part_of_the_total(demo):
    report = cost_report(demo, by="region")
    assert sum(g.share for g in report.groups) == pytest.approx(1.0)
    for group in report.groups:
        assert group.share == pytest.approx(group.monthly / report.total_monthly)
