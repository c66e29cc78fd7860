"""Load the shipped reference data into the database: the tables of places (``records.reference.places``) and
of law (``records.reference.law``), through one compare-then-write upsert (``records.reference.upsert``).
Police stations from a user's CSV are loaded by ``records.reference.station_file``.

``load_reference_data`` upserts every table in ``data/`` by its natural key (state code, district code, alias
``(source, name)``, station code, act code, crime-head code, section ``(act, number)``, correspondence pair).
It compares before it writes, so a second run changes nothing and says so; it never deletes a row (stations
and sections are referenced by FIRs) and never commits: the caller owns the transaction.

Decisions written into the data (see also the CSV headers):

* **State.** One state, Bihar (Census 2011 code ``10``), kept as constants in ``places``: every district
  belongs to it.
* **Districts.** 44 police districts: 40 territorial (the 38 revenue districts, with West Champaran policed
  as Bettiah and Bagaha and Bhagalpur as Bhagalpur and Naugachhia) and 4 railway. Codes follow the names the
  police use (``BETTIAH``, ``MOTIHARI``, ``KAIMUR``, ``PURNIA``, ``NAWADA``, ``PATNA_RLY`` ...).
* **census_code.** The Census 2011 code of the revenue district whose territory the police district polices.
  Bagaha and Naugachhia reference their parent (203 West Champaran, 224 Bhagalpur), so two police districts
  share a census code and a map colours the parent polygon with their sum; railway districts police no
  territory and have none.
* **population_2011.** Census 2011 district totals (they add up to Bihar's 10,40,99,452). Naugachhia is the
  Census 2011 total of the seven blocks of Naugachhia subdivision (Naugachhia, Bihpur, Kharik, Narayanpur,
  Rangra Chowk, Gopalpur, Ismailpur: 7,46,089), subtracted from Bhagalpur (30,37,766 -> 22,91,677). Bagaha is
  an estimate for Bagaha subdivision (13,70,000: Bagaha-I 3,98,000 and Ramnagar 2,49,102 from the census,
  the other five blocks estimated), subtracted from West Champaran (39,35,042 -> Bettiah 25,65,042). Railway
  districts have none (rates per lakh are not meaningful for them).
* **Crosswalk.** ``district_aliases.csv`` holds every name a source gives a police district, upper-cased: NCRB
  tables (2001-2014 ``DISTRICT``; 2017+ ``registration_circles``, the police district, and ``district_name``,
  the revenue district, which maps to the territorial district of the same headquarters), the boundary file,
  LGD and common spellings. NCRB rows that are not places (``districts.NCRB_NON_DISTRICT_UNITS``: the state total and
  the Anti Terrorist Squad and Economic Offences Unit that report from Patna since 2014) map to no district.
* **Sections.** IPC and BNS sections stations cite, each with its NCRB crime head; sections that only qualify
  another (IPC 34, 149, 109, 114, 511; BNS 3(5), 190, 49, 54, 62) have none. Every IPC section has its BNS
  counterpart(s) in ``ipc_bns_correspondence.csv`` except ``law.IPC_WITHOUT_BNS_COUNTERPART`` (309 attempt to
  suicide, 377 unnatural offences), kept because legacy FIRs cite them.
* **Protected offences.** ``protected_offences.csv`` lists the sections (or whole acts) whose victims are never
  identified to the public, each with its source; it is read at run time by ``records.victim_identity`` and only
  checked here (every row a known act and a section of ``sections.csv``, every row with a source).
* ``crime_heads.csv`` also names each head's column in the NCRB 2001-2012 district table (``ncrb_column``);
  the ``crime_head`` table has no such column yet, so it stays in the CSV (read it with
  ``records.reference.read_reference_table("crime_heads")``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlalchemy.orm import Session

from records.reference.law import (
    check_protected_offences,
    load_acts,
    load_correspondences,
    load_crime_heads,
    load_sections,
)
from records.reference.places import load_aliases, load_districts, load_state, load_stations
from records.reference.upsert import TableCount


@dataclass
class ReferenceLoadReport:
    """What ``load_reference_data`` did, table by table."""

    states: TableCount = field(default_factory=TableCount)
    districts: TableCount = field(default_factory=TableCount)
    district_aliases: TableCount = field(default_factory=TableCount)
    stations: TableCount = field(default_factory=TableCount)
    acts: TableCount = field(default_factory=TableCount)
    crime_heads: TableCount = field(default_factory=TableCount)
    sections: TableCount = field(default_factory=TableCount)
    correspondences: TableCount = field(default_factory=TableCount)

    def tables(self) -> dict[str, TableCount]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    @property
    def inserted(self) -> int:
        return sum(count.inserted for count in self.tables().values())

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.tables().values())

    @property
    def changed(self) -> int:
        return self.inserted + self.updated

    def __str__(self) -> str:
        labels = {
            "states": ("state", "states"),
            "districts": ("district", "districts"),
            "district_aliases": ("district name", "district names"),
            "stations": ("station", "stations"),
            "acts": ("act", "acts"),
            "crime_heads": ("crime head", "crime heads"),
            "sections": ("section", "sections"),
            "correspondences": ("IPC-BNS correspondence", "IPC-BNS correspondences"),
        }
        parts = [
            f"{count.total} {labels[name][0] if count.total == 1 else labels[name][1]}"
            for name, count in self.tables().items()
        ]
        if self.changed:
            changes = f"{self.changed} changed: {self.inserted} inserted, {self.updated} updated"
        else:
            changes = "0 changed"
        return f"{', '.join(parts)} ({changes})"


def load_reference_data(session: Session) -> ReferenceLoadReport:
    """Upsert the shipped reference data (``records/reference/data``); idempotent, never commits."""
    report = ReferenceLoadReport()
    state = load_state(session, report.states)
    districts = load_districts(session, state, report.districts)
    load_aliases(session, districts, report.district_aliases)
    load_stations(session, districts, report.stations)
    acts = load_acts(session, report.acts)
    heads = load_crime_heads(session, report.crime_heads)
    sections = load_sections(session, acts, heads, report.sections)
    load_correspondences(session, acts, sections, report.correspondences)
    check_protected_offences(acts, sections)
    return report
