"""Cost estimates and waste findings: a price table (data) and pure estimators (../shared/costs.md).

prices/aws.json  the price table: rows with provenance, ``as_of``, labelled region multipliers
table.py         loading it and the one price lookup (exact row, else ≈ multiplier, else unknown)
bill.py          Estimate + Bill: a resource's charges and the arithmetic shown as its basis
estimators.py    one pure estimator per kind
relations.py     graph look-ups (public IPv4 ownership, attachments, VPC of a resource, routes)
report.py        ``awsx cost``: estimates grouped by kind/region/vpc/account/tag
waste.py         ``awsx waste``: the inventory-only rules of costs.md §1
refresh.py       ``awsx prices refresh``, pure half (queries, PriceList parsing, new table)
commands.py      the CLI verbs
"""
