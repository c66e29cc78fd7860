"""The bulk load: a batch's rows that are new (the common case of digitising a backlog) COPYed straight into the
final tables, beside the merge (``ingest.legacy.load``) that takes every row it does not.

A row goes the bulk way only when nothing about it needs comparing: an FIR whose key (station, year, number) no FIR
has; a person whose source key was never imported; an FIR's party rows when the FIR was imported and names nobody
yet; an FIR's property items when it has none from this source. Every other row (a re-import's changed or unchanged
row, a duplicate in the file, a row of an FIR registered live or not imported) goes to the merge, in the same
transaction and after the bulk rows, so the merge sees them (a second row with a bulk row's key is refused as a
duplicate, exactly as when both were merged).

What the merge's joins checked, the bulk load checks set-based before writing: each party's FIR and person by key
(index look-ups, never a scan of a growing table), reference ids from the import's look-ups. With that done it turns
off the per-row foreign-key checks for its own statements (``session_replication_role = replica``, when the
database role may set it; otherwise the checks run, only slower). The side effects are unchanged: the outbox,
matching-queue and rollup triggers fire always (migration 0013), for these rows as for any other. Ids come from the
tables' sequences in blocks; each row's id is known before it is written, so an FIR's sections, status history and
audit row, and a person's aliases, addresses and mobiles, are COPYed with it, not looked up after.

Modules: ``common`` (ids, COPY, the foreign-key switch, key look-ups), ``firs``, ``persons``, ``parties``,
``properties``.
"""
