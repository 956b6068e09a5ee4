"""Loaded by subprocesses the tests start (via PYTHONPATH): refuse any connection that is
not to loopback, so a test proves "no network" instead of assuming it."""

from awsx_test_network import forbid_network

forbid_network()
