"""The Hindi names of the places search results name: the index keeps stations' and districts' English names,
and a page in Hindi shows theirs (``SearchResults.names_hi``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import PoliceDistrict, PoliceStation
from search_api.search_schemas import SearchResults


def hindi_place_names(session: Session, result: SearchResults) -> dict[str, str]:
    """The Hindi names of the stations and districts the results name (the index keeps English names)."""
    shown = {ref.station for hit in result.people.hits for ref in hit.firs} | {h.station for h in result.cases.hits}
    districts = {ref.district for hit in result.people.hits for ref in hit.firs} | {
        h.district for h in result.cases.hits
    }
    names: dict[str, str] = {}
    if shown:
        rows = session.execute(
            sa.select(PoliceStation.name_en, PoliceStation.name_hi).where(PoliceStation.name_en.in_(shown))
        )
        names |= {english: hindi for english, hindi in rows}
    if districts:
        rows = session.execute(
            sa.select(PoliceDistrict.name_en, PoliceDistrict.name_hi).where(PoliceDistrict.name_en.in_(districts))
        )
        names |= {english: hindi for english, hindi in rows}
    return names
