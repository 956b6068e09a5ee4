"""Network reachability and internet exposure: pure functions of an Estate (../shared/reachability.md).

    reach(estate, src, dst, port, protocol) -> Verdict     can src establish a connection to dst?
    exposure(estate, port=None) -> list[Exposure]          what the internet can reach, with the path

Modules, one job each: addresses (IP classes, port sets), network (the index of an estate:
nodes, subnets, tables), nodes (its records), service_nodes (where managed services' ENIs sit),
rules (SG and NACL evaluation), routing (route tables, TGW tables), walk (one forward + return
walk), loadbalancer (LB end to end), eks (an EKS public endpoint), endpoints (what SRC/DST
name), dns (a Route 53 name as DST), query (candidates and the verdict), exposure, verdict
(the answer records).
"""

from .endpoints import Unresolvable
from .exposure import Exposure, exposure
from .query import checked_port, checked_protocol, reach
from .verdict import BLOCKER_KINDS, Blocker, Hop, Verdict

__all__ = ["BLOCKER_KINDS", "Blocker", "Exposure", "Hop", "Unresolvable", "Verdict", "checked_port", "checked_protocol",
           "exposure", "reach"]
