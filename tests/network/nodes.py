"""The multi-node test harness (issue 25): several deployments on one machine, each a real ``cctns serve``
subprocess on its own loopback port, with its own PostgreSQL database and data directory, its network settings
set and its peers registered both ways; and a switchable link between every two nodes.

``start_network(database_url, folder)`` starts Bihar (10), Uttar Pradesh (09) and the national node (00); the
``network`` fixture (``tests/network/conftest.py``) gives it to a test module. Each node has:

* ``base_url`` (the node itself, for the test's own calls), ``database_url`` and ``engine`` (to look inside);
* ``headers("station")`` / ``headers("hq")``: a bearer token of a station officer (of ``station_code``) or of HQ;
  ``api_key_headers``: the station's API key (``X-API-Key``); ``PASSWORD`` logs any of them in;
* ``register_fir(**overrides)``: an FIR registered through the node's API by its station (``fir_body`` of the FIR
  API tests), its JSON answer back.

Nodes call each other through a :class:`Link` each way (a small TCP forwarder in the test process): the peer URL
registered at Bihar for the national node is the Bihar->national link's address, and so on.
``network.cut("10")`` cuts every link of Bihar (both ways: its data line is down), ``network.cut("10", "00")``
only the one between Bihar and the national node; ``network.restore(...)`` brings them back. While a link is cut
a connection through it is dropped at once and open ones are closed, as a cut line would.

Databases are named after the test database (``<test db>_bihar``, ``_up``, ``_nat``), dropped and created from one
template (migrated, reference data loaded) at each start.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from exchange.network.peers import add_peer
from records.api_keys import issue_api_key
from records.audit import Actor
from records.database import create_db_engine, sqlalchemy_url
from records.migrate import upgrade_schema
from records.models import DistrictKind, PeerRole, PoliceDistrict, PoliceStation, Role, State, User
from records.reference.load import load_reference_data
from records.settings import get_settings
from records.users import create_user
from search_api.auth import create_access_token
from tests.search_api.fir_api_support import fir_body
from tests.support import free_port, server_url_of

PASSWORD = "network harness password"
BIHAR, UP, NATIONAL = "10", "09", "00"
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class NodePlan:
    code: str
    name: str
    role: PeerRole
    suffix: str  # of the database name
    station_code: str | None  # the station whose officer and API key the tests use


PLANS = (
    NodePlan(BIHAR, "Bihar", PeerRole.STATE, "bihar", "VAISHALI-HAJIPUR-SADAR"),
    NodePlan(UP, "Uttar Pradesh", PeerRole.STATE, "up", "LUCKNOW-HAZRATGANJ"),
    NodePlan(NATIONAL, "national node", PeerRole.NATIONAL, "nat", None),
)
# Uttar Pradesh's own places, added to its node (the shipped reference data is Bihar's).
UP_STATE = ("09", "Uttar Pradesh", "उत्तर प्रदेश")
UP_DISTRICT = ("LUCKNOW", "Lucknow", "लखनऊ", "157")
UP_STATIONS = (("LUCKNOW-HAZRATGANJ", "Hazratganj", "हज़रतगंज"), ("LUCKNOW-CHINHAT", "Chinhat", "चिनहट"))


# ------------------------------------------------------------------------------------------------------ links


class Link:
    """A TCP forwarder from a port of its own to ``target_port`` that can be cut and restored."""

    def __init__(self, name: str, target_port: int) -> None:
        self.name, self.target_port = name, target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._up = threading.Event()
        self._up.set()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, name=f"link {name}", daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def is_up(self) -> bool:
        return self._up.is_set()

    def cut(self) -> None:
        self._up.clear()
        with self._lock:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
            self._open.clear()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()  # the line is cut: the caller sees the connection dropped
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                upstream.settimeout(None)
                # Without it, Nagle's algorithm holds a small write back until the last one is acknowledged, and
                # the peer's delayed acknowledgement makes that about 40 ms a turn: ~85 ms a request through a hop.
                for sock in (client, upstream):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
                with self._lock:
                    self._open.discard(sock)


# ------------------------------------------------------------------------------------------------------ nodes


@dataclass
class Node:
    """One deployment of the network (see the module's docstring)."""

    plan: NodePlan
    database_url: str
    engine: Engine
    data_dir: Path
    port: int
    node_key: str
    secret_key: str
    env: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # who -> bearer token
    usernames: dict[str, str] = field(default_factory=dict)
    full_names: dict[str, str] = field(default_factory=dict)
    api_key: str | None = None
    process: subprocess.Popen[str] | None = None
    log_path: Path | None = None

    @property
    def code(self) -> str:
        return self.plan.code

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def station_code(self) -> str | None:
        return self.plan.station_code

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def headers(self, who: str = "station") -> dict[str, str]:
        """A bearer token's headers: ``station`` (an officer of ``station_code``), ``hq``, ``admin``."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    @property
    def api_key_headers(self) -> dict[str, str]:
        assert self.api_key, f"{self.name} has no station"
        return {"X-API-Key": self.api_key}

    def client(self, who: str = "station", timeout: float = 30) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers=self.headers(who), timeout=timeout)

    def session(self) -> Session:
        return Session(self.engine)

    def register_fir(self, **overrides: Any) -> dict[str, Any]:
        """An FIR registered by the node's station through its API (``fir_body`` with ``overrides``)."""
        answer = httpx.post(
            f"{self.base_url}/api/v1/firs", json=fir_body(**overrides), headers=self.api_key_headers, timeout=30
        )
        assert answer.status_code == 201, f"{self.name}: {answer.status_code} {answer.text}"
        return dict(answer.json())

    @property
    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start ``cctns serve`` (again, on the same port and database); returns once it answers /health."""
        assert not self.is_running, f"{self.name} is already running"
        self.log_path = self.data_dir / "serve.log"
        log = self.log_path.open("a")
        command = [sys.executable, "-c", "from cctns.cli import app; app()", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT, text=True)
        log.close()

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_running:
                raise RuntimeError(f"{self.name} ended at start-up:\n{self.log()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer /health within {timeout:.0f} s:\n{self.log()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log(self) -> str:
        """What the node's ``cctns serve`` printed (for a failing test's message)."""
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path and self.log_path.exists() else ""


@dataclass
class Network:
    """The running nodes by code, and the links between them (see the module's docstring)."""

    nodes: dict[str, Node]
    links: dict[tuple[str, str], Link]  # (from, to) -> the link the first uses to call the second

    @property
    def bihar(self) -> Node:
        return self.nodes[BIHAR]

    @property
    def up(self) -> Node:
        return self.nodes[UP]

    @property
    def national(self) -> Node:
        return self.nodes[NATIONAL]

    def _pairs(self, a: str, b: str | None) -> list[tuple[str, str]]:
        return [pair for pair in self.links if a in pair and (b is None or b in pair)]

    def cut(self, a: str, b: str | None = None) -> None:
        """Cut node ``a``'s links (to every node, or only to ``b``), both ways."""
        for pair in self._pairs(a, b):
            self.links[pair].cut()

    def restore(self, a: str, b: str | None = None) -> None:
        for pair in self._pairs(a, b):
            self.links[pair].restore()

    @contextlib.contextmanager
    def link_cut(self, a: str, b: str | None = None) -> Iterator[None]:
        self.cut(a, b)
        try:
            yield
        finally:
            self.restore(a, b)

    def logs(self) -> str:
        return "\n".join(f"--- {node.name} ---\n{node.log()}" for node in self.nodes.values())

    def close(self) -> None:
        for node in self.nodes.values():
            node.stop()
        for link in self.links.values():
            link.close()
        for node in self.nodes.values():
            node.engine.dispose()


def wait_until(check: Callable[[], Any], timeout: float = 60.0, interval: float = 0.3, what: str = "") -> Any:
    """``check()``'s first truthy answer within ``timeout`` seconds; AssertionError naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        answer = check()
        if answer:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what or check}")
        time.sleep(interval)


# --------------------------------------------------------------------------------------------------- start-up


def _admin(database_url: str) -> Engine:
    return create_db_engine(server_url_of(database_url), isolation_level="AUTOCOMMIT")


def _template(database_url: str, name: str) -> None:
    """A migrated database with the reference data, to copy each node's database from."""
    admin = _admin(database_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_db_engine(sqlalchemy_url(database_url).set(database=name))
    upgrade_schema(engine)
    with Session(engine) as session, session.begin():
        load_reference_data(session)
    engine.dispose()


def _copy(database_url: str, template: str, name: str) -> str:
    admin = _admin(database_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return sqlalchemy_url(database_url).set(database=name).render_as_string(hide_password=False)


def _add_uttar_pradesh(session: Session) -> None:
    code, name_en, name_hi = UP_STATE
    state = State(code=code, name_en=name_en, name_hi=name_hi)
    session.add(state)
    session.flush()
    d_code, d_en, d_hi, census = UP_DISTRICT
    district = PoliceDistrict(
        state_id=state.id, code=d_code, name_en=d_en, name_hi=d_hi, kind=DistrictKind.TERRITORIAL, census_code=census
    )
    session.add(district)
    session.flush()
    for s_code, s_en, s_hi in UP_STATIONS:
        session.add(PoliceStation(district_id=district.id, code=s_code, name_en=s_en, name_hi=s_hi))
    session.flush()


def _people(node: Node, session: Session) -> None:
    """A station officer (and the station's API key) for a state, HQ and an administrator for every node."""
    actor = Actor.command_line()
    settings = get_settings(secret_key=node.secret_key)
    people: dict[str, tuple[Role, str | None]] = {"hq": (Role.HQ, None), "admin": (Role.ADMIN, None)}
    if node.station_code:
        people["station"] = (Role.STATION_OFFICER, node.station_code)
    for who, (role, station) in people.items():
        username = f"{who}.{node.plan.suffix}"
        user: User = create_user(
            session,
            username=username,
            full_name=f"{who.upper()} {node.name}",
            role=role,
            password=PASSWORD,
            station_code=station,
            actor=actor,
        )
        node.usernames[who] = username
        node.full_names[who] = user.full_name
        node.tokens[who] = create_access_token(settings, user)[0]
    if node.station_code:
        node.api_key = issue_api_key(
            session, name=f"{node.name} station system", station_code=node.station_code, actor=actor
        )[1]


def _environment(node: Node, national_url: str | None, heartbeat_seconds: float) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CCTNS_")}
    env.update(
        {
            "CCTNS_DATABASE_URL": node.database_url,
            "CCTNS_DATA_DIR": str(node.data_dir),
            "CCTNS_BROKER_URL": "",
            "CCTNS_SECRET_KEY": node.secret_key,
            "CCTNS_SEARCH_PRELOAD": "false",
            "CCTNS_NETWORK_ROLE": node.plan.role.value,
            "CCTNS_NETWORK_NODE_KEY": node.node_key,
            "CCTNS_NETWORK_TIMEOUT_SECONDS": "5",
            "CCTNS_NETWORK_HEARTBEAT_SECONDS": str(heartbeat_seconds),
        }
    )
    if node.plan.role is PeerRole.STATE:
        env["CCTNS_NETWORK_STATE_CODE"] = node.code
        assert national_url
        env["CCTNS_NETWORK_NATIONAL_URL"] = national_url
    return env


def start_network(database_url: str, folder: Path, *, heartbeat_seconds: float = 2.0) -> Network:
    """Bihar, Uttar Pradesh and the national node, each serving, peers registered both ways (see the docstring)."""
    base_name = sqlalchemy_url(database_url).database or "cctns_test"
    template = f"{base_name}_nodes_template"[:63]
    _template(database_url, template)
    nodes: dict[str, Node] = {}
    for plan in PLANS:
        url = _copy(database_url, template, f"{base_name}_{plan.suffix}"[:63])
        data_dir = folder / plan.suffix
        data_dir.mkdir(parents=True, exist_ok=True)
        nodes[plan.code] = Node(
            plan=plan,
            database_url=url,
            engine=create_db_engine(url),
            data_dir=data_dir,
            port=free_port(),
            node_key="cctnsnode_" + secrets.token_urlsafe(24),
            secret_key=secrets.token_urlsafe(36),
        )
    links = {(a, b): Link(f"{nodes[a].name} -> {nodes[b].name}", nodes[b].port) for a in nodes for b in nodes if a != b}
    network = Network(nodes, links)
    try:
        for node in nodes.values():
            with Session(node.engine) as session, session.begin():
                if node.code == UP:
                    _add_uttar_pradesh(session)
                _people(node, session)
                for other in nodes.values():
                    if other is node:
                        continue
                    add_peer(
                        session,
                        code=other.code,
                        role=other.plan.role,
                        name=other.name,
                        base_url=links[(node.code, other.code)].url,
                        key=other.node_key,
                        actor=Actor.command_line(),
                    )
            national_url = links[(node.code, NATIONAL)].url if node.code != NATIONAL else None
            node.env = _environment(node, national_url, heartbeat_seconds)
        for node in nodes.values():
            node.start()
        for node in nodes.values():
            node.wait_ready()
    except BaseException:
        network.close()
        raise
    return network
