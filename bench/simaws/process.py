"""simaws in a child process: the benchmark's crawler then has its interpreter (and GIL) to
itself, as it would against AWS, instead of sharing it with the proxy's event loop."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

from .proxy import AccountBucketKey, BucketKey, Record, SimAws, SimConfig


def _serve(upstream: str, config: SimConfig, commands: Connection) -> None:
    with SimAws(upstream, config) as sim:
        commands.send(sim.endpoint)
        while True:
            verb, argument = commands.recv()
            if verb == "stop":
                return
            answers: dict[str, Any] = {
                "reset": lambda: sim.reset(argument),
                "counts": lambda: sim.counts(per_account=bool(argument)),
                "misses": lambda: sim.misses,
                "requests": lambda: len(sim.log),
                "log": lambda: list(sim.log),
            }
            commands.send(answers[verb]())


class SimAwsProcess:
    """The ``SimAws`` interface the bench uses (endpoint, config, reset, counts, misses)."""

    def __init__(self, upstream: str, config: SimConfig = SimConfig()) -> None:
        self.config = config
        self._commands, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_serve, args=(upstream, config, child),
                                                                     daemon=True)
        self.endpoint = ""

    def __enter__(self) -> SimAwsProcess:
        self._process.start()
        self.endpoint = self._commands.recv()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._commands.send(("stop", None))
        self._process.join(timeout=30)

    def _ask(self, verb: str, argument: object = None) -> Any:
        self._commands.send((verb, argument))
        return self._commands.recv()

    def reset(self, config: SimConfig | None = None) -> None:
        self.config = config or self.config
        self._ask("reset", config)

    def counts(self, per_account: bool = False) -> dict[BucketKey, Counter[str]] | dict[AccountBucketKey, Counter[str]]:
        return self._ask("counts", per_account)

    def log(self) -> list[Record]:
        """Every request of the run so far, in order, with its time and outcome."""
        return self._ask("log")

    def requests(self) -> int:
        """How many requests the run has had so far."""
        return self._ask("requests")

    @property
    def misses(self) -> int:
        return self._ask("misses")
