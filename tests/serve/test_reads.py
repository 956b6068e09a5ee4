"""Which snapshot `:diff OLD` opens (issue #20): anything outside `awsx serve`; in an SSH session
only a `.awsx` file in the session's own directory or the shared snapshot's directory (no `~`,
`..`, other suffix, absolute path elsewhere or symlink out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsx.core.errors import UserError
from awsx.serve.follow import FollowContext
from awsx.serve.reads import diff_path


@pytest.fixture
def shared(tmp_path) -> Path:
    """The snapshot the server shares, with yesterday's beside it."""
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "yesterday.awsx").write_bytes(b"")
    return tmp_path / "served" / "today.awsx"


@pytest.fixture
def context(tmp_path) -> FollowContext:
    exports = tmp_path / "exports" / "s1"
    exports.mkdir(parents=True)
    (exports / "mine.awsx").write_bytes(b"")
    return FollowContext(tmp_path / "who", "alice", "s1", exports)


def test_outside_serve_the_path_means_what_it_says(tmp_path, shared):
    assert diff_path(str(tmp_path / "x.awsx"), None, shared) == tmp_path / "x.awsx"
    assert diff_path("~/x.awsx", None, None) == Path.home() / "x.awsx"


def test_in_a_session_a_plain_name_is_found_in_its_directory_then_beside_the_shared_snapshot(context, shared):
    assert diff_path("mine.awsx", context, shared) == context.exports.resolve() / "mine.awsx"
    assert diff_path("yesterday.awsx", context, shared) == shared.parent.resolve() / "yesterday.awsx"
    assert diff_path(str(shared.parent / "yesterday.awsx"), context, shared) == shared.parent.resolve() / "yesterday.awsx"


@pytest.mark.parametrize("requested", ["/etc/passwd", "/etc/x.awsx", "~/.ssh/id_ed25519", "~alice/x.awsx",
                                       "../s2/theirs.awsx", "a/../../x.awsx", "absent.awsx", "mine.csv", "", "."])
def test_in_a_session_nothing_else_is_read(context, shared, requested):
    with pytest.raises(UserError, match="over SSH, :diff reads"):
        diff_path(requested, context, shared)


def test_in_a_session_a_symlink_out_is_refused(context, tmp_path):
    (tmp_path / "elsewhere.awsx").write_bytes(b"")
    (context.exports / "out.awsx").symlink_to(tmp_path / "elsewhere.awsx")
    with pytest.raises(UserError, match="over SSH"):
        diff_path("out.awsx", context, None)


def test_a_session_without_an_export_directory_reads_only_beside_the_shared_snapshot(tmp_path, shared):
    bare = FollowContext(tmp_path / "who", "alice", "s1")
    assert diff_path("yesterday.awsx", bare, shared) == shared.parent.resolve() / "yesterday.awsx"
    with pytest.raises(UserError, match="over SSH"):
        diff_path("yesterday.awsx", bare, None)
