"""Read-only by construction, checked in the source: no code outside demo seeding names an AWS
operation (as an API name, a boto method or a paginator name) that the read allowlist lacks."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from botocore import xform_name
from botocore.session import get_session

from awsx.inventory.readonly import PRICE_OPERATIONS, READ_OPERATIONS

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("awsx", "inventory", "screens", "widgets")
# The allowlist itself names the forbidden reads; demo seeding (the inventory/demo package)
# writes into embedded moto only.
EXEMPT = (ROOT / "inventory" / "readonly.py", ROOT / "inventory" / "demo")


def sources() -> list[Path]:
    return sorted(p for d in SCANNED for p in (ROOT / d).rglob("*.py")
                  if not any(p == exempt or exempt in p.parents for exempt in EXEMPT))


def string_constants(tree: ast.AST) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def called_methods(tree: ast.AST) -> set[str]:
    """Multi-word method calls (``describe_vpcs``). One-word ones (``pattern.search``) are too
    common to mean AWS; a one-word operation (Invoke, Publish) still shows as its API name in
    a spec, and the runtime guard refuses it anyway."""
    return {node.func.attr for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and "_" in node.func.attr}


@lru_cache(maxsize=1)
def operations_of_named_services() -> dict[str, tuple[str, str]]:
    """Every operation (API name and boto method name) of every AWS service the source names."""
    botocore = get_session()
    available = set(botocore.get_available_services())
    named = {text for path in sources() for text in string_constants(ast.parse(path.read_text()))} & available
    named |= {service for service, _ in READ_OPERATIONS}
    loader = botocore.get_component("data_loader")
    operations: dict[str, tuple[str, str]] = {}
    for service in sorted(named):
        for operation in loader.load_service_model(service, "service-2")["operations"]:
            operations[operation] = (service, operation)
            operations[xform_name(operation)] = (service, operation)
    return operations


def one_word(name: str) -> bool:
    """``Search``, ``Invoke``: API names that are also plain English (a UI label)."""
    return "_" not in name and sum(c.isupper() for c in name) == 1


def references(path: Path) -> set[tuple[str, str]]:
    """The operations a file names: API-name or method-name strings, and method calls. A
    one-word API name counts where the file also names its service (``"sagemaker"``), so
    that a key labelled "Search" is not mistaken for ``sagemaker:Search``."""
    tree = ast.parse(path.read_text())
    known = operations_of_named_services()
    strings = string_constants(tree)
    words = {w for w in strings if w in known and ("_" in w or w[:1].isupper())
             and not (one_word(w) and known[w][0] not in strings)}
    return {known[w] for w in words | (called_methods(tree) & known.keys())}


def test_the_scan_sees_the_crawler_and_specs():
    seen = {op for path in sources() for op in references(path)}
    assert ("ec2", "DescribeNetworkInterfaces") in seen and ("sts", "GetCallerIdentity") in seen


def test_a_one_word_operation_counts_only_beside_its_service(tmp_path):
    label, call = tmp_path / "label.py", tmp_path / "call.py"
    label.write_text('BINDING = ("slash", "Search")\n')
    call.write_text('SPEC = ("sagemaker", "Search")\n')
    assert references(label) == set()
    assert references(call) == {("sagemaker", "Search")}


def test_no_operation_outside_the_allowlist_is_referenced():
    allowed = {operation for _, operation in READ_OPERATIONS | PRICE_OPERATIONS}
    outside = sorted(f"{path.relative_to(ROOT)}: {service}:{operation}"
                     for path in sources() for service, operation in references(path) if operation not in allowed)
    assert outside == []


def test_the_scan_would_catch_a_write(tmp_path):
    tree = ast.parse('client.delete_bucket(Bucket="b")\npaginator = c.get_paginator("list_objects_v2")\n'
                     'OPERATION = "RunInstances"\n')
    known = operations_of_named_services()
    found = {known[w] for w in (string_constants(tree) | called_methods(tree)) if w in known}
    assert {("s3", "DeleteBucket"), ("s3", "ListObjectsV2"), ("ec2", "RunInstances")} <= found
