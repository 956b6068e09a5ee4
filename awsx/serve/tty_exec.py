"""``python -m awsx.serve.tty_exec COMMAND...``: make standard input (a PTY slave) this process's
controlling terminal, then become COMMAND.

``awsx serve`` starts each session's TUI through this. Without a controlling terminal the
kernel sends no SIGWINCH when the server resizes the PTY, so the TUI would never learn of a
client's resize; doing it here (after the server's ``start_new_session``) instead of in a
``preexec_fn`` keeps the server free of code that runs between fork and exec."""

from __future__ import annotations

import fcntl
import os
import sys
import termios


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m awsx.serve.tty_exec COMMAND [ARG...]\n")
        return 2
    if os.getsid(0) != os.getpid():
        os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    os.execvp(argv[0], argv)  # replaces this process (or raises: no return)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
