"""Issue #20's acceptance for the CLI: a snapshot whose names, tags, markers and policies hold
terminal escapes (OSC 52, OSC 0, CSI 2J, CSI 6n, DCS, C1 CSI, BEL, ...), rich markup (``[/]``,
``[bold red]``, ``[link=...]``), emoji codes and bidi controls, under a hostile file name. Every
verb answers with an answer or one line; no raw control, C1 or bidi character reaches stdout or
stderr; the escapes are shown (``\\x1b``), the markup printed as the text it is."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from hostile_text import FILE_NAME, HOSTILE, SHOWN, TAG_KEY, hostile_estate, hostile_snapshots, raw_controls

from awsx.cli import main as cli
from awsx.cli import output
from awsx.core.inert import inert

VISIBLE = inert(HOSTILE)  # the whole corpus as a viewer must see it: escaped, nothing interpreted
# Verbs whose answer names the hostile text (a name, tag value, Sid, description, marker).
NAMING = (["ls", "sg"], ["ls"], ["show", "sg-0web"], ["who-can", "s3:GetObject"])
# Verbs whose answer may not name it, but must still be an answer with nothing raw in it.
ANSWERING = (["pulse"], ["exposure"], ["exposure", "--with-identity"], ["privesc"], ["public"], ["cost"],
             ["cost", "--by", "tag:[/]"], ["waste"], ["reach", "internet", "eni-0001", "--port", "443"],
             ["who-can", "s3:PutObject"], ["export", "--format", "dot"], ["export", "--format", "graphml"],
             ["coverage"], ["blast", "--region", "eu-west-1"], ["privesc", "--catalogue"])
JSON_VERBS = (["ls", "sg", "--json"], ["show", "sg-0web", "--json"], ["who-can", "s3:GetObject", "--json"],
              ["export", "--format", "json"], ["pulse", "--json"], ["privesc", "--json"])


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    return hostile_snapshots(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    """Consoles wide enough that rich never folds a cell: the corpus is found in one piece."""
    for console in (output.stdout, output.stderr):
        monkeypatch.setattr(console, "width", 5000)


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", NAMING, ids=" ".join)
def test_a_verb_that_names_the_corpus_shows_it_escaped_and_nothing_raw(capsys, snapshots, argv):
    code, out, err = run(capsys, [*argv, "--snapshot", str(snapshots[0])])
    assert code == 0, err
    assert raw_controls(out + err) == set()
    assert VISIBLE in out + err and SHOWN in out + err


@pytest.mark.parametrize("argv", ANSWERING, ids=" ".join)
def test_every_other_verb_answers_with_nothing_raw(capsys, snapshots, argv):
    code, out, err = run(capsys, [*argv, "--snapshot", str(snapshots[0])])
    assert code == 0, err
    assert raw_controls(out + err) == set() and "Traceback" not in err


def test_a_grouping_by_a_hostile_tag_key_is_shown_inert(capsys, snapshots):
    code, out, err = run(capsys, ["cost", "--by", f"tag:{TAG_KEY}", "--snapshot", str(snapshots[0])])
    assert code == 0 and raw_controls(out + err) == set() and f"by tag:{inert(TAG_KEY)};" in out


def test_graphml_is_xml_holding_the_corpus_escaped(capsys, snapshots):
    code, out, _ = run(capsys, ["export", "--format", "graphml", "--snapshot", str(snapshots[0])])
    names = {data["name"] for _, data in nx.parse_graphml(out).nodes(data=True)}
    assert code == 0 and "prod-web-1" + VISIBLE in names


def test_dot_quotes_the_corpus_with_its_backslashes_escaped(capsys, snapshots):
    code, out, _ = run(capsys, ["export", "--format", "dot", "--snapshot", str(snapshots[0])])
    assert code == 0 and json.dumps(VISIBLE, ensure_ascii=False)[1:-1] in out


@pytest.mark.parametrize("argv", JSON_VERBS, ids=" ".join)
def test_json_stays_json_with_the_values_exact_and_nothing_raw(capsys, snapshots, argv):
    code, out, err = run(capsys, [*argv, "--snapshot", str(snapshots[0])])
    assert code == 0, err
    assert raw_controls(out) == set()
    json.loads(out)
    if argv[0] in ("ls", "show", "who-can", "export"):
        assert json.dumps(HOSTILE)[1:-1] in json.dumps(json.loads(out))  # the names, as they were


def test_diff_shows_the_changed_hostile_description_escaped(capsys, snapshots):
    new, old = snapshots
    code, out, err = run(capsys, ["diff", str(old), str(new)])
    assert code == 0, err
    assert raw_controls(out + err) == set() and VISIBLE in out


def test_a_principal_or_a_grouping_typed_with_escapes_is_one_inert_line(capsys, snapshots):
    for argv in (["can", f"user/{HOSTILE}", "s3:GetObject", "*"], ["show", HOSTILE], ["cost", "--by", HOSTILE]):
        code, out, err = run(capsys, [*argv, "--snapshot", str(snapshots[0])])
        assert code == 2 and out == "" and err.startswith("awsx: error: ") and err.count("\n") == 1
        assert raw_controls(err, allowed="\n") == set() and SHOWN in err


def squashed(text: str) -> str:
    return "".join(text.split())


def test_the_snapshot_file_name_is_shown_inert(capsys, snapshots):
    code, out, _ = run(capsys, ["ls", "--snapshot", str(snapshots[0])])
    assert code == 0 and squashed(inert(FILE_NAME)) in squashed(out)  # a title wraps at its table's width


def test_crawl_progress_shows_a_hostile_unit_and_marker_inert(monkeypatch):
    """``crawl``'s progress bar and the markers printed above it, fed a unit and a marker whose
    texts hold the corpus (a live crawl cannot run offline; its progress callback can)."""
    from awsx.inventory.crawler import Progress

    buffer = io.StringIO()
    monkeypatch.setattr(output, "stderr", output.InertConsole(file=buffer, width=5000, force_terminal=False))
    marker = hostile_estate().markers[0]
    with output.crawl_progress() as update:
        update(Progress(1, 2, f"ec2 {HOSTILE}", marker))
    written = buffer.getvalue()
    assert raw_controls(written) == set() and inert(marker.describe()) in written
