"""Where estates live and how they leave. No AWS and no terminal here.

- ``snapshot``: the ``.awsx`` snapshot file (writer, lazy ``SnapshotReader``, ``open_snapshot``);
- ``cache``: the live crawl cache (``LiveCache``), so reopening needs no AWS call;
- ``redact``: redaction for a snapshot that leaves the building;
- ``graph_export``: the graph for other tools (GraphML, DOT, JSON);
- ``table_export``: a table as JSON, CSV or Markdown."""
