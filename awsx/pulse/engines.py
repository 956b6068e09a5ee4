"""The dashboard's engine lines: one line per engine (reachability, IAM evaluation, prices,
waste), each the engine's pure function summed up as a count and a sentence. They are slower
than the pulse faults, so the TUI runs each off the UI thread and shows "computing" until it
answers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from awsx.core.graph import Estate
from awsx.cost.report import cost_report
from awsx.cost.waste import waste_report
from awsx.iam.derived import iam_index, principal_graph
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import PrincipalGraph, privesc
from awsx.reach.exposure import Exposure, exposure
from awsx.reach.identity import admin_targets, exposed_identities


@dataclass(frozen=True, slots=True)
class EnginePulse:
    """An engine's one-line answer for the dashboard: ``view`` is the ``:`` word of the engine
    view the line links to, ``argument`` the words after it; ``count`` is what the line leads
    with (None when it failed)."""

    view: str
    title: str
    count: int | None
    summary: str
    argument: str = ""

    @property
    def key(self) -> str:
        """The line's identity: two lines may open the same view with different arguments."""
        return f"{self.view} {self.argument}".strip()

    def to_json(self) -> dict[str, Any]:
        return {"view": self.view, "argument": self.argument, "title": self.title, "count": self.count,
                "summary": self.summary}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


class PulseInputs:
    """What several engine lines of one estate ask for, computed once on first use: the exposure
    findings (the exposure line and the exposed-admins line), the IAM index and its principal
    graph (the privesc line and the exposed-admins line). On a 100k-resource estate each is
    seconds of CPU, and the lines run one after the other on one estate, so asking twice was
    paying twice. Held by one pulse run, never across estates."""

    def __init__(self, estate: Estate) -> None:
        self.estate = estate

    @cached_property
    def exposure(self) -> list[Exposure]:
        return exposure(self.estate)

    @cached_property
    def iam(self) -> IamIndex:
        return iam_index(self.estate)  # the derived cache's, when the estate came from a snapshot

    @cached_property
    def graph(self) -> PrincipalGraph:
        return principal_graph(self.iam)


def exposure_pulse(inputs: PulseInputs) -> tuple[int, str]:
    """Ports the whole internet can open (awsx exposure), on how many targets: the headline; next
    to it, the ports open only to listed ranges (an office prefix list, an admin's /32), which
    are a choice somebody made rather than an exposure to everyone (issue 14)."""
    found = inputs.exposure
    world = [e for e in found if e.world]
    targets = len({e.target for e in world})
    listed = len(found) - len(world)
    return len(world), f"{_plural(len(world), 'port')} on {_plural(targets, 'target')}; {listed} more to listed ranges"


def exposed_admin_pulse(inputs: PulseInputs) -> tuple[int, str]:
    """Internet-reachable targets that run as an admin role (exposure joined with identity,
    issue 14): the chain internet -> path -> target -> role, named."""
    targets = admin_targets(exposed_identities(inputs.estate, inputs.exposure, inputs.graph, inputs.iam))
    run = "runs" if len(targets) == 1 else "run"
    return len(targets), f"{_plural(len(targets), 'internet-reachable target')} {run} as admin" + \
        (f": {', '.join(targets)}" if targets else "")


def privesc_pulse(inputs: PulseInputs) -> tuple[int, str]:
    """Principals that can become admin (awsx privesc), next to how many already are."""
    report = privesc(inputs.iam, graph=inputs.graph)
    principals = len({p.principal for p in report.paths})
    return principals, f"{_plural(principals, 'principal')} can escalate; {_plural(len(report.admins), 'admin')}"


def cost_pulse(inputs: PulseInputs) -> tuple[int, str]:
    """The estimated monthly bill (awsx cost); unpriced resources are counted, not zeroed."""
    report = cost_report(inputs.estate)
    unknown = f", {report.unknown_count} unpriced" if report.unknown_count else ""
    return len(report.items), f"${report.total_monthly:,.2f}/month over {_plural(len(report.items), 'resource')}{unknown}"


def waste_pulse(inputs: PulseInputs) -> tuple[int, str]:
    """What the waste rules say could be saved (awsx waste), and the largest finding."""
    report = waste_report(inputs.estate)
    summary = f"${report.total_monthly_savings:,.2f}/month in {_plural(len(report.findings), 'finding')}"
    priced = [f for f in report.findings if f.monthly_savings is not None]
    if priced:
        top = max(priced, key=lambda f: f.monthly_savings or 0.0)
        summary += f"; top: {top.rule} {top.arn.rsplit('/', 1)[-1]} ${top.monthly_savings:,.2f}"
    return len(report.findings), summary


@dataclass(frozen=True, slots=True)
class EngineCheck:
    """A dashboard line computed by an engine: the view it links to, its title, the function."""

    view: str
    title: str
    compute: Callable[[PulseInputs], tuple[int, str]]
    argument: str = ""  # what the line passes to its view (``:exposure admin``)

    @property
    def key(self) -> str:
        return f"{self.view} {self.argument}".strip()

    def run(self, inputs: PulseInputs) -> EnginePulse:
        """The line's answer; one ``PulseInputs`` is passed to every line of an estate."""
        count, summary = self.compute(inputs)
        return EnginePulse(self.view, self.title, count, summary, self.argument)


ENGINE_CHECKS: tuple[EngineCheck, ...] = (
    EngineCheck("exposure", "Open to the whole internet", exposure_pulse),
    EngineCheck("exposure", "Internet-reachable and running as admin", exposed_admin_pulse, "admin"),
    EngineCheck("privesc", "Privilege escalation to admin", privesc_pulse),
    EngineCheck("cost", "Estimated monthly cost", cost_pulse),
    EngineCheck("waste", "Waste", waste_pulse),
)
