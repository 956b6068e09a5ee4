"""The pulse's engine lines of one estate share what they all ask for: the exposure findings
and the principal graph are computed once per run, not once per line (issue 18: on the 100k
estate each is seconds of CPU), and the lines say what the engines say on their own."""

from __future__ import annotations

import pytest

import awsx.iam.derived as derived_module
import awsx.iam.privesc as privesc_module
import awsx.reach.identity as identity_module
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.pulse import engines
from awsx.pulse.engines import ENGINE_CHECKS, PulseInputs
from awsx.reach.exposure import exposure
from awsx.reach.identity import admin_targets, exposed_identities


def test_one_pulse_run_builds_the_principal_graph_and_the_exposure_once(demo_estate, monkeypatch) -> None:
    calls = {"graph": 0, "exposure": 0}

    def counted(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    # Every module that would build a graph of its own when none is given (privesc, the identity join).
    for module in (derived_module, privesc_module, identity_module):
        monkeypatch.setattr(module, "build_graph", counted("graph", privesc_module.build_graph))
    monkeypatch.setattr(engines, "exposure", counted("exposure", engines.exposure))
    inputs = PulseInputs(demo_estate)
    for check in ENGINE_CHECKS:
        check.run(inputs)
    assert calls == {"graph": 1, "exposure": 1}


@pytest.mark.parametrize("key", ["exposure admin", "privesc"])
def test_the_shared_lines_answer_as_their_engines_alone(demo_estate, key) -> None:
    pulse = next(c for c in ENGINE_CHECKS if c.key == key).run(PulseInputs(demo_estate))
    if key == "privesc":
        report = privesc(IamIndex(demo_estate))
        assert pulse.count == len({p.principal for p in report.paths})
        assert pulse.summary.endswith(f"{len(report.admins)} admin" + ("" if len(report.admins) == 1 else "s"))
    else:
        assert pulse.count == len(admin_targets(exposed_identities(demo_estate, exposure(demo_estate))))
