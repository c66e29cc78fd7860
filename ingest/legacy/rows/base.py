"""What the converter of each kind of row shares: the profile, the reference ids, the date formats, and the
profile's fields compiled into readers (``compiled``) when the converter is made, not per row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg

from ingest.legacy.converters.cells import ConversionError
from ingest.legacy.converters.dates import DEFAULT_DATE_FORMATS
from ingest.legacy.converters.numbers import fir_number, integer
from ingest.legacy.converters.words import Words
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import FieldSpec, PartyFields, Profile, PropertyFields
from ingest.legacy.rows import compiled
from ingest.legacy.rows.fields import Problem, RowRejected
from people.identifiers import NormalisationError, normalise_mobile

MEMO_LIMIT = 100_000  # values remembered per memo; beyond it, values rarely repeat and are converted each time


def remembered_mobile(memo: dict[str, str | Problem], raw: str, field: str) -> str | Problem:
    """The mobile ``raw`` normalised, or its problem as ``field``'s, remembered by the raw value in ``memo`` (a
    person's number recurs in their rows)."""
    found = memo.get(raw)
    if found is None:
        try:
            found = normalise_mobile(raw)
        except NormalisationError as error:
            found = Problem("bad_mobile", field, f"{field}: {error}")
        if len(memo) < MEMO_LIMIT:
            memo[raw] = found
    return found


def lenient_words(spec: FieldSpec | None, allowed: Sequence[str], what: str) -> Words | None:
    """The word table of a field whose unknown word takes the default when the profile maps no words."""
    return None if spec is None else Words(spec.map, allowed, spec.default, what, lenient=True)


def strict_words(spec: FieldSpec, allowed: Sequence[str], what: str, builtin: Mapping[str, str]) -> Words:
    """A word table that rejects an unknown word (outcomes and kinds are not guessed)."""
    return Words(spec.map, allowed, None, what, builtin)


def check_readable(values: dict[str, Any]) -> None:
    """An unreadable row (``readers`` put why in ``__error__``) is rejected at once."""
    if "__error__" in values:
        raise RowRejected([Problem("unreadable_row", "row", str(values["__error__"]))])


class KindConverter:
    """Converts the rows of one kind (FIR, person, party, property) of one import."""

    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        self.profile = profile
        self.lookups = lookups
        self.formats = tuple(profile.date_formats or DEFAULT_DATE_FORMATS)
        self.synthetic = profile.synthetic

    def _station(
        self, cursor: psycopg.Cursor[Any], problems: list[Problem], name: str | None, district: str | None
    ) -> int | None:
        """The id of the row's station (created if the profile allows it), which must be one this import may write
        to; a problem is noted on the row when it is not."""
        station_id = None
        if name is not None:
            try:
                station_id = self.lookups.station(cursor, name, district)
                self.lookups.require_import(station_id)
            except ConversionError as error:
                problems.append(Problem(error.reason, "station", error.message))
        return station_id


class FirOfRow:
    """The FIR a party or property row belongs to: its station, year and serial, read by compiled readers."""

    def __init__(self, converter: KindConverter, spec: PartyFields | PropertyFields, what: str) -> None:
        self.converter = converter
        self.station = compiled.text("station", spec.station, required=True)
        self.number = compiled.field("number", spec.number, fir_number, required=True)
        self.year = compiled.field("year", spec.year, integer)
        self.no_year = Problem("missing_field", "year", f"the {what} row gives no year for its FIR")

    def __call__(
        self, cursor: psycopg.Cursor[Any], values: dict[str, Any], problems: list[Problem]
    ) -> tuple[int | None, int | None, int | None]:
        """The station id, year and serial (problems noted); an unreadable row is rejected at once."""
        check_readable(values)
        station_id = self.converter._station(cursor, problems, self.station(values, problems), None)
        serial_year = self.number(values, problems)
        year = self.year(values, problems) or (serial_year[1] if serial_year else None)
        if year is None:
            problems.append(self.no_year)
        return station_id, year, serial_year[0] if serial_year else None
