"""A person row of an export's person file -> a staged person, or every reason it cannot be stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ingest.legacy.converters.cells import is_blank
from ingest.legacy.converters.names import split_name
from ingest.legacy.converters.numbers import integer
from ingest.legacy.converters.words import boolean
from ingest.legacy.profile import FieldSpec
from ingest.legacy.rows.base import KindConverter
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedAddress, StagedAlias, StagedPerson, StagedRows
from people.identifiers import NormalisationError, normalise_mobile
from people.names.scripts import detect_script
from records.models import Gender, RelationKind, Script

RELATIONS = [kind.value for kind in RelationKind]
GENDERS = [gender.value for gender in Gender]
SCRIPTS = [script.value for script in Script]


def staged_person(
    src_row: int, key: str, name: str, relative_name: str | None, relation_kind: str | None, gender: str | None,
    age_years: int | None, age_recorded_on: date | None, mobiles: list[str], aliases: list[dict[str, Any]],
    addresses: list[dict[str, Any]], *, synthetic: bool, identifying_marks: str | None = None,
    caste_category: str | None = None, is_wanted: bool = False, is_proclaimed_offender: bool = False,
    synthetic_identity: int | None = None, name_script: str | None = None,
) -> StagedPerson:  # fmt: skip
    """A person as staged, from a person row or from a name an FIR row gives (the script of the name found when
    the row does not say it; a relation only with a relative)."""
    return StagedPerson(
        src_row=src_row,
        key=key,
        name=name,
        name_script=name_script or detect_script(name).value,
        relative_name=relative_name,
        relation_kind=relation_kind if relative_name else None,
        gender=gender or "unknown",
        age_years=age_years,
        age_recorded_on=age_recorded_on,
        identifying_marks=identifying_marks,
        caste_category=caste_category,
        is_wanted=is_wanted,
        is_proclaimed_offender=is_proclaimed_offender,
        is_synthetic=synthetic,
        synthetic_identity=synthetic_identity,
        mobiles=sorted(set(mobiles)),
        aliases=[
            StagedAlias(str(a["alias"])[:200], str(a.get("script") or "latin")) for a in aliases if a.get("alias")
        ],
        addresses=[_staged_address(a) for a in addresses if a.get("address")],
    )


def _staged_address(address: dict[str, Any]) -> StagedAddress:
    pincode = address.get("pincode")
    pincode = str(pincode) if pincode is not None else None
    return StagedAddress(
        kind=str(address.get("kind") or "present")[:16],
        address=str(address["address"]),
        village_or_town=str(address["village_or_town"])[:120] if address.get("village_or_town") else None,
        police_station_id=_integer_or_none(address.get("police_station_id")),
        district_id=_integer_or_none(address.get("district_id")),
        pincode=pincode if pincode and len(pincode) == 6 and pincode.isascii() and pincode.isdigit() else None,
    )


def _integer_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


class PersonConverter(KindConverter):
    def convert(self, number: int, values: dict[str, Any], staged: StagedRows) -> str:
        """Stage a person row; returns its key or raises ``RowRejected``."""
        spec = self.profile.persons
        assert spec is not None
        row = self._fields(values)
        key = row.text("key", spec.key, 200, required=True)
        name = row.text("name", spec.name, 200, required=True)
        relative = row.text("relative_name", spec.relative_name, 200)
        if name and not relative and spec.relative_name is None:
            parsed = split_name(name)
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
        age = row.get("age_years", spec.age_years, integer)
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
        flags = [row.get(n, getattr(spec, n), boolean) for n in ("is_wanted", "is_proclaimed_offender", "is_synthetic")]
        identity = row.get("synthetic_identity", spec.synthetic_identity, integer)
        marks = row.text("identifying_marks", spec.identifying_marks)
        caste = row.text("caste_category", spec.caste_category, 8)
        if row.problems:
            raise RowRejected(row.problems)
        assert key is not None and name is not None
        staged.persons.append(
            staged_person(
                number, key, name, relative, relation, gender, age, age_on.date() if age_on else None, mobiles,
                aliases, addresses, synthetic=bool(flags[2]) or self.synthetic, identifying_marks=marks,
                caste_category=caste, is_wanted=bool(flags[0]), is_proclaimed_offender=bool(flags[1]),
                synthetic_identity=identity, name_script=script,
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


def _as_list(value: Any, spec: FieldSpec | None) -> list[Any]:
    if is_blank(value):
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
