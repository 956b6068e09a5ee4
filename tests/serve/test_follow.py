"""Follow mode's plumbing: a session publishes where its user is, atomically; `who` lists the
connected sessions; a follower reads a user's latest state; a closed session stays closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awsx.serve.follow import FollowContext, NavState, join, latest_state, leave, publish, resize, who

VPC = NavState(screen="browse", selection="arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1", kind="ec2:vpc",
               filter="tag:env=prod", sort_column=0)
SG = NavState(screen="detail", selection="arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1",
              kind="ec2:security-group")


@pytest.fixture
def room(tmp_path):
    join(tmp_path, "a1", "alice", (120, 40))
    join(tmp_path, "b1", "bob", (80, 24))
    return tmp_path


def test_who_lists_every_connected_session_with_its_size(room):
    assert [(p.user, p.session, p.size) for p in who(room)] == [("alice", "a1", (120, 40)), ("bob", "b1", (80, 24))]
    resize(room, "b1", (100, 30))
    assert [p.size for p in who(room) if p.user == "bob"] == [(100, 30)]


def test_a_follower_reads_the_users_latest_state(room):
    assert latest_state(room, "alice") == NavState()  # connected, not moved yet
    publish(room, "a1", VPC)
    assert latest_state(room, "alice") == VPC
    join(room, "a2", "alice", (90, 20))  # alice in a second window moves later
    publish(room, "a2", SG)
    assert latest_state(room, "alice") == SG
    assert latest_state(room, "nobody") is None


def test_writes_are_atomic_and_leave_no_temporary_files(room):
    for _ in range(20):
        publish(room, "a1", VPC)
    assert sorted(p.name for p in room.iterdir()) == ["a1.json", "b1.json"]
    assert json.loads((room / "a1.json").read_text())["state"]["filter"] == "tag:env=prod"


def test_a_closed_session_is_gone_and_publishing_does_not_bring_it_back(room):
    leave(room, "b1")
    publish(room, "b1", VPC)
    assert [p.user for p in who(room)] == ["alice"]


def test_files_another_session_damaged_are_ignored(room):
    (room / "x1.json").write_text("{not json")
    (room / "y1.json").write_text(json.dumps({"user": "mallory", "size": "huge"}))
    (room / "z1.json").write_bytes(b" " * 100_000)
    assert [p.user for p in who(room)] == ["alice", "bob"]


def test_session_ids_cannot_name_paths_outside_the_directory(room):
    with pytest.raises(ValueError):
        publish(room, "../escape", VPC)


def test_the_context_comes_from_the_environment_the_server_sets(room):
    context = FollowContext.from_environment({"AWSX_SESSION_DIR": str(room), "AWSX_USER": "bob", "AWSX_SESSION_ID": "b1"})
    context.publish(SG)
    assert context.latest("bob") == SG and [p.user for p in context.who()] == ["alice", "bob"]
    assert FollowContext.from_environment({}) is None  # not under awsx serve: no follow mode


def test_a_file_naming_no_login_name_is_not_listed(room):
    (room / "x1.json").write_text(json.dumps({"user": "[/]", "since": "", "size": [80, 24], "state": {}}))
    (room / "x2.json").write_text(json.dumps({"user": "\x1b]52;c;cm0gLXJmIH4K\x07", "size": [80, 24], "state": {}}))
    (room / "x3.json").write_text(json.dumps({"user": "carol", "size": [80, 24], "state": {}, "following": "[b]"}))
    assert [p.user for p in who(room)] == ["alice", "bob"]
    assert FollowContext.from_environment({"AWSX_SESSION_DIR": str(room), "AWSX_USER": "[/]",
                                           "AWSX_SESSION_ID": "x1"}) is None


def test_the_environment_gives_a_session_its_export_directory(room):
    environ = {"AWSX_SESSION_DIR": str(room), "AWSX_USER": "bob", "AWSX_SESSION_ID": "b1"}
    assert FollowContext.from_environment(environ).exports is None
    assert FollowContext.from_environment({**environ, "AWSX_EXPORT_DIR": "/x/b1"}).exports == Path("/x/b1")
