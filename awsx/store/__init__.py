"""Where estates live and how they leave: the ``.awsx`` snapshot and the live crawl cache
(snapshot.py), redaction for a snapshot that leaves the building, the graph for other tools
(GraphML, DOT, JSON) and a table as JSON, CSV or Markdown. No AWS and no terminal here."""
