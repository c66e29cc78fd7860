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
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import Profile
from ingest.legacy.rows import compiled
from ingest.legacy.rows.base import FirOfRow, KindConverter, remembered_mobile, strict_words
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedParty, StagedRows
from records.models import ArrestKind, PartyRole

ROLES = [role.value for role in PartyRole]
ARREST_KINDS = [kind.value for kind in ArrestKind]
ACCUSED_ROLES = {PartyRole.ACCUSED.value, PartyRole.SUSPECT.value}


class PartyConverter(KindConverter):
    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        super().__init__(profile, lookups)
        spec = profile.party_rows
        if spec is None:
            return
        self.fir_of_row = FirOfRow(self, spec, "party")
        self.key = compiled.text("person_key", spec.person_key, 200, required=True)
        self.role = compiled.field("role", spec.role, Words(spec.role.map, ROLES, None, "role"), required=True)
        self.accused_number = compiled.field("accused_number", spec.accused_number, integer)
        self.raw_mobile = compiled.raw_reader(spec.mobile_as_given)
        self.mobiles: dict[str, str | Problem] = {}  # normalised mobile, or its problem, by the cell
        self.name = compiled.text("name_as_given", spec.name_as_given, 200)
        self.relative = compiled.text("relative_name_as_given", spec.relative_name_as_given, 200)
        self.age = compiled.field("age_as_given", spec.age_as_given, integer)
        self.address = compiled.text("address_as_given", spec.address_as_given)
        self.arrest_kind = (
            compiled.field(
                "arrest_kind",
                spec.arrest_kind,
                strict_words(spec.arrest_kind, ARREST_KINDS, "arrest_kind", BUILTIN_ARREST_WORDS),
            )
            if spec.arrest_kind is not None
            else None
        )
        self.arrested_at = compiled.when("arrested_at", spec.arrested_at, self.formats)

    def convert(self, cursor: psycopg.Cursor[Any], number: int, values: dict[str, Any], staged: StagedRows) -> None:
        """Stage a party row (whether its FIR and person are there is checked when the batch is merged)."""
        problems: list[Problem] = []
        station_id, year, serial = self.fir_of_row(cursor, values, problems)
        key = self.key(values, problems)
        role = self.role(values, problems)
        accused_number = self.accused_number(values, problems)
        if role == "accused" and accused_number is None:
            problems.append(Problem("missing_field", "accused_number", "an accused needs an accused number"))
        if role != "accused":
            accused_number = None
        mobile = self._mobile(self.raw_mobile(values), problems)
        name = self.name(values, problems)
        relative = self.relative(values, problems)
        age = self.age(values, problems)
        if age is not None and not 0 <= age <= 120:
            problems.append(Problem("bad_age", "age_as_given", f"age {age} cannot be right"))
        if accused_number is not None and not 1 <= accused_number <= 999:
            problems.append(Problem("bad_number", "accused_number", f"accused number {accused_number}"))
        address = self.address(values, problems)
        arrest_kind, arrested_at = self._arrest(values, problems, role)
        if problems:
            raise RowRejected(problems)
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

    def _mobile(self, raw: Any, problems: list[Problem]) -> str | None:
        """The party's mobile normalised (remembered by the cell: a person's number recurs in their rows)."""
        if is_blank(raw):
            return None
        found = remembered_mobile(self.mobiles, str(raw), "mobile_as_given")
        if isinstance(found, Problem):
            problems.append(found)
            return None
        return found

    def _arrest(
        self, values: dict[str, Any], problems: list[Problem], role: str | None
    ) -> tuple[str | None, datetime | None]:
        """A party row's arrest (or surrender): a kind needs a date; a date without a kind is an arrest."""
        kind = self.arrest_kind(values, problems) if self.arrest_kind is not None else None
        at = self.arrested_at(values, problems)
        if kind is not None and at is None and not any(p.field == "arrested_at" for p in problems):
            problems.append(Problem("missing_field", "arrested_at", f"arrest_kind is {kind} but arrested_at is empty"))
        if at is None:
            return None, None
        if at > now_utc():
            problems.append(Problem("date_in_future", "arrested_at", f"arrested_at {at} is in the future"))
        if role is not None and role not in ACCUSED_ROLES:
            problems.append(
                Problem(
                    "bad_value", "arrest_kind", f"only an accused or suspect is arrested, and this party is a {role}"
                )
            )
        return kind or ArrestKind.ARREST.value, at
