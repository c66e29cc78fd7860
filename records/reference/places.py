"""Loading the shipped tables of places: the state, its police districts, the names sources give them
(``district_aliases.csv``) and the police stations. Decisions behind the data are in ``records.reference.load``."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import DistrictKind, DistrictNameAlias, PoliceDistrict, PoliceStation, State
from records.reference.upsert import (
    ReferenceDataError,
    TableCount,
    assign,
    cell,
    kind_cell,
    number,
    numbered_rows,
    optional,
    sync,
    whole,
)

STATE_CODE = "10"
STATE_NAME_EN = "Bihar"
STATE_NAME_HI = "बिहार"


def load_state(session: Session, count: TableCount) -> State:
    rows = [{"code": STATE_CODE, "name_en": STATE_NAME_EN, "name_hi": STATE_NAME_HI}]
    states = sync(session, State, lambda s: (s.code,), rows, ("code",), count)
    return states[(STATE_CODE,)]


def load_districts(session: Session, state: State, count: TableCount) -> dict[str, PoliceDistrict]:
    rows = []
    for where, row in numbered_rows("districts"):
        kind = kind_cell(DistrictKind, row["kind"], where)
        rows.append(
            {
                "code": cell(row["code"]),
                "state_id": state.id,
                "name_en": cell(row["name_en"]),
                "name_hi": cell(row["name_hi"]),
                "kind": kind,
                "census_code": optional(row["census_code"]),
                "population_2011": whole(row["population_2011"], where),
            }
        )
    found = sync(session, PoliceDistrict, lambda d: (d.code,), rows, ("code",), count)
    return {key[0]: district for key, district in found.items()}


def load_aliases(session: Session, districts: Mapping[str, PoliceDistrict], count: TableCount) -> None:
    rows = []
    for where, row in numbered_rows("district_aliases"):
        code = cell(row["district_code"])
        if code not in districts:
            raise ReferenceDataError(f"{where}: unknown district code {code!r}")
        rows.append(
            {
                "source": cell(row["source"]).lower(),
                "name": " ".join(row["name"].split()).upper(),
                "district_id": districts[code].id,
            }
        )
    sync(session, DistrictNameAlias, lambda a: (a.source, a.name), rows, ("source", "name"), count)


def load_stations(session: Session, districts: Mapping[str, PoliceDistrict], count: TableCount) -> None:
    existing = {station.code: station for station in session.scalars(sa.select(PoliceStation))}
    by_name = {(station.district_id, station.name_en): station for station in existing.values()}
    for where, row in numbered_rows("stations"):
        district_code = cell(row["district_code"])
        if district_code not in districts:
            raise ReferenceDataError(f"{where}: unknown district code {district_code!r}")
        values = {
            "code": cell(row["code"]),
            "district_id": districts[district_code].id,
            "name_en": cell(row["name_en"]),
            "name_hi": cell(row["name_hi"]),
            "latitude": number(row.get("latitude"), where),
            "longitude": number(row.get("longitude"), where),
        }
        count.total += 1
        # Same code, or a station loaded earlier under another code with the same district and name.
        station = existing.get(values["code"]) or by_name.get((values["district_id"], values["name_en"]))
        if station is None:
            station = PoliceStation(**values)
            session.add(station)
            count.inserted += 1
        elif assign(station, values):
            count.updated += 1
        existing[station.code] = station
        by_name[(station.district_id, station.name_en)] = station
    session.flush()
