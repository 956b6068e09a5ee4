"""The ``awsx`` command: main.py parses and dispatches; one module per engine's verbs (reach,
iam, cost, share) and the demo; output.py prints tables, JSON and crawl progress."""
