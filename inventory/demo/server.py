"""Where the demo estate lives: an embedded moto server on 127.0.0.1, and the account, regions
and (fake) credentials awsx uses to talk to it."""

from __future__ import annotations

import json
import logging
import os
from html import escape
from typing import Any

DEMO_ACCOUNT = "123456789012"
DEMO_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
DEMO_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
# Reads moto 5.2.5 does not implement: the demo's server answers them NotImplemented, so every
# crawl of it carries their ``unsupported`` markers (the package docstring lists what is left out).
MOTO_UNIMPLEMENTED: frozenset[tuple[str, str]] = frozenset({("ssm", "DescribeInstanceInformation")})


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
        self._server = _threaded_server()
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


def _threaded_server() -> Any:
    """moto's threaded server on 127.0.0.1 at a free port, whose backends answer an action moto
    has not implemented with a ``NotImplemented`` error (HTTP 501) instead of an internal error:
    botocore retries a 500 for a minute and more (it is transient on AWS), a 501 it does not, and
    the crawler marks the read ``unsupported`` (what the demo says of SSM
    DescribeInstanceInformation). moto 5.2.5 is pinned, so overriding its server's entry is safe."""
    from flask import Response, request
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    def not_implemented(error: NotImplementedError) -> Response:
        message = str(error) or "not implemented by the demo's moto"
        if "json" in (request.content_type or ""):
            body, mimetype = json.dumps({"__type": "NotImplemented", "message": message}), "application/json"
        else:
            body = (f"<ErrorResponse><Error><Code>NotImplemented</Code><Message>{escape(message)}</Message></Error>"
                    "</ErrorResponse>")
            mimetype = "text/xml"
        return Response(body, status=501, mimetype=mimetype, headers={"x-amzn-ErrorType": "NotImplemented"})

    def backend_app(service: str) -> Any:
        app = create_backend_app(service)
        app.register_error_handler(NotImplementedError, not_implemented)
        return app

    class Server(ThreadedMotoServer):
        def _server_entry(self) -> None:
            self._server = make_server(self._ip_address, self._port, DomainDispatcherApplication(backend_app), True,
                                       request_handler=MotoRequestHandler)
            self._server_ready_event.set()
            self._server.serve_forever()

    return Server(ip_address="127.0.0.1", port=0, verbose=False)
