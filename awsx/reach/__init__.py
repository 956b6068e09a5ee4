"""Network reachability and internet exposure: pure functions of an Estate (../shared/reachability.md)."""
