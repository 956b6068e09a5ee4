"""``awsx export --format parquet -o DIR``: the estate as Parquet tables that DuckDB, Spark,
Athena and ClickHouse read as they are.

Layout (Hive partitioning, the convention those engines share)::

    DIR/_awsx_export.json                         what this directory is (a later export may replace it)
    DIR/<kind_table>/account=<id>/part-0.parquet  one table per kind present (``ec2_instance``, ``iam_role``)
    DIR/edges/account=<id>/part-0.parquet         typed edges, filed under the source's account
    DIR/markers/account=<id>/part-0.parquet       what the crawl could not read

Columns are awsx/store/estate_tables.py's, JSON columns as plain strings; ``account`` lives in
the directory name, as Hive partitioning has it, and not in the files. A directory that exists and holds anything but a
previous export is refused: an export replaces what it writes into, and must never remove a
user's files. The new export is written beside the old one and swapped in only once whole."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.store.estate_tables import EDGES, MARKERS, RESOURCES, estate_tables, table_name

MANIFEST = "_awsx_export.json"  # Spark and Hive skip files whose name starts with _
FORMAT = "awsx-parquet"
PARTITIONING = ds.partitioning(pa.schema([("account", pa.string())]), flavor="hive")


@dataclass(frozen=True, slots=True)
class ParquetExport:
    """What was written: the directory and each table's row count."""

    directory: str
    tables: dict[str, int]

    def to_json(self) -> dict[str, object]:
        return {"directory": self.directory, "tables": dict(self.tables)}


def _is_previous_export(directory: Path) -> bool:
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def _checked_target(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise UserError(f"{directory} exists and is not a directory")
    if any(directory.iterdir()) and not _is_previous_export(directory):
        raise UserError(f"{directory} exists and is not an awsx Parquet export: refusing to write into it")


def _plain_strings(table: pa.Table) -> pa.Table:
    """JSON columns as plain UTF-8 strings: every engine reads a Parquet string, not all of them
    its JSON annotation (StarRocks read it as binary until 2024); DuckDB's JSON functions take either."""
    schema = pa.schema([field.with_type(pa.string()) if isinstance(field.type, pa.JsonType) else field
                        for field in table.schema])
    return table.cast(schema)


def _write_table(table: pa.Table, directory: Path) -> None:
    ds.write_dataset(_plain_strings(table), directory, format="parquet", partitioning=PARTITIONING,
                     basename_template="part-{i}.parquet", existing_data_behavior="error")


def _write_all(estate: Estate, into: Path) -> dict[str, int]:
    tables = estate_tables(estate)
    resources = tables[RESOURCES]
    counts: dict[str, int] = {}
    for kind in sorted(estate.kind_counts()):
        rows = resources.filter(pc.equal(resources["kind"], kind))
        name = table_name(kind)
        _write_table(rows, into / name)
        counts[name] = counts.get(name, 0) + rows.num_rows
    for name in (EDGES, MARKERS):
        _write_table(tables[name], into / name)
        counts[name] = tables[name].num_rows
    manifest = {"format": FORMAT, "source": estate.info.source, "crawled_at": estate.info.crawled_at,
                "partitioning": "hive: account", "tables": counts}
    (into / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return counts


def export_parquet(estate: Estate, directory: str | Path) -> ParquetExport:
    """Write ``estate`` under ``directory`` (created, or a previous export replaced whole)."""
    target = Path(directory)
    _checked_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        counts = _write_all(estate, staging)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ParquetExport(str(target), counts)
