"""POST /api/v1/imports runs an import as a background job (a thread without a broker, a real Celery worker
with one); GET shows its progress and counts; the rejects download as CSV. Who may import is checked."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from cctns.asgi import create_app
from records.audit import Actor
from records.database import Database
from records.models import Role
from records.settings import get_settings
from records.users import create_user
from search_api.auth import create_access_token
from tests.ingest.legacy.conftest import scratch_database  # noqa: F401 - the fixture
from tests.ingest.legacy.test_import import BAD, GOOD, write
from tests.search_api.fir_api_support import fir_body
from tests.workers.test_relay_worker import BROKER_URL, _broker_answers, _delete_queue
from workers.background import BrokerWork, InProcessWork

ROLES = {
    "admin": (Role.ADMIN, None, None),
    "hq": (Role.HQ, None, None),
    "sp_vaishali": (Role.DISTRICT_SP, None, "VAISHALI"),
    "sp_patna": (Role.DISTRICT_SP, None, "PATNA"),
    "officer": (Role.STATION_OFFICER, "VAISHALI-HAJIPUR-SADAR", None),
    "investigator": (Role.INVESTIGATOR, None, None),
}


@pytest.fixture
def api(
    scratch_database: Callable[[str], sa.Engine],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Any]:
    """The app on a committed database (the job runs on other connections), users of every role."""
    monkeypatch.setenv("CCTNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CCTNS_BROKER_URL", raising=False)
    engine = scratch_database("imports_api")
    app = create_app(Database(engine), background=InProcessWork(engine))
    headers: dict[str, dict[str, str]] = {}
    with Session(engine) as session:
        for name, (role, station, district) in ROLES.items():
            user = create_user(
                session,
                actor=Actor(),
                username=f"u.{name}".replace("_", "-"),
                full_name=name,
                role=role,
                password="long enough password",
                station_code=station,
                district_code=district,
            )
            session.flush()
            token, _ = create_access_token(get_settings(), user)
            headers[name] = {"Authorization": f"Bearer {token}"}
        session.commit()
    with TestClient(app) as client:
        yield client, headers, engine


def wait_for(client: TestClient, job_id: int, headers: dict[str, str], timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/imports/{job_id}", headers=headers).json()
        if body["status"] in {"done", "failed"}:
            return body
        time.sleep(0.1)
    pytest.fail(f"import job {job_id} did not finish in {timeout} s: {body}")


def upload(client: TestClient, headers: dict[str, str], path: Path, **form: str) -> Any:
    with path.open("rb") as handle:
        return client.post(
            "/api/v1/imports", headers=headers, files={"file": (path.name, handle, "text/csv")},
            data=form or {"profile": "example-district-register"},
        )  # fmt: skip


def test_upload_runs_in_the_background_with_progress_counts_and_rejects(api: Any, tmp_path: Path) -> None:
    client, headers, engine = api
    path = write(tmp_path / "register.csv", [*GOOD, *(row for row, _ in BAD)])
    response = upload(client, headers["sp_vaishali"], path)
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in {"queued", "running", "done"}
    done = wait_for(client, job["id"], headers["sp_vaishali"])
    assert done["status"] == "done", done
    totals = done["totals"]
    assert totals["read"] == len(GOOD) + len(BAD) == totals["accepted"] + totals["rejected"]
    assert totals["rejected"] == len(BAD) and done["reasons"]["unknown_station"] == 1
    rejects = client.get(done["rejects_url"], headers=headers["sp_vaishali"])
    assert rejects.status_code == 200 and rejects.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(rejects.text.lstrip("\ufeff"))))
    assert len(rows) == len(BAD) and all(row["source_row"] and row["reasons"] for row in rows)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM fir")).scalar() == len(GOOD)
    # another district's SP may not see it; HQ may
    assert client.get(f"/api/v1/imports/{job['id']}", headers=headers["sp_patna"]).status_code == 403
    assert client.get(f"/api/v1/imports/{job['id']}", headers=headers["hq"]).status_code == 200


def test_a_district_sp_imports_only_their_district(api: Any, tmp_path: Path) -> None:
    client, headers, _ = api
    done = wait_for(client, upload(client, headers["sp_patna"], write(tmp_path / "r.csv", GOOD)).json()["id"],
                    headers["sp_patna"])  # fmt: skip
    assert done["totals"]["accepted"] == 0 and done["reasons"] == {"outside_jurisdiction": len(GOOD)}
    rejects = client.get(done["rejects_url"], headers=headers["sp_patna"]).text
    assert "outside_jurisdiction" in rejects and "not station VAISHALI-HAJIPUR-SADAR" in rejects


def test_who_may_import_and_what_a_bad_upload_gets(api: Any, tmp_path: Path) -> None:
    client, headers, engine = api
    path = write(tmp_path / "register.csv", GOOD)
    for who in ("admin", "officer", "investigator"):  # issue 17: an administrator does not import either
        response = upload(client, headers[who], path)
        assert response.status_code == 403, (who, response.text)
        message = response.json()["message"]
        assert "only HQ (any station) and district SPs (their district's stations) import" in message
    assert upload(client, {}, path).status_code == 401
    wrong = upload(client, headers["hq"], path, profile="no-such-profile")
    assert wrong.status_code == 422 and "no-such-profile" in wrong.text
    both = upload(client, headers["hq"], path, profile="x", profile_text="y")
    assert both.status_code == 422 and "exactly one" in both.text
    misfit = upload(
        client, headers["hq"], path, profile_text="name: t\nfir: {station: Thana, number: No, registered_at: D}"
    )
    assert misfit.status_code == 422
    assert "column 'Thana' is not in register.csv" in misfit.text
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG")
    assert upload(client, headers["hq"], binary).status_code == 422
    assert client.get("/api/v1/imports/999999", headers=headers["hq"]).status_code == 404
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM import_job")).scalar() == 0


@pytest.mark.slow
@pytest.mark.skipif(not _broker_answers(BROKER_URL), reason=f"no message broker answers at {BROKER_URL}")
def test_with_a_broker_a_celery_worker_runs_the_import(
    api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, headers, engine = api
    queue = f"cctns-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path / "data"),
        "CCTNS_BROKER_URL": BROKER_URL,
        "CCTNS_WORKER_QUEUE": queue,
    }
    monkeypatch.setenv("CCTNS_BROKER_URL", BROKER_URL)
    monkeypatch.setenv("CCTNS_WORKER_QUEUE", queue)
    log = tmp_path / "worker.log"
    with log.open("ab") as output:
        worker = subprocess.Popen([sys.executable, "-m", "cctns.cli", "worker"], env=env, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        with TestClient(create_app(Database(engine), background=BrokerWork(get_settings()))) as client:
            response = upload(client, headers["hq"], write(tmp_path / "register.csv", GOOD))
            assert response.status_code == 202
            done = wait_for(client, response.json()["id"], headers["hq"], timeout=120)
        assert done["status"] == "done", log.read_text()[-3000:]
        assert done["totals"]["accepted"] == len(GOOD)
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM fir")).scalar() == len(GOOD)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        _delete_queue(queue)


def test_a_server_restarted_without_a_broker_resumes_uploaded_jobs(api: Any, tmp_path: Path) -> None:
    from ingest.legacy.profile import load_profile
    from records.models import ImportJob

    client, headers, engine = api
    profile = load_profile("example-district-register")
    path = write(tmp_path / "left.csv", GOOD)
    with Session(engine) as session:
        job = ImportJob(status="running", file_name=path.name, file_checksum="", profile_name=profile.name,
                        profile_checksum=profile.checksum, profile_text=profile.text, source=profile.source,
                        upload_path=str(path))  # fmt: skip
        session.add(job)
        session.commit()
        job_id = job.id
    said: list[str] = []
    with TestClient(create_app(Database(engine), background=InProcessWork(engine, announce=said.append))):
        assert said == [f"resuming unfinished imports: jobs {job_id}"]  # the restarted app's lifespan handed it on
    done = wait_for(client, job_id, headers["hq"])
    assert done["status"] == "done" and done["totals"]["accepted"] == len(GOOD)
    # an administrator, an investigator and a station officer do not see import jobs
    for who in ("admin", "investigator", "officer"):
        assert client.get(f"/api/v1/imports/{job_id}", headers=headers[who]).status_code == 403


def test_the_created_job_names_the_columns_the_profile_does_not_read(api: Any, tmp_path: Path) -> None:
    client, headers, _engine = api
    lines = write(tmp_path / "plain.csv", GOOD).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "remarks.csv"
    path.write_text(
        "\n".join([lines[0] + ";Remarks", *(line + ";seen" for line in lines[1:])]) + "\n", encoding="utf-8"
    )
    response = upload(client, headers["sp_vaishali"], path)
    assert response.status_code == 202, response.text
    assert response.json()["not_read"] == ["remarks.csv: columns Remarks"]
    assert wait_for(client, response.json()["id"], headers["sp_vaishali"])["status"] == "done"


def _register_live(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.post("/api/v1/firs", json=fir_body(), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_an_import_does_not_touch_a_live_fir_and_audits_what_it_writes(api: Any, tmp_path: Path) -> None:
    """Issue 17: HQ's export row with the station, year and serial of an FIR registered through the API replaced
    its facts and registration time (version 1 -> 2) and wrote nothing to the audit log."""
    client, headers, engine = api
    live = _register_live(client, headers["officer"])
    year, serial = live["year"], live["serial"]
    before = client.get(f"/api/v1/firs/{live['id']}", headers=headers["officer"]).json()
    assert before["version"] == 1
    rows = [
        ["Hajipur Sadar PS", "Vaishali", f"{serial}/{year}", f"02/01/{year}", "10:00", "", "303(2) BNS",
         "Kamla Devi w/o Jagdish Ram", "", "Charge sheeted", "SI Test Officer"],
        ["Hajipur Sadar PS", "Vaishali", f"90000/{year}", f"02/01/{year}", "10:00", "", "303(2) BNS",
         "Kamla Devi w/o Jagdish Ram", "", "Pending", ""],
    ]  # fmt: skip
    response = upload(client, headers["hq"], write(tmp_path / "over-live.csv", rows))
    assert response.status_code == 202, response.text
    done = wait_for(client, response.json()["id"], headers["hq"])
    assert done["status"] == "done", done
    totals = done["totals"]
    assert (totals["read"], totals["accepted"], totals["rejected"]) == (2, 1, 1)
    assert done["reasons"] == {"live_fir": 1}
    after = client.get(f"/api/v1/firs/{live['id']}", headers=headers["officer"]).json()
    assert after == before  # facts, registration time, version 1: untouched
    rejects = client.get(done["rejects_url"], headers=headers["hq"]).text
    assert "live_fir" in rejects and f"FIR {serial}/{year}" in rejects and f"id {live['id']}" in rejects
    # the imported 90000 does not move live numbering: the next live FIR takes the next number
    assert _register_live(client, headers["officer"])["serial"] == serial + 1
    with engine.connect() as connection:
        hq = connection.execute(sa.text("SELECT id FROM app_user WHERE username = 'u.hq'")).scalar_one()
        imported = connection.execute(
            sa.text("SELECT id FROM fir WHERE serial = 90000 AND year = :year"), {"year": year}
        ).scalar_one()
        written = connection.execute(
            sa.text(
                "SELECT user_id, action, entity_id, detail FROM audit_log WHERE entity_type = 'fir' "
                "AND detail ? 'import_job_id'"
            )
        ).all()
        job_created = connection.execute(
            sa.text("SELECT user_id FROM audit_log WHERE entity_type = 'import_job' AND entity_id = :id"),
            {"id": str(done["id"])},
        ).all()
    assert [(r.user_id, r.action, r.entity_id, r.detail["import_job_id"]) for r in written] == [
        (hq, "create", str(imported), done["id"])
    ]
    assert job_created == [(hq,)]
