"""The IAM engine's costly structures, from the derived cache when the estate has one
(awsx/store/derived.py): the parsed principals and policies, and the principal graph
privesc and who-can walk. The CLI and the TUI ask for them here, so both reuse what the first
verb on a snapshot built; an estate without a cache (live, in memory) builds them as before."""

from __future__ import annotations

import copyreg
from dataclasses import dataclass, fields

from awsx.core.graph import Estate
from awsx.store.derived import derived

from .escalation import Step
from .kinds import IAM_KINDS
from .policy import Condition, Policy, Principals, Statement
from .principals import IamIndex, ParsedPolicies, Principal
from .privesc import Admin, PrincipalGraph, build_graph


@dataclass(frozen=True, slots=True)
class PortableGraph:
    """What the derived cache keeps of a principal graph (``PrincipalGraph.portable``)."""

    graph: PrincipalGraph
    pending: tuple[str, ...]


def iam_index(estate: Estate) -> IamIndex:
    """An IamIndex of ``estate`` with every principal and managed policy already parsed."""
    index = IamIndex(estate)
    return index.adopt(derived(estate, "iam-parsed-policies", index.parsed, ParsedPolicies, IAM_KINDS))


def principal_graph(index: IamIndex) -> PrincipalGraph:
    """The principal graph of ``index``'s estate (``build_graph``); an admin's edges are still
    made on first use (``PrincipalGraph.resumed``)."""
    stored = derived(index.estate, "iam-principal-graph", lambda: PortableGraph(*build_graph(index).portable()),
                     PortableGraph, IAM_KINDS)
    return stored.graph.resumed(index, stored.pending)


def _pickled_by_fields(record: type) -> None:
    """Pickle ``record`` as its constructor and field values. A slotted dataclass's own
    ``__setstate__`` asks ``dataclasses.fields`` once per object: on the 10k-ENI estate's
    ~190k statements, conditions and steps that was 6 of the 7 seconds of reading them back."""
    names = tuple(f.name for f in fields(record))
    copyreg.pickle(record, lambda value: (record, tuple(getattr(value, name) for name in names)))


for _record in (Principal, Policy, Statement, Condition, Principals, Step, Admin):
    _pickled_by_fields(_record)
