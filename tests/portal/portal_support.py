"""Fixtures for the portal tests: the app of ``tests.search_api.fir_api_support`` with the portal's sessions on
the same rolled-back connection, and helpers that fill in forms as a browser would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from portal.citizen.frame import get_portal_session
from records.models import SmsMessage
from tests.complaints.test_complaints import form_values
from tests.search_api.fir_api_support import World, _session_on

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
def portal(world: World, api_connection: Connection) -> Iterator[World]:
    app = world.client.app

    def session_override() -> Iterator[Session]:
        with _session_on(api_connection) as session:
            yield session

    app.dependency_overrides[get_portal_session] = session_override  # type: ignore[attr-defined]
    yield world


def csrf_token(world: World, path: str = "/portal/complaints/new") -> str:
    page = world.client.get(path)
    assert page.status_code == 200, page.text
    match = CSRF.search(page.text)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def latest_code(session: Session, mobile: str) -> str:
    body = session.scalars(
        sa.select(SmsMessage.body)
        .where(SmsMessage.to_number == mobile, SmsMessage.kind == "otp")
        .order_by(SmsMessage.id.desc())
        .limit(1)
    ).one()
    return re.search(r"\b(\d{6})\b", body).group(1)  # type: ignore[union-attr]


def submit(world: World, values: dict[str, str] | None = None, files: Any = None, token: str | None = None) -> Any:
    data = dict(values or form_values())
    data["csrf_token"] = token if token is not None else csrf_token(world)
    return world.client.post("/portal/complaints", data=data, files=files, follow_redirects=False)


def file_and_confirm(world: World, values: dict[str, str] | None = None) -> tuple[str, str]:
    """File a complaint through the pages and confirm it with the code from the SMS table; (tracking, mobile)."""
    values = values or form_values()
    response = submit(world, values)
    assert response.status_code == 303, response.text
    tracking = response.headers["location"].split("/")[-2]
    mobile = values["mobile"].replace("+91", "").replace(" ", "")
    token = csrf_token(world, f"/portal/complaints/{tracking}/confirm")
    done = world.client.post(
        f"/portal/complaints/{tracking}/confirm",
        data={"csrf_token": token, "code": latest_code(world.session, mobile)},
    )
    assert done.status_code == 200 and tracking in done.text, done.text
    return tracking, mobile
