"""The escalation catalogue as data (issue 15 item 5): every path of Datadog's pathfinding.cloud,
what it needs and how awsx evaluates it.

- ``paths.toml``: one entry per catalogue id, in awsx's own words, plus awsx's own extra rules;
- ``entries``: the entries loaded once into frozen records;
- ``status``: each entry's status in awsx (detected, potential, not-applicable), computed from
  the resource kinds awsx crawls, so it changes when a kind lands.
"""
