"""The FIR's read views: what an FIR, a list of FIRs and a person's cases look like when read back.

Each read returns plain dataclasses (rows of ``records.models`` and values computed from them); the API,
the portal and the dashboards map them to what they show. Writes are the commands beside this package
(``cases.registration``, ``cases.parties``, ``cases.investigation``, ``cases.status_changes``).
"""
