"""A property row (an item of an FIR) -> a staged property item, or every reason it cannot be stored."""

from __future__ import annotations

from typing import Any

import psycopg

from ingest.legacy.converters.numbers import decimal, integer
from ingest.legacy.converters.word_tables import BUILTIN_PROPERTY_WORDS
from ingest.legacy.rows.base import KindConverter
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedProperty, StagedRows
from people.identifiers import normalise_imei, normalise_vehicle_registration
from people.names.scripts import ascii_digits
from records.models import PropertyKind

PROPERTY_KINDS = [kind.value for kind in PropertyKind]


class PropertyConverter(KindConverter):
    def convert(self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows) -> None:
        """Stage one property item of an FIR (which FIR is checked when the batch is merged)."""
        spec = self.profile.property_rows
        assert spec is not None
        row, station_id, year, serial = self._fir_of_row(cursor, values, spec, "property")
        words = self._strict_words(spec.kind, PROPERTY_KINDS, "property_kind", BUILTIN_PROPERTY_WORDS)
        kind = row.get("kind", spec.kind, words, required=True)
        value = row.get("value", spec.value, decimal)
        if value is not None and not 0 <= value < 10**12:
            row.problems.append(Problem("bad_number", "value", f"value {value} is out of range"))
        registration = row.get("vehicle_registration", spec.vehicle_registration, _vehicle_number)
        imei = row.get("mobile_imei", spec.mobile_imei, _imei)
        item = StagedProperty(
            src_row=number,
            station_id=station_id,
            year=year,
            serial=serial,
            kind=kind,
            description=row.text("description", spec.description) or "",
            value=value,
            vehicle_registration=registration,
            vehicle_chassis=row.text("vehicle_chassis", spec.vehicle_chassis, 32),
            vehicle_engine=row.text("vehicle_engine", spec.vehicle_engine, 32),
            vehicle_make_model=row.text("vehicle_make_model", spec.vehicle_make_model, 80),
            mobile_imei=imei,
        )
        if row.problems:
            raise RowRejected(row.problems)
        staged.properties.append(item)


def _vehicle_number(value: Any) -> str:
    """``BR 01 AB-1234`` -> ``BR01AB1234``, as the FIR API stores it (search finds it so)."""
    return normalise_vehicle_registration(str(value))


def _imei(value: Any) -> str:
    """An IMEI as the FIR API stores it; a spreadsheet's number cell and Devanagari digits read as digits."""
    return normalise_imei(ascii_digits(str(integer(value) if isinstance(value, float) else value)))
