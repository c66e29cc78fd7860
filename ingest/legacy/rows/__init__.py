"""One source row -> the values we store (``ingest.legacy.staged``), or every reason it cannot be stored.

Four kinds of rows, each with its converter: an FIR (``firs``: with the people its row names inline, and what
happened after registration), a person of an export's person file (``persons``), a party row that ties a person
to an FIR, with their arrest (``parties``), and a property item of an FIR (``properties``). ``compiled`` reads
a row's fields by the profile, compiled into readers once per import; every problem of a row is collected
(``fields``) rather than stopping at the first, so the rejects file tells the operator everything to fix at once.
"""
