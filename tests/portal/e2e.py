"""What the staff browser tests share: a scratch database with three staff users, the app served by uvicorn in
a thread (with the in-process person matcher where links matter), and FIRs registered through the API as a
station officer would."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from records.audit import Actor
from records.models import Role
from records.users import create_user
from tests.search_api.fir_api_support import fir_body
from tests.support import free_port, scratch_name, server_url_of

PASSWORD = "e2e-password-123"
STAFF = (
    ("sho.sadar", Role.STATION_OFFICER, "VAISHALI-HAJIPUR-SADAR"),
    ("sho.town", Role.STATION_OFFICER, "VAISHALI-HAJIPUR-TOWN"),
    ("cid", Role.INVESTIGATOR, None),
)


@contextmanager
def staff_database(database_url: str, label: str) -> Iterator[sa.Engine]:
    """A fresh, migrated database with reference data and the users of :data:`STAFF`; dropped after."""
    name = scratch_name(database_url, label)
    engine = fresh_database(server_url_of(database_url), name)
    with Session(engine) as session, session.begin():
        for username, role, station in STAFF:
            create_user(session, actor=Actor(), username=username, full_name=username, role=role, password=PASSWORD,
                        station_code=station)  # fmt: skip
    try:
        yield engine
    finally:
        engine.dispose()
        drop_database(server_url_of(database_url), name)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app served on a free local port while the block runs; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Running:
    url: str
    engine: sa.Engine


@contextmanager
def serving_with_matcher(database_url: str, label: str) -> Iterator[Running]:
    """The whole app on a fresh staff database, with the in-process person matcher running beside it."""
    from cctns.asgi import create_app
    from people.linkage.linker import Thresholds
    from records.database import Database
    from records.settings import get_settings
    from workers.background import InProcessWork
    from workers.matching import InProcessMatcher

    with staff_database(database_url, label) as engine:
        matcher = InProcessMatcher(engine, Thresholds(14.5, 9.5), interval=0.2)
        app = create_app(Database(engine), background=InProcessWork(engine, [matcher]))  # its lifespan runs it
        app.state.settings = get_settings()
        with serving(app) as url:
            yield Running(url, engine)


def wait_for_matching(engine: sa.Engine, timeout: float = 30) -> None:
    """Until the in-process matcher has emptied the person-matching queue."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if not connection.scalar(sa.text("SELECT count(*) FROM person_match_queue")):
                return
        time.sleep(0.1)
    pytest.fail("the in-process matcher did not empty the queue")


def register_fir(url: str, username: str, accused: list[dict[str, Any]]) -> dict[str, Any]:
    """Register an FIR naming ``accused`` through the API as ``username``; the created FIR."""
    token = httpx.post(f"{url}/api/v1/auth/token", data={"username": username, "password": PASSWORD}).json()
    response = httpx.post(
        f"{url}/api/v1/firs",
        json=fir_body(accused=accused),
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()


def log_in(page: Any, url: str, username: str, language: str = "en", password: str = PASSWORD) -> None:
    """Open a staff page (``url``) in the browser: it sends to the one staff login, where ``username`` logs in
    and comes back to the page. The staff frame is in ``language`` (the language cookie, as its switch sets it)."""
    page.context.add_cookies([{"name": "cctns_lang", "value": language, "url": url}])
    page.goto(url)
    assert "/staff/login" in page.url, "a staff page without a session sends to the login"
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form[action='/staff/login'] button[type=submit]")
    page.wait_for_url(lambda address: "/staff/login" not in address)


def english_left(page: Any, words: tuple[str, ...], data: str = ".facts, .reasons, .message") -> list[str]:
    """The English UI words still shown on the page (whole words in any case, as styles may capitalise them, in its
    visible text and placeholders), leaving out the elements that show data as typed (``data``: a selector)."""
    shown = (
        page.locator("body").inner_text()
        + " "
        + " ".join(page.locator("[placeholder]").evaluate_all("(all) => all.map((e) => e.placeholder)"))
    )
    for typed in page.locator(data).all_inner_texts():
        shown = shown.replace(typed, " ")
    return [word for word in words if re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", shown, re.IGNORECASE)]
