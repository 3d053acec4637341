"""A small dedicated thread pool with a bounded queue, for CPU work called from the event loop.

The classifier spends its time in numpy and onnxruntime, which release the GIL: on its own
thread it leaves the event loop free for every other request (/health included).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def _lower_thread_priority(niceness: int) -> None:
    # When the CPU is busy the event loop's thread wins it over classification (on Linux,
    # setpriority on a thread id renices that thread alone).
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


class QueueFullError(RuntimeError):
    """More calls are running or waiting than the pool accepts."""


class BoundedPool:
    """`threads` workers; at most `max_pending` calls running or queued at any time."""

    def __init__(self, threads: int, max_pending: int, name: str, niceness: int = 0) -> None:
        if threads < 1 or max_pending < threads:
            raise ValueError("threads >= 1 e max_pending >= threads")
        self.threads = threads
        self.max_pending = max_pending
        self._name = name
        self._niceness = niceness
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        # A thread semaphore, not an asyncio one: it works from any event loop or thread.
        self._slots = threading.BoundedSemaphore(max_pending)

    def _pool(self) -> ThreadPoolExecutor:
        # Created on first use, so a pool built before a fork gets its threads in the child.
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    self.threads,
                    thread_name_prefix=self._name,
                    initializer=_lower_thread_priority,
                    initargs=(self._niceness,),
                )
            return self._executor

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run `fn(*args)` on the pool; QueueFullError at once when the queue is full."""
        if not self._slots.acquire(blocking=False):
            raise QueueFullError(f"{self._name}: {self.max_pending} chamadas pendentes")
        try:
            future: Future[T] = self._pool().submit(fn, *args)
        except BaseException:
            self._slots.release()
            raise
        # Released when the call ends or is cancelled before starting, never earlier: a
        # cancelled request must not free a slot while its work is still running.
        future.add_done_callback(lambda _: self._slots.release())
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
