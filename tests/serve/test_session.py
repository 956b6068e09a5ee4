"""One session's bounds: the window sizes a TUI may get, and the private directories."""

from __future__ import annotations

import stat

import pytest

from awsx.serve.session import MAX_SIDE, SessionDirs, terminal_size


@pytest.mark.parametrize(("asked", "given"), [
    ((100, 30), (100, 30)),
    ((0, 0), (80, 24)),  # SSH's "unknown"
    ((1, 1), (1, 1)),
    ((20000, 20000), (MAX_SIDE, MAX_SIDE)),
    ((65535, 40), (MAX_SIDE, 40)),
    ((70000, 30), None),  # beyond what a terminal can carry: refused
    ((80, 2**32 - 1), None),
    ((-1, 24), None),
])
def test_window_sizes_are_clamped_or_refused(asked, given):
    assert terminal_size(*asked) == given


def test_the_session_directories_are_private_and_the_working_directory_read_only():
    dirs = SessionDirs.create()
    try:
        for part in (dirs.root, dirs.who, dirs.root / "exports"):
            assert stat.S_IMODE(part.stat().st_mode) == 0o700
        assert stat.S_IMODE(dirs.cwd.stat().st_mode) == 0o500 and not list(dirs.cwd.iterdir())
    finally:
        dirs.remove()
    assert not dirs.root.exists()
