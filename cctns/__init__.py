"""Composition root: the ``cctns`` command line and the one ASGI app that mounts API, dashboards and portal."""
