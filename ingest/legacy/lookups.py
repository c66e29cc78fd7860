"""What an import looks up while converting rows, read once from PostgreSQL: stations, districts, acts and
sections. Unknown stations are matched by name as written (``Amengad PS``, ``थाना हाजीपुर``) and, where the
profile allows it, created under the district the file names. Whom the import is for decides where it may
write and create (``records.access``): a row whose station is outside that is rejected as
``outside_jurisdiction``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg

from cases.law import KNOWN_PERIODS
from ingest.legacy.converters.cells import ConversionError
from ingest.legacy.converters.sections import ActResolver, section_variants
from ingest.legacy.profile import StationOptions
from records.access import Jurisdiction, Place

# The connection that creates stations (autocommit, beside the batches' own): a created station need not wait for
# its own flush to disk (a thousand waits in the generator's export): every batch naming it commits later, and that
# commit flushes the log up to and past the station's, so a crash loses no station a committed batch names, and a
# re-run creates again any it lost.
STATION_CONNECTION_SETTINGS = "SET synchronous_commit = off"

_STATION_WORDS = re.compile(
    r"\b(P\s*S|POLICE\s+STATION|THANA|OP|O\s*P|PS)\b|थाना|पुलिस\s*स्टेशन|ओ\.?\s*पी\.?", re.IGNORECASE
)


def station_key(name: str) -> str:
    """How station names are compared: no 'PS' / 'Police Station' / 'थाना', no punctuation, upper case."""
    key = unicodedata.normalize("NFC", name).upper().replace(".", " ")
    key = _STATION_WORDS.sub(" ", key)
    key = re.sub(r"[^\w\s]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def district_key(name: str) -> str:
    return re.sub(r"[^\w]", "", unicodedata.normalize("NFC", name).upper().replace("DISTRICT", ""))


@dataclass
class SectionInfo:
    id: int
    crime_head_id: int | None


@dataclass
class Lookups:
    """Reference ids by the keys rows use; stations created on the way are added here and in the database."""

    options: StationOptions
    stations_by_code: dict[str, int] = field(default_factory=dict)
    stations_by_name: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # key -> [(station, district)]
    station_district: dict[int, int] = field(default_factory=dict)
    districts: dict[str, int] = field(default_factory=dict)  # district_key(code / names / aliases) -> id
    sections: dict[tuple[str, str], SectionInfo] = field(default_factory=dict)
    acts: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    resolver: ActResolver = field(default_factory=ActResolver)
    created_stations: list[str] = field(default_factory=list)
    created_districts: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None  # whom the import is for; None: no limit (reference lookups only)
    station_code: dict[int, str] = field(default_factory=dict)
    _refusals: dict[int, str | None] = field(default_factory=dict)  # import_refusal by station id
    _district_memo: dict[str, int | None] = field(default_factory=dict)  # district_id() by name as written
    _station_memo: dict[tuple[str, str | None, int | None], int | ConversionError] = field(default_factory=dict)
    _loaded_to: int = 0  # the highest station id read from the database
    # Where other processes convert the same import's rows (``conversion_pool``): waits until the rows before the
    # one being converted are converted, so that a station they created is found, not created twice.
    catch_up: Callable[[], None] | None = None

    @classmethod
    def load(cls, cursor: psycopg.Cursor[Any], options: StationOptions, act_aliases: dict[str, str],
             stations_up_to: int | None = None) -> Lookups:  # fmt: skip
        """The reference ids; with ``stations_up_to``, the stations of ids up to it only: a converting process
        of an import sees the stations the import began with, as the import's first process did (the others'
        are found when a row names one)."""
        lookups = cls(options)
        lookups._load_districts(cursor)
        lookups._load_new_stations(cursor, stations_up_to)
        acts: dict[str, list[str]] = {}
        for code, short_name, name_en, name_hi, start, end in cursor.execute(
            "SELECT code, short_name, name_en, name_hi, in_force_from, in_force_until FROM act"
        ):
            acts[code] = [short_name, name_en, name_hi]
            known = KNOWN_PERIODS.get(code, (None, None))
            lookups.acts[code] = (start or known[0], end or known[1])
        lookups.resolver = ActResolver(acts, act_aliases)
        for act, number, section_id, head in cursor.execute(
            "SELECT a.code, s.number, s.id, s.crime_head_id FROM section s JOIN act a ON a.id = s.act_id"
        ):
            lookups.sections[(act, re.sub(r"\s+", "", number).upper())] = SectionInfo(section_id, head)
        return lookups

    def _load_districts(self, cursor: psycopg.Cursor[Any]) -> None:
        for district_id, code, name_en, name_hi in cursor.execute(
            "SELECT id, code, name_en, name_hi FROM police_district"
        ):
            for name in (code, name_en, name_hi):
                if name:
                    self.districts.setdefault(district_key(name), district_id)
        for district_id, name in cursor.execute("SELECT district_id, name FROM district_name_alias"):
            self.districts.setdefault(district_key(name), district_id)

    @property
    def stations_loaded_to(self) -> int:
        """The highest station id read from the database."""
        return self._loaded_to

    def _load_new_stations(self, cursor: psycopg.Cursor[Any], up_to: int | None = None) -> bool:
        """Add the stations made since the last load (all of them at first, or those up to ``up_to``); True if
        there were any. An import's stations are created in the order of its rows (see ``catch_up``), so their
        ids grow in the order they are committed."""
        added = False
        for station_id, district_id, code, name_en, name_hi in cursor.execute(
            "SELECT id, district_id, code, name_en, name_hi FROM police_station WHERE id > %s AND id <= %s",
            (self._loaded_to, up_to if up_to is not None else 2**63 - 1),
        ):
            self._loaded_to = max(self._loaded_to, station_id)
            if station_id not in self.station_district:
                self._add_station(station_id, district_id, code, name_en, name_hi)
                added = True
        return added

    def section(self, act: str, number: str) -> SectionInfo | None:
        for variant in section_variants(number):
            info = self.sections.get((act, variant))
            if info is not None:
                return info
        return None

    def _add_station(self, station_id: int, district_id: int, code: str, name_en: str, name_hi: str) -> None:
        self.stations_by_code[code.upper()] = station_id
        self.station_district[station_id] = district_id
        self.station_code[station_id] = code
        for name in {station_key(name_en), station_key(name_hi), station_key(code)}:
            if name:
                self.stations_by_name.setdefault(name, []).append((station_id, district_id))

    def district_id(self, name: str | None) -> int | None:
        if not name:
            return None
        try:
            return self._district_memo[name]
        except KeyError:
            found = self._district_memo[name] = self.districts.get(district_key(name))
            return found

    def station(self, cursor: psycopg.Cursor[Any], name: str, district_name: str | None) -> int:
        """The station's id; raises ``ConversionError`` (unknown_station, ambiguous_station, ...) otherwise.

        Remembered by (name, district) until a station or district is created: files repeat a few hundred
        stations over millions of rows, and the error of an unknown one (with its close matches) is costly."""
        key = (name, district_name)
        found = self._station_memo.get(key)
        if found is None:
            try:
                found = self._station(cursor, name, district_name)
            except ConversionError as error:
                found = error
            if len(self._station_memo) < 100_000 and not (self.catch_up and isinstance(found, ConversionError)):
                self._station_memo[key] = found  # (with others creating stations, an error may not last)
        if isinstance(found, ConversionError):
            raise ConversionError(found.reason, found.message)
        return found

    def _station(self, cursor: psycopg.Cursor[Any], name: str, district_name: str | None) -> int:
        station_id = self._known_station(name, district_name)
        if station_id is None and self.catch_up is not None:
            self.catch_up()  # the rows before this one converted: the stations and districts they created read
            self._load_districts(cursor)
            self._district_memo.clear()
            self._load_new_stations(cursor)
            station_id = self._known_station(name, district_name)
        if station_id is None and self.options.create_unknown:
            station_id = self._create_station(cursor, name, district_name)
        if station_id is None:
            close = difflib.get_close_matches(station_key(name), list(self.stations_by_name), n=3, cutoff=0.75)
            hint = f" (close: {', '.join(close)})" if close else ""
            raise ConversionError(
                "unknown_station",
                f"station {name!r} is not in the station list{hint}; add it with `cctns stations load`, map it in "
                "the profile's stations.aliases, or allow stations.create_unknown",
            )
        return station_id

    def _known_station(self, name: str, district_name: str | None) -> int | None:
        """The station of that name (or code) among those known here; raises ambiguous_station."""
        alias = self.options.aliases.get(name)
        station_id = self.stations_by_code.get((alias or name).strip().upper())
        if station_id is None and self.options.match == "name":
            candidates = self.stations_by_name.get(station_key(name), [])
            district_id = self.district_id(district_name)
            if district_id is not None and len(candidates) > 1:
                candidates = [c for c in candidates if c[1] == district_id]
            if len(candidates) > 1:
                raise ConversionError(
                    "ambiguous_station",
                    f"station {name!r} is the name of {len(candidates)} stations; give the district column",
                )
            if candidates:
                station_id = candidates[0][0]
        return station_id

    def require_import(self, station_id: int) -> None:
        """Raise ``ConversionError`` (outside_jurisdiction, naming the station and the rule) unless the import's
        jurisdiction may import into ``station_id``."""
        if self.jurisdiction is None:
            return
        try:
            refused = self._refusals[station_id]
        except KeyError:
            place = Place(station_id, self.station_district[station_id], self.station_code[station_id])
            refused = self._refusals[station_id] = self.jurisdiction.import_refusal(place)
        if refused:
            raise ConversionError("outside_jurisdiction", refused)

    def _create_station(self, cursor: psycopg.Cursor[Any], name: str, district_name: str | None) -> int:
        if not district_name:
            raise ConversionError("unknown_station", f"station {name!r} is unknown and the row names no district")
        district_id = self.district_id(district_name)
        clean = re.sub(r"\s+", " ", name).strip()
        if self.jurisdiction is not None:
            where = f"district {district_name!r}" + (" (a new one)" if district_id is None else "")
            refused = self.jurisdiction.import_district_refusal(district_id, where)
            if refused:
                raise ConversionError("outside_jurisdiction", f"station {name!r} is not created: {refused}")
        if district_id is None:
            if not self.options.create_districts:
                raise ConversionError(
                    "unknown_district",
                    f"district {district_name!r} is not known; fix the name or allow stations.create_districts",
                )
            district_id = self._create_district(cursor, district_name)
        if self.options.match == "code" and re.fullmatch(r"[A-Za-z0-9_\-]{1,24}", clean):
            code = clean.upper()  # the source's own station code
        else:
            slug = re.sub(r"[^A-Z0-9]+", "-", station_key(clean).upper()).strip("-") or "PS"
            prefix = next(code for code, i in self._district_codes(cursor).items() if i == district_id)
            code = f"{prefix[:11]}-{slug}"[:24].rstrip("-")
        suffix = 2
        while code.upper() in self.stations_by_code:
            code = f"{code[:21]}-{suffix}"
            suffix += 1
        row = cursor.execute(
            "INSERT INTO police_station (district_id, code, name_en, name_hi) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (district_id, name_en) DO UPDATE SET name_en = EXCLUDED.name_en RETURNING id, code",
            (district_id, code, clean[:120], clean[:120]),
        ).fetchone()
        assert row is not None
        self._add_station(row[0], district_id, row[1], clean, clean)
        self._station_memo.clear()  # a name that was unknown may be this station now
        self.created_stations.append(clean)
        return int(row[0])

    def _district_codes(self, cursor: psycopg.Cursor[Any]) -> dict[str, int]:
        return dict(cursor.execute("SELECT code, id FROM police_district").fetchall())

    def _create_district(self, cursor: psycopg.Cursor[Any], name: str) -> int:
        state = self.options.state
        if state is not None:
            cursor.execute(
                "INSERT INTO state (code, name_en, name_hi) VALUES (%s, %s, %s) ON CONFLICT (code) DO NOTHING",
                (state.code, state.name, state.name),
            )
            state_row = cursor.execute("SELECT id FROM state WHERE code = %s", (state.code,)).fetchone()
        else:
            state_row = cursor.execute("SELECT id FROM state ORDER BY id LIMIT 1").fetchone()
        if state_row is None:
            raise ConversionError("unknown_district", "no state to create the district in; run `cctns db upgrade`")
        clean = re.sub(r"\s+", " ", name).strip()
        code = re.sub(r"[^A-Z0-9]+", "_", clean.upper()).strip("_")[:16] or "DISTRICT"
        row = cursor.execute(
            "INSERT INTO police_district (state_id, code, name_en, name_hi, kind) VALUES (%s, %s, %s, %s, "
            "'territorial') ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id",
            (state_row[0], code, clean[:100], clean[:100]),
        ).fetchone()
        assert row is not None
        self.districts[district_key(clean)] = row[0]
        self.districts[district_key(code)] = row[0]
        self._district_memo.clear()
        self.created_districts.append(clean)
        self._station_memo.clear()
        return int(row[0])
