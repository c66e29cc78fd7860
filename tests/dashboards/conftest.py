"""A committed database of generated FIRs with rollups and the NCRB reference series, and the one ASGI app
serving it on a real port (uvicorn in a thread) for the HTTP and browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from records.audit import Actor
from records.database import Database
from records.models import Role
from records.ncrb import load_ncrb_reference
from records.rollups import drain_rollups
from records.users import create_user
from sample_data import generate_into_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port, scratch_name, server_url_of

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
NCRB_FOLDER = SHARED_DATA / "ncrb_district_ipc"
GEO_FILE = SHARED_DATA / "geo_bihar" / "bihar_districts.geojson"
PASSWORD = "test-password-123"
FIRS = 1500
STATION_OFFICER = "so.test"  # of Vaishali's busiest station
ADMIN = "admin.test"


@dataclass
class Served:
    url: str
    engine: sa.Engine


def station_names(engine: sa.Engine, district: str) -> set[str]:
    """The English names of the stations of ``district``."""
    with engine.connect() as connection:
        return set(
            connection.execute(
                sa.text(
                    "SELECT s.name_en FROM police_station s JOIN police_district d ON d.id = s.district_id "
                    "WHERE d.code = :d"
                ),
                {"d": district},
            ).scalars()
        )


def busiest_station(engine: sa.Engine, district: str, rank: int = 0) -> str:
    """The code of the station of ``district`` with the most FIRs (``rank`` 1: the next one)."""
    with engine.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT s.code FROM fir f JOIN police_station s ON s.id = f.station_id JOIN police_district d "
                "ON d.id = s.district_id WHERE d.code = :d GROUP BY s.code ORDER BY count(*) DESC, s.code "
                "OFFSET :rank LIMIT 1"
            ),
            {"d": district, "rank": rank},
        ).scalar_one()


def stations_of_firs(engine: sa.Engine, fir_ids: Iterable[int | str]) -> set[str]:
    """The codes of the stations of these FIRs (a station page's FIR links name the FIR, not its station)."""
    ids = sorted({int(fir_id) for fir_id in fir_ids})
    if not ids:
        return set()
    with engine.connect() as connection:
        return set(
            connection.execute(
                sa.text(
                    "SELECT DISTINCT s.code FROM fir f JOIN police_station s ON s.id = f.station_id "
                    "WHERE f.id = ANY(:ids)"
                ),
                {"ids": ids},
            ).scalars()
        )


@pytest.fixture(scope="session")
def dashboard_database(database_url: str) -> Iterator[sa.Engine]:
    server = server_url_of(database_url)
    name = scratch_name(database_url, "dashboards")
    engine = fresh_database(server, name)
    generate_into_database(engine, firs=FIRS, seed=5, parallel=False)
    drain_rollups(engine)  # the generator's COPYs fired the triggers: the incremental path fills the rollups
    with Session(engine) as session, session.begin():
        if NCRB_FOLDER.is_dir():
            load_ncrb_reference(session, NCRB_FOLDER)
        create_user(session, actor=Actor(), username="hq.test", full_name="HQ", role=Role.HQ, password=PASSWORD)
        create_user(session, actor=Actor(), username="sp.test", full_name="SP", role=Role.DISTRICT_SP,
                    password=PASSWORD, district_code="VAISHALI")  # fmt: skip
        create_user(session, actor=Actor(), username=STATION_OFFICER, full_name="Station officer",
                    role=Role.STATION_OFFICER, password=PASSWORD,
                    station_code=busiest_station(engine, "VAISHALI"))  # fmt: skip
        create_user(session, actor=Actor(), username=ADMIN, full_name="Administrator", role=Role.ADMIN,
                    password=PASSWORD)  # fmt: skip
    yield engine
    engine.dispose()
    drop_database(server, name)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the browser tests (``needs_chromium`` skips them without it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def served(dashboard_database: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    import os

    import uvicorn

    from cctns.asgi import create_app

    os.environ.setdefault("CCTNS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    if GEO_FILE.is_file():
        os.environ["CCTNS_GEO_BOUNDARIES_PATH"] = str(GEO_FILE)
    database = Database(engine=dashboard_database)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(database), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the app did not start within 30 s"
    yield Served(f"http://127.0.0.1:{port}", dashboard_database)
    server.should_exit = True
    thread.join(10)


def staff_client(served: Served, username: str | None) -> httpx.Client:
    """An HTTP client logged in at the staff login as ``username`` (None: not logged in)."""
    client = httpx.Client(base_url=served.url, follow_redirects=False, timeout=60)
    if username:
        response = client.post("/staff/login", data={"username": username, "password": PASSWORD, "next": "/x"})
        assert response.status_code == 303, response.text
        assert client.get("/dashboards/").status_code == 200  # the first page request sets up Dash Pages' routing
    return client


def post_page_callback(client: httpx.Client, pathname: str, search: str) -> httpx.Response:
    """What the browser asks when it opens ``pathname + search``: Dash Pages' routing callback, posted by hand
    (any logged-in officer can write this body, with any query they like)."""
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }
    return client.post("/dashboards/_dash-update-component", json=body)
