"""``records.access``: which import jobs a caller may follow (``Jurisdiction.import_jobs``, the operations
dashboard's narrowing) and whether a whole district or the state is readable (``district_refusal``,
``state_refusal``: the dashboards' filters)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.access import Forbidden, Jurisdiction
from records.models import ImportJob, PoliceDistrict, Role


def _district(session: Session, code: str) -> int:
    return session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == code))


def _job(session: Session, name: str, district_id: int | None) -> int:
    job = ImportJob(status="done", file_name=name, file_checksum="x", profile_name="p", profile_checksum="x",
                    profile_text="", source="test", district_id=district_id)  # fmt: skip
    session.add(job)
    session.flush()
    return job.id


def test_import_jobs_are_followed_by_hq_all_an_sp_their_districts_and_nobody_else(db_session: Session) -> None:
    vaishali, patna = _district(db_session, "VAISHALI"), _district(db_session, "PATNA")
    jobs = {
        "vaishali": _job(db_session, "vaishali.csv", vaishali),
        "patna": _job(db_session, "patna.csv", patna),
        "hq": _job(db_session, "hq.csv", None),
    }

    def followed(access: Jurisdiction) -> set[str]:
        seen = sa.select(ImportJob.id).where(ImportJob.id.in_(jobs.values()), access.import_jobs(ImportJob.district_id))
        ids = set(db_session.scalars(seen))
        return {name for name, job_id in jobs.items() if job_id in ids}

    assert followed(Jurisdiction(Role.HQ)) == {"vaishali", "patna", "hq"}
    assert followed(Jurisdiction(Role.DISTRICT_SP, district_id=vaishali)) == {"vaishali"}
    assert followed(Jurisdiction(Role.DISTRICT_SP)) == set()  # an SP without a district: not HQ's (NULL) jobs
    assert followed(Jurisdiction(Role.INVESTIGATOR)) == set()
    assert followed(Jurisdiction(Role.STATION_OFFICER, station_id=1, district_id=vaishali)) == set()
    assert followed(Jurisdiction(Role.ADMIN)) == set()
    assert followed(Jurisdiction(Role.STATION_OFFICER, station_id=1, api_client=True)) == set()


def test_a_whole_district_or_the_state_is_readable_only_by_those_who_read_it_all(db_session: Session) -> None:
    vaishali, patna = _district(db_session, "VAISHALI"), _district(db_session, "PATNA")
    sp = Jurisdiction(Role.DISTRICT_SP, district_id=vaishali)
    assert sp.district_refusal(vaishali) is None
    assert "not all of district PATNA" in (sp.district_refusal(patna, "PATNA") or "")
    assert Jurisdiction(Role.INVESTIGATOR).district_refusal(patna) is None
    officer = Jurisdiction(Role.STATION_OFFICER, station_id=1, district_id=vaishali)
    assert "their own station" in (officer.district_refusal(vaishali, "VAISHALI") or "")
    assert "administrators" in (Jurisdiction(Role.ADMIN).district_refusal(vaishali) or "")
    with pytest.raises(Forbidden, match="not all of district PATNA"):
        sp.require_read_district(patna, "PATNA")
    assert Jurisdiction(Role.HQ).state_refusal() is None
    assert "reads only records of their own district, not the whole state" in (sp.state_refusal() or "")
    assert "their own station, not the whole state" in (officer.state_refusal() or "")
    assert "administrators" in (Jurisdiction(Role.ADMIN).state_refusal() or "")
