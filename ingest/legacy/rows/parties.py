"""A party row (a person's part in an FIR, with their arrest) -> a staged party, or every reason it cannot be
stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from ingest.legacy.converters.cells import is_blank
from ingest.legacy.converters.dates import now_utc
from ingest.legacy.converters.numbers import integer
from ingest.legacy.converters.word_tables import BUILTIN_ARREST_WORDS
from ingest.legacy.converters.words import Words
from ingest.legacy.profile import FieldSpec
from ingest.legacy.rows.base import KindConverter
from ingest.legacy.rows.fields import Fields, Problem, RowRejected
from ingest.legacy.staged import StagedParty, StagedRows
from people.identifiers import NormalisationError, normalise_mobile
from records.models import ArrestKind, PartyRole

ROLES = [role.value for role in PartyRole]
ARREST_KINDS = [kind.value for kind in ArrestKind]
ACCUSED_ROLES = {PartyRole.ACCUSED.value, PartyRole.SUSPECT.value}


class PartyConverter(KindConverter):
    def convert(self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows) -> None:
        """Stage a party row (whether its FIR and person are there is checked when the batch is merged)."""
        spec = self.profile.party_rows
        assert spec is not None
        row, station_id, year, serial = self._fir_of_row(cursor, values, spec, "party")
        key = row.text("person_key", spec.person_key, 200, required=True)
        role = row.get("role", spec.role, self._role_words(spec.role), required=True)
        accused_number = row.get("accused_number", spec.accused_number, integer)
        if role == "accused" and accused_number is None:
            row.problems.append(Problem("missing_field", "accused_number", "an accused needs an accused number"))
        if role != "accused":
            accused_number = None
        mobile = None
        raw_mobile = row.raw(spec.mobile_as_given)
        if not is_blank(raw_mobile):
            try:
                mobile = normalise_mobile(str(raw_mobile))
            except NormalisationError as error:
                row.problems.append(Problem("bad_mobile", "mobile_as_given", f"mobile_as_given: {error}"))
        name = row.text("name_as_given", spec.name_as_given, 200)
        relative = row.text("relative_name_as_given", spec.relative_name_as_given, 200)
        age = row.get("age_as_given", spec.age_as_given, integer)
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
            StagedParty(
                src_row=number,
                station_id=station_id,
                year=year,
                serial=serial,
                person_key=key,
                role=role,
                accused_number=accused_number,
                name_as_given=name or "",
                relative_name_as_given=relative,
                age_as_given=age,
                address_as_given=address,
                mobile_as_given=mobile,
                arrest_kind=arrest_kind,
                arrested_at=arrested_at,
            )
        )

    def _role_words(self, spec: FieldSpec) -> Words:
        if id(spec) not in self.words:
            self.words[id(spec)] = Words(spec.map, ROLES, None, "role")
        return self.words[id(spec)]

    def _arrest(self, row: Fields, role: str | None) -> tuple[str | None, datetime | None]:
        """A party row's arrest (or surrender): a kind needs a date; a date without a kind is an arrest."""
        spec = self.profile.party_rows
        assert spec is not None
        kind = None
        if spec.arrest_kind is not None:
            words = self._strict_words(spec.arrest_kind, ARREST_KINDS, "arrest_kind", BUILTIN_ARREST_WORDS)
            kind = row.get("arrest_kind", spec.arrest_kind, words)
        at = row.when("arrested_at", spec.arrested_at)
        if kind is not None and at is None and not any(p.field == "arrested_at" for p in row.problems):
            row.problems.append(
                Problem("missing_field", "arrested_at", f"arrest_kind is {kind} but arrested_at is empty")
            )
        if at is None:
            return None, None
        if at > now_utc():
            row.problems.append(Problem("date_in_future", "arrested_at", f"arrested_at {at} is in the future"))
        if role is not None and role not in ACCUSED_ROLES:
            row.problems.append(
                Problem(
                    "bad_value", "arrest_kind", f"only an accused or suspect is arrested, and this party is a {role}"
                )
            )
        return kind or ArrestKind.ARREST.value, at
