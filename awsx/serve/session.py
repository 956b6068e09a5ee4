"""One SSH session of ``awsx serve``: a PTY, the TUI process on it, and the bytes between.

The session accepts exactly one thing: a shell request after a PTY request, answered by
running the TUI (never a shell). Exec and subsystem requests are refused; a session without a
PTY gets one line saying why and ends. The TUI runs in its own session and process group on
its own PTY, with an environment built here (the client's ``env`` requests are ignored, and no
AWS credential can reach it); window size changes are passed on with TIOCSWINSZ, and when the
client goes away, for whatever reason, the whole process group is killed."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import pty
import secrets
import signal
import struct
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from awsx.serve import follow

log = logging.getLogger("awsx.serve.server")

KILL_GRACE_SECONDS = 2.0
READ_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class Login:
    """Who authenticated on a connection: what the login log line and AWSX_USER say."""

    user: str
    fingerprint: str
    peer: str


def child_environment(base: dict[str, str], term: str, login: Login, session_dir: Path, session: str) -> dict[str, str]:
    """The TUI's environment: the server's minus every ``AWS_*`` variable, with the AWS SDK
    pointed at no credentials or config file and no instance metadata, so nothing in a session
    can reach AWS (it reads the snapshot only)."""
    env = {k: v for k, v in base.items() if not k.startswith("AWS_")}
    env.update({
        "TERM": term or "xterm-256color",
        "PYTHONIOENCODING": "utf-8",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        follow.ENV_DIR: str(session_dir),
        follow.ENV_USER: login.user,
        follow.ENV_SESSION: session,
    })
    return env


def set_window_size(fd: int, width: int, height: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", max(height, 1), max(width, 1), 0, 0))


class Seats:
    """The server-wide session limit, shared by every connection: a seat is taken when the
    session channel opens and released when it closes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.taken = 0

    def take(self) -> bool:
        if self.taken >= self.limit:
            return False
        self.taken += 1
        return True

    def release(self) -> None:
        self.taken -= 1


class TuiSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """A PTY-backed TUI process for one SSH session channel (binary: encoding=None)."""

    def __init__(self, login: Login, command: tuple[str, ...], session_dir: Path, seats: Seats) -> None:
        self._login = login
        self._command = command
        self._session_dir = session_dir
        self._seats = seats
        self._session = secrets.token_hex(8)
        self._chan: Any = None
        self._term = ""
        self._size = (0, 0)
        self._master: int | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._started = 0.0

    # --- what the client may ask for ---------------------------------------------------------
    def connection_made(self, chan: Any) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self._term = term_type
        self._size = (term_size[0] or 80, term_size[1] or 24)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        log.info("refused exec request from user=%s key=%s", self._login.user, self._login.fingerprint)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        if not self._term:
            self._chan.write(b"awsx serve runs a full-screen TUI and needs a terminal: connect with ssh -t\r\n")
            self._chan.exit(1)
            return
        asyncio.ensure_future(self._start())

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._size = (width, height)
        if self._master is not None:
            set_window_size(self._master, width, height)
            follow.resize(self._session_dir, self._session, self._size)

    def data_received(self, data: bytes, datatype: Any) -> None:
        if self._master is not None:
            try:
                os.write(self._master, data)
            except OSError:
                pass  # input the TUI cannot take now (exiting, or a full buffer) is dropped, as a terminal would

    def pause_writing(self) -> None:
        if self._master is not None:
            asyncio.get_running_loop().remove_reader(self._master)

    def resume_writing(self) -> None:
        if self._master is not None:
            asyncio.get_running_loop().add_reader(self._master, self._pump)

    def connection_lost(self, exc: Exception | None) -> None:
        self._seats.release()
        self._stop()

    # --- the TUI process ---------------------------------------------------------------------
    async def _start(self) -> None:
        master, slave = pty.openpty()
        set_window_size(slave, *self._size)
        env = child_environment(dict(os.environ), self._term, self._login, self._session_dir, self._session)
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "awsx.serve.tty_exec", *self._command,
                stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True)
        except OSError as exc:
            os.close(master)
            log.error("cannot start the TUI for user=%s: %s", self._login.user, exc)
            if self._chan is not None:
                self._chan.exit(1)
            return
        finally:
            os.close(slave)
        if self._chan is None:  # the client left while the TUI was starting
            os.close(master)
            _signal_group(process.pid, signal.SIGKILL)
            await process.wait()
            return
        self._process = process
        self._master = master
        self._started = time.monotonic()
        os.set_blocking(master, False)
        asyncio.get_running_loop().add_reader(master, self._pump)
        follow.join(self._session_dir, self._session, self._login.user, self._size)
        width, height = self._size
        log.info("login user=%s key=%s term=%s size=%dx%d from=%s session=%s pid=%d", self._login.user,
                 self._login.fingerprint, self._term, width, height, self._login.peer, self._session,
                 process.pid)
        code = await process.wait()
        while self._pump():  # whatever the TUI wrote last
            pass
        self._close_master()
        if self._chan is not None:
            self._chan.exit(code if code >= 0 else 128 - code)

    def _pump(self) -> bool:
        """Copy what the TUI wrote to the client; False when there was nothing to copy."""
        if self._master is None or self._chan is None:
            return False
        try:
            data = os.read(self._master, READ_CHUNK)
        except BlockingIOError:
            return False
        except OSError:  # EIO: the TUI closed its terminal
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self._master)
            return False
        self._chan.write(data)
        return True

    def _close_master(self) -> None:
        if self._master is not None:
            asyncio.get_running_loop().remove_reader(self._master)
            os.close(self._master)
            self._master = None

    def _stop(self) -> None:
        """The client is gone: hang up on the TUI's process group, then kill what lingers."""
        self._chan = None
        process = self._process
        if process is None:
            return
        self._process = None
        follow.leave(self._session_dir, self._session)
        log.info("logout user=%s session=%s after %.0fs", self._login.user, self._session, time.monotonic() - self._started)
        if process.returncode is None:
            _signal_group(process.pid, signal.SIGHUP)
            asyncio.get_running_loop().call_later(KILL_GRACE_SECONDS, _signal_group, process.pid, signal.SIGKILL)
        self._close_master()


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass
