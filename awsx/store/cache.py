"""The live crawl cache (diskcache, under the XDG cache dir): local data, one JSON entry per
crawl unit, keyed by (endpoint, account, region, service, operation), plus the identity and
regions of each profile, so reopening needs no AWS call at all.

It holds the estate's inventory (policies, addresses, names), so it is private to its user:
the directory is 0700 and its files 0600 (every value is kept inside the database, so no
file is created behind our back). An entry is decoded against the shape its caller declares
(``CachedBatch``, ``CachedIdentity``): one of another shape (a corrupt or foreign entry) is
reported once and treated as a miss, so that unit is crawled again."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TypeVar

import diskcache
import msgspec
from platformdirs import user_cache_dir

from awsx.core.errors import error_line
from awsx.core.model import Marker, Resource

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
DATABASE = "cache.db"  # diskcache's file name for its sqlite database


class CachedIdentity(msgspec.Struct, frozen=True):
    """What a profile resolved to: its account, enabled regions and account aliases."""

    account: str
    regions: list[str]
    aliases: list[str] = []


class CachedBatch(msgspec.Struct, frozen=True):
    """One crawl unit's answer, as the crawl left it."""

    crawled_at: str
    resources: list[Resource]
    markers: list[Marker]


Shape = TypeVar("Shape", CachedIdentity, CachedBatch)


class LiveCache:
    """The local crawl cache: JSON values under string keys in a diskcache directory.

    A cache that cannot be opened or read (corrupt database, unwritable directory) is
    reported once and then behaves as empty: a crawl never fails because of its cache.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or cache_directory())
        self.problem: str | None = None
        self._cache: Any = None
        try:
            make_private(self.directory)
            # Larger values would go to files of their own, created with the process's umask.
            self._cache = diskcache.Cache(str(self.directory), disk_min_file_size=2**62)
        except Exception as exc:  # noqa: BLE001 - sqlite/OS errors of any kind: degrade, say so
            self.problem = f"crawl cache at {self.directory} is unusable ({error_line(exc)}); crawling without it"

    @staticmethod
    def key(*parts: str) -> str:
        return "v1|" + "|".join(parts)

    def get(self, shape: type[Shape], *parts: str) -> Shape | None:
        """The entry under ``parts`` decoded as ``shape``; None when absent or unreadable."""
        if self._cache is None:
            return None
        try:
            text = self._cache.get(self.key(*parts))
            return None if text is None else msgspec.json.decode(text, type=shape)
        except Exception as exc:  # noqa: BLE001 - a corrupt or foreign entry is a miss, not a crash
            self.problem = f"crawl cache entry unreadable ({error_line(exc)}); crawling it again"
            return None

    def put(self, value: Any, *parts: str) -> None:
        if self._cache is None:
            return
        try:
            self._cache.set(self.key(*parts), json.dumps(value, separators=(",", ":")))
        except Exception as exc:  # noqa: BLE001
            self.problem = f"crawl cache not written ({error_line(exc)})"

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


def cache_directory() -> Path:
    """awsx's XDG cache directory (``$XDG_CACHE_HOME/awsx``): the crawl cache, and ``derived/``."""
    return Path(user_cache_dir("awsx", appauthor=False))


def make_private(directory: Path) -> None:
    """Create ``directory`` 0700 with its database 0600 before diskcache opens it (sqlite's
    journal files take the database's mode), and tighten what an older awsx left readable."""
    directory.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    os.close(os.open(directory / DATABASE, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for root, directories, files in os.walk(directory):
        os.chmod(root, PRIVATE_DIRECTORY)
        for name in files:
            os.chmod(os.path.join(root, name), PRIVATE_FILE)
