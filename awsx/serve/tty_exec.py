"""``python -m awsx.serve.tty_exec --parent PID COMMAND...``: tie this process's life to the
server's (PID), make standard input (a PTY slave) its controlling terminal, then become COMMAND.

``awsx serve`` starts each session's TUI through this. Without a controlling terminal the
kernel sends no SIGWINCH when the server resizes the PTY, so the TUI would never learn of a
client's resize; doing it here (after the server's ``start_new_session``) instead of in a
``preexec_fn`` keeps the server free of code that runs between fork and exec.

The parent-death signal (Linux's ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, kept across exec) makes
the kernel kill the TUI when the server dies, however it dies: a SIGKILLed server leaves no
session spinning on a terminal nobody reads. The server may already have died before the
signal was armed, so the parent is checked once after; elsewhere than Linux there is no such
signal and the server's own shutdown is the only one that ends sessions."""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import sys
import termios

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Arm the parent-death signal where the kernel has one (Linux); elsewhere do nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "--parent" or not argv[1].isdigit():
        sys.stderr.write("usage: python -m awsx.serve.tty_exec --parent PID COMMAND [ARG...]\n")
        return 2
    parent, command = int(argv[1]), argv[2:]
    die_with_parent()
    if os.getppid() != parent:  # the server died before the signal was armed
        return 1
    if os.getsid(0) != os.getpid():
        os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    os.execvp(command[0], command)  # replaces this process (or raises: no return)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
