"""Districts, stations and crime heads as the dashboards show them, loaded once per app."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from dashboards.data.sql import frame
from records.access import Place


@dataclass(frozen=True)
class Reference:
    districts: pd.DataFrame  # id, code, name_en, name_hi, kind, census_code, population_2011
    stations: pd.DataFrame  # id, district_id, code, name_en, name_hi
    heads: pd.DataFrame  # id, code, name_en, name_hi, sort_order, against_women, against_sc_st, ncrb

    def place_of_station(self, station_id: int) -> Place | None:
        """The station and its district (what ``records.access`` judges), or None for an unknown station."""
        rows = self.stations[self.stations["id"] == station_id]
        if not len(rows):
            return None
        return Place(int(station_id), int(rows["district_id"].iloc[0]), str(rows["code"].iloc[0]))

    def district_code(self, district_id: int) -> str:
        rows = self.districts[self.districts["id"] == district_id]
        return str(rows["code"].iloc[0]) if len(rows) else str(district_id)


def load_reference(engine: Engine) -> Reference:
    from records.reference import read_reference_table

    districts = frame(
        engine,
        "SELECT d.id, d.code, d.name_en, d.name_hi, d.kind::text AS kind, d.census_code, d.population_2011, "
        "coalesce((SELECT a.name FROM district_name_alias a WHERE a.district_id = d.id AND a.source = 'ncrb' "
        "ORDER BY a.id LIMIT 1), upper(d.name_en)) AS ncrb_name FROM police_district d ORDER BY d.name_en",
        {},
    )
    stations = frame(engine, "SELECT id, district_id, code, name_en, name_hi FROM police_station ORDER BY name_en", {})
    heads = frame(
        engine,
        "SELECT id, code, name_en, name_hi, sort_order, against_women, against_sc_st FROM crime_head "
        "ORDER BY sort_order",
        {},
    )
    ncrb = {row["code"]: bool(row["ncrb_column"]) for row in read_reference_table("crime_heads")}
    heads["ncrb"] = heads["code"].map(ncrb).fillna(False)
    unclassified = pd.DataFrame(
        [
            {
                "id": 0,
                "code": "UNCLASSIFIED",
                "name_en": "No crime head",
                "name_hi": "अवर्गीकृत",
                "sort_order": 9999,
                "against_women": False,
                "against_sc_st": False,
                "ncrb": False,
            }
        ]
    )
    return Reference(districts, stations, pd.concat([heads, unclassified], ignore_index=True))
