"""An ``awsx serve`` subprocess on 127.0.0.1 (offline, no AWS credentials), its log, and the
keys that may and may not log in: what test_serve.py and its OpenSSH variant share."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from conftest import offline_env

LOGIN = r"login user={user} key=(\S+) term=(\S+) size=(\d+)x(\d+) from=127\.0\.0\.1 session=(\w+) pid=(\d+)"
LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+) host-key=(\S+) snapshot=\S+ sessions=(\S+)")


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    fingerprint: str
    session_dir: Path
    key: asyncssh.SSHKey
    key_file: Path
    stranger: asyncssh.SSHKey
    data_home: Path
    log: list[str] = field(default_factory=list)

    def wait_for_log(self, pattern: str, timeout: float = 60.0, since: int = 0) -> re.Match[str]:
        """The first log line from number ``since`` on that matches ``pattern``."""
        expression = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log[since:]:
                found = expression.search(line)
                if found:
                    return found
            time.sleep(0.05)
        raise AssertionError(f"no log line matching {pattern!r} in:\n" + "".join(self.log))

    async def connect(self, user: str = "alice", key: asyncssh.SSHKey | None = None, **options) -> asyncssh.SSHClientConnection:
        return await asyncssh.connect("127.0.0.1", self.port, username=user, known_hosts=None, config=None,
                                      agent_path=None, client_keys=[key or self.key], **options)


def _collect(stream, into: list[str]) -> None:
    for line in stream:
        into.append(line)


def start_server(tmp: Path, snapshot: Path | None, *extra: str, env: dict[str, str] | None = None,
                 before: tuple[str, ...] = ()) -> Server:
    """``awsx [BEFORE...] serve ... --snapshot SNAPSHOT [EXTRA...]`` (``--cache`` in EXTRA instead
    when SNAPSHOT is None); ``env`` adds to the server's environment."""
    key, stranger = asyncssh.generate_private_key("ssh-ed25519"), asyncssh.generate_private_key("ssh-ed25519")
    key_file = tmp / "id_ed25519"
    key.write_private_key(str(key_file))
    os.chmod(key_file, 0o600)
    authorized = tmp / "authorized_keys"
    authorized.write_bytes(key.export_public_key())
    data_home = tmp / "data"
    environment = {**offline_env(), "XDG_DATA_HOME": str(data_home), "AWS_ACCESS_KEY_ID": "AKIASERVERONLY",
                   "AWS_SECRET_ACCESS_KEY": "server-secret-never-in-a-session", **(env or {})}
    source = ("--snapshot", str(snapshot)) if snapshot else ()
    process = subprocess.Popen(
        [sys.executable, "-m", "awsx.cli", *before, "serve", "--ssh", "127.0.0.1:0", "--authorized-keys",
         str(authorized), *source, *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    log: list[str] = []
    threading.Thread(target=_collect, args=(process.stderr, log), daemon=True).start()
    server = Server(process, 0, "", Path(), key, key_file, stranger, data_home, log)
    try:
        found = server.wait_for_log(LISTENING.pattern)
    except AssertionError:
        process.kill()
        raise
    server.port, server.fingerprint, server.session_dir = int(found[1]), found[2], Path(found[3])
    return server


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie counts as gone: it runs no code)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


async def gone(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        await asyncio.sleep(0.1)
    return False


def window_size(pid: int) -> tuple[int, int]:
    """The TUI's terminal size as its own PTY reports it: (columns, rows)."""
    descriptor = os.open(f"/proc/{pid}/fd/0", os.O_RDONLY | os.O_NOCTTY)
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(descriptor, termios.TIOCGWINSZ, b"\0" * 8))
    finally:
        os.close(descriptor)
    return columns, rows
