"""Reference data shipped with the system: districts, stations, acts, sections, crime heads.

The CSV files in ``data/`` are the source; ``load.py`` upserts them into the database on ``cctns db upgrade``
(one module per table family: ``places``, ``law``); ``districts`` finds a district by any of its names and
``station_file`` loads stations from a user's CSV.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def read_reference_table(name: str) -> list[dict[str, str]]:
    """Rows of ``data/<name>.csv`` as dictionaries of strings (empty cells are empty strings)."""
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any(value.strip() for value in row.values())]
