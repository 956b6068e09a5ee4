"""`awsx serve` with the OpenSSH client in a tmux pane, as a person would use it: log in, see
the TUI, resize the window, quit; and a killed `ssh` leaves no TUI behind. Skipped where `ssh`
or `tmux` is not installed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest
from serve_fixture import LOGIN, alive, start_server, stop_server, window_size

pytestmark = pytest.mark.skipif(not (shutil.which("ssh") and shutil.which("tmux")), reason="needs OpenSSH ssh and tmux")


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_snapshot):
    running = start_server(tmp_path_factory.mktemp("openssh"), demo_snapshot)
    yield running
    stop_server(running)


@pytest.fixture
def tmux():
    """A tmux server of this test's own (its own socket), killed afterwards."""
    socket = f"awsx-test-{os.getpid()}-{time.monotonic_ns()}"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=30)

    yield run
    run("kill-server")


def _ssh(server, user: str) -> str:
    return (f"exec ssh -F /dev/null -i {server.key_files[user]} -p {server.port} -o IdentitiesOnly=yes -o BatchMode=yes "
            f"-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -t {user}@127.0.0.1")


def _wait(predicate, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _screen(tmux) -> str:
    return tmux("capture-pane", "-p", "-t", "awsx").stdout


def test_openssh_logs_in_sees_the_tui_resizes_and_quits(server, tmux):
    before = len(server.log)
    tmux("new-session", "-d", "-s", "awsx", "-x", "100", "-y", "30", _ssh(server, "alice"))
    assert _wait(lambda: "READ-ONLY" in _screen(tmux)), _screen(tmux)
    child = int(server.wait_for_log(LOGIN.format(user="alice"), since=before)[6])
    tmux("resize-window", "-t", "awsx", "-x", "120", "-y", "40")
    assert _wait(lambda: window_size(child) == (120, 40))
    tmux("send-keys", "-t", "awsx", "q")
    assert _wait(lambda: not alive(child))
    assert _wait(lambda: tmux("has-session", "-t", "awsx").returncode != 0)  # ssh ended with the TUI


def test_a_killed_openssh_client_leaves_no_tui_behind(server, tmux):
    before = len(server.log)
    tmux("new-session", "-d", "-s", "awsx", "-x", "100", "-y", "30", _ssh(server, "bob"))
    assert _wait(lambda: "READ-ONLY" in _screen(tmux)), _screen(tmux)
    child = int(server.wait_for_log(LOGIN.format(user="bob"), since=before)[6])
    ssh_pid = int(tmux("list-panes", "-t", "awsx", "-F", "#{pane_pid}").stdout.split()[0])
    os.kill(ssh_pid, signal.SIGKILL)
    assert _wait(lambda: not alive(child), timeout=30)
