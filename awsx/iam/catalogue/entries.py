"""The catalogue entries (``paths.toml``), loaded once into frozen records the escalation engine
and the catalogue status read. Each entry cites its source: https://pathfinding.cloud/paths/<id>."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

How = Literal["self", "principal", "modify", "pass-role", "run-as"]
SOURCE = "https://pathfinding.cloud/paths/{id}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One escalation path. ``actions``: all groups are needed, any one action of a group;
    ``catalogued``: False for awsx's own rules, which have no catalogue page; ``hosted``: the
    needed ECS cluster must have a container instance registered (StartTask places the task on
    one: ECS API Reference, StartTask ``containerInstances``, required); ``enabled``: a field of
    the target's record that must be true (ECS Exec's ``enableExecuteCommand``)."""

    id: str
    name: str
    how: How
    catalogued: bool
    kind: str = "iam"
    service: str = ""
    actions: tuple[tuple[str, ...], ...] = ()
    action: str = ""
    also: tuple[str, ...] = ()
    modify: str = ""
    become: str = ""
    needs: tuple[str, ...] = ()
    target: str = ""
    instance_profile: bool = False
    pass_role: bool = False
    hosted: bool = False
    enabled: str = ""
    running: bool = False
    managed: bool = False
    condition: str = ""
    not_applicable: str = ""

    @property
    def catalogue_id(self) -> str | None:
        return self.id if self.catalogued else None

    @property
    def source(self) -> str | None:
        return SOURCE.format(id=self.id) if self.catalogued else None


def _entry(record: dict[str, Any], catalogued: bool) -> Entry:
    fields = dict(record)
    fields["actions"] = tuple(tuple(group) for group in fields.get("actions", ()))
    for name in ("also", "needs"):
        fields[name] = tuple(fields.get(name, ()))
    return Entry(catalogued=catalogued, **fields)


@cache
def entries() -> tuple[Entry, ...]:
    """Every entry: the catalogue's in id order, then awsx's extra rules."""
    data = tomllib.loads(resources.files(__package__).joinpath("paths.toml").read_text(encoding="utf-8"))
    catalogued = sorted((_entry(r, True) for r in data.get("path", ())), key=lambda e: _order(e.id))
    return (*catalogued, *(_entry(r, False) for r in data.get("extra", ())))


def _order(entry_id: str) -> tuple[str, int]:
    service, _, number = entry_id.rpartition("-")
    return service, int(number)


@cache
def of(how: How) -> tuple[Entry, ...]:
    return tuple(e for e in entries() if e.how == how)


@cache
def id_for_actions(*actions: str) -> str | None:
    """The catalogue id of a one-principal step (self-modification, access keys, login profile,
    AssumeRole, a trust change) made of exactly these actions; None when the catalogue has none."""
    wanted = frozenset(actions)
    for entry in entries():
        if entry.how in ("self", "principal") and frozenset((entry.action, *entry.also)) == wanted:
            return entry.catalogue_id
    return None
