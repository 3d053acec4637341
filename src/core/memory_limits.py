"""Rate-limit counters in the process memory, on limits' public storage interface.

limits' own MemoryStorage starts a sweep over *every* key after each hit (and one thread hop
per moving-window key): with thousands of callers that is O(keys) of work per request
(docs/performance.md, "Contadores de limite na memória"). This storage expires each key
when it is read and sweeps the rest at most once a second, inline. It implements the
documented extension points (`Storage`, `MovingWindowSupport`), so an upgrade of limits
cannot silently bypass it.
Single-threaded by design: the event loop runs every call, and no call awaits halfway.
"""

import time
from collections import deque
from typing import ClassVar

from limits.aio.storage import MovingWindowSupport, Storage


class InProcessStorage(Storage, MovingWindowSupport):
    STORAGE_SCHEME: ClassVar[list[str]] = ["async+atendimento-memory"]
    SWEEP_INTERVAL_SECONDS = 1.0

    def __init__(self, uri: str | None = None, **options: float | str | bool) -> None:
        super().__init__(uri, **options)
        self.counters: dict[str, tuple[int, float]] = {}  # key -> (count, expires at)
        self.windows: dict[str, deque[float]] = {}  # key -> entry times, newest first
        self.window_expiry: dict[str, float] = {}  # key -> when its newest entry expires
        self.last_sweep = time.time()
        self.sweeps = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    # Fixed window ------------------------------------------------------------------------

    async def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = self._tick()
        count, expires_at = self._live_counter(key, now)
        if count == 0:
            expires_at = now + expiry
        self.counters[key] = (count + amount, expires_at)
        return count + amount

    async def get(self, key: str) -> int:
        return self._live_counter(key, time.time())[0]

    async def get_expiry(self, key: str) -> float:
        now = time.time()
        count, expires_at = self._live_counter(key, now)
        return expires_at if count else now

    # Moving window -----------------------------------------------------------------------

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = self._tick()
        entries = self._live_window(key, now, expiry)
        if len(entries) + amount > limit:
            return False
        entries.extendleft([now] * amount)
        self.windows[key] = entries
        self.window_expiry[key] = now + expiry
        return True

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        entries = self._live_window(key, now, expiry)
        if not entries:
            return now, 0
        return entries[-1], len(entries)

    # Housekeeping ------------------------------------------------------------------------

    async def check(self) -> bool:
        return True

    async def reset(self) -> int | None:
        removed = len(self.counters) + len(self.windows)
        self.counters.clear()
        self.windows.clear()
        self.window_expiry.clear()
        return removed

    async def clear(self, key: str) -> None:
        self.counters.pop(key, None)
        self.windows.pop(key, None)
        self.window_expiry.pop(key, None)

    def _live_counter(self, key: str, now: float) -> tuple[int, float]:
        count, expires_at = self.counters.get(key, (0, now))
        if expires_at <= now:
            self.counters.pop(key, None)
            return 0, now
        return count, expires_at

    def _live_window(self, key: str, now: float, expiry: float) -> deque[float]:
        entries = self.windows.get(key, deque())
        # Newest first: what fell out of the window is at the right end.
        cutoff = now - expiry
        while entries and entries[-1] <= cutoff:
            entries.pop()
        return entries

    def _tick(self) -> float:
        """Every write may sweep, but at most once a second: expired keys are only garbage."""
        now = time.time()
        if now - self.last_sweep >= self.SWEEP_INTERVAL_SECONDS:
            self.last_sweep = now
            self.sweeps += 1
            self.counters = {k: v for k, v in self.counters.items() if v[1] > now}
            for key in [k for k, until in self.window_expiry.items() if until <= now]:
                self.windows.pop(key, None)
                self.window_expiry.pop(key, None)
        return now
