"""Recognising one person across records (issue 8): profiles of person rows, blocking keys, scored pairs with
reasons, links with people in the loop, the batch linker, clusters, associates and alerts.

It uses the search index's name forms (:mod:`people.names`), so it lives in ``indexes``; it reads and writes
PostgreSQL only (blocking is a PostgreSQL table, see :mod:`people.linkage.keys`).
"""
