"""The associates page's data (people.associates narrowed to the stations the officer may read): the co-accused
network agrees with the API's (narrowed to the records the caller may read), grows with depth, and is narrowed to
the officer's district."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dashboards.app import create_dash_app
from dashboards.components.context import PRINCIPAL_KEY
from dashboards.pages import associates as associates_page
from people.associates import Network, associates
from records.access import Jurisdiction
from records.models import Role

STATE = Jurisdiction(Role.HQ)
PAIRS_SQL = """
    SELECT p.fir_id, min(p.person_id), max(p.person_id), s.district_id
    FROM fir_party p JOIN fir f ON f.id = p.fir_id JOIN police_station s ON s.id = f.station_id
    WHERE p.role IN ('accused', 'suspect') AND p.person_id IS NOT NULL
    GROUP BY p.fir_id, s.district_id HAVING count(*) = 2 AND count(DISTINCT p.person_id) = 2
    ORDER BY s.district_id, p.fir_id
"""


@dataclass
class Chain:
    """FIR 1 names a1 and a2, FIR 2 b1 and b2, FIR 3 c1 and c2; a2 = b1 and b2 = c1 are linked as one man.
    FIRs 1 and 2 are in one district, FIR 3 in another."""

    connection: sa.Connection
    firs: list[int]
    a1: int
    a2: int
    b1: int
    b2: int
    c1: int
    c2: int
    district: int


def associates_network(
    connection: sa.Connection, person_id: int, depth: int, access: Jurisdiction, max_nodes: int = 150
) -> Network:
    """The network as the associates page reads it for an officer of ``access``."""
    with Session(bind=connection) as session:
        return associates(session, person_id, depth, max_nodes, stations=access.stations)


@pytest.fixture
def chain(dashboard_database: sa.Engine) -> Iterator[Chain]:
    with dashboard_database.connect() as connection:
        transaction = connection.begin()
        pairs = connection.execute(sa.text(PAIRS_SQL)).all()
        first, second = pairs[0], pairs[1]
        assert first.district_id == second.district_id, "the generated data has a district with two such FIRs"
        third = next(row for row in pairs if row.district_id != first.district_id)
        (f1, a1, a2, d), (f2, b1, b2, _), (f3, c1, c2, _) = first, second, third
        for x, y in ((a2, b1), (b2, c1)):
            connection.execute(
                sa.text(
                    "INSERT INTO person_link (person_a_id, person_b_id, status, score, reasons) "
                    "VALUES (:a, :b, 'confirmed', 1.0, '[]')"
                ),
                {"a": min(x, y), "b": max(x, y)},
            )
        yield Chain(connection, [f1, f2, f3], a1, a2, b1, b2, c1, c2, d)
        transaction.rollback()


def test_nodes_edges_and_labels_by_depth_agree_with_the_api(chain: Chain) -> None:
    one = min(chain.a2, chain.b1)
    two = min(chain.b2, chain.c1)
    expected_nodes = {1: {chain.a1, one}, 2: {chain.a1, one, two}, 3: {chain.a1, one, two, chain.c2}}
    for depth, nodes in expected_nodes.items():
        mine = associates_network(chain.connection, chain.a1, depth, STATE)
        assert mine.root == chain.a1
        assert set(mine.nodes) == nodes
        assert all(info.name for info in mine.nodes.values())
        with Session(bind=chain.connection) as session:
            theirs = associates(session, chain.a1, depth, visible=lambda ids: ids)
        assert set(theirs.nodes) == nodes
        assert {key: edge.firs for key, edge in mine.edges.items()} == {
            key: edge.firs for key, edge in theirs.edges.items()
        }
    full = associates_network(chain.connection, chain.a1, 3, STATE)
    assert set(full.edges) == {(min(chain.a1, one), max(chain.a1, one)), (min(one, two), max(one, two)),
                               (min(two, chain.c2), max(two, chain.c2))}  # fmt: skip
    label = full.edges[(min(chain.a1, one), max(chain.a1, one))].firs
    assert list(label) == [chain.firs[0]]
    assert re.fullmatch(r".+ PS \d+/\d{4}", label[chain.firs[0]])
    # Any record of a linked man finds the same network.
    assert set(associates_network(chain.connection, max(chain.a2, chain.b1), 3, STATE).nodes) == set(full.nodes)


def test_a_district_sp_sees_only_firs_of_the_district(chain: Chain) -> None:
    sp = Jurisdiction(Role.DISTRICT_SP, district_id=chain.district)
    local = associates_network(chain.connection, chain.a1, 3, sp)
    assert chain.c2 not in local.nodes and len(local.nodes) == 3
    assert all(chain.firs[2] not in edge.firs for edge in local.edges.values())
    other = chain.connection.execute(
        sa.text("SELECT id FROM police_district WHERE id <> :d ORDER BY id LIMIT 1"), {"d": chain.district}
    ).scalar_one()
    outside = associates_network(chain.connection, chain.a1, 3, Jurisdiction(Role.DISTRICT_SP, district_id=other))
    assert not outside.named and not outside.edges and set(outside.nodes) == {outside.root}


def test_the_network_is_cut_and_says_so(chain: Chain) -> None:
    cut = associates_network(chain.connection, chain.a1, 3, STATE, max_nodes=2)
    assert cut.truncated and len(cut.nodes) == 2
    assert not associates_network(chain.connection, chain.a1, 3, STATE).truncated


def test_the_page_renders_a_graph_and_an_empty_state(dashboard_database: sa.Engine) -> None:
    person = dashboard_database.connect().execute(sa.text(PAIRS_SQL)).first()[1]
    app = create_dash_app(dashboard_database, None)
    principal = {"role": "hq", "username": "hq.test", "district_id": None, "station_id": None}
    with app.server.test_request_context("/dashboards/", environ_overrides={PRINCIPAL_KEY: principal}):
        empty = str(associates_page.layout(lang="hi").to_plotly_json())
        drawn = str(associates_page.layout(person=str(person), depth="2").to_plotly_json())
        bad = str(associates_page.layout(person="abc").to_plotly_json())
    assert "/staff/persons/ID" in empty and "Traceback" not in empty
    assert "assoc-graph" in drawn and "customdata" in drawn
    assert "/staff/persons/ID" in bad


def test_a_station_officer_sees_only_firs_of_the_station_and_is_refused_people_of_others(chain: Chain) -> None:
    station, other = chain.connection.execute(
        sa.text(
            "SELECT f.station_id, (SELECT id FROM police_station WHERE id <> f.station_id ORDER BY id LIMIT 1) "
            "FROM fir f WHERE f.id = :f"
        ),
        {"f": chain.firs[0]},
    ).one()
    officer = Jurisdiction(Role.STATION_OFFICER, station_id=station)
    local = associates_network(chain.connection, chain.a1, 3, officer)
    station_firs = set(
        chain.connection.execute(sa.text("SELECT id FROM fir WHERE station_id = :s"), {"s": station}).scalars()
    )
    assert local.named and chain.firs[2] not in station_firs
    assert all(set(edge.firs) <= station_firs for edge in local.edges.values())
    assert chain.c2 not in local.nodes
    with Session(bind=chain.connection) as session:
        assert Jurisdiction(Role.STATION_OFFICER, station_id=other).person_refusal(session, chain.a1) is not None


def test_the_page_refuses_a_person_the_officer_may_not_read(dashboard_database: sa.Engine) -> None:
    with dashboard_database.connect() as connection:
        row = connection.execute(sa.text(PAIRS_SQL)).first()
        other = connection.execute(
            sa.text("SELECT id FROM police_district WHERE id <> :d ORDER BY id LIMIT 1"), {"d": row.district_id}
        ).scalar_one()
    app = create_dash_app(dashboard_database, None)
    principal = {"role": "district_sp", "username": "sp.other", "district_id": other, "station_id": None}
    with app.server.test_request_context("/dashboards/", environ_overrides={PRINCIPAL_KEY: principal}):
        refused = str(associates_page.layout(person=str(row[1]), depth="3").to_plotly_json())
    assert "reads only people named in FIRs of their own district" in refused
    assert "assoc-graph" not in refused
