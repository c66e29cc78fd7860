"""Recognising one person across records (issue 8): profiles of person rows, blocking keys, scored pairs with
reasons, links with people in the loop, the batch linker, clusters, and the alerts a newly matched person raises.

It reduces names with the same forms the search index uses (:mod:`people.names`); it reads and writes
PostgreSQL only (blocking is a PostgreSQL table, see :mod:`people.linkage.keys`). The co-accused network over
its clusters is :mod:`people.associates`.
"""
