"""Turn raw API records into Resources, as the specs declare. Pure: no I/O, no boto."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any, Iterable, Mapping

import jmespath
import jmespath.functions

from awsx.core.model import Provenance, Resource

from .specs.base import INTO_RECORD, Enrichment, ResourceSpec

# The ResponseMetadata botocore adds to every answer says nothing about the resource.
_NOISE = ("ResponseMetadata",)


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


_SCALARS = (str, int, float, bool, type(None))


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of an API value (datetimes become ISO 8601 strings).

    Every crawled record passes through here, so the common types are tested by identity
    first (a crawl of 5k resources walks a quarter of a million values)."""
    kind = type(value)
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _SCALARS else jsonable(v)
                for k, v in value.items() if k not in _NOISE}
    if kind is list:
        return [v if type(v) in _SCALARS else jsonable(v) for v in value]
    if kind in _SCALARS:
        return value
    if isinstance(value, Mapping):
        return jsonable(dict(value))
    if isinstance(value, tuple):
        return jsonable(list(value))
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


class _Functions(jmespath.functions.Functions):
    """JMESPath functions specs may use, for names that exist only inside another field."""

    @jmespath.functions.signature({"types": ["string"]}, {"types": ["string"]})
    def _func_last_part(self, value: str, separator: str) -> str:
        """``last_part(QueueUrl, '/')``: a queue's name from its URL, a topic's from its ARN."""
        return value.rstrip(separator).rsplit(separator, 1)[-1]

    @jmespath.functions.signature({"types": ["string", "null"]}, {"types": ["string"]})
    def _func_split(self, value: str | None, separator: str) -> list[str]:
        """``split(VPCZoneIdentifier, ',')``: an Auto Scaling group's subnets are one
        comma-separated string."""
        return [part.strip() for part in (value or "").split(separator) if part.strip()]

    @jmespath.functions.signature({"types": ["string", "null"]})
    def _func_dns_name(self, value: str | None) -> str | None:
        """``dns_name(Name)``: a DNS name as awsx compares them (see ``dns_name``)."""
        return dns_name(value) if value else None

    @jmespath.functions.signature({"types": ["string", "null"]})
    def _func_inner_arn(self, value: str | None) -> str | None:
        """``inner_arn(uri)``: the resource an API Gateway integration calls (see ``inner_arn``)."""
        return inner_arn(value) if value else None


def dns_name(name: str) -> str:
    """A DNS name as Route 53 alias targets, CNAMEs and the services' own names are compared:
    case-insensitive, without the trailing dot, and without the ``dualstack.`` prefix AWS
    documents for load balancer alias targets (Route 53 Developer Guide, "Values for alias
    records": both forms name the same load balancer)."""
    lowered = name.strip().lower().rstrip(".")
    return lowered.removeprefix("dualstack.")


def inner_arn(uri: str) -> str | None:
    """The ARN an API Gateway integration URI calls: REST APIs wrap a Lambda function's ARN in
    ``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations``;
    HTTP APIs give the Lambda or ALB listener ARN itself. An AWS-service path
    (``...:s3:path/...``) or a URL names no crawled resource: None."""
    embedded = uri.find("arn:", 1)
    if embedded > 0:
        return uri[embedded:].split("/", 1)[0]
    if uri.startswith("arn:") and not (":apigateway:" in uri and (":path/" in uri or ":action/" in uri)):
        return uri
    return None


_OPTIONS = jmespath.Options(custom_functions=_Functions())


def search(path: str, record: Any) -> Any:
    """The path's value in the record; None where a function meets a field of another type or
    none at all (``join`` over a bucket whose region is unknown): no value, never a crash."""
    try:
        return jmespath.search(path, record, options=_OPTIONS)
    except jmespath.exceptions.JMESPathTypeError:
        return None


def values_at(path: str, record: Any) -> list[str]:
    """Every non-empty string a JMESPath yields (a scalar, or a possibly nested list)."""
    found = search(path, record)
    out: list[str] = []
    stack = [found]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str) and item:
            out.append(item)
    return out


def tags_of(raw: Any) -> dict[str, str]:
    """AWS spells tags three ways: ``[{Key, Value}]``, ``[{key, value}]`` and ``{k: v}``."""
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    tags: dict[str, str] = {}
    for item in raw or ():
        if isinstance(item, Mapping):
            key = item.get("Key", item.get("key"))
            if key is not None:
                tags[str(key)] = str(item.get("Value", item.get("value", "")))
    return tags


def to_resource(spec: ResourceSpec, record: Mapping[str, Any], *, account: str, region: str, crawled_at: str) -> Resource:
    """One API record as a Resource; ``drop`` fields (secrets, bulky noise) never leave here."""
    data = {k: v for k, v in jsonable(record).items() if k not in spec.drop}
    resource_id = str(search(spec.id, data) or "")
    tags = tags_of(data.get(spec.tags)) if spec.tags else {}
    if spec.home_region and search(spec.home_region, data):
        region = str(search(spec.home_region, data))
    home = "global" if spec.scope == "global" else region
    if spec.arn and search(spec.arn, data):
        arn = str(search(spec.arn, data))
        # Some answers omit the name field (moto's IAM policies): the ARN ends with it.
        resource_id = resource_id or arn.rsplit("/", 1)[-1]
    else:
        arn = spec.arn_template.format(
            partition=partition_of(region), region=region, account=account, type=spec.arn_type, id=resource_id
        )
    natural = search(spec.name, data) if spec.name else None
    name = tags.get("Name") or (str(natural) if natural is not None else "")
    ips = tuple(dict.fromkeys(ip for path in spec.ips for ip in values_at(path, data)))
    return Resource(
        arn=arn, kind=spec.kind, id=resource_id, name=name, account=account, region=home, tags=tags,
        data=data, ips=ips, provenance=Provenance(f"{spec.service}:{spec.operation}", crawled_at),
    )


def renormalized(spec: ResourceSpec, resource: Resource) -> Resource:
    """``resource`` read again from its spec once a merged Describe answer filled its record
    (the id, ARN, name, tags and IPs the list call could not give)."""
    return to_resource(spec, resource.data, account=resource.account, region=resource.region,
                       crawled_at=resource.provenance.crawled_at)


def call_params(enrichment_params: Mapping[str, str], resource: Resource) -> dict[str, Any]:
    """Parameters for a per-record call: ``@arn``/``@id``/``@name`` are the resource's own
    fields, other paths look into its data; ``[path]`` sends a one-element list."""
    params: dict[str, Any] = {}
    for name, path in enrichment_params.items():
        as_list = path.startswith("[") and path.endswith("]")
        inner = path[1:-1] if as_list else path
        value = getattr(resource, inner[1:]) if inner.startswith("@") else search(inner, resource.data)
        params[name] = [value] if as_list else value
    return params


def batch_params(enrichment: Enrichment, resources: list[Resource]) -> dict[str, Any]:
    """One call's parameters for a batch of records: list parameters gather every record's
    value, the others are the same for all."""
    params: dict[str, Any] = dict(enrichment.static_params)
    for resource in resources:
        for name, value in call_params(enrichment.params, resource).items():
            if isinstance(value, list):
                params.setdefault(name, []).extend(value)
            else:
                params[name] = value
    return params


def shared_params(enrichment: Enrichment, resource: Resource) -> str:
    """The parameters a record shares with the others of its batch (all but the list ones),
    as a key: records whose shared parameters differ cannot share a call."""
    return repr(sorted((name, value) for name, value in call_params(enrichment.params, resource).items()
                       if not isinstance(value, list)))


def batch_answers(enrichment: Enrichment, resources: list[Resource],
                  pages: list[Mapping[str, Any]]) -> list[Mapping[str, Any] | None]:
    """Each record's entry in a batched answer (None: the answer had none for it), found by
    the value the record put in the list parameter."""
    entries = {search(enrichment.batch_key or "", entry): entry
               for page in pages for entry in search(enrichment.batch_items or "", page) or ()
               if isinstance(entry, Mapping)}
    keys = [next((v[0] for v in call_params(enrichment.params, r).values() if isinstance(v, list) and v), None)
            for r in resources]
    return [entries.get(key) for key in keys]


def applies(enrichment: Enrichment, resource: Resource) -> bool:
    return enrichment.kind == resource.kind and (not enrichment.when or bool(search(enrichment.when, resource.data)))


def merged(pages: list[Mapping[str, Any]], result: str | None) -> Any:
    """One value from the pages of an answer: lists are concatenated, anything else is the
    first page's (a non-paginated answer is a single page)."""
    values = [search(result, jsonable(page)) if result else jsonable(page) for page in pages]
    if values and all(isinstance(v, list) for v in values):
        return [item for v in values for item in v]
    return values[0] if values else None


def enriched(enrichment: Enrichment, resource: Resource, pages: list[Mapping[str, Any]] | None) -> Resource:
    """``resource`` with the enrichment's answer stored under ``data[into]``. ``pages`` None
    means the call said "there is none" (one of the ``absent`` codes)."""
    if pages is None:
        value: Any = enrichment.absent_value
    elif enrichment.exists_only:
        value = True
    else:
        value = merged(pages, enrichment.result)
        if isinstance(value, Mapping) and enrichment.drop:
            value = {k: v for k, v in value.items() if k not in enrichment.drop}
        if enrichment.parse_json and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass  # keep the text: a malformed policy is still evidence
        if enrichment.reshape is not None:
            value = enrichment.reshape(value)
    if value is None and (enrichment.into in resource.data or enrichment.into == INTO_RECORD):
        return resource  # the list call already had it; a per-record "none" must not erase it
    if enrichment.into == INTO_RECORD and isinstance(value, Mapping):
        data = {**resource.data, **value}
    else:
        data = {**resource.data, enrichment.into: value}
    if enrichment.tags:
        tags = tags_of(value)
        return replace(resource, data=data, tags=tags, name=tags.get("Name") or resource.name)
    if enrichment.sets_region:
        return replace(resource, data=data, region=bucket_region(value))
    return replace(resource, data=data)


def bucket_region(location: Any) -> str:
    """GetBucketLocation's answer: empty means us-east-1, and the legacy ``EU`` eu-west-1."""
    if not location:
        return "us-east-1"
    return "eu-west-1" if location == "EU" else str(location)


def with_zone_ids(resources: Iterable[Resource], zone_ids: Mapping[tuple[str, str], str]) -> list[Resource]:
    """Add ``AvailabilityZoneId`` next to ``AvailabilityZone`` where the API gave only the
    name: AZ names are shuffled per account, ids are not (``use1-az1``)."""
    out = []
    for resource in resources:
        zone = resource.data.get("AvailabilityZone")
        if isinstance(zone, str) and "AvailabilityZoneId" not in resource.data:
            zone_id = zone_ids.get((resource.account, zone))
            if zone_id:
                resource = replace(resource, data={**resource.data, "AvailabilityZoneId": zone_id})
        out.append(resource)
    return out


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
