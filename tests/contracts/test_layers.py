"""The layer rules of ARCHITECTURE.md, as tests (the way Harlequin checks its own):

- no screen, widget or TUI module loads the AWS SDK or the crawler, even transitively;
- the core, the store and the engines load neither Textual nor rich nor the AWS SDK;
- no two modules import each other, directly or round a circle (module level, type-checking
  imports included: they are the same coupling; imports inside a function are deliberate
  late imports and not counted).

A static import list misses what is loaded transitively, so each module is imported in a
fresh interpreter (a fork of one that has loaded nothing of awsx) and ``sys.modules`` is read.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Where each installed package's source lives (pyproject's package-dir).
PACKAGE_DIRS = {"awsx": ROOT / "awsx", "awsx.inventory": ROOT / "inventory",
                "awsx.screens": ROOT / "screens", "awsx.widgets": ROOT / "widgets"}

AWS_SDK = ("boto3", "botocore", "aioboto3", "aiobotocore")
CRAWLER = ("awsx.inventory.crawler", "awsx.inventory.session", "awsx.inventory.demo", "awsx.load.live")
TERMINAL = ("textual", "rich")

UI = ("awsx.screens", "awsx.widgets", "awsx.tui")
PURE = ("awsx.core", "awsx.store", "awsx.reach", "awsx.iam", "awsx.cost", "awsx.diff", "awsx.pulse",
        "awsx.resilience")


def module_files() -> dict[str, Path]:
    """Every module of the awsx distribution, by dotted name."""
    found: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in folder.rglob("*.py"):
            relative = path.relative_to(folder).with_suffix("")
            parts = [part for part in relative.parts if part != "__init__"]
            name = ".".join([package, *parts])
            if package == "awsx" and parts and parts[0] in ("inventory", "screens", "widgets"):
                continue  # not there: those packages live at the repo root
            found[name] = path
    return found


MODULES = module_files()


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


LOADER = textwrap.dedent("""
    import json, os, sys
    preload, names = sys.argv[1].split(","), sys.argv[2:]
    for name in filter(None, preload):
        __import__(name)
    results = {}
    for name in names:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                __import__(name)
                answer = sorted(sys.modules)
            except BaseException as error:
                answer = {"error": f"{type(error).__name__}: {error}"}
            with os.fdopen(write, "w") as out:
                json.dump(answer, out)
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            results[name] = json.load(pipe)
        os.waitpid(pid, 0)
    print(json.dumps(results))
""")
# What a layer may load anyway, imported once before the forks (so each fork imports only
# what is its own): Textual for the UI. Nothing a rule forbids to that layer is preloaded.
PRELOAD = {UI: ("textual.app", "textual.widgets", "textual.screen"), PURE: ()}


def load_each(layer: tuple[str, ...]) -> dict[str, list[str]]:
    names = sorted(name for name in MODULES if within(name, layer))
    run = subprocess.run([sys.executable, "-c", LOADER, ",".join(PRELOAD[layer]), *names], capture_output=True,
                         text=True, cwd=ROOT, timeout=300, check=True)
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def loaded() -> dict[str, list[str]]:
    """Per module, every module an interpreter holds after importing it (and nothing else)."""
    return {**load_each(UI), **load_each(PURE)}


def offenders(modules: list[str] | dict, forbidden: tuple[str, ...]) -> list[str]:
    assert isinstance(modules, list), modules  # an import that failed says why
    return [name for name in modules if within(name, forbidden)]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if within(n, UI)))
def test_no_screen_widget_or_tui_module_loads_the_aws_sdk_or_the_crawler(loaded, name: str) -> None:
    assert offenders(loaded[name], AWS_SDK + CRAWLER) == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if within(n, PURE)))
def test_the_core_the_store_and_the_engines_load_neither_textual_nor_rich_nor_boto(loaded, name: str) -> None:
    assert offenders(loaded[name], TERMINAL + AWS_SDK + CRAWLER) == []


def imports_of(name: str, path: Path) -> set[str]:
    """The awsx modules ``name`` imports at module level (type-checking blocks included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module or ""
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return {module for module in found if module in MODULES and module != name}


def test_no_module_is_part_of_an_import_cycle() -> None:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        graph.add_edges_from((name, imported) for imported in imports_of(name, path)
                             # a package's __init__ is run by importing its modules: not a cycle
                             if not name.startswith(imported + "."))
    cycles = [sorted(component) for component in nx.strongly_connected_components(graph) if len(component) > 1]
    assert cycles == []
