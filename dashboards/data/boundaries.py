"""District boundaries for the overview's map, from a GeoJSON file (CCTNS_GEO_BOUNDARIES_PATH)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Boundaries:
    geojson: dict[str, Any] | None
    problem: str | None  # why there is no map: a key of the dashboards' labels (``boundaries_<problem>``)
    detail: dict[str, str] = field(default_factory=dict)  # the file and error the message names


@lru_cache(maxsize=4)
def _read_geojson(path: str, modified: float) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_boundaries(path: Path | None) -> Boundaries:
    """District polygons from the GeoJSON at ``path`` (CCTNS_GEO_BOUNDARIES_PATH), or why there are none."""
    if path is None:
        return Boundaries(None, "not_configured")
    if not path.is_file():
        return Boundaries(None, "missing", {"path": str(path)})
    try:
        data = _read_geojson(str(path), path.stat().st_mtime)
    except (OSError, ValueError) as error:
        return Boundaries(None, "unreadable", {"path": str(path), "error": str(error)})
    if not isinstance(data, dict) or not data.get("features"):
        return Boundaries(None, "no_features", {"path": str(path)})
    return Boundaries(data, None)


def census_code_of(feature: dict[str, Any]) -> str | None:
    """The Census 2011 district code a boundary feature carries (files name the property differently)."""
    properties = feature.get("properties") or {}
    for key in ("censuscode", "census_code", "CENSUSCODE", "dt_code", "DT_CEN_CD", "district_code", "censuscode2011"):
        if properties.get(key) not in (None, ""):
            return str(properties[key]).lstrip("0") or "0"
    return None
