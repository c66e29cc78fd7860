"""What the converter of each kind of row shares: the profile, the reference ids, the date formats, word tables
built per field on first use, and remembered conversions per field."""

from __future__ import annotations

from typing import Any

import psycopg

from ingest.legacy.converters.cells import ConversionError
from ingest.legacy.converters.dates import DEFAULT_DATE_FORMATS
from ingest.legacy.converters.numbers import fir_number, integer
from ingest.legacy.converters.words import Words
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import FieldSpec, PartyFields, Profile, PropertyFields
from ingest.legacy.rows.fields import FieldMemo, Fields, Problem, RowRejected


class KindConverter:
    """Converts the rows of one kind (FIR, person, party, property) of one import."""

    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        self.profile = profile
        self.lookups = lookups
        self.formats = tuple(profile.date_formats or DEFAULT_DATE_FORMATS)
        self.synthetic = profile.synthetic
        self.words: dict[int, Words] = {}
        self.memos: dict[str, FieldMemo] = {}  # shared by every row of this kind (see ``Fields``)

    def _fields(self, values: dict[str, Any]) -> Fields:
        """A row's fields; an unreadable row is rejected at once."""
        if "__error__" in values:
            raise RowRejected([Problem("unreadable_row", "row", str(values["__error__"]))])
        return Fields(values, self.formats, self.memos)

    def _words(self, spec: FieldSpec | None, allowed: list[str], what: str) -> Words | None:
        """The word table of one field, built on first use."""
        if spec is None:
            return None
        if id(spec) not in self.words:
            self.words[id(spec)] = Words(spec.map, allowed, spec.default, what, lenient=True)
        return self.words[id(spec)]

    def _strict_words(self, spec: FieldSpec, allowed: list[str], what: str, builtin: dict[str, str]) -> Words:
        """A word table that rejects an unknown word (outcomes and kinds are not guessed)."""
        if id(spec) not in self.words:
            self.words[id(spec)] = Words(spec.map, allowed, None, what, builtin)
        return self.words[id(spec)]

    def _station(self, cursor: psycopg.Cursor[Any], row: Fields, name: str | None, district: str | None) -> int | None:
        """The id of the row's station (created if the profile allows it), which must be one this import may write
        to; a problem is noted on the row when it is not."""
        station_id = None
        if name is not None:
            try:
                station_id = self.lookups.station(cursor, name, district)
                self.lookups.require_import(station_id)
            except ConversionError as error:
                row.problems.append(Problem(error.reason, "station", error.message))
        return station_id

    def _fir_of_row(
        self, cursor: psycopg.Cursor[Any], values: dict[str, Any], spec: PartyFields | PropertyFields, what: str
    ) -> tuple[Fields, int | None, int | None, int | None]:
        """A party or property row's fields, and the station id, year and serial of the FIR it belongs to
        (problems noted on the fields); an unreadable row is rejected at once."""
        row = self._fields(values)
        station_id = self._station(cursor, row, row.text("station", spec.station, required=True), None)
        serial_year = row.get("number", spec.number, fir_number, required=True)
        year = row.get("year", spec.year, integer) or (serial_year[1] if serial_year else None)
        if year is None:
            row.problems.append(Problem("missing_field", "year", f"the {what} row gives no year for its FIR"))
        return row, station_id, year, serial_year[0] if serial_year else None
