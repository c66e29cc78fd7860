"""The staff API under /api/v1 (FastAPI): thin routes over ``cases`` (writes and reads of FIRs), ``complaints``,
``people`` and ``indexes``; response bodies in the ``*_schemas`` modules."""
