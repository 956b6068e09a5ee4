"""Simulated AWS: latency, token-bucket throttling and faults in front of moto."""

from .buckets import Limit, TokenBucket
from .identify import Call, identify
from .proxy import EC2_LIMITS, Faults, Record, SimAws, SimConfig

__all__ = ["EC2_LIMITS", "Call", "Faults", "Limit", "Record", "SimAws", "SimConfig", "TokenBucket", "identify"]
