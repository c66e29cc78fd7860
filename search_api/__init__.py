"""The FastAPI search and records API under /api/v1: thin routes calling ``ingest`` and ``indexes``."""
