"""Structures derived from a snapshot that cost seconds to build (the IAM engine's parsed
principals, the principal graph), kept on disk so that only the first verb on a snapshot
pays for them: a diskcache under the XDG cache dir (``derived/``, beside the crawl cache),
bounded in size, least recently used entries evicted first.

An entry is keyed by what it was derived from: the snapshot file's SHA-256
(``store.snapshot.snapshot_digest``), the awsx version that derived it (a newer awsx may
derive differently), the regions and kinds the estate was loaded with, and the structure's
name. Values are pickled (diskcache's default): the cache is the user's own directory, 0700,
written by awsx alone, never a file someone handed over (a snapshot is JSON, decoded against
its schema). An entry that does not load (corrupt, written by another version of a class) is
derived again and replaced, silently: a cache never makes a verb fail.
"""

from __future__ import annotations

import hashlib
import weakref
from functools import cached_property
from pathlib import Path
from typing import AbstractSet, Any, Callable, TypeVar

from awsx import __version__
from awsx.core.graph import Estate
from awsx.store.snapshot import snapshot_digest

SIZE_LIMIT = 512 * 1024**2  # bytes; the 100k estate's IAM structures take ~20 MB
T = TypeVar("T")


def default_directory() -> Path:
    from awsx.store.cache import cache_directory

    return cache_directory() / "derived"


class DerivedCache:
    """Pickled values under string keys, in a size-bounded diskcache directory, opened on first
    use (a verb that derives nothing costly pays nothing). One that cannot be opened
    (unwritable directory, corrupt database) behaves as empty."""

    def __init__(self, directory: str | Path | None = None, size_limit: int = SIZE_LIMIT) -> None:
        self.directory = Path(directory or default_directory())
        self.size_limit = size_limit
        self._opened = False
        self._cache: Any = None

    def _open(self) -> Any:
        if not self._opened:
            self._opened = True
            try:
                import diskcache

                from awsx.store.cache import make_private

                make_private(self.directory)
                self._cache = diskcache.Cache(str(self.directory), size_limit=self.size_limit,
                                              disk_min_file_size=2**62)
            except Exception:  # noqa: BLE001 - sqlite/OS errors of any kind: derive without a cache
                self._cache = None
        return self._cache

    def get_or_derive(self, key: str, derive: Callable[[], T], shape: type[T]) -> T:
        """The value under ``key``, or ``derive()`` stored there when absent, unreadable or not
        a ``shape`` (written by an awsx whose structure differed)."""
        cache = self._open()
        if cache is not None:
            try:
                found = cache.get(key)
            except Exception:  # noqa: BLE001 - an entry that does not unpickle is derived again
                found = None
            if isinstance(found, shape):
                return found
        value = derive()
        if cache is not None:
            try:
                cache.set(key, value)
            except Exception:  # noqa: BLE001 - full disk, read-only directory: answered anyway
                pass
        return value

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


class Source:
    """The snapshot an estate was read from, for the keys of what is derived from it; the
    file is hashed on the first key (a verb that derives nothing costly never hashes it)."""

    def __init__(self, cache: DerivedCache, path: str | Path) -> None:
        self.cache = cache
        self.path = path

    @cached_property
    def digest(self) -> str:
        return snapshot_digest(self.path)

    def key(self, estate: Estate, name: str, reads: AbstractSet[str] | None) -> str:
        """What the value was derived from. A structure that reads only some kinds (``reads``)
        is the same whether the estate holds those or every kind, so the CLI's partial load
        and the TUI's whole one share it."""
        if reads is not None and (estate.loaded is None or reads <= estate.loaded):
            kinds = _short_hash(" ".join(sorted(reads)))
        else:
            kinds = "all" if estate.loaded is None else _short_hash(" ".join(sorted(estate.loaded)))
        return f"v1|{__version__}|{self.digest}|{','.join(estate.info.regions)}|{kinds}|{name}"


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_SOURCES: weakref.WeakKeyDictionary[Estate, Source] = weakref.WeakKeyDictionary()


def remember(estate: Estate, cache: DerivedCache, snapshot: str | Path) -> Estate:
    """Let what is derived from ``estate``, read from the file ``snapshot``, be cached."""
    _SOURCES[estate] = Source(cache, snapshot)
    return estate


def derived(estate: Estate, name: str, derive: Callable[[], T], shape: type[T],
            reads: AbstractSet[str] | None = None) -> T:
    """``derive()`` (a ``shape``), from the cache when ``estate`` came from a snapshot that has
    one (``remember``); an estate without (live, in memory, ``--no-cache``) derives every time.
    ``reads``: the kinds ``derive`` reads, when it reads only some (see ``Source.key``)."""
    source = _SOURCES.get(estate)
    if source is None:
        return derive()
    return source.cache.get_or_derive(source.key(estate, name, reads), derive, shape)
