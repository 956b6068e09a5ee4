"""One SSH session of ``awsx serve``: a PTY, the TUI process on it, and the bytes between.

The session accepts exactly one thing: a shell request after a PTY request, answered by
running the TUI (never a shell). Exec and subsystem requests are refused; a session without a
PTY gets one line saying why and ends. The TUI runs in its own session and process group on
its own PTY, with an environment built here (the client's ``env`` requests are ignored, and no
AWS credential can reach it), in a working directory that holds nothing and with the current
directory off its module path (``PYTHONSAFEPATH``). Its exports go to a directory of its own,
created at login and removed when the TUI has gone. Window sizes are clamped to 1..1000
columns and rows; a size no terminal can have (above 65535) refuses the PTY, or is ignored in
a window change. When the client goes away, for whatever reason, the whole process group is
killed; when the server dies, the kernel kills the TUI (tty_exec.py's parent-death signal)."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import pty
import secrets
import shutil
import signal
import struct
import sys
import tempfile
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
MAX_SIDE = 1000  # columns or rows: a TUI this size is already a wall of screens
WINSIZE_LIMIT = 65535  # what TIOCSWINSZ can carry; SSH sends 32 bits


@dataclass(frozen=True, slots=True)
class SessionDirs:
    """The server's private directory (mode 0700) and its three parts: ``who/``, the follow
    files; ``exports/<session>/``, each session's exports; ``empty/``, every TUI's working
    directory, which holds nothing and which no session writes."""

    root: Path

    @classmethod
    def create(cls) -> SessionDirs:
        dirs = cls(Path(tempfile.mkdtemp(prefix="awsx-serve-")))  # mkdtemp: mode 0700
        for part in (dirs.who, dirs.root / "exports", dirs.cwd):
            part.mkdir(mode=0o700)
        dirs.cwd.chmod(0o500)
        return dirs

    @property
    def who(self) -> Path:
        return self.root / "who"

    @property
    def cwd(self) -> Path:
        return self.root / "empty"

    def exports(self, session: str) -> Path:
        return self.root / "exports" / session

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def terminal_size(width: int, height: int) -> tuple[int, int] | None:
    """A client's window size as the TUI gets it: 0 (SSH's "unknown") is 80x24, the rest is
    clamped to 1..MAX_SIDE; None for a size beyond any terminal (the request is refused)."""
    if not (0 <= width <= WINSIZE_LIMIT and 0 <= height <= WINSIZE_LIMIT):
        return None
    return min(width or 80, MAX_SIDE), min(height or 24, MAX_SIDE)


@dataclass(frozen=True, slots=True)
class Login:
    """Who authenticated on a connection: what the login log line and AWSX_USER say."""

    user: str
    fingerprint: str
    peer: str


def child_environment(base: dict[str, str], term: str, login: Login, dirs: SessionDirs, session: str) -> dict[str, str]:
    """The TUI's environment: the server's minus every ``AWS_*`` variable, with the AWS SDK
    pointed at no credentials or config file and no instance metadata, so nothing in a session
    can reach AWS (it reads the snapshot only); Python never puts the working directory on the
    module path."""
    env = {k: v for k, v in base.items() if not k.startswith("AWS_")}
    env.update({
        "TERM": term or "xterm-256color",
        "PYTHONIOENCODING": "utf-8",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "PYTHONSAFEPATH": "1",
        follow.ENV_DIR: str(dirs.who),
        follow.ENV_USER: login.user,
        follow.ENV_SESSION: session,
        follow.ENV_EXPORTS: str(dirs.exports(session)),
    })
    return env


def set_window_size(fd: int, width: int, height: int) -> None:
    """``width`` x ``height`` as ``terminal_size`` returned it."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


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

    def __init__(self, login: Login, command: tuple[str, ...], dirs: SessionDirs, seats: Seats) -> None:
        self._login = login
        self._command = command
        self._dirs = dirs
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
        size = terminal_size(term_size[0], term_size[1])
        if size is None:
            log.warning("refused a %dx%d terminal for user=%s", term_size[0], term_size[1], self._login.user)
            return False
        self._term, self._size = term_type, size
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
        size = terminal_size(width, height)
        if size is None:
            log.warning("ignored a resize to %dx%d for user=%s", width, height, self._login.user)
            return
        self._size = size
        if self._master is not None:
            set_window_size(self._master, *size)
            follow.resize(self._dirs.who, self._session, size)

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
        exports = self._dirs.exports(self._session)
        try:
            process, master = await self._spawn(exports)
        except OSError as exc:
            shutil.rmtree(exports, ignore_errors=True)
            log.error("cannot start the TUI for user=%s: %s", self._login.user, exc)
            if self._chan is not None:
                self._chan.exit(1)
            return
        try:
            await self._run(process, master)
        finally:
            shutil.rmtree(exports, ignore_errors=True)  # the TUI has gone: nothing writes there now

    async def _spawn(self, exports: Path) -> tuple[asyncio.subprocess.Process, int]:
        """The TUI on a new PTY; on any failure both PTY ends are closed (nothing leaks)."""
        exports.mkdir(mode=0o700)
        master, slave = pty.openpty()
        try:
            set_window_size(slave, *self._size)
            env = child_environment(dict(os.environ), self._term, self._login, self._dirs, self._session)
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "awsx.serve.tty_exec", "--parent", str(os.getpid()), *self._command,
                stdin=slave, stdout=slave, stderr=slave, env=env, cwd=self._dirs.cwd, start_new_session=True,
                close_fds=True)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return process, master

    async def _run(self, process: asyncio.subprocess.Process, master: int) -> None:
        """Copy bytes between the client and the TUI until it exits; pass on its exit status."""
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
        follow.join(self._dirs.who, self._session, self._login.user, self._size)
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
        follow.leave(self._dirs.who, self._session)
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
