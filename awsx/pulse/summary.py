"""The whole dashboard as one record, computed at once: what ``awsx pulse --json`` prints
(the TUI builds the same parts one by one, the engine lines in workers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from awsx.core.graph import Estate
from awsx.pulse.counts import Place, kind_counts_by_place
from awsx.pulse.engines import ENGINE_CHECKS, EnginePulse, PulseInputs
from awsx.pulse.faults import Fault, pulse_faults


@dataclass(frozen=True, slots=True)
class Pulse:
    """The whole dashboard as one record (``awsx pulse --json``): counts per kind and
    ``account/region``, the pulse faults, and every engine line."""

    counts: dict[str, dict[Place, int]]
    faults: tuple[Fault, ...]
    engines: tuple[EnginePulse, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": {kind: {f"{p.account}/{p.region}": n for p, n in row.items()}
                       for kind, row in sorted(self.counts.items())},
            "faults": [fault.to_json() for fault in self.faults],
            "engines": [engine.to_json() for engine in self.engines],
        }


def pulse(estate: Estate) -> Pulse:
    """What the dashboard shows, computed at once (the TUI runs the engine lines in a worker)."""
    inputs = PulseInputs(estate)
    return Pulse(kind_counts_by_place(estate), tuple(pulse_faults(estate)),
                 tuple(check.run(inputs) for check in ENGINE_CHECKS))
