"""Where ``:export FORMAT PATH`` may write: the one rule the TUI asks before writing a file.

Outside ``awsx serve`` the user owns the machine and PATH means what it says (``~`` expanded).
In an SSH session every viewer runs as the server's user, so PATH is a name inside the
session's own directory (``AWSX_EXPORT_DIR``: created mode 0700 by the server, removed at
logout): an absolute path, ``~``, a ``..`` component or a symlink leading out of it is refused,
and so is every export when the server gave no directory. Nothing a session exports can then
reach the authorized_keys file, the Python path, another session or the follow files.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from awsx.core.errors import UserError
from awsx.serve.follow import FollowContext


def export_path(requested: str, context: FollowContext | None) -> Path:
    """The file ``:export`` writes for ``requested``; a UserError (one line) when refused."""
    if context is None:
        return Path(requested).expanduser()
    if context.exports is None:
        raise UserError("exports are off in this SSH session (the server gave it no export directory)")
    name = PurePath(requested)
    if not requested or name.is_absolute() or requested.startswith("~") or ".." in name.parts:
        raise UserError(f"over SSH, exports go to this session's directory: give a plain file name, not {requested!r}")
    home = context.exports.resolve()
    target = (home / name).resolve()
    if target == home or not target.is_relative_to(home):
        raise UserError(f"over SSH, exports stay in this session's directory: {requested!r} leads out of it")
    return target
