"""ARCHITECTURE.md's tree lists every module of the distribution, under its folder, and nothing
that is gone: the house plan must match the house (a package's ``__init__`` is its folder line)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP = ("awsx", "inventory", "screens", "widgets")
ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w.]+/|[\w]+\.py)(\s|$)")


def tree_block(text: str) -> list[str]:
    """The lines of the first ``text`` code block after the "The house" heading."""
    house = text.split("## The house", 1)[1]
    return house.split("```text\n", 1)[1].split("```", 1)[0].splitlines()


def listed_modules(lines: list[str]) -> set[str]:
    """Paths the tree names, from its indentation (two spaces a level)."""
    folders: list[str] = []
    found: set[str] = set()
    for line in lines:
        match = ENTRY.match(line)
        if match is None:
            continue  # a description running on under its entry
        depth = len(match["indent"]) // 2
        del folders[depth:]
        name = match["name"]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        else:
            found.add("/".join([*folders, name]))
    return found


def modules_on_disk() -> set[str]:
    return {str(path.relative_to(ROOT)) for top in TOP for path in (ROOT / top).rglob("*.py")
            if path.name != "__init__.py"}


def test_architecture_md_lists_every_module_and_only_modules_that_exist() -> None:
    listed = listed_modules(tree_block((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")))
    on_disk = modules_on_disk()
    assert sorted(on_disk - listed) == [], "modules missing from ARCHITECTURE.md"
    assert sorted(listed - on_disk) == [], "ARCHITECTURE.md lists modules that are gone"


def test_test_files_have_names_of_their_own() -> None:
    """Test folders are not packages (pytest imports each file by its base name), so two
    ``test_kinds.py`` in two folders make the second fail to collect under ``make test``."""
    names = [path.name for path in (ROOT / "tests").rglob("*.py") if path.name != "conftest.py"]
    assert sorted({name for name in names if names.count(name) > 1}) == []
