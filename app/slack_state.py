"""The Slack bot's small in-memory state: bounded maps (thread services, recent answers) and a rate limiter."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedMap(Generic[V]):
    """A thread-safe least-recently-used map: the bot runs for weeks, so what it remembers must not grow."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def add(self, key: str, value: V) -> bool:
        """Store `value` unless `key` is already there (atomically); True when it was new."""
        with self._lock:
            if key in self._items:
                return False
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return True

    def __len__(self) -> int:
        return len(self._items)


class RateLimiter:
    """At most `limit` questions per user in any `window` seconds (a sliding window of timestamps)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic,
                 max_users: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_users = max_users
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, user: str) -> float:
        """Record a question and return 0, or return the seconds to wait (the question is not counted)."""
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(user, deque())
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(self.window - (now - times[0]), 0.1)
            times.append(now)
            if len(self._seen) > self._max_users:
                self._forget_idle(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        for user in [u for u, t in self._seen.items() if not t or now - t[-1] >= self.window]:
            del self._seen[user]
