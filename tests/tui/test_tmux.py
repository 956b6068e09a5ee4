"""A real terminal: tmux runs ``awsx open snapshots/demo.awsx`` and the test reads the screen
with capture-pane after each step of issue 3's walk: ``:eni``, ``/10.0.1``, Enter, ``x``,
Escape, ``[``, ``?``, ``q``. Skipped only when tmux is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from session_options import offline_env

from awsx.core.filters import compile_filter
from awsx.inventory.specs import kind_info
from awsx.pulse.engines import PulseInputs, exposure_pulse
from awsx.store.snapshot import open_snapshot
from awsx.widgets.resource_rows import build_rows

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """One detached tmux session of 120x40 running a command, on a private tmux server (its
    own socket, no user config) so that other tmux sessions cannot change its size; COLUMNS
    and LINES are unset because Textual prefers them to the terminal's real size."""

    def __init__(self, command: str) -> None:
        self.name = f"awsx-test-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name, "-f", os.devnull]
        env = offline_env()
        exports = " ".join(f"{k}={v!r}" for k, v in env.items() if k in (
            "PYTHONPATH", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED",
            "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"))
        subprocess.run([*self.tmux, "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40",
                        f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {command}"], check=True, cwd=ROOT)
        subprocess.run([*self.tmux, "resize-window", "-t", self.name, "-x", "120", "-y", "40"], check=True)
        self.socket = subprocess.run([*self.tmux, "display-message", "-p", "#{socket_path}"],
                                     capture_output=True, text=True).stdout.strip()

    def screen(self) -> str:
        result = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def alive(self) -> bool:
        return subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True).returncode == 0

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        """Send keys as a person would: one group at a time, letting the app catch up."""
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.3)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
        if self.socket:
            Path(self.socket).unlink(missing_ok=True)  # tmux leaves its socket file behind


@pytest.fixture
def terminal(tmp_path, monkeypatch):
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    awsx = Path(sys.executable).with_name("awsx")
    term = Terminal(f"{awsx} open snapshots/demo.awsx")
    yield term
    term.close()


@dataclass(frozen=True)
class DemoFacts:
    """What the walk should show, read from the bundled snapshot through the same code the
    TUI uses, so the test follows the snapshot when ``make snapshot`` regenerates it."""

    exposure: str
    enis: int
    found: str
    found_subnet: str
    not_found: str


def demo_facts() -> DemoFacts:
    estate = open_snapshot(ROOT / "snapshots" / "demo.awsx")
    kind = kind_info("ec2:network-interface")
    rows = build_rows(kind, estate.resources("ec2:network-interface"))
    keep = compile_filter("10.0.1", [column.title for column in kind.columns])
    found = [estate.resource(row.arn) for row in rows if keep(row.view)]
    missed = [estate.resource(row.arn) for row in rows if not keep(row.view)]
    assert len(found) == 1, "the walk filters down to exactly one ENI"
    return DemoFacts(exposure_pulse(PulseInputs(estate))[1], len(rows), found[0].id, found[0].data["SubnetId"], missed[0].id)


def test_the_issue_walk_in_a_real_terminal(terminal: Terminal) -> None:
    demo = demo_facts()
    screen = terminal.wait_for(demo.exposure)  # the pulse, its engine lines answered
    assert "READ-ONLY" in screen and "snapshot demo.awsx as of " in screen

    terminal.keys(":")
    terminal.wait_for(":kind [filter]")  # the prompt is open
    terminal.keys("eni", "Enter")
    screen = terminal.wait_for(f"Network interfaces ({demo.enis})")
    assert "pulse › Network interfaces" in screen

    terminal.keys("/")
    terminal.wait_for("/ filter:")
    terminal.keys("10.0.1", "Enter")
    screen = terminal.wait_for(f"Network interfaces (1 of {demo.enis})")
    assert demo.found in screen and demo.not_found not in screen

    terminal.keys("Enter")
    screen = terminal.wait_for("Network interfaces · ec2:network-interface")
    assert f"pulse › Network interfaces /10.0.1 › {demo.found}" in screen

    terminal.keys("x")
    screen = terminal.wait_for("Xray: what it depends on")
    assert f"IN_SUBNET  {demo.found_subnet}" in screen and "✓" in screen

    terminal.keys("Escape")
    screen = terminal.wait_for("Record")
    assert "Xray: what it depends on" not in screen and "Related (" in screen

    terminal.keys("[")
    screen = terminal.wait_for(f"Network interfaces (1 of {demo.enis})")  # history brought the filter back
    assert "Kinds" in screen

    terminal.keys("?")
    screen = terminal.wait_for("esc to close")
    assert "Filter" in screen and "table.open" in screen  # the focused table's keys first
    terminal.keys("End")
    terminal.wait_for("app.xray")  # the app's, scrolled to

    terminal.keys("Escape")
    time.sleep(0.5)  # ESC then q at once would be read as alt+q
    terminal.keys("q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not terminal.alive()
