"""The dashboards obey the one jurisdiction rule (``records.access``), over real HTTP with the cookie login, both
as the page renders (Dash Pages' routing callback) and in a callback POST written by hand: a URL or a callback
body cannot reach another district's or station's FIRs, import jobs are shown only to those who may follow them,
and administrators see no case data (issue 17)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import closing

import httpx
import pytest
import sqlalchemy as sa

from tests.dashboards.conftest import (
    ADMIN,
    STATION_OFFICER,
    Served,
    busiest_station,
    post_page_callback,
    staff_client,
    stations_of_firs,
)

ADMIN_REFUSAL = "Administrators manage users and reference data"
JOB_PREFIX = "jurisdiction-test-"


def _client(served: Served, username: str) -> httpx.Client:
    return staff_client(served, username)


def _page_callback(client: httpx.Client, pathname: str, search: str) -> str:
    response = post_page_callback(client, pathname, search)
    assert response.status_code == 200, response.text[:500]
    return json.dumps(response.json(), ensure_ascii=False)  # Dash escapes "/" in its answer


def _listed_firs(engine: sa.Engine, rendered: str) -> set[str]:
    """The station codes of the FIRs a station page lists (each FIR links to its case page)."""
    return stations_of_firs(engine, re.findall(r"/station/firs/(\d+)", rendered))


def test_a_district_sp_cannot_list_another_districts_station_by_url_or_callback(served: Served) -> None:
    patna = busiest_station(served.engine, "PATNA")
    with closing(_client(served, "hq.test")) as hq:
        assert _listed_firs(
            served.engine, _page_callback(hq, "/dashboards/station", f"?from=2008-01&station={patna}")
        ) == {patna}
    with closing(_client(served, "sp.test")) as sp:
        for search in (
            f"?from=2008-01&station={patna}",
            f"?from=2008-01&district=VAISHALI&station={patna}",  # the district is the SP's own, the station not
            f"?from=2008-01&district=PATNA&station={patna}",
        ):
            rendered = _page_callback(sp, "/dashboards/station", search)
            assert patna not in _listed_firs(served.engine, rendered), search
            assert "own jurisdiction" in rendered, search
        own = busiest_station(served.engine, "VAISHALI")
        assert _listed_firs(
            served.engine, _page_callback(sp, "/dashboards/station", f"?from=2008-01&station={own}")
        ) == {own}


def test_a_station_officer_sees_only_their_own_station(served: Served) -> None:
    own, neighbour = busiest_station(served.engine, "VAISHALI"), busiest_station(served.engine, "VAISHALI", rank=1)
    with closing(_client(served, STATION_OFFICER)) as officer:
        rendered = _page_callback(officer, "/dashboards/station", f"?from=2008-01&station={neighbour}")
        assert _listed_firs(served.engine, rendered) == {own}
        assert "own jurisdiction" in rendered
        assert _listed_firs(served.engine, _page_callback(officer, "/dashboards/station", "?from=2008-01")) == {own}


@pytest.fixture
def import_jobs(served: Served) -> Iterator[dict[str, str]]:
    """Three import jobs: a Vaishali SP's, a Patna SP's and HQ's (no district)."""
    names = {"vaishali": JOB_PREFIX + "vaishali.csv", "patna": JOB_PREFIX + "patna.csv", "hq": JOB_PREFIX + "hq.csv"}
    with served.engine.begin() as connection:
        for key, district in (("vaishali", "VAISHALI"), ("patna", "PATNA"), ("hq", None)):
            connection.execute(
                sa.text(
                    "INSERT INTO import_job (status, file_name, file_checksum, profile_name, profile_checksum, "
                    "profile_text, source, district_id) VALUES ('done', :name, 'x', 'p', 'x', '', 'test', "
                    "(SELECT id FROM police_district WHERE code = :district))"
                ),
                {"name": names[key], "district": district},
            )
    yield names
    with served.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM import_job WHERE file_name LIKE :p"), {"p": JOB_PREFIX + "%"})


@pytest.mark.parametrize(
    ("username", "seen"),
    [("hq.test", {"vaishali", "patna", "hq"}), ("sp.test", {"vaishali"}), (STATION_OFFICER, set()), (ADMIN, set())],
)
def test_operations_lists_import_jobs_only_to_hq_and_the_sps_own_district(
    served: Served, import_jobs: dict[str, str], username: str, seen: set[str]
) -> None:
    with closing(_client(served, username)) as client:
        rendered = _page_callback(client, "/dashboards/operations", "")
    assert {key for key, name in import_jobs.items() if name in rendered} == seen
    # The system's health is still shown to everyone: both lags and the SMS card.
    assert "Search index lag" in rendered and "Dashboard figures waiting to be updated" in rendered
    assert '"SMS"' in rendered and "station-days waiting" in rendered


CASE_PAGES = ["/dashboards/", "/dashboards/district", "/dashboards/station", "/dashboards/pendency",
              "/dashboards/women-sc-st", "/dashboards/ncrb", "/dashboards/associates"]  # fmt: skip


def _co_accused(engine: sa.Engine) -> tuple[int, list[str]]:
    """A person named as accused with others in one FIR, and the names the associates page would show."""
    with engine.connect() as connection:
        fir, person = connection.execute(
            sa.text(
                "SELECT fir_id, min(person_id) FROM fir_party WHERE role = 'accused' AND person_id IS NOT NULL "
                "GROUP BY fir_id HAVING count(DISTINCT person_id) >= 2 ORDER BY fir_id LIMIT 1"
            )
        ).one()
        names = connection.execute(
            sa.text("SELECT name_as_given FROM fir_party WHERE fir_id = :f AND role = 'accused'"), {"f": fir}
        ).scalars()
        return person, [name for name in names if name]


def test_an_administrator_is_refused_case_pages_and_the_associates_names(served: Served) -> None:
    person, names = _co_accused(served.engine)
    with closing(_client(served, "hq.test")) as hq:
        shown = _page_callback(hq, "/dashboards/associates", f"?person={person}&depth=1")
        assert all(name in shown for name in names)  # the names are there for a reader of the state
    with closing(_client(served, ADMIN)) as admin:
        rendered = _page_callback(admin, "/dashboards/associates", f"?person={person}&depth=1")
        assert not [name for name in names if name in rendered]
        assert ADMIN_REFUSAL in rendered and "assoc-graph" not in rendered
        for path in CASE_PAGES:
            page = _page_callback(admin, path, "?from=2008-01&district=VAISHALI")
            assert ADMIN_REFUSAL in page, path
            assert '"figure"' not in page and "t-ncrb" not in page, path
        download = admin.get("/dashboards/ncrb.csv?year=2024")
        assert download.status_code == 403 and ADMIN_REFUSAL.lower() in download.text
        operations = _page_callback(admin, "/dashboards/operations", "")
        assert ADMIN_REFUSAL.lower() not in operations.lower() and "station-days" in operations


def _associates_of(engine: sa.Engine, district: str) -> tuple[int, list[str]]:
    """An accused named with another accused in one FIR of ``district`` and nowhere else, and their names."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT p.fir_id, min(p.person_id) AS person FROM fir_party p JOIN fir f ON f.id = p.fir_id "
                "JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id "
                "WHERE d.code = :d AND p.role = 'accused' AND p.person_id IS NOT NULL GROUP BY p.fir_id "
                "HAVING count(DISTINCT p.person_id) >= 2 ORDER BY p.fir_id LIMIT 1"
            ),
            {"d": district},
        ).one()
        names = connection.execute(
            sa.text("SELECT name_as_given FROM fir_party WHERE fir_id = :f AND role = 'accused'"), {"f": row.fir_id}
        ).scalars()
        return row.person, [name for name in names if name]


def test_a_district_sp_is_refused_the_network_of_a_person_of_another_district(served: Served) -> None:
    person, names = _associates_of(served.engine, "PATNA")
    with closing(_client(served, "sp.test")) as sp:
        rendered = _page_callback(sp, "/dashboards/associates", f"?person={person}&depth=2")
    assert "assoc-graph" not in rendered
    assert not [name for name in names if name in rendered]
    assert "reads only people named in FIRs of their own district" in rendered
