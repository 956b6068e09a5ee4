"""`awsx open FILE` on a machine with no AWS credentials and no network: the TUI draws from
the snapshot and quits cleanly. The child has no AWS_* credentials, the socket fence refuses
anything but loopback, and where the kernel allows it (root, unshare) the child runs in a
network namespace of its own with no interface up at all."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
import zipfile

import pytest
from session_options import offline_env

from awsx.store.snapshot import SCHEMA_VERSION


def _network_namespace() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], capture_output=True).returncode == 0:
        return [unshare, "--net"]
    return []


def _read_while(master: int, going, timeout: float = 90.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while going(seen) and time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            try:
                seen += os.read(master, 65536)
            except OSError:  # EIO: the child closed its terminal
                break
    return seen


@pytest.mark.parametrize("isolation", ["fence", "namespace"])
def test_open_draws_the_snapshot_offline_and_quits(demo_snapshot, isolation):
    prefix = _network_namespace() if isolation == "namespace" else []
    if isolation == "namespace" and not prefix:
        pytest.skip("no network namespaces here (needs root and unshare)")
    master, slave = pty.openpty()
    env = {**offline_env(), "TERM": "xterm-256color", "LINES": "30", "COLUMNS": "100"}
    child = subprocess.Popen([*prefix, sys.executable, "-m", "awsx.cli", "open", str(demo_snapshot)],
                             stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    try:
        # The header is drawn in more than one write: wait for both of its parts.
        wanted = (b"READ-ONLY", b"snapshot demo.awsx")
        seen = _read_while(master, lambda seen: not all(w in seen for w in wanted) and child.poll() is None)
        assert b"READ-ONLY" in seen, seen[-2000:]
        assert b"snapshot demo.awsx" in seen
        os.write(master, b"q")
        _read_while(master, lambda seen: child.poll() is None)  # keep draining: a full PTY blocks the TUI
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)


def test_open_of_a_snapshot_from_a_newer_awsx_is_one_clear_line(demo_snapshot, tmp_path):
    future = tmp_path / "future.awsx"
    with zipfile.ZipFile(demo_snapshot) as original, zipfile.ZipFile(future, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "manifest.json":
                data = json.dumps({**json.loads(data), "schema": SCHEMA_VERSION + 1}).encode()
            copy.writestr(item, data)
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "open", str(future)],
                            capture_output=True, text=True, env=offline_env(), timeout=120)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"awsx: error: {future} uses snapshot schema {SCHEMA_VERSION + 1}; "
                             f"this awsx reads up to {SCHEMA_VERSION}: upgrade awsx\n")
