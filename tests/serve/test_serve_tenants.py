"""`awsx serve` sessions as separate, bounded tenants (issue 20), against a real server: a key
logs in only as the user its line names; an expired, no-pty or forced-command key is refused;
`:export` writes only inside the session's own directory, which goes at logout; idle
connections that never log in do not lock a real user out; absurd window sizes are refused or
clamped without leaking descriptors; a SIGKILLed server leaves no session process or directory.
Timeouts here only guard against hangs."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import asyncssh
import pytest
from serve_fixture import Server, alive, authorized_line, gone, start_server, stop_server, window_size
from test_serve import command, environment, open_tui, read_until, until_who

from awsx.serve import follow


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_snapshot):
    running = start_server(tmp_path_factory.mktemp("tenants"), demo_snapshot)
    yield running
    stop_server(running)


def descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


async def until(check, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


def refusal(server: Server, user: str, key: asyncssh.SSHKey, since: int) -> str:
    fingerprint = key.get_fingerprint().replace("+", r"\+")
    return server.wait_for_log(rf"refused key {fingerprint} for user={user} from=\S+: (.*)", since=since)[1]


async def test_a_key_logs_in_only_as_the_user_its_line_names(server):
    before = len(server.log)
    with pytest.raises(asyncssh.PermissionDenied):
        await server.connect("bob", key=server.keys["alice"])  # alice's key, asking to be bob
    assert "belongs to alice" in refusal(server, "bob", server.keys["alice"], before)
    with pytest.raises(asyncssh.PermissionDenied):
        await server.connect("[/]", key=server.keys["alice"])
    conn = await server.connect("alice")  # her own name still works
    conn.close()
    await conn.wait_closed()


@pytest.mark.parametrize(("options", "why"), [
    ('expiry-time="20200101"', "expired"),
    ("no-pty", "may not have a terminal"),
    ("restrict", "may not have a terminal"),
    ('command="/bin/sh"', "forced command"),
    ("tunnel=\"0\"", "does not support: tunnel"),
])
async def test_authorized_keys_options_refuse_as_documented(server, options, why):
    original = server.authorized.read_text()
    key = server.keys["erin"]
    server.authorized.write_text(original.replace(authorized_line("erin", key), authorized_line("erin", key, options)))
    before = len(server.log)
    try:
        with pytest.raises(asyncssh.PermissionDenied):
            await server.connect("erin")
        assert why in refusal(server, "erin", key, before)
    finally:
        server.authorized.write_text(original)


async def test_restrict_with_pty_and_a_future_expiry_log_in(server):
    original = server.authorized.read_text()
    key = server.keys["erin"]
    line = authorized_line("erin", key, 'restrict,pty,expiry-time="29991231Z"')
    server.authorized.write_text(original.replace(authorized_line("erin", key), line))
    try:
        conn, _, login = await open_tui(server, "erin")
        conn.close()
        await conn.wait_closed()
        assert await gone(int(login[6]))
    finally:
        server.authorized.write_text(original)


async def test_exports_stay_in_the_sessions_own_directory_which_goes_at_logout(server, tmp_path):
    """The TUI asks export_path (test_exports.py tries every way out); here, over a real session."""
    conn, process, login = await open_tui(server, "carol")
    session = login[5]
    exports = server.root / "exports" / session
    assert exports.is_dir() and (exports.stat().st_mode & 0o777) == 0o700
    child = int(login[6])  # its working directory is empty and read-only, and never on its module path
    assert os.readlink(f"/proc/{child}/cwd") == str(server.root / "empty") and not os.listdir(server.root / "empty")
    env = environment(child)
    assert env["PYTHONSAFEPATH"] == "1" and env[follow.ENV_EXPORTS] == str(exports)
    try:
        await command(process, "vpc")
        await until_who(server, lambda present: any(p.session == session and p.state.kind == "ec2:vpc" for p in present))
        await command(process, "export csv ../../../evil.csv")
        assert b"over SSH, exports" in await read_until(process, b"over SSH, exports")
        await command(process, "export csv vpcs.csv")
        assert await until(lambda: (exports / "vpcs.csv").exists())
        assert await until(lambda: "vpc-" in (exports / "vpcs.csv").read_text())
        assert not list(server.root.parent.glob("evil.csv")) and not list(server.root.rglob("evil.csv"))
    finally:
        conn.close()
        await conn.wait_closed()
    assert await gone(child)
    assert await until(lambda: not exports.exists())


async def test_idle_connections_that_never_log_in_do_not_lock_a_real_user_out(server):
    idle = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(50)]
    try:
        conn, process, login = await open_tui(server, "dave")
        conn.close()
        await conn.wait_closed()
        assert await gone(int(login[6]))
    finally:
        for _, writer in idle:
            writer.close()


async def test_an_impossible_terminal_is_refused_without_leaking_descriptors(server):
    conn = await server.connect("alice")
    try:
        baseline = descriptors(server.process.pid)
        for _ in range(20):
            with pytest.raises(asyncssh.ChannelOpenError, match="PTY request failed"):
                await conn.create_process(term_type="xterm", term_size=(70000, 30), encoding=None)
        await until(lambda: descriptors(server.process.pid) == baseline)  # a closing channel may lag
        assert descriptors(server.process.pid) == baseline
    finally:
        conn.close()
        await conn.wait_closed()
    server.wait_for_log(r"refused a 70000x30 terminal for user=alice")


async def test_a_huge_window_is_clamped(server):
    conn, process, login = await open_tui(server, "bob", size=(2000, 30))
    child = int(login[6])
    try:
        assert (login[3], login[4]) == ("1000", "30")
        process.change_terminal_size(20000, 20000)
        assert await until(lambda: window_size(child) == (1000, 1000))
        process.change_terminal_size(70000, 70000)  # beyond any terminal: ignored
        process.change_terminal_size(90, 25)
        assert await until(lambda: window_size(child) == (90, 25))
    finally:
        conn.close()
        await conn.wait_closed()
    assert await gone(child)


async def test_a_killed_server_leaves_no_session_process_or_directory(tmp_path, demo_snapshot):
    doomed = start_server(tmp_path, demo_snapshot)
    try:
        conn, _, login = await open_tui(doomed, "alice")
        child = int(login[6])
        assert alive(child) and doomed.root.is_dir()
        doomed.process.send_signal(signal.SIGKILL)
        doomed.process.wait()
        assert await gone(child)
        assert await until(lambda: not doomed.root.exists())
        conn.abort()
    finally:
        stop_server(doomed)
    assert not Path(doomed.root).exists()
