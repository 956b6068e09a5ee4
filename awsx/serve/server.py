"""``awsx serve --ssh HOST:PORT --authorized-keys FILE --snapshot FILE``: share one estate over
SSH during an incident, each person in their own TUI, nobody holding AWS credentials.

Security stance, one decision per line (asyncssh does the protocol):
- public-key authentication only, against an OpenSSH ``authorized_keys`` file re-read at every
  attempt (adding a key needs no restart); no passwords, no keyboard-interactive, no
  host-based or GSS logins, no "accept all";
- a key logs in only as the user its line names, within its options (keys.py);
- the host key is generated once (Ed25519) and kept, mode 0600, in the XDG data directory, so
  clients can pin it;
- no shell, exec, subsystem, SFTP/SCP, TCP/Unix port forwarding, agent or X11 forwarding: a
  session is a PTY running ``awsx open SNAPSHOT`` and nothing else (serve_session.py);
- connections that have not logged in wait in a bounded room of their own (gate.py), apart
  from the limits on logged-in connections and sessions; a login timeout; one log line per
  login (user, key fingerprint, terminal size);
- one private directory for everything the sessions share or write (session.py's
  SessionDirs), removed at shutdown, or by the reaper (reaper.py) when the server is killed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import asyncssh
from platformdirs import user_data_dir

from awsx.core.errors import UserError
from awsx.serve.gate import PreAuthGate
from awsx.serve.keys import KeyRefused, grant
from awsx.serve.reaper import Reaper
from awsx.serve.session import KILL_GRACE_SECONDS, Login, Seats, SessionDirs, TuiSession
from awsx.store.snapshot import SnapshotReader

log = logging.getLogger("awsx.serve.server")

HOST_KEY_NAME = "ssh_host_ed25519_key"
LOGIN_TIMEOUT_SECONDS = 30
KEEPALIVE_SECONDS = 30


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str
    port: int
    authorized_keys: Path
    snapshot: Path
    max_sessions: int = 8
    max_connections: int = 16  # logged in; the ones still logging in have their own room:
    max_startups_per_source: int = 4
    max_startups: int = 32
    host_key_dir: Path | None = None

    @property
    def command(self) -> tuple[str, ...]:
        """What every session runs: the TUI on the shared snapshot."""
        return (sys.executable, "-m", "awsx.cli", "open", str(self.snapshot))


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:2222`` for IPv6) -> (host, port); a UserError otherwise."""
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UserError(f"--ssh wants HOST:PORT (e.g. 127.0.0.1:2222), not {text!r}")
    return host, int(port)


def read_authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    try:
        return asyncssh.read_authorized_keys(str(path))
    except OSError as exc:
        raise UserError(f"cannot read authorized keys {path}: {exc.strerror or exc}") from None
    except (ValueError, asyncssh.KeyImportError) as exc:
        raise UserError(f"{path} holds no usable OpenSSH public key ({exc})") from None


def host_key(directory: Path | None = None) -> asyncssh.SSHKey:
    """The server's Ed25519 host key: read from the data directory, or generated once there."""
    directory = directory or Path(user_data_dir("awsx", appauthor=False))
    path = directory / HOST_KEY_NAME
    if path.exists():
        return asyncssh.read_private_key(str(path))
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="awsx serve host key")
    temporary = path.with_name(path.name + ".partial")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(key.export_private_key())
    os.replace(temporary, path)
    path.with_name(path.name + ".pub").write_bytes(key.export_public_key())
    return key


class Hub:
    """What every connection shares: options, the session directories, the limits."""

    def __init__(self, options: ServeOptions, dirs: SessionDirs) -> None:
        self.options = options
        self.dirs = dirs
        self.seats = Seats(options.max_sessions)
        self.waiting: PreAuthGate[Any] = PreAuthGate(options.max_startups_per_source, options.max_startups)
        self.open: set[Any] = set()  # every connection, to close at shutdown
        self.logged_in: set[Any] = set()


class AwsxServer(asyncssh.SSHServer):
    """One instance per connection (asyncssh calls the factory for each)."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._conn: Any = None
        self._peer = ("", 0)
        self._login: Login | None = None

    def connection_made(self, conn: Any) -> None:
        self._conn = conn
        self._peer = conn.get_extra_info("peername")[:2]
        self._hub.open.add(conn)
        for waited_longest in self._hub.waiting.admit(conn, self._peer[0]):
            log.warning("dropped a connection that had not logged in, for a newer one (%d waiting)",
                        len(self._hub.waiting))
            waited_longest.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        self._hub.waiting.leave(self._conn)
        self._hub.open.discard(self._conn)
        self._hub.logged_in.discard(self._conn)

    # --- authentication: public keys from the authorized_keys file, nothing else -------------
    def begin_auth(self, username: str) -> bool:
        # Refused here rather than at connect, so the client is told why (after key exchange).
        if len(self._hub.logged_in) >= self._hub.options.max_connections:
            log.warning("refused connection from %s: %d logged in already", self._peer[0], len(self._hub.logged_in))
            raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, "too many connections")
        return True

    def auth_completed(self) -> None:
        self._hub.waiting.leave(self._conn)
        self._hub.logged_in.add(self._conn)

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        try:
            keys = read_authorized_keys(self._hub.options.authorized_keys)
        except UserError as exc:
            log.error("%s: refusing every login", exc)
            return False
        options = keys.validate(key, self._peer[0], self._peer[0])
        if options is None:
            log.info("refused key %s for user=%s from=%s", key.get_fingerprint(), _shown(username), self._peer[0])
            return False
        try:
            granted = grant(options, username, datetime.now(timezone.utc))
        except KeyRefused as why:
            log.info("refused key %s for user=%s from=%s: %s", key.get_fingerprint(), _shown(username),
                     self._peer[0], why)
            return False
        self._login = Login(granted.user, key.get_fingerprint(), self._peer[0])
        return True

    # --- channels: one kind of session; no forwarding of any kind ----------------------------
    def session_requested(self) -> Any:
        if self._login is None or not self._hub.seats.take():
            log.warning("refused a session: %d of %d sessions in use", self._hub.seats.taken, self._hub.seats.limit)
            return False
        return TuiSession(self._login, self._hub.options.command, self._hub.dirs, self._hub.seats)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


def _shown(username: str) -> str:
    """A client-sent name as one log word: escapes for anything unprintable (it is not yet anyone's)."""
    return username.encode("unicode_escape").decode("ascii").replace(" ", "\\x20")


def check_options(options: ServeOptions) -> None:
    """Fail before listening: unreadable keys or snapshot are one clear line, exit 2."""
    read_authorized_keys(options.authorized_keys)  # asyncssh refuses a file with no valid key
    SnapshotReader(options.snapshot).close()
    if min(options.max_sessions, options.max_connections, options.max_startups_per_source, options.max_startups) < 1:
        raise UserError("--max-sessions and --max-connections must be at least 1")


async def serve(options: ServeOptions, stop: asyncio.Event, ready: asyncio.Future | None = None) -> None:
    """Listen until ``stop`` is set; then close every connection (each session's TUI dies)."""
    dirs = SessionDirs.create()
    reaper = Reaper(dirs.root)
    hub = Hub(options, dirs)
    key = host_key(options.host_key_dir)
    try:
        acceptor = await asyncssh.create_server(
            lambda: AwsxServer(hub), options.host, options.port,
            server_host_keys=[key], authorized_client_keys=None,
            public_key_auth=True, password_auth=False, kbdint_auth=False, host_based_auth=False,
            gss_auth=False, gss_kex=False, x11_forwarding=False, agent_forwarding=False, allow_scp=False,
            allow_pty=True, line_editor=False, encoding=None, login_timeout=LOGIN_TIMEOUT_SECONDS,
            keepalive_interval=KEEPALIVE_SECONDS,
        )
    except OSError as exc:
        dirs.remove()
        reaper.stop()
        raise UserError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None
    port = acceptor.sockets[0].getsockname()[1]
    log.info("listening on %s:%d host-key=%s snapshot=%s sessions=%s", options.host, port,
             key.get_fingerprint(), options.snapshot, dirs.root)
    if ready is not None:
        ready.set_result(port)
    try:
        await stop.wait()
    finally:
        acceptor.close()
        connected = list(hub.open)
        for conn in connected:  # each session's TUI is hung up on as its channel closes
            conn.close()
        await acceptor.wait_closed()
        if connected:  # the hung-up TUIs get their grace period, and the follow-up SIGKILL
            await asyncio.sleep(KILL_GRACE_SECONDS + 0.5)
        dirs.remove()
        reaper.stop()


def serve_forever(options: ServeOptions) -> int:
    """The CLI's entry point: log to stderr, stop cleanly on SIGINT or SIGTERM."""
    check_options(options)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s awsx serve: %(message)s", stream=sys.stderr)
    logging.getLogger("asyncssh").setLevel(logging.WARNING)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve(options, stop)

    asyncio.run(main())
    return 0
