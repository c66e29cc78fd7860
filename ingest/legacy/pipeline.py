"""Running a producer ahead of its consumer in a thread: the import converts the next batch (Python work)
while the current one is written (mostly waiting for PostgreSQL, which releases the GIL), so both cores work.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


@contextmanager
def ahead(items: Iterable[T], depth: int = 1) -> Iterator[Iterator[T]]:
    """``items`` produced in a background thread, at most ``depth`` items ahead of the consumer. An error in
    the producer is raised in the consumer at the item where it happened; leaving the block early stops the
    producer (it finishes the item it is on, then stops)."""
    handoff: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    source = iter(items)

    def produce() -> None:
        try:
            for item in source:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as error:  # handed to the consumer, raised there
            put(_Failed(error))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()  # a generator's own cleanup (e.g. worker processes stopped) runs now, not at collection

    thread = threading.Thread(target=produce, name="import-convert", daemon=True)
    thread.start()

    def consume() -> Iterator[T]:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]

    try:
        yield consume()
    finally:
        stop.set()
        thread.join()


@contextmanager
def fewer_collections(young: int = 50_000) -> Iterator[None]:
    """Collect garbage less often while batches of tens of thousands of rows are alive: each collection walks
    them all, and at the default threshold (700 new objects) that was a quarter of the conversion's time.
    Nothing is left uncollected; the threshold is restored after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], young), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
