"""A person row of an export's person file -> a staged person, or every reason it cannot be stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ingest.legacy.converters.cells import is_blank
from ingest.legacy.converters.names import split_name
from ingest.legacy.converters.numbers import integer
from ingest.legacy.converters.words import boolean
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import FieldSpec, Profile
from ingest.legacy.rows import compiled
from ingest.legacy.rows.base import KindConverter, check_readable, lenient_words, remembered_mobile, strict_words
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedAddress, StagedAlias, StagedPerson, StagedRows
from people.names.scripts import detect_script
from records.models import Gender, RelationKind, Script

RELATIONS = [kind.value for kind in RelationKind]
GENDERS = [gender.value for gender in Gender]
SCRIPTS = [script.value for script in Script]


def staged_person(
    src_row: int, key: str, name: str, relative_name: str | None, relation_kind: str | None, gender: str | None,
    age_years: int | None, age_recorded_on: date | None, mobiles: list[str], aliases: list[StagedAlias],
    addresses: list[StagedAddress], *, synthetic: bool, identifying_marks: str | None = None,
    caste_category: str | None = None, is_wanted: bool = False, is_proclaimed_offender: bool = False,
    synthetic_identity: int | None = None, name_script: str | None = None,
) -> StagedPerson:  # fmt: skip
    """A person as staged, from a person row or from a name an FIR row gives: the one place for what a staged person
    defaults to (the script of the name found when the row does not say it; a relation only with a relative; gender
    unknown; each mobile once)."""
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
        aliases=aliases,
        addresses=addresses,
    )


class PersonConverter(KindConverter):
    def __init__(self, profile: Profile, lookups: Lookups) -> None:
        super().__init__(profile, lookups)
        spec = profile.persons
        if spec is None:
            return
        self.key = compiled.text("key", spec.key, 200, required=True)
        self.name = compiled.text("name", spec.name, 200, required=True)
        self.relative = compiled.text("relative_name", spec.relative_name, 200)
        self.split_names = spec.relative_name is None
        self.relation = compiled.choice(
            "relation_kind", spec.relation_kind, lenient_words(spec.relation_kind, RELATIONS, "relation_kind")
        )
        self.gender = compiled.choice("gender", spec.gender, lenient_words(spec.gender, GENDERS, "gender"))
        self.script = (
            compiled.field("name_script", spec.name_script, strict_words(spec.name_script, SCRIPTS, "name_script", {}))
            if spec.name_script is not None
            else None
        )
        self.age = compiled.field("age_years", spec.age_years, integer)
        self.age_on = compiled.when("age_recorded_on", spec.age_recorded_on, self.formats)
        self.raw_mobiles, self.mobiles_spec = compiled.raw_reader(spec.mobiles), spec.mobiles
        self.raw_aliases, self.aliases_spec = compiled.raw_reader(spec.aliases), spec.aliases
        self.raw_addresses, self.addresses_spec = compiled.raw_reader(spec.addresses), spec.addresses
        self.flags = [
            compiled.field(name, getattr(spec, name), boolean)
            for name in ("is_wanted", "is_proclaimed_offender", "is_synthetic")
        ]
        self.identity = compiled.field("synthetic_identity", spec.synthetic_identity, integer)
        self.marks = compiled.text("identifying_marks", spec.identifying_marks)
        self.caste = compiled.text("caste_category", spec.caste_category, 8)
        self.mobile_memo: dict[str, str | Problem] = {}  # normalised mobile, or its problem, by the value

    def convert(self, number: int, values: dict[str, Any], staged: StagedRows) -> str:
        """Stage a person row; returns its key or raises ``RowRejected``."""
        check_readable(values)
        problems: list[Problem] = []
        key = self.key(values, problems)
        name = self.name(values, problems)
        relative = self.relative(values, problems)
        if name and not relative and self.split_names:
            parsed = split_name(name)
            if parsed is not None:
                name, relative = parsed.name, parsed.relative_name
        relation = self.relation(values, problems)
        gender = self.gender(values, problems)
        script = self.script(values, problems) if self.script is not None else None
        age = self.age(values, problems)
        if age is not None and not 0 <= age <= 120:
            problems.append(Problem("bad_age", "age_years", f"age {age} cannot be right"))
        age_on = self.age_on(values, problems)
        mobiles = []
        for raw_mobile in _as_list(self.raw_mobiles(values), self.mobiles_spec):
            mobile = remembered_mobile(self.mobile_memo, str(raw_mobile), "mobiles")
            if isinstance(mobile, Problem):
                problems.append(mobile)
            else:
                mobiles.append(mobile)
        aliases = [
            alias
            for alias in map(_staged_alias, _as_list(self.raw_aliases(values), self.aliases_spec))
            if alias is not None
        ]
        addresses = [
            address
            for address in map(self._address, _as_list(self.raw_addresses(values), self.addresses_spec))
            if address is not None
        ]
        wanted, proclaimed, synthetic = (flag(values, problems) for flag in self.flags)
        identity = self.identity(values, problems)
        marks = self.marks(values, problems)
        caste = self.caste(values, problems)
        if problems:
            raise RowRejected(problems)
        assert key is not None and name is not None
        staged.persons.append(
            staged_person(
                number, key, name, relative, relation, gender, age, age_on.date() if age_on else None, mobiles,
                aliases, addresses, synthetic=bool(synthetic) or self.synthetic, identifying_marks=marks,
                caste_category=caste, is_wanted=bool(wanted), is_proclaimed_offender=bool(proclaimed),
                synthetic_identity=identity, name_script=script,
            )
        )  # fmt: skip
        return key

    def _address(self, address: Any) -> StagedAddress | None:
        """An address of the person row (an export's object, with its station and district codes turned into our
        ids, None if unknown; or a line of text), as staged; None when it gives no address."""
        if not isinstance(address, dict):
            return StagedAddress("present", str(address), None, None, None, None) if str(address) else None
        if not address.get("address"):
            return None
        code = address.get("station_code")
        station_id = self.lookups.stations_by_code.get(str(code).upper()) if code else None
        district_id = self.lookups.district_id(address.get("district_code"))
        pincode = address.get("pincode")
        pincode = str(pincode) if pincode is not None else None
        return StagedAddress(
            kind=str(address.get("kind") or "present")[:16],
            address=str(address["address"]),
            village_or_town=str(address["village_or_town"])[:120] if address.get("village_or_town") else None,
            police_station_id=int(station_id) if station_id not in (None, "") else None,
            district_id=int(district_id) if district_id not in (None, "") else None,
            pincode=pincode if pincode and len(pincode) == 6 and pincode.isascii() and pincode.isdigit() else None,
        )


def _staged_alias(alias: Any) -> StagedAlias | None:
    """An alias of the person row (an object with its script, or a name) as staged; None when it names none."""
    if not isinstance(alias, dict):
        name = str(alias)
        return StagedAlias(name[:200], detect_script(name).value) if name else None
    if not alias.get("alias"):
        return None
    script = alias["script"] if "script" in alias else detect_script(str(alias["alias"])).value
    return StagedAlias(str(alias["alias"])[:200], str(script or "latin"))


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
