"""`awsx serve` with a real SSH client (asyncssh): an authorised key logs in and sees the TUI,
resizes, quits; an unauthorised key and a password are refused; exec and port forwarding are
refused; killing the client leaves no process behind; two clients at once, one following the
other, a third over the session limit refused. The server runs as `awsx serve` in a subprocess with a fenced network
and AWS credentials in its own environment that no session may inherit."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys

import asyncssh
import pytest
from serve_fixture import LOGIN, Server, gone, start_server, stop_server, window_size
from session_options import offline_env

from awsx.serve import follow
from awsx.serve.server import host_key


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_snapshot):
    running = start_server(tmp_path_factory.mktemp("serve"), demo_snapshot, "--max-sessions", "2")
    yield running
    stop_server(running)


async def read_until(process: asyncssh.SSHClientProcess, text: bytes, timeout: float = 90.0) -> bytes:
    seen = b""
    async with asyncio.timeout(timeout):
        while text not in seen:
            chunk = await process.stdout.read(65536)
            if not chunk:
                break
            seen += chunk
    return seen


async def open_tui(server: Server, user: str, size: tuple[int, int] = (100, 30)):
    before = len(server.log)
    conn = await server.connect(user)
    process = await conn.create_process(term_type="xterm-256color", term_size=size, encoding=None)
    assert b"READ-ONLY" in await read_until(process, b"READ-ONLY")
    return conn, process, server.wait_for_log(LOGIN.format(user=user), since=before)


def environment(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/environ", "rb") as raw:
        pairs = [item.split(b"=", 1) for item in raw.read().split(b"\0") if b"=" in item]
    return {k.decode(): v.decode() for k, v in pairs}


async def test_an_authorised_key_logs_in_sees_the_tui_resizes_and_quits(server):
    conn, process, login = await open_tui(server, "alice")
    fingerprint, term, width, height, _, pid = login.groups()
    assert (fingerprint, term, width, height) == (server.key.get_fingerprint(), "xterm-256color", "100", "30")
    child = int(pid)
    assert window_size(child) == (100, 30)

    process.change_terminal_size(132, 43)
    for _ in range(100):
        if window_size(child) == (132, 43):
            break
        await asyncio.sleep(0.05)
    assert window_size(child) == (132, 43)
    assert await read_until(process, b"READ-ONLY")  # the TUI redraws at the new size

    process.stdin.write(b"q")
    completed = await asyncio.wait_for(process.wait(), 60)
    assert completed.exit_status == 0
    assert await gone(child)
    conn.close()
    await conn.wait_closed()


async def test_a_session_has_no_aws_credentials_and_knows_its_user(server):
    conn, process, login = await open_tui(server, "carol")
    env = environment(int(login[6]))
    assert not {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} & set(env)
    assert env["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull and env["AWS_CONFIG_FILE"] == os.devnull
    assert env[follow.ENV_USER] == "carol" and env[follow.ENV_SESSION] == login[5]
    assert env[follow.ENV_DIR] == str(server.session_dir)
    conn.close()
    await conn.wait_closed()
    assert await gone(int(login[6]))


async def test_an_unauthorised_key_is_refused(server):
    with pytest.raises(asyncssh.PermissionDenied):
        await server.connect("alice", key=server.stranger)
    server.wait_for_log(r"refused key " + server.stranger.get_fingerprint().replace("+", r"\+") + " for user=alice")


async def test_a_password_is_refused(server):
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect("127.0.0.1", server.port, username="alice", password="hunter2", client_keys=None,
                               known_hosts=None, config=None, agent_path=None)


async def test_exec_and_port_forwarding_are_refused(server):
    conn = await server.connect("alice")
    try:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_process("cat /etc/passwd", encoding=None)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port)
    finally:
        conn.close()
        await conn.wait_closed()


async def test_a_session_without_a_terminal_is_told_why(server):
    conn = await server.connect("alice")
    try:
        result = await conn.run(term_type=None)
        assert result.exit_status == 1
        assert "needs a terminal" in result.stdout
    finally:
        conn.close()
        await conn.wait_closed()


async def test_killing_the_client_leaves_no_child_process(server):
    conn, _, login = await open_tui(server, "dave")
    child = int(login[6])
    conn.abort()  # the TCP connection drops, as when the client is killed
    assert await gone(child)
    server.wait_for_log(rf"logout user=dave session={login[5]}")
    assert not (server.session_dir / f"{login[5]}.json").exists()


async def until_who(server: Server, check, timeout: float = 30.0) -> list[follow.Presence]:
    """The session directory's ``who`` once ``check`` accepts it (the TUIs publish on a timer)."""
    async with asyncio.timeout(timeout):
        while not check(present := follow.who(server.session_dir)):
            await asyncio.sleep(0.1)
    return present


async def command(process: asyncssh.SSHClientProcess, line: str) -> None:
    """Type ``:LINE`` Enter as a person would: the words once the ``:`` prompt is seen drawn (its
    placeholder) and has had a moment to take the focus. A pause alone was not enough on a loaded
    machine: the words went to the view under the prompt as keys."""
    await drain(process)  # an earlier prompt's drawing still unread must not pass for this one
    process.stdin.write(b":")
    await read_until(process, b"[filter]")
    await asyncio.sleep(0.5)
    process.stdin.write(line.encode() + b"\r")


async def drain(process: asyncssh.SSHClientProcess, quiet: float = 0.3, reads: int = 100) -> None:
    """Read what the session has drawn until it has been quiet for ``quiet`` seconds (at most
    ``reads`` reads: a view that keeps drawing cannot hold the test)."""
    for _ in range(reads):
        try:
            if not await asyncio.wait_for(process.stdout.read(65536), quiet):
                return
        except asyncio.TimeoutError:
            return


async def test_two_clients_at_once_one_following_the_other_a_third_over_the_limit_is_refused(server):
    first, alice_process, alice = await open_tui(server, "alice")
    second, bob_process, bob = await open_tui(server, "bob", size=(80, 24))
    try:
        assert {(p.user, p.size) for p in follow.who(server.session_dir)} == {("alice", (100, 30)), ("bob", (80, 24))}
        await command(alice_process, "vpc")  # alice opens the VPCs
        await until_who(server, lambda present: any(p.user == "alice" and p.state.kind == "ec2:vpc" for p in present))
        await command(bob_process, "follow alice")
        assert b"following alice" in await read_until(bob_process, b"following alice")
        # bob's view tracks alice's (his TUI publishes where it now is, and whom it follows)
        present = await until_who(server, lambda present: any(
            p.user == "bob" and p.following == "alice" and p.state.kind == "ec2:vpc" for p in present))
        assert {p.user: p.following for p in present} == {"alice": "", "bob": "alice"}
        alice_process.stdin.write(b"j")  # alice moves down a row: bob's selection follows
        moved = await until_who(server, lambda present: len({p.state.selection for p in present}) == 1
                                and all(p.state.kind == "ec2:vpc" for p in present))
        assert moved[0].state.selection is not None
        third = await server.connect("erin")
        with pytest.raises(asyncssh.ChannelOpenError):
            await third.create_process(term_type="xterm", encoding=None)
        third.close()
    finally:
        for conn in (first, second):
            conn.close()
            await conn.wait_closed()
    assert await gone(int(alice[6])) and await gone(int(bob[6]))


async def test_the_host_key_is_generated_once_and_kept_private(server):
    path = server.data_home / "awsx" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert host_key(path.parent).get_fingerprint() == server.fingerprint
    conn = await server.connect("alice")
    assert conn.get_server_host_key().get_fingerprint() == server.fingerprint
    conn.close()
    await conn.wait_closed()


async def test_connections_over_the_limit_are_refused(tmp_path, demo_snapshot):
    small = start_server(tmp_path, demo_snapshot, "--max-connections", "1")
    try:
        first = await small.connect("alice")
        with pytest.raises(asyncssh.DisconnectError, match="too many connections"):
            await small.connect("bob")
        first.close()
        await first.wait_closed()
        for _ in range(50):  # the slot frees when the server sees the first one go
            try:
                second = await small.connect("bob")
                break
            except asyncssh.DisconnectError:
                await asyncio.sleep(0.1)
        second.close()
        await second.wait_closed()
    finally:
        stop_server(small)


async def test_cache_mode_serves_the_crawl_cache_without_credentials_in_sessions(tmp_path, moto_server, seeded):
    env = {"AWS_ENDPOINT_URL": moto_server.endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    cached = start_server(tmp_path, None, "--cache", env=env, before=("--regions", "us-east-1", "--quiet"))
    try:
        conn, _, login = await open_tui(cached, "alice")
        child = environment(int(login[6]))
        assert "AWS_ENDPOINT_URL" not in child and "AWS_ACCESS_KEY_ID" not in child
        conn.close()
        await conn.wait_closed()
    finally:
        stop_server(cached)


@pytest.mark.parametrize(("address", "keys", "message"), [
    ("nonsense", "missing", "--ssh wants HOST:PORT"),
    ("127.0.0.1:0", "missing", "cannot read authorized keys"),
    ("127.0.0.1:0", "empty", "holds no usable OpenSSH public key"),
])
def test_bad_serve_options_are_one_line_exit_2(tmp_path, demo_snapshot, address, keys, message):
    keys_file = tmp_path / "authorized_keys"
    if keys == "empty":
        keys_file.write_text("# nobody yet\n")
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "serve", "--ssh", address, "--authorized-keys",
                             str(keys_file), "--snapshot", str(demo_snapshot)],
                            capture_output=True, text=True, env=offline_env(), timeout=60)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert message in result.stderr
