"""tty_exec ties a session's TUI to the server: when the server dies the kernel kills the TUI,
even while its terminal stays open (here the test, not the dying parent, holds the PTY)."""

from __future__ import annotations

import asyncio
import os
import pty
import signal
import subprocess
import sys
import textwrap
import time

from serve_fixture import alive, gone

PARENT = textwrap.dedent("""
    import os, subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-m", "awsx.serve.tty_exec", "--parent", str(os.getpid()),
                              "sleep", "600"], stdin=0, stdout=1, stderr=2, start_new_session=True)
    os.write(int(sys.argv[1]), f"{child.pid}\\n".encode())
    time.sleep(600)
""")


async def became_sleep(pid: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            if cmdline.read().startswith(b"sleep\0"):
                return alive(pid)
        await asyncio.sleep(0.05)
    return False


async def test_the_tui_dies_with_the_process_that_started_it():
    master, slave = pty.openpty()
    report_read, report_write = os.pipe()
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(report_write)], stdin=slave, stdout=slave, stderr=slave,
                              pass_fds=(report_write,), start_new_session=True)
    os.close(report_write)
    try:
        with os.fdopen(report_read) as report:
            child = int(report.readline())
        assert await became_sleep(child)  # past tty_exec's own check of its parent: only the signal is left
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert await gone(child)
    finally:
        os.close(master)
        os.close(slave)


def test_a_bad_command_line_is_one_line_exit_2():
    result = subprocess.run([sys.executable, "-m", "awsx.serve.tty_exec", "sleep", "1"], capture_output=True,
                            text=True, timeout=60)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
