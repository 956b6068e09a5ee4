"""moto in a child process, so the server's CPU does not compete for the crawler's GIL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

# The demo's server (inventory/demo/server.py) in the child: an action moto has not implemented
# answers 501, as AWS answers what it does not support, instead of a 500 botocore retries for minutes.
_DEMO_SERVER = ("import sys, time\nfrom awsx.inventory.demo.server import MotoServer\nserver = MotoServer()\n"
                "server.start()\nprint(server.endpoint, flush=True)\ntime.sleep(10**9)")


class MotoProcess:
    """``with MotoProcess() as moto:`` a moto server at ``moto.endpoint`` on 127.0.0.1;
    ``demo=True``: the demo's server, whose unimplemented actions answer 501."""

    def __init__(self, demo: bool = False) -> None:
        self.endpoint = ""
        self.demo = demo
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> MotoProcess:
        # No default AMIs: they would add ~1300 "own" snapshots to us-east-1 (see inventory/demo/server.py).
        env = {**os.environ, "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}
        if self.demo:
            self._process = subprocess.Popen([sys.executable, "-c", _DEMO_SERVER], env=env, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL)
            assert self._process.stdout is not None
            self.endpoint = self._process.stdout.readline().decode().strip()
            if not self.endpoint:
                self.__exit__()
                raise RuntimeError("moto server did not start")
            return self
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1).close()
                return self
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.1)

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)
            self._process = None
