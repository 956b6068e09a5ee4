"""`awsx reach internet NAME --port 443 --json` (issue 16's acceptance): a Route 53 name aliasing
the public load balancer answers as the load balancer itself, read from a snapshot written from
records (reach_service_fixtures.shop()), and a name pointing outside the estate is one line, exit 2."""

from __future__ import annotations

import json

from reach_service_fixtures import shop

from awsx.cli.main import main
from awsx.store.snapshot import write_snapshot


def answer(capsys, snapshot, *args: str) -> tuple[int, str, str]:
    code = main(["reach", *args, "--snapshot", str(snapshot)])
    out, err = capsys.readouterr()
    return code, out, err


def test_reach_internet_to_a_name_answers_as_for_the_load_balancer_it_aliases(tmp_path, capsys):
    snapshot = write_snapshot(shop().build(), tmp_path / "shop.awsx")
    code, by_name, _ = answer(capsys, snapshot, "internet", "shop.acme.example", "--port", "443", "--json")
    assert code == 0
    code, itself, _ = answer(capsys, snapshot, "internet", "web-lb", "--port", "443", "--json")
    assert code == 0
    by_name, itself = json.loads(by_name), json.loads(itself)
    [hop] = by_name.pop("dns")
    assert by_name == itself and itself["reachable"] is True
    assert hop["name"] == "shop.acme.example" and hop["target"].endswith(":loadbalancer/app/web-lb/1")


def test_the_table_labels_the_name_and_its_target(tmp_path, capsys):
    snapshot = write_snapshot(shop().build(), tmp_path / "shop.awsx")
    code, out, _ = answer(capsys, snapshot, "internet", "shop.acme.example", "--port", "443")
    assert code == 0 and "shop.acme.example -> web-lb tcp/443: REACHABLE" in " ".join(out.split())


def test_a_name_pointing_outside_the_estate_is_one_line_exit_2(tmp_path, capsys):
    b = shop()
    b.record("Z1PUBLIC", "docs.acme.example.", rtype="CNAME", values=["acme.hosted-docs.example.net"])
    snapshot = write_snapshot(b.build(), tmp_path / "shop.awsx")
    code, out, err = answer(capsys, snapshot, "internet", "docs.acme.example", "--port", "443")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "points outside the estate" in err and "Traceback" not in err
