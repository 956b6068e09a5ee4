"""Estimators of the data services (issue #16): DynamoDB tables, ElastiCache nodes, Aurora
instances and clusters, Secrets Manager secrets. Same contract and basis format as
``estimators.py``: monthly on-demand list price, 730 hours, the arithmetic written out; what
is priced by usage awsx does not crawl says so, and is unknown rather than $0 when it is all
there is (costs.md §2).
"""

from __future__ import annotations

from awsx.core.model import Relation, Resource

from .bill import Bill, Estimate, sized_price
from .relations import EstateView
from .table import PriceTable

GIB = 1024**3
# DynamoDB's Standard-IA table class has its own capacity and storage prices (not in the table).
_STANDARD_CLASS = "STANDARD"
# Node prices of Redis OSS and Memcached are the same per node type; Valkey's are lower and not in the table.
_NODE_PRICED_ENGINES = ("redis", "memcached")


def _capacity(throughput: dict | None) -> tuple[float, float]:
    throughput = throughput or {}
    return float(throughput.get("ReadCapacityUnits") or 0), float(throughput.get("WriteCapacityUnits") or 0)


def dynamodb_table(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """Provisioned tables pay capacity-hours (the table's and its global secondary indexes')
    and storage; on-demand tables pay per request, which is not crawled, plus storage."""
    bill = Bill(table, resource.region)
    description = resource.data.get("Table") or {}
    table_class = (description.get("TableClassSummary") or {}).get("TableClass") or _STANDARD_CLASS
    if table_class != _STANDARD_CLASS:
        bill.unknown(f"DynamoDB table class {table_class}")
        return bill.estimate(resource.arn, resource.kind)
    mode = (description.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED"
    size = float(description.get("TableSizeBytes") or 0) / GIB
    if mode == "PAY_PER_REQUEST":
        if not size:
            bill.unknown("on-demand request units (usage-priced; requests not crawled)")
            return bill.estimate(resource.arn, resource.kind)
        bill.note("plus on-demand request units: unknown (usage-priced; requests not crawled)", approximate=True)
    else:
        units = [_capacity(description.get("ProvisionedThroughput"))]
        units += [_capacity(index.get("ProvisionedThroughput")) for index in description.get("GlobalSecondaryIndexes") or ()]
        reads, writes = sum(r for r, _ in units), sum(w for _, w in units)
        bill.charge("dynamodb/provisioned/rcu", reads * bill.hours, f"{reads:g} RCU × {bill.hours:g} h")
        bill.charge("dynamodb/provisioned/wcu", writes * bill.hours, f"{writes:g} WCU × {bill.hours:g} h")
    bill.charge("dynamodb/storage/standard", size, f"{size:,.3g} GB (TableSizeBytes, updated about every 6 h)")
    bill.note("before the free tier (25 GB and 25 RCU/WCU per region)")
    return bill.estimate(resource.arn, resource.kind)


def _node_hours(bill: Bill, engine: str, node_type: str, nodes: int) -> None:
    """``nodes`` × the node type's hourly price, or unknown for an engine or type not in the table."""
    if engine not in _NODE_PRICED_ENGINES:
        bill.unknown(f"ElastiCache {engine or '?'} nodes")
        return
    family, _, size = node_type.rpartition(".")
    price = sized_price(bill.table, "elasticache/node", family, size, "", bill.region)
    bill.charge(f"elasticache/node/{node_type}", nodes * bill.hours, f"{nodes} × {node_type} × {bill.hours:g} h", price)


def cache_cluster(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    data = resource.data
    _node_hours(bill, str(data.get("Engine") or ""), str(data.get("CacheNodeType") or ""),
                int(data.get("NumCacheNodes") or 1))
    bill.note("plus backup storage beyond one snapshot and data transfer (not crawled)")
    return bill.estimate(resource.arn, resource.kind)


def replication_group(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """A replication group's nodes are its member clusters: priced there when the crawl has
    them (DescribeCacheClusters lists them too), here when it does not, never twice."""
    bill = Bill(table, resource.region)
    if view.estate.in_edges(resource.arn, Relation.IS_CLUSTER_MEMBER_OF):
        bill.note("its nodes are billed on its member clusters")
        return bill.estimate(resource.arn, resource.kind)
    members = len(resource.data.get("MemberClusters") or ()) or 1
    _node_hours(bill, str(resource.data.get("Engine") or "redis"), str(resource.data.get("CacheNodeType") or ""),
                members)
    bill.note("member clusters not crawled: one node per member listed")
    return bill.estimate(resource.arn, resource.kind)


def aurora_instance(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """An Aurora instance pays its instance-hours only: each reader is an instance of its own
    (no Multi-AZ doubling), and the storage is the cluster's, billed by use."""
    bill = Bill(table, resource.region)
    db_class, engine = str(resource.data.get("DBInstanceClass") or ""), str(resource.data.get("Engine") or "")
    _, family, size = (db_class.split(".") + ["", ""])[:3]
    price = sized_price(table, "rds/instance", f"db.{family}", size, engine, resource.region)
    bill.charge(f"rds/instance/{db_class}/{engine}", bill.hours, f"{db_class} {engine} {bill.hours:g} h", price)
    bill.note("cluster storage and I/O are billed on the rds:db-cluster")
    return bill.estimate(resource.arn, resource.kind)


def db_cluster(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """Aurora storage (GB-month of data actually stored) and I/O requests are usage-priced and
    not crawled; the instances are priced as rds:db-instance items."""
    bill = Bill(table, resource.region)
    bill.unknown("Aurora cluster storage and IO requests (usage-priced; not crawled)")
    return bill.estimate(resource.arn, resource.kind)


def secret(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    bill.charge("secretsmanager/secret", 1, "1 secret")
    bill.note("plus $0.05 per 10,000 API calls (calls not crawled)")
    return bill.estimate(resource.arn, resource.kind)
