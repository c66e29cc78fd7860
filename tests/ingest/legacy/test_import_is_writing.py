"""Importing is writing (issue 17): an import never changes an FIR registered live, writes only where its
importer may (``records.access``), audits every FIR it creates or updates, and leaves live numbering gap-free
and collision-free."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import register_fir
from cases.input import FirInput
from ingest.legacy.importer import Importer
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile, parse_profile
from ingest.legacy.report import ImportFailure, ImportReport
from records.access import Jurisdiction
from records.audit import Actor
from records.models import PoliceDistrict, PoliceStation, Role
from records.numbering import allocate_fir_serial
from records.users import create_user
from sample_data import generate_into_database, generate_to_files
from tests.ingest.legacy.test_import import GOOD, write
from tests.ingest.legacy.test_import_case_records import read_csv, write_csv
from tests.search_api.fir_api_support import fir_body

IST_YEAR = (datetime.now(UTC) + timedelta(hours=5, minutes=30)).year
HAJIPUR = "VAISHALI-HAJIPUR-SADAR"


@pytest.fixture(scope="module")
def profile():  # type: ignore[no-untyped-def]
    return load_profile("example-district-register")


def register_live(engine: sa.Engine, station_code: str = HAJIPUR) -> tuple[int, int]:
    """An FIR registered through the FIR service (as the API does), committed; returns (id, serial)."""
    with Session(engine) as session:
        station_id = session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == station_code))
        assert station_id is not None
        fir = register_fir(
            session,
            FirInput.model_validate(fir_body()),
            station_id=station_id,
            actor=Actor(),
            access=Jurisdiction(Role.HQ),
        )
        session.commit()
        return fir.id, fir.serial


def row(number: str, facts_date: str | None = None, status: str = "Pending", station: str = "Hajipur Sadar PS",
        district: str = "Vaishali") -> list[str]:  # fmt: skip
    """A register row of this year (BNS), FIR number ``number``."""
    day = facts_date or f"02/01/{IST_YEAR}"
    return [station, district, number, day, "10:00", "", "303(2) BNS", "Kamla Devi w/o Jagdish Ram", "", status, ""]


def fir_state(engine: sa.Engine, fir_id: int) -> tuple[object, ...]:
    with engine.connect() as connection:
        return tuple(
            connection.execute(
                sa.text(
                    "SELECT version, registered_at, brief_facts, status, serial, updated_at, "
                    "(SELECT count(*) FROM fir_legacy_record l WHERE l.fir_id = f.id), "
                    "(SELECT count(*) FROM fir_party p WHERE p.fir_id = f.id) FROM fir f WHERE f.id = :id"
                ),
                {"id": fir_id},
            ).one()
        )


def audit_rows(
    engine: sa.Engine, jobs: list[int | None], action: str | None = None
) -> list[sa.Row[tuple[object, ...]]]:
    """The audit rows of FIRs these import jobs wrote."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                sa.text(
                    "SELECT user_id, action, entity_id, detail FROM audit_log WHERE entity_type = 'fir' "
                    "AND (detail->>'import_job_id')::bigint = ANY(:jobs) "
                    "AND (CAST(:action AS text) IS NULL OR action = :action) ORDER BY id"
                ),
                {"action": action, "jobs": jobs},
            )
        )


def reject_messages(engine: sa.Engine, job_id: int | None) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [
            (problem["reason"], problem["message"])
            for (reasons,) in connection.execute(
                sa.text("SELECT reasons FROM import_reject WHERE job_id = :job ORDER BY source_row"), {"job": job_id}
            )
            for problem in reasons
        ]


def test_an_import_never_changes_a_live_fir_and_says_which(clean: sa.Engine, profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The issue's scenario: a live FIR, then an export row with its station, year and serial."""
    fir_id, serial = register_live(clean)
    before = fir_state(clean, fir_id)
    assert before[0] == 1 and before[6] == 0  # version 1, no legacy record: registered live
    rows = [row(f"{serial}/{IST_YEAR}", status="Charge sheeted"), row(f"{serial + 5}/{IST_YEAR}")]
    report = ImportRun(clean, write(tmp_path / "over-live.csv", rows), profile).run()
    totals = report.totals
    assert (totals.read, totals.accepted, totals.rejected, totals.inserted) == (2, 1, 1, 1)
    assert dict(totals.reasons) == {"live_fir": 1}
    after = fir_state(clean, fir_id)
    assert after == before  # facts, registration time, version 1, parties: untouched
    [(reason, message)] = reject_messages(clean, report.job_id)
    assert reason == "live_fir"
    assert f"FIR {serial}/{IST_YEAR}" in message and f"id {fir_id}" in message and HAJIPUR in message
    # a re-run changes nothing either
    again = ImportRun(clean, write(tmp_path / "over-live-2.csv", rows[:1]), profile).run()
    assert again.totals.reasons == {"live_fir": 1} and fir_state(clean, fir_id) == before


def test_an_imported_serial_far_ahead_does_not_make_a_gap_in_live_numbering(
    clean: sa.Engine,
    profile,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """Imported 90000/this year made the next live FIR 90001: now it is the next gap-free number."""
    _, first = register_live(clean)
    report = ImportRun(clean, write(tmp_path / "far.csv", [row(f"90000/{IST_YEAR}")]), profile).run()
    assert report.totals.inserted == 1
    _, second = register_live(clean)
    assert second == first + 1


def test_a_live_registration_steps_over_serials_an_import_brought(clean: sa.Engine, profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, first = register_live(clean)
    taken = [first + 1, first + 2, first + 4]
    report = ImportRun(clean, write(tmp_path / "next.csv", [row(f"{n}/{IST_YEAR}") for n in taken]), profile).run()
    assert report.totals.inserted == 3
    serials = [register_live(clean)[1] for _ in range(3)]
    assert serials == [first + 3, first + 5, first + 6]
    with clean.connect() as connection:
        duplicates = connection.execute(
            sa.text("SELECT count(*) FROM (SELECT 1 FROM fir GROUP BY station_id, year, serial HAVING count(*) > 1) d")
        ).scalar()
    assert duplicates == 0


def test_reimports_of_imported_firs_still_update_and_each_write_is_audited(
    clean: sa.Engine,
    profile,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    with Session(clean) as session:
        user = create_user(session, actor=Actor(), username="hq.importer", full_name="Imran Test", role=Role.HQ,
                           password="long enough password")  # fmt: skip
        session.commit()
        user_id = user.id
    importer = Importer(Jurisdiction(Role.HQ), user_id, {"via": "import API"})
    rows = [row(f"{n}/{IST_YEAR}") for n in (11, 12, 13)]
    first = ImportRun(clean, write(tmp_path / "a.csv", rows), profile, importer=importer).run()
    created = audit_rows(clean, [first.job_id], "create")
    assert len(created) == 3 == first.totals.inserted
    assert {r.user_id for r in created} == {user_id}
    assert {r.detail["import_job_id"] for r in created} == {first.job_id}
    assert {r.detail["number"] for r in created} == {f"{n}/{IST_YEAR}" for n in (11, 12, 13)}
    assert all(r.detail["via"] == "import API" for r in created)
    # a re-run of the same rows changes nothing and audits nothing
    second = ImportRun(clean, write(tmp_path / "b.csv", rows), profile, importer=importer).run()
    assert audit_rows(clean, [second.job_id]) == []
    # a changed row updates its (imported) FIR, with which fields changed, before and after
    changed = [row(f"11/{IST_YEAR}", status="Charge sheeted"), *rows[1:]]
    third = ImportRun(clean, write(tmp_path / "c.csv", changed), profile, importer=importer).run()
    assert third.totals.updated == 1
    [update] = audit_rows(clean, [third.job_id])
    assert update.user_id == user_id and update.detail["import_job_id"] == third.job_id
    assert "status" in update.detail["fields"] and "as_given" in update.detail["fields"]
    assert update.detail["before"]["status"] == "under_investigation"
    assert update.detail["after"]["status"] == "charge_sheeted"
    with clean.connect() as connection:
        version = connection.execute(sa.text("SELECT version FROM fir WHERE id = :id"), {"id": int(update.entity_id)})
        assert version.scalar() == 2


def test_a_district_sp_imports_only_into_their_district(clean: sa.Engine, profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with clean.connect() as connection:
        patna = connection.execute(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == "PATNA")).scalar_one()
    sp_patna = Importer(Jurisdiction(Role.DISTRICT_SP, district_id=patna), None, {"via": "test"})
    report = ImportRun(clean, write(tmp_path / "vaishali.csv", GOOD), profile, importer=sp_patna).run()
    totals = report.totals
    assert (totals.read, totals.accepted, totals.rejected) == (len(GOOD), 0, len(GOOD))
    assert dict(totals.reasons) == {"outside_jurisdiction": len(GOOD)}
    messages = [message for _, message in reject_messages(clean, report.job_id)]
    assert any("station VAISHALI-HAJIPUR-SADAR" in message for message in messages), messages
    with clean.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM fir")).scalar() == 0
        assert connection.execute(sa.text("SELECT district_id FROM import_job")).scalar() == patna


def test_stations_are_created_only_inside_the_importers_scope(clean: sa.Engine, tmp_path: Path) -> None:
    text = load_profile("example-district-register").text.replace("create_unknown: false", "create_unknown: true")
    creating = parse_profile(text.replace("name: example-district-register", "name: creating"), "yaml", "creating")
    with clean.connect() as connection:
        vaishali = connection.execute(
            sa.select(PoliceDistrict.id).where(PoliceDistrict.code == "VAISHALI")
        ).scalar_one()
    sp = Importer(Jurisdiction(Role.DISTRICT_SP, district_id=vaishali), None, {"via": "test"})
    rows = [row(f"1/{IST_YEAR}", station="Nayagaon Test PS", district="Vaishali"),
            row(f"2/{IST_YEAR}", station="Danapur Test PS", district="Patna")]  # fmt: skip
    report = ImportRun(clean, write(tmp_path / "new-stations.csv", rows), creating, importer=sp).run()
    assert report.created_stations == ["Nayagaon Test PS"]
    assert dict(report.totals.reasons) == {"outside_jurisdiction": 1}
    [(_, message)] = reject_messages(clean, report.job_id)
    assert "Danapur Test PS" in message and "own district" in message
    with clean.connect() as connection:
        names = set(connection.execute(sa.text("SELECT name_en FROM police_station WHERE name_en LIKE '%Test PS'")))
        assert names == {("Nayagaon Test PS",)}
        connection.execute(sa.text("TRUNCATE fir CASCADE"))
        connection.execute(sa.text("DELETE FROM fir_number_counter"))
        connection.execute(sa.text("DELETE FROM police_station WHERE name_en LIKE '%Test PS'"))
        connection.commit()


def test_who_may_not_import_is_refused_before_anything_is_read(clean: sa.Engine, profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "r.csv", GOOD)
    for role in (Role.ADMIN, Role.INVESTIGATOR, Role.STATION_OFFICER):
        with pytest.raises(ImportFailure, match="only HQ"):
            ImportRun(clean, path, profile, importer=Importer(Jurisdiction(role, 1, 1))).run()
    with clean.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM import_job")).scalar() == 0


def test_a_live_fir_gets_no_parties_or_property_from_an_export(clean: sa.Engine, tmp_path: Path) -> None:
    fir_id, serial = register_live(clean)
    before = fir_state(clean, fir_id)
    export = tmp_path / "export"
    generate_to_files(export, 40, seed=9)
    for name in ("fir_parties.csv", "fir_properties.csv"):  # each file's first row names the live FIR
        header, rows = read_csv(export / name)
        rows[0].update(station_code=HAJIPUR, year=str(IST_YEAR), serial=str(serial))
        write_csv(export / name, header, rows)
    report = ImportRun(clean, export, load_profile("cctns-export")).run()
    assert report.files["fir_parties.csv"].reasons == {"live_fir": 1}, report.as_dict()
    assert report.files["fir_properties.csv"].reasons == {"live_fir": 1}, report.as_dict()
    assert fir_state(clean, fir_id) == before
    with clean.connect() as connection:
        items = connection.execute(sa.text("SELECT count(*) FROM fir_property WHERE fir_id = :id"), {"id": fir_id})
        assert items.scalar() == 2  # the two the registration gave it


def test_a_batch_that_loses_a_deadlock_to_a_live_registration_is_written_again(
    clean: sa.Engine,
    profile,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """A registration holding a person the batch changes waits for the numbering counter the batch holds:
    PostgreSQL ends the deadlock by failing the batch, which is rolled back and written again, counted once."""
    ImportRun(clean, write(tmp_path / "first.csv", [row(f"1/{IST_YEAR}")]), profile).run()
    with clean.connect() as connection:
        person_id = connection.execute(sa.text("SELECT entity_id FROM import_record_key")).scalar_one()
        station_id = connection.execute(sa.select(PoliceStation.id).where(PoliceStation.code == HAJIPUR)).scalar_one()
    changed = row(f"1/{IST_YEAR}")
    changed[7] = "Kamla Devi w/o Jagdish Prasad"  # the complainant's relative: the batch updates the person
    path = write(tmp_path / "changed.csv", [changed])
    done: dict[str, object] = {}
    with clean.connect() as registration:
        registration.execute(sa.text("SET deadlock_timeout = '30s'"))  # the import's check (1 s) finds it first
        registration.execute(
            sa.text("UPDATE person SET identifying_marks = 'mole on the chin' WHERE id = :id"), {"id": person_id}
        )

        def run() -> None:
            try:
                done["report"] = ImportRun(clean, path, profile).run()
            except Exception as error:  # the test says what it was
                done["error"] = error

        importing = threading.Thread(target=run)
        importing.start()
        deadline = time.monotonic() + 30
        with clean.connect() as watcher:
            while not watcher.execute(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar():
                assert time.monotonic() < deadline and not done, f"the import never waited for the person: {done}"
                watcher.rollback()  # pg_stat_activity is read once per transaction
                time.sleep(0.02)
        serial = allocate_fir_serial(Session(bind=registration), station_id, IST_YEAR)
        registration.commit()
        importing.join(60)
    report = done.get("report")
    assert isinstance(report, ImportReport), f"the batch that lost the deadlock was not written again: {done}"
    assert report.status == "done"
    totals = report.totals
    assert (totals.read, totals.accepted, totals.rejected) == (1, 1, 0)
    assert serial == 2  # the registration went on (1/this year is the imported FIR's)
    with clean.connect() as connection:
        relative = connection.execute(
            sa.text("SELECT relative_name FROM person WHERE id = :id"), {"id": person_id}
        ).scalar_one()
    assert relative == "Jagdish Prasad"


def test_a_check_does_not_hold_up_live_registrations(clean: sa.Engine, profile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A check is one transaction rolled back at its end: it must not keep the numbering counters of the stations
    it reads locked all that time."""
    with clean.connect() as connection:
        station_id = connection.execute(sa.select(PoliceStation.id).where(PoliceStation.code == HAJIPUR)).scalar_one()
    allocated: list[int] = []

    def register_meanwhile(_batch: int) -> None:
        with clean.connect() as registration:
            registration.execute(sa.text("SET lock_timeout = '3s'"))
            allocated.append(allocate_fir_serial(Session(bind=registration), station_id, 2012))
            registration.rollback()

    rows = [row(f"{n}/2012", facts_date="02/01/2012") for n in (1, 2)]
    for line in rows:
        line[6] = "379 IPC"
    report = ImportRun(clean, write(tmp_path / "check.csv", rows), profile, after_batch=register_meanwhile).check()
    assert report.totals.accepted == 2 and allocated == [1]  # not kept waiting (the check's rows are not real)


def test_an_uploaded_job_runs_with_its_users_jurisdiction_as_it_is_now(
    clean: sa.Engine, profile, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The worker asks records.access with the account as it is when the job runs: a user moved to a role that
    does not import, or deactivated, since the upload imports nothing; the job says why."""
    from records.models import ImportJob, User
    from workers.imports import run_import_job

    path = write(tmp_path / "uploaded.csv", GOOD)
    with Session(clean) as session:
        user = create_user(session, actor=Actor(), username="sp.moved", full_name="Suman Test", role=Role.DISTRICT_SP,
                           password="long enough password", district_code="VAISHALI")  # fmt: skip
        session.flush()
        jobs = []
        for _ in range(2):
            job = ImportJob(
                status="queued", file_name=path.name, file_checksum="", profile_name=profile.name,
                profile_checksum=profile.checksum, profile_text=profile.text, source=profile.source,
                upload_path=str(path), created_by_user_id=user.id, district_id=user.district_id,
            )  # fmt: skip
            session.add(job)
            session.flush()
            jobs.append(job.id)
        user_id = user.id
        session.execute(
            sa.update(User).where(User.id == user_id).values(role=Role.STATION_OFFICER, station_id=1, district_id=None)
        )
        session.commit()
    assert run_import_job(clean, jobs[0])["status"] == "failed"
    with Session(clean) as session:
        session.execute(sa.update(User).where(User.id == user_id).values(is_active=False))
        session.commit()
    assert run_import_job(clean, jobs[1])["status"] == "failed"
    with clean.connect() as connection:
        errors = connection.execute(sa.text("SELECT error FROM import_job ORDER BY id")).scalars().all()
        assert connection.execute(sa.text("SELECT count(*) FROM fir")).scalar() == 0
    assert "only HQ (any station) and district SPs" in errors[0] and "station officer" in errors[0]
    assert "no longer an active user" in errors[1]


def test_generated_firs_go_after_serials_an_import_brought(clean: sa.Engine) -> None:
    """Imports no longer move the counter, so the synthetic loader starts after the highest serial of each
    station-year, not only after the counter (a collision otherwise)."""
    generate_into_database(clean, 200, seed=6, parallel=False)
    with clean.begin() as connection:
        station_id, year, last = connection.execute(
            sa.text("SELECT station_id, year, last_serial FROM fir_number_counter ORDER BY last_serial DESC LIMIT 1")
        ).one()
        fir_id = connection.execute(
            sa.text(
                "INSERT INTO fir (station_id, year, serial, registered_at, information_type, status, brief_facts) "
                "VALUES (:s, :y, :n, make_timestamptz(:y, 6, 1, 10, 0, 0), 'written', 'registered', 'imported') "
                "RETURNING id"
            ),
            {"s": station_id, "y": year, "n": last + 1},
        ).scalar_one()
        connection.execute(
            sa.text("INSERT INTO fir_legacy_record (fir_id, source) VALUES (:id, 'old-register')"), {"id": fir_id}
        )
    generate_into_database(clean, 200, seed=6, parallel=False)  # the same stations and years again
    with clean.connect() as connection:
        duplicates = connection.execute(
            sa.text("SELECT count(*) FROM (SELECT 1 FROM fir GROUP BY station_id, year, serial HAVING count(*) > 1) d")
        ).scalar()
        counter = connection.execute(
            sa.text("SELECT last_serial FROM fir_number_counter WHERE station_id = :s AND year = :y"),
            {"s": station_id, "y": year},
        ).scalar_one()
        high = connection.execute(
            sa.text("SELECT max(serial) FROM fir WHERE station_id = :s AND year = :y"), {"s": station_id, "y": year}
        ).scalar_one()
    assert duplicates == 0 and counter == high > last + 1
