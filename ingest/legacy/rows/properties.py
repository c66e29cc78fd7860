"""A property row (an item of an FIR) -> a staged property item, or every reason it cannot be stored."""

from __future__ import annotations

from typing import Any

import psycopg

from ingest.legacy.converters.numbers import decimal, integer
from ingest.legacy.converters.word_tables import BUILTIN_PROPERTY_WORDS
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import Profile
from ingest.legacy.rows import compiled
from ingest.legacy.rows.base import FirOfRow, KindConverter, strict_words
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedProperty, StagedRows
from people.identifiers import normalise_imei, normalise_vehicle_registration
from people.names.scripts import ascii_digits
from records.models import PropertyKind

PROPERTY_KINDS = [kind.value for kind in PropertyKind]


class PropertyConverter(KindConverter):
    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        super().__init__(profile, lookups)
        spec = profile.property_rows
        if spec is None:
            return
        self.fir_of_row = FirOfRow(self, spec, "property")
        words = strict_words(spec.kind, PROPERTY_KINDS, "property_kind", BUILTIN_PROPERTY_WORDS)
        self.kind = compiled.field("kind", spec.kind, words, required=True)
        self.value = compiled.field("value", spec.value, decimal)
        self.registration = compiled.field("vehicle_registration", spec.vehicle_registration, _vehicle_number)
        self.imei = compiled.field("mobile_imei", spec.mobile_imei, _imei)
        self.description = compiled.text("description", spec.description)
        self.chassis = compiled.text("vehicle_chassis", spec.vehicle_chassis, 32)
        self.engine = compiled.text("vehicle_engine", spec.vehicle_engine, 32)
        self.make_model = compiled.text("vehicle_make_model", spec.vehicle_make_model, 80)

    def convert(self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows) -> None:
        """Stage one property item of an FIR (which FIR is checked when the batch is merged)."""
        problems: list[Problem] = []
        station_id, year, serial = self.fir_of_row(cursor, values, problems)
        kind = self.kind(values, problems)
        value = self.value(values, problems)
        if value is not None and not 0 <= value < 10**12:
            problems.append(Problem("bad_number", "value", f"value {value} is out of range"))
        registration = self.registration(values, problems)
        imei = self.imei(values, problems)
        item = StagedProperty(
            src_row=number,
            station_id=station_id,
            year=year,
            serial=serial,
            kind=kind,
            description=self.description(values, problems) or "",
            value=value,
            vehicle_registration=registration,
            vehicle_chassis=self.chassis(values, problems),
            vehicle_engine=self.engine(values, problems),
            vehicle_make_model=self.make_model(values, problems),
            mobile_imei=imei,
        )
        if problems:
            raise RowRejected(problems)
        staged.properties.append(item)


def _vehicle_number(value: Any) -> str:
    """``BR 01 AB-1234`` -> ``BR01AB1234``, as the FIR API stores it (search finds it so)."""
    return normalise_vehicle_registration(str(value))


def _imei(value: Any) -> str:
    """An IMEI as the FIR API stores it; a spreadsheet's number cell and Devanagari digits read as digits."""
    return normalise_imei(ascii_digits(str(integer(value) if isinstance(value, float) else value)))
