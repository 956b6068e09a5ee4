"""Where the demo estate lives: an embedded moto server on 127.0.0.1, and the account, regions
and (fake) credentials awsx uses to talk to it."""

from __future__ import annotations

import logging
import os
from typing import Any

DEMO_ACCOUNT = "123456789012"
DEMO_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
DEMO_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


class MotoServer:
    """Embedded moto server on 127.0.0.1 at a free port. moto keeps its state per process, so
    every MotoServer in one process serves the same estate.

    Before the first request it turns off moto's default AMIs (unless the environment already
    decides): they bring ~1300 snapshots (in us-east-1) that ``DescribeSnapshots(OwnerIds=self)``
    reports as the account's own. Request logging is silenced (it would write over the TUI)
    unless the ``werkzeug`` logger is already configured."""

    def __init__(self) -> None:
        self._server: Any = None
        self.endpoint = ""

    def start(self) -> None:
        os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        werkzeug_log = logging.getLogger("werkzeug")
        if werkzeug_log.level == logging.NOTSET:
            werkzeug_log.setLevel(logging.CRITICAL)
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> MotoServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
