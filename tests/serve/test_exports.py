"""Where `:export` writes: anywhere outside `awsx serve`, only inside the session's own
directory in an SSH session (no absolute path, `~`, `..` or symlink out of it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsx.core.errors import UserError
from awsx.serve.exports import export_path
from awsx.serve.follow import FollowContext


@pytest.fixture
def context(tmp_path) -> FollowContext:
    exports = tmp_path / "exports" / "s1"
    exports.mkdir(parents=True)
    return FollowContext(tmp_path / "who", "alice", "s1", exports)


def test_outside_serve_the_path_means_what_it_says(tmp_path):
    assert export_path(str(tmp_path / "x.csv"), None) == tmp_path / "x.csv"
    assert export_path("~/x.csv", None) == Path.home() / "x.csv"


def test_in_a_session_a_plain_name_lands_in_its_directory(context):
    assert export_path("vpcs.csv", context) == context.exports.resolve() / "vpcs.csv"
    assert export_path("./sub/vpcs.md", context) == context.exports.resolve() / "sub" / "vpcs.md"


@pytest.mark.parametrize("requested", ["../x.csv", "a/../../x.csv", "/etc/passwd", "~/.ssh/authorized_keys",
                                       "~alice/x", "..", "", "."])
def test_in_a_session_no_path_leads_out(context, requested):
    with pytest.raises(UserError, match="over SSH"):
        export_path(requested, context)


def test_in_a_session_a_symlink_out_is_refused(context, tmp_path):
    (context.exports / "out").symlink_to(tmp_path)
    (context.exports / "keys").symlink_to(tmp_path / "authorized_keys")
    for requested in ("out/x.csv", "keys"):
        with pytest.raises(UserError, match="leads out"):
            export_path(requested, context)


def test_a_session_without_an_export_directory_exports_nothing(context):
    with pytest.raises(UserError, match="exports are off"):
        export_path("x.csv", FollowContext(context.directory, "alice", "s1"))
