"""Stopping the server's background loops: each finishes its current batch and leaves the rest; all are stopped
together within one budget, and a loop that does not stop in time is named, not waited for."""

from __future__ import annotations

import threading
import time

from workers.loop import BackgroundLoop, stop_all


class Batches(BackgroundLoop):
    """Works through 100 batches of 50 ms each, checking between batches whether it should stop."""

    def __init__(self, name: str, check: bool = True) -> None:
        self.done, self.check, self.started = 0, check, threading.Event()
        super().__init__(name, self._tick, interval=0.01)

    def _tick(self) -> None:
        self.started.set()
        for _ in range(100):
            if self.check and self.stopping():
                return
            time.sleep(0.05)
            self.done += 1


def test_loops_stop_between_batches_all_within_one_budget() -> None:
    loops = [Batches("one"), Batches("two"), Batches("three")]
    for loop in loops:
        loop.start()
        assert loop.started.wait(5)
    began = time.monotonic()
    assert stop_all([*loops, None], budget=3.0) == []
    assert time.monotonic() - began < 1.0
    assert all(loop.done < 100 for loop in loops)


def test_a_loop_that_does_not_stop_in_time_is_named_and_not_waited_for() -> None:
    stubborn, polite = Batches("stubborn", check=False), Batches("polite")
    stubborn.start()
    polite.start()
    assert stubborn.started.wait(5) and polite.started.wait(5)
    began = time.monotonic()
    assert stop_all([stubborn, polite], budget=0.5) == ["stubborn"]
    assert time.monotonic() - began < 1.5
    stubborn.stop(10)
