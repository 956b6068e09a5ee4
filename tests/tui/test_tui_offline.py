"""No screen can reach AWS in snapshot mode: walking every view of the bundled snapshot, with
every botocore call made to fail loudly and sockets fenced to loopback (conftest), makes no
call at all. (That the UI imports nothing that could is tests/contracts/test_layers.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, DETAIL, PULSE, USED_BY, XRAY, NavState

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"
from awsx.store.snapshot import open_snapshot


@pytest.fixture
def aws_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every botocore / aiobotocore API call is recorded and refused."""
    import aiobotocore.client
    import botocore.client

    calls: list[str] = []

    def refuse(self, operation_name, api_params):  # noqa: ANN001 - botocore's signature
        calls.append(operation_name)
        raise AssertionError(f"the TUI made an AWS call: {operation_name}")

    async def refuse_async(self, operation_name, api_params):  # noqa: ANN001
        return refuse(self, operation_name, api_params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", refuse)
    monkeypatch.setattr(aiobotocore.client.AioBaseClient, "_make_api_call", refuse_async)
    return calls


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_every_view_of_the_demo_snapshot_opens_without_an_aws_call(aws_calls) -> None:
    estate = open_snapshot(DEMO)
    app = AwsxApp(estate)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the pulse and its four engines
        for kind in sorted(estate.kind_counts()):
            first = next(estate.resources(kind))
            for state in (NavState(BROWSE, kind=kind), NavState(DETAIL, first.arn, kind),
                          NavState(XRAY, first.arn, kind), NavState(USED_BY, first.arn, kind)):
                app.navigate(state)
                await settle(pilot)
                assert app.screen.nav_state().screen == state.screen
            await pilot.press("question_mark")
            await pilot.press("escape")
            app.navigate(NavState(PULSE))  # back to one screen: the stack stays small
        await pilot.press("R")
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"prod")
        await settle(pilot)
        await pilot.press("escape")
        failed = [w for w in app.workers if w.error is not None]
        assert not failed
    assert aws_calls == []
