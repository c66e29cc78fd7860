"""Who may read and write what, where: the one home of the jurisdiction rule.

| role | reads cases and people | writes FIRs | imports legacy records | manages users, API clients, reference data |
|---|---|---|---|---|
| station officer (and a station's API key) | own station | own station | no | no |
| district SP | own district | no | into own district's stations | no |
| investigator | whole state | no | no | no |
| HQ | whole state | no | into any station | no |
| administrator | no (manages the system, not cases) | no | no | yes |

The **case diary** of an FIR (``records.models.diary``) is read by whoever reads the case and written by a station
officer of its station in person (not a station's API key): :meth:`Jurisdiction.diary_write_refusal`.

A **person** is readable only through an FIR the caller may read (the person is a party to it), or through a
link confirmed by a reviewer who could read both records (:data:`CONFIRMED_LINK`). Linking two records needs a
caller who may read both.

Every door (API routes, staff pages, dashboards and their callbacks, the import, notifications) asks a
:class:`Jurisdiction` made from the caller; nothing else decides jurisdiction. Each refusal is a
:class:`Forbidden` whose message names the rule, which the API answers as 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from records.models import Fir, FirParty, Person, PersonLink, PoliceStation, Role, User

STATE_WIDE_READERS = frozenset({Role.HQ, Role.INVESTIGATOR})
CONFIRMED_LINK = "confirmed"  # the only link status that widens who may read a person


_WHO = {
    Role.ADMIN: "an administrator",
    Role.HQ: "HQ",
    Role.INVESTIGATOR: "an investigator",
    Role.DISTRICT_SP: "a district SP",
    Role.STATION_OFFICER: "a station officer",
}


class Forbidden(Exception):
    """The caller may not do this here; the message is one sentence naming the rule (HTTP 403)."""


@dataclass(frozen=True)
class Place:
    """Where a record belongs: its station and that station's district."""

    station_id: int
    district_id: int
    station_code: str = ""


def place_of_station(session: Session, station_id: int) -> Place:
    row = session.execute(
        sa.select(PoliceStation.district_id, PoliceStation.code).where(PoliceStation.id == station_id)
    ).one()
    return Place(station_id, row.district_id, row.code)


@dataclass(frozen=True)
class Jurisdiction:
    """What one caller may reach: made from their role, station and district (a station's API key acts as a
    station officer of its station)."""

    role: Role
    station_id: int | None = None
    district_id: int | None = None
    api_client: bool = False

    @classmethod
    def of_user(cls, user: User) -> Jurisdiction:
        """What an officer may reach when they are not the caller (e.g. the recipient of an alert)."""
        return cls(user.role, user.station_id, user.district_id)

    @classmethod
    def of_station(cls, station_id: int) -> Jurisdiction:
        """What every officer of a station may reach (the readers of alerts sent to the station)."""
        return cls(Role.STATION_OFFICER, station_id)

    # ------------------------------------------------------------------------------------------ who

    @property
    def who(self) -> str:
        return "a station's API key" if self.api_client else _WHO[self.role]

    @property
    def reads_cases(self) -> bool:
        return self.role is not Role.ADMIN

    @property
    def state_wide(self) -> bool:
        return self.role in STATE_WIDE_READERS

    @property
    def district_only(self) -> int | None:
        """The district an SP is held to (None for everyone else)."""
        return self.district_id if self.role is Role.DISTRICT_SP else None

    @property
    def station_only(self) -> int | None:
        """The station a station officer is held to (None for everyone else)."""
        return self.station_id if self.role is Role.STATION_OFFICER else None

    # ------------------------------------------------------------------------------------- refusals

    def read_refusal(self, place: Place | None = None) -> str | None:
        """None if the caller may read case records (at ``place``, if given); otherwise why not."""
        if not self.reads_cases:
            return "administrators manage users and reference data and do not read or write case records"
        if place is None or self.state_wide:
            return None
        if self.role is Role.DISTRICT_SP and place.district_id != self.district_id:
            return (
                f"a district SP reads only records of their own district; this one is of station {place.station_code}"
            )
        if self.role is Role.STATION_OFFICER and place.station_id != self.station_id:
            return (
                f"{self.who} reads only records of their own station; this one belongs to station {place.station_code}"
            )
        return None

    def write_refusal(self, place: Place | None = None) -> str | None:
        """None if the caller may register or change FIRs (at ``place``, if given); otherwise why not."""
        if not self.reads_cases:
            return "administrators manage users and reference data and do not read or write case records"
        if self.role is not Role.STATION_OFFICER:
            return f"only station officers (or a station's API key) register and update FIRs; you are {self.who}"
        if place is not None and place.station_id != self.station_id:
            return (
                f"{self.who} writes only records of their own station; this one belongs to station {place.station_code}"
            )
        return None

    def diary_read_refusal(self, place: Place | None = None) -> str | None:
        """None if the caller may read the case diary of a case (at ``place``, if given); otherwise why not.

        The diary is the investigation's own record (BNSS s. 192: not even the accused may call for it), never
        shown to the public or indexed for search; inside the police it is read by whoever may read the case."""
        return self.read_refusal(place)

    def diary_write_refusal(self, place: Place | None = None) -> str | None:
        """None if the caller may add an entry to a case diary (at ``place``, if given); otherwise why not.

        An entry is the word of the officer who writes it and bears their name: a station officer of the case's
        station, in person; a station's API key (a system, not an officer) writes none."""
        if self.api_client:
            return "a case diary entry is written by an officer in person, not by a station's API key"
        return self.write_refusal(place)

    def import_refusal(self, place: Place | None = None) -> str | None:
        """None if the caller may import legacy records (into ``place``, if given); otherwise why not."""
        if self.role is Role.HQ:
            return None
        if self.role is Role.DISTRICT_SP and not self.api_client:
            if place is not None and place.district_id != self.district_id:
                return (
                    f"a district SP imports only into stations of their own district, not station {place.station_code}"
                )
            return None
        return (
            "only HQ (any station) and district SPs (their district's stations) import legacy records; "
            f"you are {self.who}"
        )

    def import_district_refusal(self, district_id: int | None, what: str) -> str | None:
        """None if the caller may import into the whole of district ``district_id`` (None: any district, or one
        an import would create); otherwise why not, naming ``what`` (e.g. "import job 7", "new district 'X'").
        Decides where an import may create stations and districts, and whose import jobs a caller sees."""
        refused = self.import_refusal()
        if refused or self.role is Role.HQ:
            return refused
        if district_id is not None and district_id == self.district_id:
            return None
        return f"a district SP imports only into their own district; {what} is outside it"

    def network_search_refusal(self) -> str | None:
        """None if the caller may ask other states through the network (a federated search, opening a hit);
        otherwise why not. An officer in person who reads cases asks: the purpose, reason and case reference are
        theirs, so a station's API key (a system) asks nothing across states."""
        refused = self.read_refusal()
        if refused:
            return refused
        if self.api_client:
            return (
                "a cross-state search is asked by an officer in person (the purpose, reason and case reference are "
                "theirs), not by a station's API key"
            )
        return None

    def admin_refusal(self) -> str | None:
        if self.role is Role.ADMIN and not self.api_client:
            return None
        return f"only administrators manage users, API clients and reference data; you are {self.who}"

    def covers(self, place: Place) -> bool:
        """True if ``place`` is inside what the caller may read."""
        return self.read_refusal(place) is None

    # ------------------------------------------------------------------------------------- requires

    def require_read(self, place: Place | None = None) -> None:
        _raise(self.read_refusal(place))

    def state_refusal(self) -> str | None:
        """None if the caller may read the records of every station (state-wide readers); otherwise why not."""
        refused = self.read_refusal()
        if refused or self.state_wide:
            return refused
        area = "station" if self.role is Role.STATION_OFFICER else "district"
        return f"{self.who} reads only records of their own {area}, not the whole state"

    def district_refusal(self, district_id: int, district_code: str = "") -> str | None:
        """None if the caller may read the whole district (an SP's own, or any for state-wide readers);
        otherwise why not."""
        refused = self.read_refusal()
        if refused:
            return refused
        if self.state_wide or (self.role is Role.DISTRICT_SP and district_id == self.district_id):
            return None
        area = "station" if self.role is Role.STATION_OFFICER else "district"
        return f"{self.who} reads only records of their own {area}, not all of district {district_code}"

    def require_read_district(self, district_id: int, district_code: str = "") -> None:
        """The whole district must be readable (an SP's own, or any for state-wide readers)."""
        _raise(self.district_refusal(district_id, district_code))

    def require_write(self, place: Place | None = None) -> None:
        _raise(self.write_refusal(place))

    def require_diary_read(self, place: Place | None = None) -> None:
        _raise(self.diary_read_refusal(place))

    def require_diary_write(self, place: Place | None = None) -> None:
        _raise(self.diary_write_refusal(place))

    def require_import(self, place: Place | None = None) -> None:
        _raise(self.import_refusal(place))

    def require_network_search(self) -> None:
        _raise(self.network_search_refusal())

    def require_admin(self) -> None:
        _raise(self.admin_refusal())

    # ------------------------------------------------------------------------------------------ SQL

    def stations(self, station_id: Any) -> sa.ColumnElement[bool]:
        """SQL: the station in column ``station_id`` is one the caller may read (no join needed)."""
        if not self.reads_cases:
            return sa.false()
        if self.state_wide:
            return sa.true()
        if self.role is Role.DISTRICT_SP:
            return station_id.in_(sa.select(PoliceStation.id).where(PoliceStation.district_id == self.district_id))
        return station_id == self.station_id

    def districts(self, district_id: Any) -> sa.ColumnElement[bool]:
        """SQL: the district in column ``district_id`` is wholly readable by the caller (an SP's own district,
        every district for state-wide readers; never for a station officer, who reads one station of it)."""
        if not self.reads_cases or self.role is Role.STATION_OFFICER:
            return sa.false()
        if self.state_wide:
            return sa.true()
        return district_id == self.district_id

    def import_jobs(self, district_id: Any) -> sa.ColumnElement[bool]:
        """SQL: an import job held to the district in column ``district_id`` (NULL: an import into any station,
        HQ's) is one the caller may follow: HQ every job, a district SP their own district's; nobody else any."""
        if self.import_refusal() is not None:
            return sa.false()
        if self.role is Role.DISTRICT_SP:  # never "= NULL": an SP without a district follows no job
            return district_id == self.district_id if self.district_id is not None else sa.false()
        return sa.true()

    def _named_in_readable_fir(self, person_id: Any) -> sa.ColumnElement[bool]:
        return sa.exists(
            sa.select(1)
            .select_from(FirParty)
            .join(Fir, Fir.id == FirParty.fir_id)
            .where(FirParty.person_id == person_id, self.stations(Fir.station_id))
        )

    def people(self, person_id: Any) -> sa.ColumnElement[bool]:
        """SQL: the person in column ``person_id`` is one the caller may read: named in an FIR they may read,
        or linked by a confirmed link to such a person."""
        if not self.reads_cases:
            return sa.false()
        if self.state_wide:
            return sa.true()
        link = PersonLink
        through_link = sa.exists(
            sa.select(1)
            .select_from(link)
            .where(
                link.status == CONFIRMED_LINK,
                sa.or_(
                    sa.and_(link.person_a_id == person_id, self._named_in_readable_fir(link.person_b_id)),
                    sa.and_(link.person_b_id == person_id, self._named_in_readable_fir(link.person_a_id)),
                ),
            )
        )
        return sa.or_(self._named_in_readable_fir(person_id), through_link)

    def readable_people(self, session: Session, person_ids: list[int] | set[int]) -> set[int]:
        """Those of ``person_ids`` the caller may read."""
        ids = set(person_ids)
        if not ids or not self.reads_cases:
            return set()
        if self.state_wide:
            return ids
        return set(session.scalars(sa.select(Person.id).where(Person.id.in_(ids), self.people(Person.id))))

    def person_refusal(self, session: Session, person_id: int) -> str | None:
        """None if the caller may read person ``person_id``; otherwise why not."""
        refused = self.read_refusal()
        if refused:
            return refused
        if person_id in self.readable_people(session, [person_id]):
            return None
        area = "district" if self.role is Role.DISTRICT_SP else "station"
        return (
            f"{self.who} reads only people named in FIRs of their own {area} (or linked to one by a confirmed link); "
            f"person {person_id} is not"
        )

    def require_read_person(self, session: Session, person_id: int) -> None:
        _raise(self.person_refusal(session, person_id))

    def require_read_people(self, session: Session, person_ids: list[int]) -> None:
        """Every one of ``person_ids`` must be readable (to link records, the caller must read both)."""
        for person_id in person_ids:
            self.require_read_person(session, person_id)


def _raise(reason: str | None) -> None:
    if reason:
        raise Forbidden(reason)


def readable_pairs(session: Session, asks: Sequence[tuple[Jurisdiction, int]]) -> set[int]:
    """For many (reader, person id) questions at once (the recipients of a batch of alerts), the indexes in
    ``asks`` whose reader may read the person: :meth:`Jurisdiction.people` for each, in one query whatever the
    number of stations and districts asking (their station or district is taken from the row asked)."""
    readable: set[int] = set()
    by_unit: dict[Role, tuple[list[int], list[int | None], list[int]]] = {}
    for index, (jurisdiction, person_id) in enumerate(asks):
        if not jurisdiction.reads_cases:
            continue
        if jurisdiction.state_wide:
            readable.add(index)
            continue
        unit = jurisdiction.district_id if jurisdiction.role is Role.DISTRICT_SP else jurisdiction.station_id
        indexes, units, people = by_unit.setdefault(jurisdiction.role, ([], [], []))
        indexes.append(index)
        units.append(unit)
        people.append(person_id)
    parts = []
    for role, (indexes, units, people) in by_unit.items():
        asked = (
            sa.func.unnest(
                sa.bindparam(None, indexes, type_=ARRAY(sa.Integer)),
                sa.bindparam(None, units, type_=ARRAY(sa.BigInteger)),
                sa.bindparam(None, people, type_=ARRAY(sa.BigInteger)),
            )
            .table_valued("asked", "unit", "person")
            .render_derived()
        )
        # The same rule with the station (or district) a column of the rows asked instead of one value.
        unit_field = "district_id" if role is Role.DISTRICT_SP else "station_id"
        reader = Jurisdiction(role, **{unit_field: asked.c.unit})
        parts.append(sa.select(asked.c.asked).where(reader.people(asked.c.person)))
    if parts:
        readable.update(session.scalars(sa.union_all(*parts) if len(parts) > 1 else parts[0]))
    return readable
