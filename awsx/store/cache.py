"""The live crawl cache (diskcache, under the XDG cache dir): trusted local data, one JSON
entry per crawl unit, keyed by (endpoint, account, region, service, operation), plus the
identity and regions of each profile, so reopening needs no AWS call at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import diskcache
from platformdirs import user_cache_dir

from awsx.core.errors import error_line


class LiveCache:
    """The local crawl cache: JSON values under string keys in a diskcache directory.

    A cache that cannot be opened or read (corrupt database, unwritable directory) is
    reported once and then behaves as empty: a crawl never fails because of its cache.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or user_cache_dir("awsx", appauthor=False))
        self.problem: str | None = None
        self._cache: Any = None
        try:
            self._cache = diskcache.Cache(str(self.directory))
        except Exception as exc:  # noqa: BLE001 - sqlite/OS errors of any kind: degrade, say so
            self.problem = f"crawl cache at {self.directory} is unusable ({error_line(exc)}); crawling without it"

    @staticmethod
    def key(*parts: str) -> str:
        return "v1|" + "|".join(parts)

    def get(self, *parts: str) -> Any:
        if self._cache is None:
            return None
        try:
            text = self._cache.get(self.key(*parts))
            return json.loads(text) if isinstance(text, str) else None
        except Exception as exc:  # noqa: BLE001 - a corrupt entry is a miss, not a crash
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
