"""The pulse: what the dashboard shows, as pure functions of the estate.

- ``faults``: the estate's faults worth a look (cheap predicates per resource, ``RULES``);
- ``engines``: the engine lines (exposure, privesc, cost, waste), one engine call each;
- ``counts``: resources per kind and (account, region), the count grid;
- ``summary``: all three as one ``Pulse`` record (``awsx pulse --json``);
- ``xray``: the xray tree, whose marks use the same fault rules."""
