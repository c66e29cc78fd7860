"""Background work: the Celery app and its tasks (outbox relay to the search index, SMS, imports, rollups).

With no broker configured the same task functions run in-process."""
