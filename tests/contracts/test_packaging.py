"""What ``pip install awsx`` ships: every package of the source tree is in pyproject's
``packages`` list. An editable install (``make``) finds any folder, so a package left out of
the list works here and is missing from a wheel (``pipx install``): awsx.resilience once was."""

from __future__ import annotations

import tomllib

from test_layers import PACKAGE_DIRS, ROOT


def source_packages() -> set[str]:
    found = set()
    for package, folder in PACKAGE_DIRS.items():
        for init in folder.rglob("__init__.py"):
            parts = init.parent.relative_to(folder).parts
            if package == "awsx" and parts and parts[0] in ("inventory", "screens", "widgets"):
                continue  # those packages live at the repo root
            found.add(".".join([package, *parts]))
    return found


def test_every_package_of_the_tree_is_shipped():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    assert source_packages() - declared == set()
    assert declared - source_packages() == set()
