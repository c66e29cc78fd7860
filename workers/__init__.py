"""Background work: the Celery app and its tasks (outbox relay to the search index, SMS, imports, rollups).

With no broker configured the same work runs as threads of the server; ``workers.background`` chooses."""
