"""Writing a batch of converted rows (``ingest.legacy.staged``): COPY into session-private staging tables, then a few
set-based statements merge them into the real tables by natural key, and report which rows the database itself
refused (a duplicate key in the file, a party or property item whose FIR or person is not there). The outbox rows
for the search index and the person-matching queue are written by the database's triggers (migration 0011), as
for every writer: one outbox row per record and batch; ``upkeep.collapse_outbox`` then keeps one per record.

Natural keys: an FIR is (station, year, FIR number); a person is the source system's key for it
(``import_record_key``); a party is (FIR, person, role); an imported arrest is (FIR, person, source), an
imported final report and court result (FIR, source). A row that matches and differs updates (or is
skipped with ``on_existing: skip``); a row that matches and is the same changes nothing, so a re-run of a
file leaves the database as it was. Property items have no key: see ``merge_properties``.

An FIR registered live (by the FIR API or a complaint's conversion: it has no ``fir_legacy_record``) is never
changed by an import: a row with its key, and a party or property row for it, is refused as ``live_fir``.
Every FIR a batch creates or updates gets an audit row (one ``INSERT ... SELECT`` per batch) naming the job and
who imports; an update's row names the fields that changed with their values before and after. Imported serials
do not move the live numbering counter: the batch locks the counters of its station-years instead
(``records.numbering``).

Modules: ``staging`` (the staging tables and the COPY into them), ``ids`` (each staged row's FIR and person ids,
and the rows whose FIR was registered live), the merges per table family (``firs``, ``persons``, ``parties``
with arrests, ``properties``), and ``upkeep`` (after batches: planner statistics, the outbox collapsed).
"""
