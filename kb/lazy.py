"""`once`: a lazily built attribute that is built exactly once per object, even when threads race; `SHARED`:
parts built once per process for equal keys (the files they are read from).

`functools.cached_property` has no lock since Python 3.12, so two Streamlit sessions or Slack workers
asking at the same moment could each load the index and the model. The first reader builds the value
under the owner's re-entrant lock (`_build_lock`; building one value may read another); later readers
find it in the instance dictionary without taking any lock.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class once(Generic[T]):  # noqa: N801 - used like @cached_property
    """Decorator for a method without arguments that becomes a read-only, built-once attribute."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        values = obj.__dict__
        if self.name in values:
            return values[self.name]
        lock = values.get("_build_lock")
        if lock is None:
            lock = values.setdefault("_build_lock", threading.RLock())
        with lock:
            if self.name not in values:
                values[self.name] = self.build(obj)
            return values[self.name]


class Shared:
    """Parts built once per process for equal keys: every KnowledgeBase of a process opened on the same data files
    and index reuses one catalog, analyzer, index and answer chain (building them takes about 4 s; the tests open
    hundreds of knowledge bases on one index). Keys hold a digest of the files a part is read from, so a changed
    file or a newly written index is a new key. The `size` most recently used parts are kept (older ones are built
    again when asked). Shared across threads: a part is built under one re-entrant lock (building a part may ask
    for another), and is read-only afterwards, as `once` parts are."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._parts: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.RLock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The part built for `key`, built by `build()` now if this process has none (what `build` raises
        propagates, and nothing is kept)."""
        with self._lock:
            if key in self._parts:
                self._parts.move_to_end(key)
                return self._parts[key]
            value = build()
            self._parts[key] = value
            while len(self._parts) > self.size:
                self._parts.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every part (the next knowledge base builds its own)."""
        with self._lock:
            self._parts.clear()


SHARED = Shared()


def files_digest(*roots: Path) -> str:
    """A digest of the names and contents of every file under `roots` (files or folders; missing ones count as
    missing): equal digests, equal files. About 5 ms for the shipped data folder (2.3 MB)."""
    h = hashlib.blake2b(digest_size=16)
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            h.update(str(path).encode() + b"\0")
            h.update(path.read_bytes() if path.is_file() else b"\1missing")
            h.update(b"\0")
    return h.hexdigest()
