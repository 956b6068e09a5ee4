"""The crawl cache is private to its user and never trusts an entry's shape."""

from __future__ import annotations

import os
import stat

from awsx.core.model import Resource
from awsx.store.cache import CachedBatch, CachedIdentity, LiveCache

RESOURCE = Resource("arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1", "ec2:vpc", "vpc-1", "main", "123456789012",
                    "eu-west-1", data={"CidrBlock": "10.0.0.0/16"})
BATCH = {"crawled_at": "2026-01-01T00:00:00Z", "resources": [RESOURCE.to_json()], "markers": []}


def modes(directory):
    found = {directory: stat.S_IMODE(os.stat(directory).st_mode)}
    for root, directories, files in os.walk(directory):
        for name in directories + files:
            path = os.path.join(root, name)
            found[path] = stat.S_IMODE(os.stat(path).st_mode)
    return found


def test_the_cache_directory_and_its_files_are_private(tmp_path):
    directory = tmp_path / "cache"
    cache = LiveCache(directory)
    cache.put(BATCH | {"resources": [RESOURCE.to_json()] * 2000}, "batch", "big")  # above diskcache's file size
    found = modes(directory)
    cache.close()
    assert len(found) > 1 and cache.problem is None
    assert {path: mode for path, mode in found.items() if mode not in (0o700, 0o600)} == {}
    assert found[directory] == 0o700


def test_a_cache_an_older_awsx_left_readable_is_tightened(tmp_path):
    directory = tmp_path / "cache"
    LiveCache(directory).close()
    os.chmod(directory, 0o755)
    os.chmod(directory / "cache.db", 0o644)
    LiveCache(directory).close()
    assert set(modes(directory).values()) <= {0o700, 0o600}


def test_an_entry_of_the_shape_asked_for_comes_back_typed(tmp_path):
    cache = LiveCache(tmp_path / "cache")
    cache.put(BATCH, "batch", "one")
    batch = cache.get(CachedBatch, "batch", "one")
    assert batch is not None and batch.resources == [RESOURCE]
    assert cache.get(CachedBatch, "batch", "absent") is None and cache.problem is None


def test_an_entry_of_another_shape_is_reported_and_is_a_miss(tmp_path):
    cache = LiveCache(tmp_path / "cache")
    cache.put({"account": "123456789012", "regions": "eu-west-1"}, "identity", "default")  # regions: not a list
    cache.put([1, 2, 3], "batch", "one")
    assert cache.get(CachedIdentity, "identity", "default") is None
    assert "regions" in cache.problem and "\n" not in cache.problem
    assert cache.get(CachedBatch, "batch", "one") is None
    assert cache.problem.startswith("crawl cache entry unreadable")
