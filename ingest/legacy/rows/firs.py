"""An FIR row -> a staged FIR (with the people its row names inline, and what happened after registration), or
every reason it cannot be stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from ingest.legacy.converters.cells import ConversionError, is_blank, text
from ingest.legacy.converters.dates import IST, now_utc
from ingest.legacy.converters.names import split_name
from ingest.legacy.converters.numbers import decimal, fir_number, integer
from ingest.legacy.converters.sections import Citation, parse_sections
from ingest.legacy.converters.word_tables import (
    BUILTIN_COURT_RESULT_WORDS,
    BUILTIN_FINAL_REPORT_WORDS,
    BUILTIN_STATUS_WORDS,
)
from ingest.legacy.converters.words import Words, boolean
from ingest.legacy.history import Outcome, imported_history, status_for
from ingest.legacy.lookups import Lookups, SectionInfo
from ingest.legacy.profile import FieldSpec, Profile
from ingest.legacy.rows import compiled
from ingest.legacy.rows.base import KindConverter, check_readable, lenient_words, strict_words
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.rows.persons import staged_person
from ingest.legacy.staged import StagedAddress, StagedFir, StagedParty, StagedPerson, StagedRows
from people.identifiers import NormalisationError, normalise_mobile
from records.models import CourtResult, Direction, FinalReportKind, FirStatus, InformationType

STATUSES = [status.value for status in FirStatus]
DIRECTIONS = [direction.value for direction in Direction]
REPORT_KINDS = [kind.value for kind in FinalReportKind]
COURT_RESULTS = [result.value for result in CourtResult]
COURT_NOT_NAMED = "not named in the imported record"


class FirConverter(KindConverter):
    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        super().__init__(profile, lookups)
        self.section_memo: dict[str, tuple[str | None, list[tuple[Citation, SectionInfo | None]]]] = {}
        spec, field, text_of, when = profile.fir, compiled.field, compiled.text, compiled.when
        self.station = text_of("station", spec.station, required=True)
        self.district = text_of("district", spec.district)
        self.number = field("number", spec.number, fir_number, required=True)
        self.year = field("year", spec.year, integer)
        self.registered_at = when("registered_at", spec.registered_at, self.formats, required=True)
        self.occurrence_from = when("occurrence_from", spec.occurrence_from, self.formats)
        self.occurrence_to = when("occurrence_to", spec.occurrence_to, self.formats)
        self.info_received_at = when("info_received_at", spec.info_received_at, self.formats)
        default_status = profile.status.default
        status_words = Words(profile.status.map, STATUSES, default_status, "status", BUILTIN_STATUS_WORDS)
        status_spec = spec.status or (FieldSpec(value=default_status) if default_status is not None else None)
        self.raw_status = compiled.raw_reader(spec.status)
        self.status = field("status", status_spec, status_words)
        self.raw_sections = compiled.raw_reader(spec.sections)
        self.information_type = compiled.choice(
            "information_type",
            spec.information_type,
            lenient_words(spec.information_type, [t.value for t in InformationType], "information_type"),
        )
        self.direction = compiled.choice(
            "place_direction", spec.place_direction, lenient_words(spec.place_direction, DIRECTIONS, "direction")
        )
        self.is_synthetic = field("is_synthetic", spec.is_synthetic, boolean)
        self.distance = field("place_distance_km", spec.place_distance_km, decimal)
        self.property_value = field("property_value_total", spec.property_value_total, decimal)
        self.gd_entry_number = text_of("gd_entry_number", spec.gd_entry_number, 40)
        self.place_address = text_of("place_address", spec.place_address)
        self.beat = text_of("beat", spec.beat, 60)
        self.brief_facts = text_of("brief_facts", spec.brief_facts)
        self.delay_reason = text_of("delay_reason", spec.delay_reason)
        self.io_name = text_of("io_name", spec.io_name, 120)
        self.io_rank = text_of("io_rank", spec.io_rank, 40)
        self.crime_head = text_of("crime_head", spec.crime_head, 200)
        # what happened after registration
        self.report_kind = _strict_field("final_report_kind", spec.final_report_kind, REPORT_KINDS,
                                         BUILTIN_FINAL_REPORT_WORDS)  # fmt: skip
        self.court_result = _strict_field("court_result", spec.court_result, COURT_RESULTS, BUILTIN_COURT_RESULT_WORDS)
        self.report_on = when("final_report_on", spec.final_report_on, self.formats)
        self.court_on = when("court_disposed_on", spec.court_disposed_on, self.formats)
        self.transferred_to = text_of("transferred_to_station", spec.transferred_to_station)
        self.transferred_at = when("transferred_at", spec.transferred_at, self.formats)
        self.report_number = text_of("final_report_number", spec.final_report_number, 40)
        self.court = text_of("court", spec.court, 160)
        self.inline_ages = {
            id(party): field(f"{party.role}.age", FieldSpec(column=party.age_column), integer)
            for party in profile.parties
            if party.age_column
        }

    def _outcome(self, cursor: psycopg.Cursor[Any], values: dict[str, Any], problems: list[Problem],
                 district: str | None, registered_at: datetime | None) -> tuple[Outcome, dict[str, Any]]:  # fmt: skip
        """What the FIR row says happened after registration, checked, and its staged columns (final report,
        court result, transfer)."""
        kind = self.report_kind(values, problems) if self.report_kind is not None else None
        court_result = self.court_result(values, problems) if self.court_result is not None else None
        report_at = self.report_on(values, problems)
        court_at = self.court_on(values, problems)
        report_on = report_at.date() if report_at else None
        court_on = court_at.date() if court_at else None
        for present, name, missing in (
            (kind, "final_report_kind", ("final_report_on", report_on)),
            (report_on, "final_report_on", ("final_report_kind", kind)),
            (court_result, "court_result", ("court_disposed_on", court_on)),
            (court_on, "court_disposed_on", ("court_result", court_result)),
        ):
            if present is not None and missing[1] is None and not any(p.field == missing[0] for p in problems):
                problems.append(Problem("missing_field", missing[0], f"{name} is given but {missing[0]} is empty"))
        if report_on is not None or court_on is not None:
            today = now_utc().astimezone(IST).date()
            registered_on = registered_at.astimezone(IST).date() if registered_at else None
            for name, day, after, what in (
                ("final_report_on", report_on, registered_on, "the FIR was registered"),
                ("court_disposed_on", court_on, report_on or registered_on, "the final report" if report_on else
                 "the FIR was registered"),
            ):  # fmt: skip
                if day is None:
                    continue
                if day > today:
                    problems.append(Problem("date_in_future", name, f"{name} {day} is in the future"))
                elif after is not None and day < after:
                    problems.append(Problem("date_order", name, f"{name} {day} is before {what} ({after})"))
        transferred_to = self.transferred_to(values, problems)
        transferred_at = self.transferred_at(values, problems)
        transferred_to_id = None
        if transferred_to is not None:
            try:
                transferred_to_id = self.lookups.station(cursor, transferred_to, district)
            except ConversionError as error:
                problems.append(
                    Problem(error.reason, "transferred_to_station", f"transferred_to_station: {error.message}")
                )
        outcome = Outcome(kind, report_on, court_result, court_on, transferred_to, transferred_at)
        staged = {
            "transferred_to_station_id": transferred_to_id,
            "transferred_at": transferred_at if transferred_to_id is not None else None,
            "report_kind": kind,
            "report_on": report_on,
            "report_number": self.report_number(values, problems),
            "court_result": court_result,
            "court_on": court_on,
            "court": (self.court(values, problems) or COURT_NOT_NAMED) if court_result else None,
        }
        return outcome, staged

    def convert(
        self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows
    ) -> tuple[int, int, int]:
        """Stage an FIR row (and the people it names); returns its natural key or raises ``RowRejected``."""
        check_readable(values)
        problems: list[Problem] = []
        station_name = self.station(values, problems)
        district_name = self.district(values, problems)
        station_id = self._station(cursor, problems, station_name, district_name)
        serial_year = self.number(values, problems)
        year = self.year(values, problems)
        registered_at = self.registered_at(values, problems)
        occurrence_from = self.occurrence_from(values, problems)
        occurrence_to = self.occurrence_to(values, problems)
        info_received_at = self.info_received_at(values, problems)
        serial = serial_year[0] if serial_year else None
        if serial_year and serial_year[1] is not None:
            if year is not None and year != serial_year[1]:
                problems.append(
                    Problem("year_mismatch", "year", f"the FIR number says {serial_year[1]} but the year is {year}")
                )
            year = year or serial_year[1]
        if year is None and registered_at is not None:
            year = registered_at.year
        if year is not None and not 1900 <= year <= 2100:
            problems.append(Problem("bad_year", "year", f"year {year} cannot be right"))
        if registered_at is not None and year is not None and registered_at.year != year:
            problems.append(
                Problem(
                    "year_mismatch",
                    "registered_at",
                    f"registered on {registered_at.date()} but numbered in the year {year}",
                )
            )
        if occurrence_from and occurrence_to and occurrence_to < occurrence_from:
            problems.append(
                Problem("date_order", "occurrence_to", "the occurrence ends before it begins (dates swapped?)")
            )
        if registered_at is not None and registered_at > now_utc():
            problems.append(Problem("date_in_future", "registered_at", f"{registered_at} is in the future"))
        status_raw = self.raw_status(values)
        status = self.status(values, problems)
        outcome, outcome_columns = self._outcome(cursor, values, problems, district_name, registered_at)
        given = status if not is_blank(status_raw) else None
        status, conflict = status_for(given, status or self.profile.status.default or "registered", outcome)
        if conflict is not None:
            problems.append(Problem("status_conflict", "status", conflict))
        history = imported_history(status, registered_at, outcome) if registered_at is not None else []
        section_ids, sections_text = self._sections(problems, self.raw_sections(values), occurrence_from or None)
        information_type = self.information_type(values, problems)
        direction = self.direction(values, problems)
        is_synthetic = self.is_synthetic(values, problems)
        distance = self.distance(values, problems)
        if distance is not None and not 0 <= distance < 100_000:
            problems.append(Problem("bad_number", "place_distance_km", f"distance {distance} km cannot be right"))
        property_value = self.property_value(values, problems)
        if property_value is not None and not 0 <= property_value < 10**12:
            problems.append(Problem("bad_number", "property_value_total", f"value {property_value} is out of range"))
        fir = StagedFir(
            src_row=number,
            station_id=station_id,
            year=year,
            serial=serial,
            registered_at=registered_at,
            occurrence_from=occurrence_from,
            occurrence_to=occurrence_to,
            info_received_at=info_received_at,
            gd_entry_number=self.gd_entry_number(values, problems),
            information_type=information_type or "written",
            place_address=self.place_address(values, problems),
            place_distance_km=distance,
            place_direction=direction,
            beat=self.beat(values, problems),
            brief_facts=self.brief_facts(values, problems) or "",
            property_value_total=property_value,
            delay_reason=self.delay_reason(values, problems),
            io_name=self.io_name(values, problems),
            io_rank=self.io_rank(values, problems),
            status=status,
            is_synthetic=bool(is_synthetic) or self.synthetic,
            section_ids=section_ids,
            sections_as_given=sections_text,
            crime_head_as_given=self.crime_head(values, problems),
            status_as_given=text(status_raw, 80) if not is_blank(status_raw) else None,
            **outcome_columns,
            history_from=_array([step.from_status for step in history]),
            history_to=_array([step.to_status for step in history]),
            history_at=_array([step.at for step in history]),
            history_note=_array([step.note for step in history]),
        )
        if self.profile.parties:
            persons, parties = self._inline_parties(problems, values, number, station_id, year, serial, registered_at)
        else:
            persons, parties = [], []
        if problems:
            raise RowRejected(problems)
        assert station_id is not None and year is not None and serial is not None
        staged.firs.append(fir)
        staged.persons.extend(persons)
        staged.parties.extend(parties)
        return station_id, year, serial

    def _sections(self, problems: list[Problem], raw: Any, offence_at: datetime | None) -> tuple[list[int], str | None]:
        if is_blank(raw):
            return [], None
        options = self.profile.sections
        parsed = self.section_memo.get(raw) if isinstance(raw, str) else None
        if parsed is None:
            as_written = text(raw)
            found = parse_sections(raw, self.lookups.resolver, options.default_act)
            # the section table's entry of each citation: a pure function of the cell, remembered by it
            parsed = (as_written, [(c, self.lookups.section(c.act, c.section) if c.act else None) for c in found])
            if isinstance(raw, str) and len(self.section_memo) < 200_000:
                self.section_memo[raw] = parsed
        as_written, citations = parsed
        if not citations:
            problems.append(Problem("bad_sections", "sections", f"no section number found in {as_written!r}"))
            return [], as_written
        ids: list[int] = []
        for citation, info in citations:
            if citation.act is None:
                if options.on_unknown == "reject":
                    problems.append(
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
                    problems.append(
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
                    problems.append(
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
        self, problems: list[Problem], values: dict[str, Any], number: int, station_id: int | None, year: int | None,
        serial: int | None, registered_at: datetime | None,
    ) -> tuple[list[StagedPerson], list[StagedParty]]:  # fmt: skip
        persons: list[StagedPerson] = []
        parties: list[StagedParty] = []
        accused = 0
        for party in self.profile.parties:
            cell = values.get(party.column)
            if is_blank(cell):
                continue
            names = str(cell).split(party.split) if party.split else [str(cell)]
            age = None
            if party.age_column:
                age = self.inline_ages[id(party)](values, problems)
                if age is not None and not 0 <= age <= 120:
                    problems.append(Problem("bad_age", f"{party.role}.age", f"age {age} cannot be right"))
                    age = None
            address = text(values.get(party.address_column)) if party.address_column else None
            mobile = None
            if party.mobile_column and not is_blank(values.get(party.mobile_column)):
                try:
                    mobile = normalise_mobile(str(values[party.mobile_column]))
                except NormalisationError as error:
                    problems.append(Problem("bad_mobile", f"{party.role}.mobile", f"{party.role} mobile: {error}"))
            for position, written in enumerate(names, start=1):
                try:
                    parsed = split_name(written)
                except ConversionError as error:
                    problems.append(Problem(error.reason, party.role, f"{party.role}: {error.message}"))
                    continue
                if parsed is None:
                    continue
                if len(parsed.name) > 200 or (parsed.relative_name and len(parsed.relative_name) > 200):
                    problems.append(Problem("too_long", party.role, f"{party.role}: name longer than 200"))
                    continue
                key = f"{station_id}/{year}/{serial}/{party.role}/{position}"
                accused_number = None
                if party.role == "accused":
                    accused += 1
                    accused_number = accused
                persons.append(
                    staged_person(
                        number, key, parsed.name, parsed.relative_name, parsed.relation_kind, None, age,
                        registered_at.date() if registered_at else None, [mobile] if mobile else [], [],
                        [StagedAddress("present", address, None, None, None, None)] if address else [],
                        synthetic=self.synthetic,
                    )
                )  # fmt: skip
                parties.append(
                    StagedParty(
                        src_row=number,
                        station_id=station_id,
                        year=year,
                        serial=serial,
                        person_key=key,
                        role=party.role,
                        accused_number=accused_number,
                        name_as_given=parsed.name,
                        relative_name_as_given=parsed.relative_name,
                        age_as_given=age,
                        address_as_given=address,
                        mobile_as_given=mobile,
                        arrest_kind=None,
                        arrested_at=None,
                    )
                )
        return persons, parties


def _strict_field(
    name: str, spec: FieldSpec | None, allowed: list[str], builtin: dict[str, str]
) -> compiled.Reader | None:
    """A reader of an outcome's word (never guessed: an unknown word is the row's problem), if the profile maps it."""
    return None if spec is None else compiled.field(name, spec, strict_words(spec, allowed, name, builtin))


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
