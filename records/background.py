"""What the served app and its routes may ask of the background work, whichever kind runs it.

Two kinds exist (``workers.background``): a message broker with ``cctns worker`` doing the work, or threads of
the server itself. The composition root (``cctns``) creates one per served app and hands it over; the app's
lifespan starts and stops it, and the imports route starts its jobs through it. The interface lives in the
lowest layer so that the API names it without depending on ``workers``.
"""

from __future__ import annotations

from typing import Protocol


class BackgroundWork(Protocol):
    by_worker: bool
    """True when ``cctns worker`` does the work through the broker; False when this process does it."""

    def start(self) -> None:
        """Start what runs beside the requests, and hand on import jobs a stopped server left unfinished."""

    def stop(self, budget: float) -> list[str]:
        """Stop within ``budget`` seconds; the names of what is still running (its unfinished batch is a
        transaction: rolled back at exit and redone at the next start)."""

    def start_import(self, job_id: int) -> None:
        """Run the queued ``import_job`` ``job_id`` to its end, in the background."""
