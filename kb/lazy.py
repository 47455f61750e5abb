"""`once`: a lazily built attribute that is built exactly once per object, even when threads race.

`functools.cached_property` has no lock since Python 3.12, so two Streamlit sessions or Slack workers
asking at the same moment could each load the index and the model. The first reader builds the value
under the owner's re-entrant lock (`_build_lock`; building one value may read another); later readers
find it in the instance dictionary without taking any lock.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
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
