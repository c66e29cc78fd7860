"""One source row -> the values we store, or every reason it cannot be stored.

Four kinds of rows: an FIR (with the people its row names inline, and what happened after registration), a
person of an export's person file, a party row that ties a person to an FIR (with their arrest), and a property
item of an FIR. Each converter collects all problems of a row rather than
stopping at the first, so the rejects file tells the operator everything to fix at once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg

from ingest.legacy import converters as conv
from ingest.legacy.converters import ConversionError
from ingest.legacy.history import Outcome, imported_history, status_for
from ingest.legacy.lookups import Lookups, SectionInfo
from ingest.legacy.profile import FieldSpec, PartyFields, Profile, PropertyFields
from people.identifiers import NormalisationError, normalise_imei, normalise_mobile, normalise_vehicle_registration
from people.names.scripts import detect_script
from records.models import (
    ArrestKind,
    CourtResult,
    Direction,
    FinalReportKind,
    FirStatus,
    Gender,
    InformationType,
    PartyRole,
    PropertyKind,
    RelationKind,
    Script,
)

STATUSES = [status.value for status in FirStatus]
ROLES = [role.value for role in PartyRole]
DIRECTIONS = [direction.value for direction in Direction]
RELATIONS = [kind.value for kind in RelationKind]
GENDERS = [gender.value for gender in Gender]
SCRIPTS = [script.value for script in Script]
REPORT_KINDS = [kind.value for kind in FinalReportKind]
COURT_RESULTS = [result.value for result in CourtResult]
ARREST_KINDS = [kind.value for kind in ArrestKind]
PROPERTY_KINDS = [kind.value for kind in PropertyKind]
ACCUSED_ROLES = {PartyRole.ACCUSED.value, PartyRole.SUSPECT.value}
COURT_NOT_NAMED = "not named in the imported record"


@dataclass(frozen=True)
class Problem:
    reason: str
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "field": self.field, "message": self.message}


class RowRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class StagedRows:
    """Rows converted from one batch, in the column order of the staging tables (see ``loader``)."""

    firs: list[tuple[Any, ...]]
    persons: list[tuple[Any, ...]]
    parties: list[tuple[Any, ...]]
    properties: list[tuple[Any, ...]]

    @classmethod
    def empty(cls) -> StagedRows:
        return cls([], [], [], [])


_BLANK_WORDS = conv.BLANK_WORDS


@functools.cache
def _text_of_length(max_length: int | None) -> Callable[[Any], str | None]:
    return functools.partial(conv.text, max_length=max_length)


class FieldMemo:
    """One field's converted values by raw value: registers repeat a few stations, words, sections and dates
    millions of times. A field whose values hardly repeat (free text, timestamps) stops being remembered."""

    LIMIT = 100_000  # values kept per field
    TRIAL = 4096  # lookups before deciding whether remembering pays

    __slots__ = ("hits", "lookups", "on", "results")

    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], tuple[bool, Any]] = {}
        self.lookups = self.hits = 0
        self.on = True

    def store(self, key: tuple[Any, ...], outcome: tuple[bool, Any]) -> None:
        self.lookups += 1
        if self.lookups == self.TRIAL and self.hits < self.TRIAL // 4:
            self.on = False
            self.results = {}
        elif len(self.results) < self.LIMIT:
            self.results[key] = outcome


class Fields:
    """Reads a row's fields by the profile's specs, recording each problem under the field's name.

    ``memos`` (field name -> ``FieldMemo``) is shared by every row of one kind: a field's converter is a pure
    function of the raw value (and ``context``), so a value met before gives its result, or its problem, again."""

    def __init__(
        self, values: dict[str, Any], default_formats: tuple[str, ...], memos: dict[str, FieldMemo] | None = None
    ) -> None:
        self.values = values
        self.formats = default_formats
        self.problems: list[Problem] = []
        self.memos = memos if memos is not None else {}

    def raw(self, spec: FieldSpec | None) -> Any:
        if spec is None:
            return None
        if spec.column is not None:
            value = self.values.get(spec.column)
            if spec.default is not None and conv.is_blank(value):
                return spec.default
            return value
        return spec.value if spec.value is not None else spec.default

    def get(
        self,
        name: str,
        spec: FieldSpec | None,
        convert: Callable[[Any], Any],
        required: bool = False,
        context: Any = None,
    ) -> Any:
        if spec is not None and spec.column is not None and spec.default is None:
            value = self.values.get(spec.column)  # the common case, without a call
        else:
            value = self.raw(spec)
        if value is None or (
            (value in _BLANK_WORDS or value.strip() in _BLANK_WORDS) if value.__class__ is str else conv.is_blank(value)
        ):
            if required:
                column = f" (column {spec.column!r})" if spec is not None and spec.column else ""
                self.problems.append(Problem("missing_field", name, f"{name} is empty{column} but required"))
            return None
        memo = self.memos.get(name)
        if memo is None:
            memo = self.memos[name] = FieldMemo()
        key: tuple[Any, ...] = ()
        if memo.on:
            key = (value.__class__, value, context)  # the type too: True == 1 == 1.0 but converts differently
            try:
                found = memo.results.get(key)
            except TypeError:  # a list or dict (JSON): not remembered
                found, memo = None, None
            if found is not None:
                memo.hits += 1  # type: ignore[union-attr]
                if found[0]:
                    return found[1]
                self.problems.append(Problem(found[1][0], name, found[1][1]))
                return None
        else:
            memo = None
        try:
            result = convert(value)
        except ConversionError as error:
            problem = (error.reason, f"{name}: {error.message}")
        except NormalisationError as error:
            problem = ("bad_value", f"{name}: {error}")
        else:
            if memo is not None:
                memo.store(key, (True, result))
            return result
        if memo is not None:
            memo.store(key, (False, problem))
        self.problems.append(Problem(problem[0], name, problem[1]))
        return None

    def text(self, name: str, spec: FieldSpec | None, max_length: int | None = None, required: bool = False) -> Any:
        return self.get(name, spec, _text_of_length(max_length), required)

    def when(self, name: str, spec: FieldSpec | None, required: bool = False) -> datetime | None:
        if spec is None:
            if required:
                self.problems.append(Problem("missing_field", name, f"{name} is not mapped but required"))
            return None
        formats = tuple(spec.formats) if spec.formats else self.formats
        time_value = self.values.get(spec.time_column) if spec.time_column else None
        return self.get(
            name,
            spec,
            lambda v: conv.parse_datetime(v, formats, time_value, spec.swap_day_month),
            required,
            context=(time_value.__class__, time_value),
        )

    def choice(self, name: str, spec: FieldSpec | None, words: conv.Words | None) -> str | None:
        if spec is None or words is None:
            return None
        return self.get(name, spec, words) or (spec.default if conv.is_blank(self.raw(spec)) else None)


class RowConverter:
    """Converts rows of one import with its profile and the reference ids in ``lookups``."""

    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        self.profile = profile
        self.lookups = lookups
        self.formats = tuple(profile.date_formats or conv.DEFAULT_DATE_FORMATS)
        self.synthetic = profile.synthetic
        self.source = profile.source
        self.status_words = conv.Words(
            profile.status.map, STATUSES, profile.status.default, "status", conv.BUILTIN_STATUS_WORDS
        )
        self.words: dict[int, conv.Words] = {}
        self.memos: dict[str, dict[str, FieldMemo]] = {"fir": {}, "person": {}, "party": {}, "property": {}}
        self.section_memo: dict[str, tuple[str | None, list[tuple[conv.Citation, SectionInfo | None]]]] = {}

    def _words(self, spec: FieldSpec | None, allowed: list[str], what: str) -> conv.Words | None:
        """The word table of one field, built on first use."""
        if spec is None:
            return None
        if id(spec) not in self.words:
            self.words[id(spec)] = conv.Words(spec.map, allowed, spec.default, what, lenient=True)
        return self.words[id(spec)]

    def _strict_words(self, spec: FieldSpec, allowed: list[str], what: str, builtin: dict[str, str]) -> conv.Words:
        """A word table that rejects an unknown word (outcomes and kinds are not guessed)."""
        if id(spec) not in self.words:
            self.words[id(spec)] = conv.Words(spec.map, allowed, None, what, builtin)
        return self.words[id(spec)]

    def _outcome(self, cursor: psycopg.Cursor[Any], row: Fields, district: str | None,
                 registered_at: datetime | None) -> tuple[Outcome, tuple[Any, ...]]:  # fmt: skip
        """What the FIR row says happened after registration, checked, and its staged columns (final report,
        court result, transfer)."""
        spec = self.profile.fir
        kind = court_result = None
        if spec.final_report_kind is not None:
            words = self._strict_words(spec.final_report_kind, REPORT_KINDS, "final_report_kind",
                                       conv.BUILTIN_FINAL_REPORT_WORDS)  # fmt: skip
            kind = row.get("final_report_kind", spec.final_report_kind, words)
        if spec.court_result is not None:
            words = self._strict_words(spec.court_result, COURT_RESULTS, "court_result",
                                       conv.BUILTIN_COURT_RESULT_WORDS)  # fmt: skip
            court_result = row.get("court_result", spec.court_result, words)
        report_at = row.when("final_report_on", spec.final_report_on)
        court_at = row.when("court_disposed_on", spec.court_disposed_on)
        report_on = report_at.date() if report_at else None
        court_on = court_at.date() if court_at else None
        for present, name, missing in (
            (kind, "final_report_kind", ("final_report_on", report_on)),
            (report_on, "final_report_on", ("final_report_kind", kind)),
            (court_result, "court_result", ("court_disposed_on", court_on)),
            (court_on, "court_disposed_on", ("court_result", court_result)),
        ):
            if present is not None and missing[1] is None and not any(p.field == missing[0] for p in row.problems):
                row.problems.append(Problem("missing_field", missing[0], f"{name} is given but {missing[0]} is empty"))
        today = conv.now_utc().astimezone(conv.IST).date()
        registered_on = registered_at.astimezone(conv.IST).date() if registered_at else None
        for name, day, after, what in (
            ("final_report_on", report_on, registered_on, "the FIR was registered"),
            ("court_disposed_on", court_on, report_on or registered_on, "the final report" if report_on else
             "the FIR was registered"),
        ):  # fmt: skip
            if day is None:
                continue
            if day > today:
                row.problems.append(Problem("date_in_future", name, f"{name} {day} is in the future"))
            elif after is not None and day < after:
                row.problems.append(Problem("date_order", name, f"{name} {day} is before {what} ({after})"))
        transferred_to = row.text("transferred_to_station", spec.transferred_to_station)
        transferred_at = row.when("transferred_at", spec.transferred_at)
        transferred_to_id = None
        if transferred_to is not None:
            try:
                transferred_to_id = self.lookups.station(cursor, transferred_to, district)
            except ConversionError as error:
                row.problems.append(
                    Problem(error.reason, "transferred_to_station", f"transferred_to_station: {error.message}")
                )
        outcome = Outcome(kind, report_on, court_result, court_on, transferred_to, transferred_at)
        staged = (
            transferred_to_id,
            transferred_at if transferred_to_id is not None else None,
            kind,
            report_on,
            row.text("final_report_number", spec.final_report_number, 40),
            court_result,
            court_on,
            (row.text("court", spec.court, 160) or COURT_NOT_NAMED) if court_result else None,
        )
        return outcome, staged

    # --- FIR rows -------------------------------------------------------------------------------------

    def fir(
        self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows
    ) -> tuple[int, int, int]:
        """Stage an FIR row (and the people it names); returns its natural key or raises ``RowRejected``."""
        spec = self.profile.fir
        row = Fields(values, self.formats, self.memos["fir"])
        if "__error__" in values:
            raise RowRejected([Problem("unreadable_row", "row", str(values["__error__"]))])
        station_name = row.text("station", spec.station, required=True)
        district_name = row.text("district", spec.district)
        station_id = None
        if station_name is not None:
            try:
                station_id = self.lookups.station(cursor, station_name, district_name)
                self.lookups.require_import(station_id)
            except ConversionError as error:
                row.problems.append(Problem(error.reason, "station", error.message))
        serial_year = row.get("number", spec.number, conv.fir_number, required=True)
        year = row.get("year", spec.year, conv.integer)
        registered_at = row.when("registered_at", spec.registered_at, required=True)
        occurrence_from = row.when("occurrence_from", spec.occurrence_from)
        occurrence_to = row.when("occurrence_to", spec.occurrence_to)
        info_received_at = row.when("info_received_at", spec.info_received_at)
        serial = serial_year[0] if serial_year else None
        if serial_year and serial_year[1] is not None:
            if year is not None and year != serial_year[1]:
                row.problems.append(
                    Problem("year_mismatch", "year", f"the FIR number says {serial_year[1]} but the year is {year}")
                )
            year = year or serial_year[1]
        if year is None and registered_at is not None:
            year = registered_at.year
        if year is not None and not 1900 <= year <= 2100:
            row.problems.append(Problem("bad_year", "year", f"year {year} cannot be right"))
        if registered_at is not None and year is not None and registered_at.year != year:
            row.problems.append(
                Problem(
                    "year_mismatch",
                    "registered_at",
                    f"registered on {registered_at.date()} but numbered in the year {year}",
                )
            )
        if occurrence_from and occurrence_to and occurrence_to < occurrence_from:
            row.problems.append(
                Problem("date_order", "occurrence_to", "the occurrence ends before it begins (dates swapped?)")
            )
        if registered_at is not None and registered_at > conv.now_utc():
            row.problems.append(Problem("date_in_future", "registered_at", f"{registered_at} is in the future"))
        status_raw = row.raw(spec.status)
        status = row.get(
            "status",
            spec.status or FieldSpec(value=self.profile.status.default),
            self.status_words,
        )
        outcome, outcome_values = self._outcome(cursor, row, district_name, registered_at)
        given = status if not conv.is_blank(status_raw) else None
        status, conflict = status_for(given, status or self.profile.status.default or "registered", outcome)
        if conflict is not None:
            row.problems.append(Problem("status_conflict", "status", conflict))
        history = imported_history(status, registered_at, outcome) if registered_at is not None else []
        section_ids, sections_text = self._sections(row, spec.sections, occurrence_from or None)
        information_type = row.choice(
            "information_type",
            spec.information_type,
            self._words(spec.information_type, [t.value for t in InformationType], "information_type"),
        )
        direction = row.choice(
            "place_direction", spec.place_direction, self._words(spec.place_direction, DIRECTIONS, "direction")
        )
        is_synthetic = row.get("is_synthetic", spec.is_synthetic, conv.boolean)
        distance = row.get("place_distance_km", spec.place_distance_km, conv.decimal)
        if distance is not None and not 0 <= distance < 100_000:
            row.problems.append(Problem("bad_number", "place_distance_km", f"distance {distance} km cannot be right"))
        property_value = row.get("property_value_total", spec.property_value_total, conv.decimal)
        if property_value is not None and not 0 <= property_value < 10**12:
            row.problems.append(
                Problem("bad_number", "property_value_total", f"value {property_value} is out of range")
            )
        fir_values = (
            number,
            station_id,
            year,
            serial,
            registered_at,
            occurrence_from,
            occurrence_to,
            info_received_at,
            row.text("gd_entry_number", spec.gd_entry_number, 40),
            information_type or "written",
            row.text("place_address", spec.place_address),
            distance,
            direction,
            row.text("beat", spec.beat, 60),
            row.text("brief_facts", spec.brief_facts) or "",
            property_value,
            row.text("delay_reason", spec.delay_reason),
            row.text("io_name", spec.io_name, 120),
            row.text("io_rank", spec.io_rank, 40),
            status,
            bool(is_synthetic) or self.synthetic,
            section_ids,
            sections_text,
            row.text("crime_head", spec.crime_head, 200),
            conv.text(status_raw, 80) if not conv.is_blank(status_raw) else None,
            *outcome_values,
            # array literals: COPY takes them as text, psycopg's list dumping costs more than the whole row
            _array([step.from_status for step in history]),
            _array([step.to_status for step in history]),
            _array([step.at for step in history]),
            _array([step.note for step in history]),
        )
        persons, parties = self._inline_parties(row, values, number, station_id, year, serial, registered_at)
        if row.problems:
            raise RowRejected(row.problems)
        assert station_id is not None and year is not None and serial is not None
        staged.firs.append(fir_values)
        staged.persons.extend(persons)
        staged.parties.extend(parties)
        return station_id, year, serial

    def _sections(
        self, row: Fields, spec: FieldSpec | None, offence_at: datetime | None
    ) -> tuple[list[int], str | None]:
        raw = row.raw(spec)
        if spec is None or conv.is_blank(raw):
            return [], None
        options = self.profile.sections
        parsed = self.section_memo.get(raw) if isinstance(raw, str) else None
        if parsed is None:
            as_written = conv.text(raw)
            found = conv.parse_sections(raw, self.lookups.resolver, options.default_act)
            # the section table's entry of each citation: a pure function of the cell, remembered by it
            parsed = (as_written, [(c, self.lookups.section(c.act, c.section) if c.act else None) for c in found])
            if isinstance(raw, str) and len(self.section_memo) < 200_000:
                self.section_memo[raw] = parsed
        as_written, citations = parsed
        if not citations:
            row.problems.append(Problem("bad_sections", "sections", f"no section number found in {as_written!r}"))
            return [], as_written
        ids: list[int] = []
        for citation, info in citations:
            if citation.act is None:
                if options.on_unknown == "reject":
                    row.problems.append(
                        Problem(
                            "unknown_act",
                            "sections",
                            f"act {citation.act_text!r} is not known; map it in sections.act_aliases or set "
                            "sections.on_unknown: keep",
                        )
                    )
                continue
            if info is None:
                if options.on_unknown == "reject":
                    row.problems.append(
                        Problem(
                            "unknown_section",
                            "sections",
                            f"section {citation.section} of the {citation.act} is not in the section table; "
                            "GET /api/v1/sections lists them",
                        )
                    )
                continue
            if options.check_in_force and offence_at is not None:
                start, end = self.lookups.acts.get(citation.act, (None, None))
                day = offence_at.date()
                if (end is not None and day > end) or (start is not None and day < start):
                    row.problems.append(
                        Problem(
                            "act_not_in_force",
                            "sections",
                            f"the {citation.act} was not in force on {day} (in force {start or '...'} to "
                            f"{end or 'now'}); offences from 1 July 2024 are cited under the BNS",
                        )
                    )
                    continue
            if info.id not in ids:
                ids.append(info.id)
        return ids, as_written

    def _inline_parties(
        self, row: Fields, values: dict[str, Any], number: int, station_id: int | None, year: int | None,
        serial: int | None, registered_at: datetime | None,
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:  # fmt: skip
        persons: list[tuple[Any, ...]] = []
        parties: list[tuple[Any, ...]] = []
        accused = 0
        for party in self.profile.parties:
            cell = values.get(party.column)
            if conv.is_blank(cell):
                continue
            names = str(cell).split(party.split) if party.split else [str(cell)]
            age = None
            if party.age_column:
                age = row.get(f"{party.role}.age", FieldSpec(column=party.age_column), conv.integer)
                if age is not None and not 0 <= age <= 120:
                    row.problems.append(Problem("bad_age", f"{party.role}.age", f"age {age} cannot be right"))
                    age = None
            address = conv.text(values.get(party.address_column)) if party.address_column else None
            mobile = None
            if party.mobile_column and not conv.is_blank(values.get(party.mobile_column)):
                try:
                    mobile = normalise_mobile(str(values[party.mobile_column]))
                except NormalisationError as error:
                    row.problems.append(Problem("bad_mobile", f"{party.role}.mobile", f"{party.role} mobile: {error}"))
            for position, written in enumerate(names, start=1):
                try:
                    parsed = conv.split_name(written)
                except ConversionError as error:
                    row.problems.append(Problem(error.reason, party.role, f"{party.role}: {error.message}"))
                    continue
                if parsed is None:
                    continue
                if len(parsed.name) > 200 or (parsed.relative_name and len(parsed.relative_name) > 200):
                    row.problems.append(Problem("too_long", party.role, f"{party.role}: name longer than 200"))
                    continue
                key = f"{station_id}/{year}/{serial}/{party.role}/{position}"
                accused_number = None
                if party.role == "accused":
                    accused += 1
                    accused_number = accused
                persons.append(
                    self._person_tuple(
                        number, key, parsed.name, parsed.relative_name, parsed.relation_kind, None, age,
                        registered_at.date() if registered_at else None, [mobile] if mobile else [], [],
                        [{"kind": "present", "address": address}] if address else [],
                    )
                )  # fmt: skip
                parties.append(
                    (number, station_id, year, serial, key, party.role, accused_number, parsed.name,
                     parsed.relative_name, age, address, mobile, None, None)
                )  # fmt: skip
        return persons, parties

    def _role_words(self, spec: FieldSpec) -> conv.Words:
        if id(spec) not in self.words:
            self.words[id(spec)] = conv.Words(spec.map, ROLES, None, "role")
        return self.words[id(spec)]

    # --- person rows ----------------------------------------------------------------------------------

    def _person_tuple(
        self, number: int, key: str, name: str, relative: str | None, relation: str | None, gender: str | None,
        age: int | None, age_on: date | None, mobiles: list[str], aliases: list[dict[str, Any]],
        addresses: list[dict[str, Any]], marks: str | None = None, caste: str | None = None, wanted: bool = False,
        proclaimed: bool = False, synthetic: bool = False, identity: int | None = None, script: str | None = None,
    ) -> tuple[Any, ...]:  # fmt: skip
        return (
            number, key, name, script or detect_script(name).value, relative, relation if relative else None,
            gender or "unknown", age, age_on, marks, caste, wanted, proclaimed, synthetic or self.synthetic, identity,
            sorted(set(mobiles)), _json(aliases), _json(addresses),
        )  # fmt: skip

    def person(self, number: int, values: dict[str, Any], staged: StagedRows) -> str:
        spec = self.profile.persons
        assert spec is not None
        if "__error__" in values:
            raise RowRejected([Problem("unreadable_row", "row", str(values["__error__"]))])
        row = Fields(values, self.formats, self.memos["person"])
        key = row.text("key", spec.key, 200, required=True)
        name = row.text("name", spec.name, 200, required=True)
        relative = row.text("relative_name", spec.relative_name, 200)
        if name and not relative and spec.relative_name is None:
            parsed = conv.split_name(name)
            if parsed is not None:
                name, relative = parsed.name, parsed.relative_name
        relation = row.choice(
            "relation_kind", spec.relation_kind, self._words(spec.relation_kind, RELATIONS, "relation_kind")
        )
        gender = row.choice("gender", spec.gender, self._words(spec.gender, GENDERS, "gender"))
        script = None
        if spec.name_script is not None:
            words = self._strict_words(spec.name_script, SCRIPTS, "name_script", {})
            script = row.get("name_script", spec.name_script, words)
        age = row.get("age_years", spec.age_years, conv.integer)
        if age is not None and not 0 <= age <= 120:
            row.problems.append(Problem("bad_age", "age_years", f"age {age} cannot be right"))
        age_on = row.when("age_recorded_on", spec.age_recorded_on)
        mobiles = []
        for raw_mobile in _as_list(row.raw(spec.mobiles), spec.mobiles):
            try:
                mobiles.append(normalise_mobile(str(raw_mobile)))
            except NormalisationError as error:
                row.problems.append(Problem("bad_mobile", "mobiles", f"mobiles: {error}"))
        aliases = [
            a if isinstance(a, dict) else {"alias": str(a)} for a in _as_list(row.raw(spec.aliases), spec.aliases)
        ]
        for alias in aliases:
            alias.setdefault("script", detect_script(str(alias.get("alias", ""))).value)
        addresses = [
            self._address(a) if isinstance(a, dict) else {"kind": "present", "address": str(a)}
            for a in _as_list(row.raw(spec.addresses), spec.addresses)
        ]
        flags = [
            row.get(n, getattr(spec, n), conv.boolean) for n in ("is_wanted", "is_proclaimed_offender", "is_synthetic")
        ]
        identity = row.get("synthetic_identity", spec.synthetic_identity, conv.integer)
        marks = row.text("identifying_marks", spec.identifying_marks)
        caste = row.text("caste_category", spec.caste_category, 8)
        if row.problems:
            raise RowRejected(row.problems)
        assert key is not None and name is not None
        staged.persons.append(
            self._person_tuple(
                number, key, name, relative, relation, gender, age, age_on.date() if age_on else None, mobiles,
                aliases, addresses, marks, caste, bool(flags[0]), bool(flags[1]), bool(flags[2]), identity, script,
            )
        )  # fmt: skip
        return key

    def _address(self, address: dict[str, Any]) -> dict[str, Any]:
        """An export's address with its station and district codes turned into our ids (None if unknown)."""
        result = dict(address)
        code = address.get("station_code")
        result["police_station_id"] = self.lookups.stations_by_code.get(str(code).upper()) if code else None
        result["district_id"] = self.lookups.district_id(address.get("district_code"))
        return result

    def _fir_row(
        self, cursor: psycopg.Cursor[Any], values: dict[str, Any], spec: PartyFields | PropertyFields, what: str
    ) -> tuple[Fields, int | None, int | None, int | None]:
        """A party or property row's fields, and the station id, year and serial of the FIR it belongs to
        (problems noted on the fields); an unreadable row is rejected at once."""
        if "__error__" in values:
            raise RowRejected([Problem("unreadable_row", "row", str(values["__error__"]))])
        row = Fields(values, self.formats, self.memos[what])
        station_name = row.text("station", spec.station, required=True)
        station_id = None
        if station_name is not None:
            try:
                station_id = self.lookups.station(cursor, station_name, None)
                self.lookups.require_import(station_id)
            except ConversionError as error:
                row.problems.append(Problem(error.reason, "station", error.message))
        serial_year = row.get("number", spec.number, conv.fir_number, required=True)
        year = row.get("year", spec.year, conv.integer) or (serial_year[1] if serial_year else None)
        if year is None:
            row.problems.append(Problem("missing_field", "year", f"the {what} row gives no year for its FIR"))
        return row, station_id, year, serial_year[0] if serial_year else None

    # --- party rows -----------------------------------------------------------------------------------

    def party(self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows) -> None:
        spec = self.profile.party_rows
        assert spec is not None
        row, station_id, year, serial = self._fir_row(cursor, values, spec, "party")
        key = row.text("person_key", spec.person_key, 200, required=True)
        role = row.get("role", spec.role, self._role_words(spec.role), required=True)
        accused_number = row.get("accused_number", spec.accused_number, conv.integer)
        if role == "accused" and accused_number is None:
            row.problems.append(Problem("missing_field", "accused_number", "an accused needs an accused number"))
        if role != "accused":
            accused_number = None
        mobile = None
        raw_mobile = row.raw(spec.mobile_as_given)
        if not conv.is_blank(raw_mobile):
            try:
                mobile = normalise_mobile(str(raw_mobile))
            except NormalisationError as error:
                row.problems.append(Problem("bad_mobile", "mobile_as_given", f"mobile_as_given: {error}"))
        name = row.text("name_as_given", spec.name_as_given, 200)
        relative = row.text("relative_name_as_given", spec.relative_name_as_given, 200)
        age = row.get("age_as_given", spec.age_as_given, conv.integer)
        if age is not None and not 0 <= age <= 120:
            row.problems.append(Problem("bad_age", "age_as_given", f"age {age} cannot be right"))
        if accused_number is not None and not 1 <= accused_number <= 999:
            row.problems.append(Problem("bad_number", "accused_number", f"accused number {accused_number}"))
        address = row.text("address_as_given", spec.address_as_given)
        arrest_kind, arrested_at = self._arrest(row, role)
        if row.problems:
            raise RowRejected(row.problems)
        assert serial is not None
        staged.parties.append(
            (number, station_id, year, serial, key, role, accused_number, name or "", relative, age, address,
             mobile, arrest_kind, arrested_at)
        )  # fmt: skip

    def _arrest(self, row: Fields, role: str | None) -> tuple[str | None, datetime | None]:
        """A party row's arrest (or surrender): a kind needs a date; a date without a kind is an arrest."""
        spec = self.profile.party_rows
        assert spec is not None
        kind = None
        if spec.arrest_kind is not None:
            words = self._strict_words(spec.arrest_kind, ARREST_KINDS, "arrest_kind", conv.BUILTIN_ARREST_WORDS)
            kind = row.get("arrest_kind", spec.arrest_kind, words)
        at = row.when("arrested_at", spec.arrested_at)
        if kind is not None and at is None and not any(p.field == "arrested_at" for p in row.problems):
            row.problems.append(
                Problem("missing_field", "arrested_at", f"arrest_kind is {kind} but arrested_at is empty")
            )
        if at is None:
            return None, None
        if at > conv.now_utc():
            row.problems.append(Problem("date_in_future", "arrested_at", f"arrested_at {at} is in the future"))
        if role is not None and role not in ACCUSED_ROLES:
            row.problems.append(
                Problem(
                    "bad_value", "arrest_kind", f"only an accused or suspect is arrested, and this party is a {role}"
                )
            )
        return kind or ArrestKind.ARREST.value, at

    # --- property rows --------------------------------------------------------------------------------

    def property(self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows) -> None:
        """Stage one property item of an FIR (which FIR is checked when the batch is merged)."""
        spec = self.profile.property_rows
        assert spec is not None
        row, station_id, year, serial = self._fir_row(cursor, values, spec, "property")
        words = self._strict_words(spec.kind, PROPERTY_KINDS, "property_kind", conv.BUILTIN_PROPERTY_WORDS)
        kind = row.get("kind", spec.kind, words, required=True)
        value = row.get("value", spec.value, conv.decimal)
        if value is not None and not 0 <= value < 10**12:
            row.problems.append(Problem("bad_number", "value", f"value {value} is out of range"))
        registration = row.get("vehicle_registration", spec.vehicle_registration, _vehicle_number)
        imei = row.get("mobile_imei", spec.mobile_imei, _imei)
        item = (
            number, station_id, year, serial, kind,
            row.text("description", spec.description) or "", value, registration,
            row.text("vehicle_chassis", spec.vehicle_chassis, 32), row.text("vehicle_engine", spec.vehicle_engine, 32),
            row.text("vehicle_make_model", spec.vehicle_make_model, 80), imei,
        )  # fmt: skip
        if row.problems:
            raise RowRejected(row.problems)
        staged.properties.append(item)


def _array(values: list[Any]) -> str:
    """A PostgreSQL array literal of ``values`` (each quoted; None is NULL)."""
    return (
        "{"
        + ",".join(
            "NULL" if value is None else '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            for value in values
        )
        + "}"
    )


def _vehicle_number(value: Any) -> str:
    """``BR 01 AB-1234`` -> ``BR01AB1234``, as the FIR API stores it (search finds it so)."""
    return normalise_vehicle_registration(str(value))


def _imei(value: Any) -> str:
    """An IMEI as the FIR API stores it; a spreadsheet's number cell and Devanagari digits read as digits."""
    return normalise_imei(conv.ascii_digits(str(conv.integer(value) if isinstance(value, float) else value)))


def _as_list(value: Any, spec: FieldSpec | None) -> list[Any]:
    if conv.is_blank(value):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            loaded = json.loads(value)
            if isinstance(loaded, list):
                return loaded
        except json.JSONDecodeError:
            pass
    separator = spec.split if spec is not None and spec.split else ";"
    return [part.strip() for part in str(value).split(separator) if part.strip()]


def _json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, ensure_ascii=False) if items else "[]"
