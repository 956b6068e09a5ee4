"""The inventory (installed as ``awsx.inventory``): everything that talks to AWS, read-only by
construction, and the demo estate it is tested against.

- ``session``: one guarded aioboto3 session per account, its identity and enabled regions;
- ``readonly``: the allowlist of operations awsx may send, enforced on every client;
- ``specs/``: every resource type, declared as data (calls, fields, edge rules);
- ``crawler``: the async fan-out over account x region x spec;
- ``pacing``: client-side pacing of one throttling bucket;
- ``failures``: what a failed read means (the marker status of a botocore error);
- ``normalize``: raw API records into Resources, as the specs declare (pure);
- ``edges``: typed edges from the specs' edge rules, and the parts of an Estate (pure);
- ``pricing``: the Price List call of ``awsx prices refresh``;
- ``demo/``: the embedded moto server and the demo estate seeded into it, one module per area."""
