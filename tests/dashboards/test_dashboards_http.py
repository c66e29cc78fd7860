"""The dashboards behind the cookie login, over real HTTP: who gets in, where others are sent, downloads."""

from __future__ import annotations

import io
from contextlib import closing

import httpx
import pandas as pd
import pytest

from dashboards.data.ncrb import ncrb_table
from dashboards.data.reference import load_reference
from records.access import Jurisdiction
from records.models import Role
from tests.dashboards.conftest import PASSWORD, Served


def _client(served: Served, username: str | None = None) -> httpx.Client:
    client = httpx.Client(base_url=served.url, follow_redirects=False, timeout=30)
    if username:
        response = client.post("/staff/login", data={"username": username, "password": PASSWORD, "next": "/x"})
        assert response.status_code == 303
    return client


def test_anonymous_visitors_are_sent_to_the_login_with_where_they_were_going(served: Served) -> None:
    with closing(_client(served)) as client:
        page = client.get("/dashboards/district?district=VAISHALI")
        assert page.status_code == 303
        assert page.headers["location"] == "/staff/login?next=%2Fdashboards%2Fdistrict%3Fdistrict%3DVAISHALI"
        callback = client.post("/dashboards/_dash-update-component", json={})
        assert callback.status_code == 401
        assert "log in again at /staff/login" in callback.json()["detail"]
        assert client.get("/dashboards/ncrb.csv?year=2024").status_code == 303


def test_login_sets_an_http_only_cookie_and_refuses_bad_passwords(served: Served) -> None:
    with closing(_client(served)) as client:
        wrong = client.post("/staff/login", data={"username": "hq.test", "password": "nope", "next": "/dashboards/"})
        assert wrong.status_code == 401
        assert "username or password is wrong" in wrong.text
        assert "cctns_session" not in wrong.headers.get("set-cookie", "")
        ok = client.post(
            "/staff/login", data={"username": "HQ.Test", "password": PASSWORD, "next": "https://evil.example/"}
        )
        assert ok.status_code == 303
        assert ok.headers["location"] == "/"  # only paths on this site follow a login; "/" lists the pages
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert client.get("/dashboards/").status_code == 200
        client.get("/staff/logout")
        client.cookies.clear()
        assert client.get("/dashboards/").status_code == 303


def test_a_forged_cookie_is_not_a_login(served: Served) -> None:
    with closing(_client(served)) as client:
        client.cookies.set("cctns_session", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged")
        assert client.get("/dashboards/").status_code == 303


@pytest.mark.parametrize("username", ["hq.test", "sp.test"])
def test_ncrb_downloads_are_the_table_in_csv_and_excel_scoped_to_the_login(served: Served, username: str) -> None:
    reference = load_reference(served.engine)
    access = Jurisdiction(Role.HQ)
    if username == "sp.test":
        vaishali = int(reference.districts.loc[reference.districts["code"] == "VAISHALI", "id"].iloc[0])
        access = Jurisdiction(Role.DISTRICT_SP, district_id=vaishali)
    expected = ncrb_table(served.engine, 2024, reference, access)
    with closing(_client(served, username)) as client:
        csv = client.get("/dashboards/ncrb.csv?year=2024")
        assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
        pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(csv.text)), expected, check_dtype=False)
        excel = client.get("/dashboards/ncrb.xlsx?year=2024")
        assert excel.status_code == 200
        pd.testing.assert_frame_equal(pd.read_excel(io.BytesIO(excel.content)), expected, check_dtype=False)
        bad = client.get("/dashboards/ncrb.csv?year=last")
        assert bad.status_code == 422 and "year" in bad.text
    if username == "sp.test":
        assert list(expected["DISTRICT"]) == ["VAISHALI", "TOTAL"]
