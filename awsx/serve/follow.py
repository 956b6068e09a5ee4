"""Follow mode's plumbing: who is connected to ``awsx serve`` and where each of them is.

``awsx serve`` gives every session's TUI four environment variables: ``AWSX_SESSION_DIR`` (a
private directory, mode 0700, shared by the sessions of one server), ``AWSX_USER`` (the user
the session's key names), ``AWSX_SESSION_ID`` and ``AWSX_EXPORT_DIR`` (the session's own
directory, the only place its exports go: awsx/serve/exports.py). Each session owns one file there, ``<session id>.json``:
the server writes it at login (user, terminal size) and deletes it at logout; the TUI
publishes its navigation state into it (screen, selection ARN, kind, filter, sort) on every
move. ``:who`` lists the files; ``:follow NAME`` polls that user's latest state and renders it
at the follower's own size.

Every write is atomic (a temporary file in the same directory, then ``os.replace``), so a
reader never sees half a document; every read is JSON only, size-capped, and treats a file it
cannot parse as absent: the files are written by other sessions. A user name is a login name
(``is_user_name``) or the file is ignored, so a name never carries markup or escapes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from awsx.core.inert import inert
from awsx.tui.navigation import NavState

ENV_DIR = "AWSX_SESSION_DIR"
ENV_USER = "AWSX_USER"
ENV_SESSION = "AWSX_SESSION_ID"
ENV_EXPORTS = "AWSX_EXPORT_DIR"
MAX_BYTES = 64 * 1024  # a navigation state is a few hundred bytes
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_USER_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")


def is_user_name(text: str) -> bool:
    """A portable login name (POSIX's characters, 32 at most): what a key may be bound to."""
    return _USER_NAME.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class Presence:
    """One connected session, as ``:who`` lists it."""

    session: str
    user: str
    since: str
    size: tuple[int, int]
    updated: str = ""
    state: NavState = field(default_factory=NavState)
    following: str = ""  # the user this session follows (``:follow NAME``), empty if none

    def to_json(self) -> dict[str, Any]:
        return {"session": self.session, "user": self.user, "since": self.since, "size": list(self.size),
                "updated": self.updated, "state": self.state.to_json(), "following": self.following}

    @classmethod
    def from_json(cls, session: str, record: Mapping[str, Any]) -> Presence:
        width, height = (int(n) for n in record.get("size") or (0, 0))
        following = str(record.get("following") or "")
        if not is_user_name(str(record["user"])) or (following and not is_user_name(following)):
            raise ValueError(f"not a user name: {record['user']!r} / {following!r}")
        state = NavState.from_json(record.get("state") or {})
        # What another user typed reaches this one's Inputs, crumbs and :who: inert (issue #20).
        state = replace(state, filter=inert(state.filter), argument=inert(state.argument))
        return cls(session=session, user=str(record["user"]), since=str(record.get("since") or ""),
                   size=(width, height), updated=str(record.get("updated") or ""), state=state,
                   following=following)


@dataclass(frozen=True, slots=True)
class FollowContext:
    """This session's place in the shared directory (from the environment the server set)."""

    directory: Path
    user: str
    session: str
    exports: Path | None = None  # where ``:export`` writes; None: nowhere (exports are off)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> FollowContext | None:
        """None when not running under ``awsx serve`` (follow mode is then unavailable)."""
        environ = os.environ if environ is None else environ
        directory, user, session = environ.get(ENV_DIR), environ.get(ENV_USER), environ.get(ENV_SESSION)
        if not (directory and user and session and _SESSION_ID.match(session) and is_user_name(user)):
            return None
        exports = environ.get(ENV_EXPORTS)
        return cls(Path(directory), user, session, Path(exports) if exports else None)

    def publish(self, state: NavState, following: str = "") -> None:
        publish(self.directory, self.session, state, following)

    def who(self) -> list[Presence]:
        return who(self.directory)

    def latest(self, user: str) -> NavState | None:
        return latest_state(self.directory, user)


def _now() -> str:
    """Microseconds, not milliseconds: two windows of one user publishing within the same
    millisecond must still be ordered (``latest_state`` takes the most recent)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _path(directory: Path, session: str) -> Path:
    if not _SESSION_ID.match(session):
        raise ValueError(f"not a session id: {session!r}")
    return directory / f"{session}.json"


def _write(path: Path, record: Mapping[str, Any]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def join(directory: Path, session: str, user: str, size: tuple[int, int]) -> None:
    """The server announces a session at login."""
    _write(_path(directory, session), {"user": user, "since": _now(), "size": list(size), "state": {}})


def resize(directory: Path, session: str, size: tuple[int, int]) -> None:
    """The server records a session's new terminal size (``:who`` shows it)."""
    path = _path(directory, session)
    record = _read(path)
    if record is not None:
        _write(path, {**record, "size": list(size)})


def leave(directory: Path, session: str) -> None:
    """The server removes a session at logout (``:who`` no longer lists it)."""
    _path(directory, session).unlink(missing_ok=True)


def publish(directory: Path, session: str, state: NavState, following: str = "") -> None:
    """A session's TUI records where its user now is (and whom it follows, for ``:who``). A
    session the server already closed stays closed: publishing never resurrects it."""
    path = _path(directory, session)
    record = _read(path)
    if record is None:
        return
    _write(path, {**record, "updated": _now(), "state": state.to_json(), "following": following})


def who(directory: Path) -> list[Presence]:
    """Every connected session, by user then login time."""
    found = []
    for path in directory.glob("*.json"):
        record = _read(path)
        if record is None or "user" not in record:
            continue
        try:
            found.append(Presence.from_json(path.stem, record))
        except (TypeError, ValueError):
            continue
    return sorted(found, key=lambda p: (p.user, p.since, p.session))


def latest_state(directory: Path, user: str) -> NavState | None:
    """What ``:follow USER`` shows: that user's most recently updated session's state."""
    sessions = [p for p in who(directory) if p.user == user]
    if not sessions:
        return None
    return max(sessions, key=lambda p: (p.updated, p.since)).state
