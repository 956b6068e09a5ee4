"""Issue 18: an offline verb answers at once. A verb on a snapshot asks no AWS and draws no
screen, so it must not pay for importing the AWS SDK (~0.3 s) or Textual: each verb runs in a
fresh interpreter and ``sys.modules`` is read after it answered (a static import list misses
what is loaded transitively). No duration is asserted: the figures are in bench/scale.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from session_options import offline_env

DEMO = str(Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx")
AWS_SDK_AND_TUI = ("boto3", "botocore", "aioboto3", "aiobotocore", "textual")

PROBE = """\
import sys
from awsx.cli.main import main
try:
    code = main(sys.argv[2:])
except SystemExit as exit:
    code = exit.code
watched = sys.argv[1].split(",")
loaded = sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))
print(code, loaded, file=sys.stderr)
"""

OFFLINE_VERBS = {
    "ls": ["ls", "--snapshot", DEMO],
    "ls-kind": ["ls", "ec2:instance", "--snapshot", DEMO, "--json"],
    "show": ["show", "prod-euw1-bastion", "--snapshot", DEMO],
    "reach": ["reach", "prod-use1-alb", "prod-use1-app-a", "--port", "443", "--snapshot", DEMO],
    "exposure": ["exposure", "--snapshot", DEMO, "--json"],
    "who-can": ["who-can", "s3:GetObject", "--snapshot", DEMO],
    "can": ["can", "role/admin", "s3:GetObject", "--snapshot", DEMO, "--json"],
    "privesc": ["privesc", "--snapshot", DEMO, "--json"],
    "public": ["public", "--snapshot", DEMO],
    "pulse": ["pulse", "--snapshot", DEMO, "--json"],
}


def run_verb(argv: list[str], watched: tuple[str, ...]) -> tuple[str, str]:
    """The verb's exit code and the modules of the watched packages it left in ``sys.modules``."""
    done = subprocess.run([sys.executable, "-c", PROBE, ",".join(watched), *argv], capture_output=True, text=True,
                          env=offline_env(), timeout=120)
    code, _, loaded = done.stderr.splitlines()[-1].partition(" ")
    return code, loaded


@pytest.mark.parametrize("argv", OFFLINE_VERBS.values(), ids=OFFLINE_VERBS.keys())
def test_an_offline_verb_imports_neither_the_aws_sdk_nor_textual(argv):
    assert run_verb(argv, AWS_SDK_AND_TUI) == ("0", "[]")


def test_awsx_version_reads_no_distribution_metadata():
    """``importlib.metadata`` scans every installed distribution: the version is a constant."""
    assert run_verb(["--version"], ("importlib.metadata", "networkx", "rich")) == ("0", "[]")
