"""Which file ``:diff OLD`` may open: the rule the TUI asks before reading a snapshot (issue #20).

Outside ``awsx serve`` the user owns the machine and OLD means what it says (``~`` expanded).
In an SSH session every viewer runs as the server's user, who can read far more than the viewer
should (the server's host key, other users' files): OLD is then a snapshot (``*.awsx``) inside
the session's own directory (``AWSX_EXPORT_DIR``, where its ``:export`` writes) or inside the
directory of the snapshot the server shares. A plain name is looked up in those two, in that
order; an absolute path must lie inside one of them; ``~``, a ``..`` component, a symlink leading
out, or any other suffix is refused in one line. The same shape as awsx/serve/exports.py's rule
for ``:export``.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from awsx.core.errors import UserError
from awsx.serve.follow import FollowContext

SNAPSHOT_SUFFIX = ".awsx"


def diff_path(requested: str, context: FollowContext | None, shared: Path | None) -> Path:
    """The snapshot ``:diff`` opens for ``requested``; a UserError (one line) when refused.
    ``shared``: the snapshot this session was opened on (its directory is readable)."""
    if context is None:
        return Path(requested).expanduser()
    name = PurePath(requested)
    if requested.startswith("~") or ".." in name.parts or name.suffix != SNAPSHOT_SUFFIX:
        raise UserError(f"over SSH, :diff reads a {SNAPSHOT_SUFFIX} snapshot in this session's directory or the "
                        f"server's snapshot directory, not {requested!r}")
    roots = [root.resolve() for root in (context.exports, shared.parent if shared else None) if root is not None]
    for root in roots:
        target = (root / name).resolve()
        if target.is_relative_to(root) and target != root and (name.is_absolute() or target.exists()):
            return target
    raise UserError(f"over SSH, :diff reads only snapshots in this session's directory or the server's snapshot "
                    f"directory: {requested!r} is not one")
