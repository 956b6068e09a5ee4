"""An authorized_keys line's options decide who its key logs in as, and whether it may at all."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import asyncssh
import pytest

from awsx.serve.keys import Grant, KeyRefused, expiry_time, grant

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
KEY = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()


def options(line_options: str) -> dict[str, object]:
    """What asyncssh's own parser makes of ``OPTIONS KEY`` (the server gets exactly this)."""
    keys = asyncssh.import_authorized_keys(f"{line_options} {KEY}\n")
    found = keys.validate(asyncssh.import_public_key(KEY), "127.0.0.1", "127.0.0.1")
    assert found is not None
    return dict(found)


ALICE = 'environment="AWSX_USER=alice"'


def test_a_key_logs_in_as_the_user_its_line_names_and_no_other():
    assert grant(options(ALICE), "alice", NOW) == Grant("alice")
    with pytest.raises(KeyRefused, match="belongs to alice"):
        grant(options(ALICE), "bob", NOW)


@pytest.mark.parametrize("line", ["", 'environment="LANG=C"', 'environment="AWSX_USER=[/]"',
                                  'environment="AWSX_USER=al ice"', 'environment="AWSX_USER=' + "a" * 33 + '"'])
def test_a_key_naming_no_login_name_is_refused(line):
    with pytest.raises(KeyRefused, match="names no user|not a login name"):
        grant(options(line) if line else {}, "alice", NOW)


@pytest.mark.parametrize(("extra", "why"), [
    ("no-pty", "terminal"),
    ("restrict", "terminal"),
    ('command="awsx open x"', "forced command"),
    ('principals="alice"', "does not support: principals"),
    ('tunnel="1"', "does not support: tunnel"),
    ('expiry-time="2026"', "not YYYYMMDD"),
])
def test_options_awsx_cannot_honour_refuse_the_key(extra, why):
    with pytest.raises(KeyRefused, match=why):
        grant(options(f"{extra},{ALICE}"), "alice", NOW)


@pytest.mark.parametrize("extra", ["restrict,pty", 'from="127.0.0.1"', "no-port-forwarding,no-agent-forwarding",
                                   'permitopen="localhost:80"', 'environment="LANG=C"'])
def test_options_awsx_honours_anyway_keep_the_key(extra):
    assert grant(options(f"{extra},{ALICE}"), "alice", NOW) == Grant("alice")


def test_expiry_time_refuses_from_that_moment_on():
    before, after = NOW - timedelta(minutes=1), NOW + timedelta(minutes=1)
    line = f'expiry-time="{after:%Y%m%d%H%M}Z",{ALICE}'
    assert grant(options(line), "alice", NOW) == Grant("alice")
    with pytest.raises(KeyRefused, match="expired"):
        grant(options(f'expiry-time="{before:%Y%m%d%H%M%S}Z",{ALICE}'), "alice", NOW)
    with pytest.raises(KeyRefused, match="expired"):
        grant(options(f'expiry-time="20200101",{ALICE}'), "alice", NOW)


def test_expiry_time_reads_the_formats_openssh_documents():
    assert expiry_time("20260601Z") == datetime(2026, 6, 1, tzinfo=timezone.utc)
    assert expiry_time("202606011230Z") == datetime(2026, 6, 1, 12, 30, tzinfo=timezone.utc)
    assert expiry_time("20260601123045z") == datetime(2026, 6, 1, 12, 30, 45, tzinfo=timezone.utc)
    assert expiry_time("20260601") == datetime(2026, 6, 1).astimezone()  # local time without the Z
    for bad in ("2026060", "2026-06-01", "20261301", "tomorrow", ""):
        with pytest.raises(KeyRefused):
            expiry_time(bad)
