"""The pulse: the estate's faults worth a look (cheap predicates per resource), the engine
lines the dashboard shows (exposure, privesc, cost, waste), counts per place, and the xray
tree whose marks use the same fault rules. Pure functions of the estate."""
