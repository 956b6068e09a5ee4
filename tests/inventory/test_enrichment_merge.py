"""An enrichment ``into="@"`` makes its answer the record's own fields: a list that returns bare
names (CodeBuild ListProjects) and a call that describes them make one record shaped as AWS
describes the resource; a call with no answer for a record leaves it as listed."""

from __future__ import annotations

from awsx.inventory.normalize import enriched, to_resource
from awsx.inventory.specs.base import INTO_RECORD, Enrichment, ResourceSpec

SPEC = ResourceSpec(kind="svc:thing", service="svc", operation="ListThings", items="names[].{name: @}", id="name",
                    tags=None, title="Things")
DESCRIBE = Enrichment(kind="svc:thing", service="svc", operation="DescribeThing", params={"Name": "@id"},
                      into=INTO_RECORD, result="thing")


def listed(name: str):
    return to_resource(SPEC, {"name": name}, account="111122223333", region="us-east-1",
                       crawled_at="2026-01-01T00:00:00+00:00")


def test_the_described_fields_become_the_record_and_the_listed_ones_stay():
    thing = enriched(DESCRIBE, listed("ci"), [{"thing": {"role": "arn:aws:iam::111122223333:role/build", "size": 2}}])
    assert thing.data == {"name": "ci", "role": "arn:aws:iam::111122223333:role/build", "size": 2}
    assert (thing.id, thing.kind) == ("ci", "svc:thing")


def test_a_record_the_call_has_no_answer_for_stays_as_listed():
    assert enriched(DESCRIBE, listed("gone"), None).data == {"name": "gone"}
    assert enriched(DESCRIBE, listed("gone"), [{}]).data == {"name": "gone"}
