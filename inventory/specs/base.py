"""The declarative vocabulary of the crawler. A resource type is data: a ``ResourceSpec``
(what to call, where the records are, how to name them), optional ``Enrichment`` calls per
record, ``EdgeRule``s (how records point at each other), and a ``Kind`` for the UI.

Nothing here imports boto: the UI reads kinds and columns from these modules too.
Paths are JMESPath expressions evaluated on an API page or record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from awsx.core.model import Column, Kind, Relation, Resource

Scope = Literal["regional", "global"]
RefBy = Literal["id", "arn", "name", "dns"]

# Default ARN template for EC2-style sub-resources that the API returns no ARN for.
EC2_ARN = "arn:{partition}:ec2:{region}:{account}:{type}/{id}"


@dataclass(frozen=True, slots=True)
class ResourceSpec:
    """One kind of resource and the read call that lists it.

    Several specs may share an ``operation`` (IAM's GetAccountAuthorizationDetails returns
    users, groups, roles and policies): the crawler makes the call once and feeds every spec.
    A spec with ``parent`` is called once per parent record, with ``parent_params`` mapping
    the call's parameter names to paths in the parent's record (``@arn`` / ``@id`` / ``@name``
    name the parent resource's own fields), and ``from_parent`` gives the fields each child
    record takes from its parent (the OU an Organizations account is listed under, the cluster
    of an ECS service or EKS node group: the list call's answer does not say, and the Describe
    call needs it). A child spec whose parent is its own kind recurses down a tree (OUs
    under OUs) until a level lists nothing. ``home_region`` is a path to the region a record
    belongs to when every region lists it (a cross-region peering: the requester's region),
    so both sides' answers make one resource. ``absent`` lists error codes of the listing that
    mean "there are none" rather than "unknown" (an account in no organization has no root):
    the listing is then empty and leaves no marker. ``dns`` are paths to the DNS names a
    record answers to (a load balancer's ``DNSName``): edge rules ``by="dns"`` resolve a name to it
    (inventory/edges.py).
    """

    kind: str
    service: str
    operation: str
    items: str
    id: str
    title: str
    arn: str | None = None
    arn_template: str = EC2_ARN
    arn_type: str = ""
    name: str | None = None
    tags: str | None = "Tags"
    params: dict[str, Any] = field(default_factory=dict)
    scope: Scope = "regional"
    parent: str | None = None
    parent_params: dict[str, str] = field(default_factory=dict)
    from_parent: Callable[[Resource], dict[str, Any]] | None = None
    absent: tuple[str, ...] = ()
    dns: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    home_region: str | None = None
    aliases: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()

    @property
    def kind_info(self) -> Kind:
        return Kind(self.kind, self.title, self.aliases, self.columns)


# An Enrichment's ``into`` that merges the answer into the record rather than under one key.
INTO_RECORD = "@"


@dataclass(frozen=True, slots=True)
class Enrichment:
    """A per-record read call whose answer is stored in the record's ``data[into]``.

    ``result`` selects from the response (``None``: the whole response minus metadata).
    ``absent`` lists error codes that mean "there is none" (``NoSuchBucketPolicy``): the
    field is then set to ``absent_value`` rather than raising a marker. ``exists_only``
    keeps only whether the call succeeded (GetLoginProfile: existence, never the profile).
    ``sets_region`` re-homes the record (S3 GetBucketLocation), and enrichments with
    ``in_record_region`` run in the record's region afterwards. ``when`` is a JMESPath
    predicate on the record (only VPC attachments have VPC attachment details);
    ``parse_json`` decodes documents AWS returns as JSON text (bucket policies, SCPs);
    ``tags`` says the answer is the record's tags (services that list them separately). A parameter
    path written ``[@id]`` is sent as a one-element list. ``params_from`` builds parameters a path
    cannot express (nested metric queries, a time window ending now) and ``reshape`` turns the
    selected answer into the stored value (the latest datapoint per series).

    ``into="@"`` (``INTO_RECORD``) merges the answer's fields into the record itself, and the
    record is normalised again from its spec (id, ARN, name, tags, IPs): for list calls that
    answer only names or ARNs (CodeBuild ListProjects, ECS, EKS), the Describe call *is* the
    record, kept in the shape AWS returns it.

    ``batch`` records share one call where the API takes a list (ELBv2 DescribeTags takes 20
    ARNs): each record puts its value in the list parameter (written ``[@arn]``),
    ``batch_items`` selects the answer's per-record entries and ``batch_key`` the field of an
    entry holding that value; ``result`` then selects within the entry. Batched enrichments
    run before the per-record ones and cannot re-home a record; records share a call only when
    their other parameters agree (DescribeServices takes one cluster per call).
    """

    kind: str
    service: str
    operation: str
    params: dict[str, str]
    into: str
    result: str | None = None
    static_params: dict[str, Any] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    absent_value: Any = None
    exists_only: bool = False
    sets_region: bool = False
    in_record_region: bool = False
    drop: tuple[str, ...] = ()
    when: str | None = None
    parse_json: bool = False
    tags: bool = False
    params_from: Callable[[Resource], dict[str, Any]] | None = None
    reshape: Callable[[Any], Any] | None = None
    batch: int = 1
    batch_items: str | None = None
    batch_key: str | None = None


@dataclass(frozen=True, slots=True)
class EdgeRule:
    """``kind`` records point at other resources through ``ref`` (a JMESPath to an id, ARN
    or name). With ``each``, the rule walks sub-records (a route table's ``Routes``) and
    copies ``attrs`` from each onto the edge. ``refs`` tries several fields per sub-record
    (a route's GatewayId, NatGatewayId, ...). ``target_kind`` narrows name/id look-ups.
    ``by="dns"`` resolves a DNS name (an alias target, a CNAME, a CloudFront origin) to the
    resource whose spec declares it among its ``dns`` names."""

    kind: str
    relation: Relation
    ref: str = ""
    refs: tuple[str, ...] = ()
    by: RefBy = "id"
    target_kind: str | None = None
    each: str | None = None
    attrs: tuple[str, ...] = ()
    reverse: bool = False


def col(title: str, path: str) -> Column:
    return Column(title, path)


# Columns every kind shows first: what it is, then where it lives (short, and the first thing
# a multi-account reader sorts on).
BASE_COLUMNS = (col("Id", "id"), col("Name", "name"))
PLACE_COLUMNS = (col("Region", "region"), col("Account", "account"))


def columns(*extra: Column) -> tuple[Column, ...]:
    """Identity and place first, then the kind's own columns in the order given: declare the
    short ones first and the long ones (ARNs, DNS names, descriptions, lists) last, so a
    narrow terminal shows the columns a row is told apart by and crops only the long tail."""
    return BASE_COLUMNS + PLACE_COLUMNS + tuple(extra)


def arn_or_plain(path: str) -> tuple[str, str]:
    """Paths to a field the API accepts as an ARN or a plain name / id (a Glue job's Role, a
    KMS key): the value when it is an ARN, and when it is not, so each resolves its own way."""
    return f"[{path} || ''][?starts_with(@, 'arn:')]", f"[{path} || ''][?!starts_with(@, 'arn:')]"


def as_tag_list(raw: Any) -> list[dict[str, str]]:
    """Tags as ``[{"Key", "Value"}]`` whichever way the service spells them (``{k: v}`` for Glue,
    ``[{key, value}]`` for CodeBuild), so every record keeps them in the one shape that redaction
    (awsx/store/redact.py) strips the values of."""
    if isinstance(raw, dict):
        return [{"Key": str(k), "Value": str(v)} for k, v in raw.items()]
    return [{"Key": str(t.get("Key", t.get("key"))), "Value": str(t.get("Value", t.get("value", "")))}
            for t in raw or () if isinstance(t, dict) and ("Key" in t or "key" in t)]
