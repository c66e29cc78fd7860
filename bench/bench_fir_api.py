"""Benchmark: FIR registrations per second and latency through the API, beside plain INSERTs of the same rows.

    python bench/bench_fir_api.py [--clients 16] [--firs-per-client 40] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Steps, all on the server of ``--database-url``:

1. A throwaway database ``cctns_bench_fir_api`` (dropped and created, migrated, reference data loaded) and
   one API key per Vaishali police station (16 stations).
2. ``cctns serve`` started as a subprocess on a free port with ``CCTNS_DATABASE_URL`` pointing there.
3. API, one station per client: ``--clients`` threads, each a station system with its own key and HTTP
   connection, each POSTing ``--firs-per-client`` FIRs (complainant, accused, witness, two properties, one
   section) after a short warm-up; per-request latency and overall registrations per second.
4. API, all clients at one station: the same, but every client registers at Hajipur Sadar, so numbering
   serialises them on the station's counter row.
5. Baseline: the same rows (counter, FIR, section, properties, persons, mobiles, parties, status history)
   written with plain INSERT statements, one transaction per FIR, from the same number of threads: no HTTP,
   validation, audit or outbox rows.

Measured beside the table, from the end of the warm-up (the server's processes idle first): CPU per registration of
the API processes, the background process and the database's PostgreSQL backends (and how many connections were
opened), the outbox's and the matching queue's lag when the last client is answered, and (unless ``--no-probe``)
the time from a 201 until search finds that FIR, sampled on the newest FIR throughout the run (p50/p95/max).

Prints a table and writes ``bench/results/bench_fir_api.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.process_cpu import BackendCpu, process_cpu_seconds
from bench.scratch_database import drop_database, fresh_database
from records.database import sqlalchemy_url
from records.models import PoliceDistrict, PoliceStation
from sample_data import names

DATABASE = "cctns_bench_fir_api"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_fir_api.json"
WARMUP_PER_CLIENT = 3
OUR_PACKAGES = {"records", "people", "cases", "complaints", "exchange", "ingest", "indexes", "search_api", "workers",
                "dashboards", "portal", "cctns"}  # fmt: skip


def station_keys(engine: sa.Engine) -> list[tuple[str, str]]:
    """One API key per Vaishali station: (station code, key)."""
    from records.api_keys import issue_api_key
    from records.audit import Actor

    keys = []
    with Session(engine) as session, session.begin():
        codes = session.scalars(
            sa.select(PoliceStation.code)
            .join(PoliceDistrict)
            .where(PoliceDistrict.code == "VAISHALI")
            .order_by(PoliceStation.code)
        ).all()
        for code in codes:
            _, key = issue_api_key(session, name=f"bench {code}", station_code=code, actor=Actor())
            keys.append((code, key))
    return keys


def fir_body(n: int) -> dict[str, Any]:
    """FIR ``n``: a theft with a complainant, an accused and a witness whose names are drawn as the sample data
    draws them (realistic Bihar names, Devanagari and Latin; a name recurs only as often as it does in life)."""
    rng = random.Random(n)
    complainant = names.random_name_key(rng, names.FEMALE)
    husband = names.relative_key(rng, complainant, "husband")
    accused = names.random_name_key(rng, names.MALE)
    father = names.relative_key(rng, accused, "father")
    witness = names.random_name_key(rng, names.MALE)
    now = datetime.now(UTC)
    return {
        "info_received_at": (now - timedelta(hours=1)).isoformat(),
        "occurrence_from": (now - timedelta(hours=8)).isoformat(),
        "occurrence_to": (now - timedelta(hours=7)).isoformat(),
        "place_address": f"वार्ड {n % 40}, हाजीपुर",
        "place_distance_km": "2.50",
        "place_direction": "NE",
        "sections": [{"act": "BNS", "section": "303(2)"}],
        "complainant": {"name": names.render_name(rng, complainant, deva=True),
                        "relative_name": names.render_name(rng, husband, deva=True), "age": 20 + n % 50,
                        "mobile": f"+91 98{n % 100_000_000:08d}", "address": "वार्ड 7, हाजीपुर"},
        "accused": [{"name": names.render_name(rng, accused, deva=False),
                     "relative_name": names.render_name(rng, father, deva=False), "age": 18 + n % 40}],
        "witnesses": [{"name": names.render_name(rng, witness, deva=True), "age": 25 + n % 45}],
        "properties": [
            {"kind": "mobile_phone", "description": "Redmi Note 12", "value": "14000",
             "mobile_imei": "356938035643809"},
            {"kind": "vehicle", "description": "Hero Splendor", "value": "45000", "vehicle_registration": "BR31AB1234"},
        ],
        "brief_facts": "रात में घर के सामने खड़ी मोटरसाइकिल और मोबाइल फोन चोरी हो गए।",
        "io_name": "SI Anil Kumar",
    }  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database_url: str, port: int, workers: int = 1, cctns: Path | None = None) -> subprocess.Popen[bytes]:
    """``cctns serve`` of this checkout's environment, or the ``cctns`` given (another checkout's, for an A/B run)."""
    env = {**os.environ, "CCTNS_DATABASE_URL": database_url, "CCTNS_ENVIRONMENT": "development"}
    cctns = cctns or Path(sys.executable).with_name("cctns")
    command = [str(cctns)] if cctns.exists() else [sys.executable, "-m", "cctns.cli"]
    # The server's stderr goes to a file: a pipe nobody reads fills up and blocks the server's next log line.
    log = tempfile.NamedTemporaryFile(prefix="bench_fir_api_serve_", suffix=".log", delete=False)  # noqa: SIM115
    print(f"cctns serve's stderr: {log.name}", file=sys.stderr)
    process = subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    log.close()
    deadline = time.monotonic() + 180  # a start on two loaded cores can take a minute
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cctns serve exited: {Path(log.name).read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).status_code == 200:
                settle(process.pid)
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    process.wait(timeout=30)
    raise RuntimeError("cctns serve did not answer /health within 180 s")


def settle(pid: int, seconds: float = 60.0) -> None:
    """Wait until the server's processes are idle: /health answers as soon as one API process is up, and the
    others' start (imports, the dashboards' routes) would otherwise be counted as the first run's CPU."""
    deadline = time.monotonic() + seconds
    quiet = 0
    last = cpu_seconds(pid)
    while last is not None and quiet < 3 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now is None:
            return
        quiet = quiet + 1 if now["all"] - last["all"] < 0.05 else 0
        last = now


def profile_server(pid: int, out: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling the server (and its API worker processes) until interrupted."""
    py_spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen(
        [str(py_spy), "record", "--pid", str(pid), "--subprocesses", "--format", "raw", "--rate", "200", "--gil",
         "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def profile_summary(raw: Path, top: int = 30) -> list[str]:
    """What py-spy's raw stacks say, as lines to print: the functions most often on the stack (inclusive share)
    and most often at its top (own share), our code and the libraries', over the samples holding the GIL."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_short_frame(frame) for frame in stack.split(";")[1:]]  # the first is the process
        if not frames:
            continue
        total += count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count
        own[frames[-1]] = own.get(frames[-1], 0) + count
    if not total:
        return ["py-spy recorded no samples"]
    lines = [f"py-spy: {total} samples holding the GIL; inclusive share (on the stack):"]
    ranked = sorted(inclusive.items(), key=lambda item: -item[1])
    lines += [f"  {count / total:6.1%}  {frame}" for frame, count in ranked[:top]]
    lines.append("own share (top of the stack):")
    lines += [f"  {count / total:6.1%}  {frame}" for frame, count in sorted(own.items(), key=lambda i: -i[1])[:top]]
    return lines


def _short_frame(frame: str) -> str:
    """``function (path/to/module.py:12)`` as ``function (module.py)``: a function's lines counted together."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    parts = Path(path).parts
    if "site-packages" in parts:
        short = "/".join(parts[parts.index("site-packages") + 1 :])
    else:
        ours = [n for n, part in enumerate(parts) if part in OUR_PACKAGES]
        short = "/".join(parts[ours[-1] :] if ours else parts[-2:])
    return f"{name} ({short})"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _children(pid: int) -> list[int]:
    return [
        int(child) for task in Path(f"/proc/{pid}/task").iterdir() for child in (task / "children").read_text().split()
    ]


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for child in _children(pid):
        found += _descendants(child)
    return found


def _listening_inode(port: int) -> str | None:
    """The inode of the socket listening on ``port`` (IPv4), from /proc/net/tcp."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
            return fields[9]
    return None


def _holds_socket(pid: int, inode: str) -> bool:
    try:
        return any(os.readlink(fd) == f"socket:[{inode}]" for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def cpu_seconds(pid: int, port: int | None = None) -> dict[str, float] | None:
    """User + system CPU time the server and its living descendants have used (Linux /proc), or None elsewhere:
    ``api`` for the processes holding the listening socket on ``port`` (the server and its API worker processes),
    ``background`` for the others (the background process), ``all`` for both."""
    try:
        processes = _descendants(pid)
        inode = _listening_inode(port) if port is not None else None
        used = {"api": 0.0, "background": 0.0}
        for process in processes:
            kind = "api" if inode is None or _holds_socket(process, inode) else "background"
            used[kind] += process_cpu_seconds(process) or 0.0
    except (OSError, IndexError, ValueError):
        return None
    return {**used, "all": used["api"] + used["background"]}


def client_kinds(pid: int, port: int, database_port: int) -> dict[int, str]:
    """The local port of each of the server's connections to PostgreSQL, with the kind of process holding it
    (``api`` or ``background``, as in :func:`cpu_seconds`): a backend's command line names its client's port."""
    inode = _listening_inode(port)
    to_database = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[2].endswith(f":{database_port:04X}"):
            to_database[fields[9]] = int(fields[1].rsplit(":", 1)[1], 16)
    kinds = {}
    for process in _descendants(pid):
        kind = "api" if inode is None or _holds_socket(process, inode) else "background"
        try:
            targets = [os.readlink(fd) for fd in Path(f"/proc/{process}/fd").iterdir()]
        except OSError:
            continue
        for target in targets:
            if target.startswith("socket:[") and target[8:-1] in to_database:
                kinds[to_database[target[8:-1]]] = kind
    return kinds


class Meter:
    """CPU used while a run registers (started when every client has warmed up): the server's API processes, its
    background process and the database's PostgreSQL backends, per registration."""

    def __init__(self, pid: int | None, port: int | None, database: str, database_port: int = 5432) -> None:
        self.pid, self.port, self.database, self.database_port = pid, port, database, database_port
        self.before: dict[str, float] | None = None
        self.postgres: BackendCpu | None = None

    def start(self) -> None:
        self.before = cpu_seconds(self.pid, self.port) if self.pid is not None else None
        pid, port = self.pid, self.port
        kinds = (lambda: client_kinds(pid, port, self.database_port)) if pid is not None and port is not None else None
        self.postgres = BackendCpu(self.database, kinds).__enter__()

    def stop(self, registrations: int) -> dict[str, float]:
        per_fir: dict[str, float] = {}
        if self.postgres is not None:
            self.postgres.__exit__(None, None, None)
            per_fir["postgres_cpu_ms_per_fir"] = self.postgres.seconds * 1000 / registrations
            per_fir["postgres_connections_opened"] = self.postgres.connections_opened
            if self.pid is not None:
                for kind in ("api", "background"):
                    per_fir[f"postgres_{kind}_cpu_ms_per_fir"] = self.postgres.seconds_of(kind) * 1000 / registrations
        after = cpu_seconds(self.pid, self.port) if self.pid is not None else None
        if self.before is not None and after is not None:
            used = {kind: (after[kind] - self.before[kind]) * 1000 / registrations for kind in after}
            per_fir["server_cpu_ms_per_fir"] = used["all"]
            per_fir["api_cpu_ms_per_fir"] = used["api"]
            per_fir["background_cpu_ms_per_fir"] = used["background"]
        return per_fir


def run_api(
    base_url: str,
    keys: list[str],
    per_client: int,
    seconds: float = 0.0,
    probe: bool = False,
    meter: Meter | None = None,
    at_end: Callable[[], dict[str, float]] | None = None,
) -> dict[str, Any]:
    """Every client registers ``per_client`` FIRs with its key (or as many as it can in ``seconds``); returns
    latencies, throughput and (with ``meter``) CPU per registration from the moment all clients have warmed up.
    With ``probe``, a sampler takes the newest registered FIR, searches for its number from another connection
    every 0.1 s until found, records the time from its 201, and takes the next newest: time to findable under
    the load (its searches are part of the load and of the CPU measured)."""  # fmt: skip
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(keys), action=meter.start if meter is not None else None)
    started_at: list[float] = []
    newest: list[tuple[float, int, dict[str, Any]]] = []
    done = threading.Event()
    findable_after: list[float] = []
    search_errors: list[str] = []

    def client(index: int) -> None:
        with httpx.Client(base_url=base_url, headers={"X-API-Key": keys[index]}, timeout=60) as http:
            for n in range(WARMUP_PER_CLIENT):
                assert http.post("/api/v1/firs", json=fir_body(n)).status_code == 201
            barrier.wait()
            if index == 0:
                started_at.append(time.perf_counter())
            deadline = time.perf_counter() + seconds
            mine = []
            n = 0
            while (time.perf_counter() < deadline) if seconds else (n < per_client):
                begin = time.perf_counter()
                response = http.post("/api/v1/firs", json=fir_body(1_000_000 * index + n))
                answered = time.perf_counter()
                mine.append(answered - begin)
                if response.status_code != 201:
                    raise RuntimeError(f"registration failed: {response.status_code} {response.text[:300]}")
                if probe:
                    with lock:
                        newest[:] = [(answered, index, response.json())]
                n += 1
            with lock:
                latencies.extend(mine)

    def sampler() -> None:
        http = {index: httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=60)
                for index, key in enumerate(keys)}  # fmt: skip
        probed: set[int] = set()
        try:
            while not done.is_set():
                with lock:
                    item = newest[0] if newest else None
                if item is None or item[2]["id"] in probed:
                    time.sleep(0.05)
                    continue
                created, index, fir = item  # searched for with its own station's key: a key searches its station
                probed.add(fir["id"])
                while time.perf_counter() - created < 60:
                    params = {"q": fir["number"], "station": fir["station"]}
                    found = http[index].get("/api/v1/search", params=params)
                    if found.status_code != 200:
                        search_errors.append(f"{found.status_code} {found.text[:200]}")
                    elif any(hit["fir_id"] == fir["id"] for hit in found.json()["cases"]["hits"]):
                        findable_after.append(time.perf_counter() - created)
                        break
                    time.sleep(0.1)
        finally:
            for client in http.values():
                client.close()

    sampling = threading.Thread(target=sampler, daemon=True)
    sampling.start()
    with ThreadPoolExecutor(max_workers=len(keys)) as pool:
        list(pool.map(client, range(len(keys))))
    seconds_taken = time.perf_counter() - started_at[0]
    done.set()
    result = summarise(latencies, seconds_taken)
    if meter is not None:
        result.update(meter.stop(len(latencies)))
    if at_end is not None:
        result.update(at_end())  # when the last client is answered, before the sampler's last probe ends
    sampling.join(120)
    if search_errors:
        result["search_errors"] = len(search_errors)
        print(f"search answered {len(search_errors)} times with an error, first: {search_errors[0]}", file=sys.stderr)
    if findable_after:
        ordered = sorted(findable_after)
        result["findable_probes"] = len(ordered)
        result["findable_p50_s"] = statistics.median(ordered)
        result["findable_p95_s"] = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        result["findable_max_s"] = ordered[-1]
    return result


def backlog_seconds(engine: sa.Engine) -> dict[str, float]:
    """How far behind the background work is: the age of the oldest outbox row and queued person (0 when none)."""
    with engine.connect() as connection:
        return {
            name: float(connection.execute(sa.text(sql)).scalar() or 0.0)
            for name, sql in (
                ("outbox_lag_s", "SELECT extract(epoch FROM now() - min(created_at)) FROM outbox"),
                ("match_queue_lag_s", "SELECT extract(epoch FROM now() - min(enqueued_at)) FROM person_match_queue"),
            )
        }


def summarise(latencies: list[float], seconds: float) -> dict[str, Any]:
    ordered = sorted(latencies)
    return {
        "registrations": len(ordered),
        "seconds": seconds,
        "per_second": len(ordered) / seconds,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "max_ms": ordered[-1] * 1000,
    }


BASELINE_SQL = {
    "counter": """INSERT INTO fir_number_counter (station_id, year, last_serial) VALUES (%s, %s, 1)
        ON CONFLICT (station_id, year) DO UPDATE SET last_serial = fir_number_counter.last_serial + 1
        RETURNING last_serial""",
    "fir": """INSERT INTO fir (station_id, year, serial, registered_at, occurrence_from, occurrence_to,
        info_received_at, information_type, place_address, place_distance_km, place_direction, brief_facts,
        property_value_total, io_name, status) VALUES (%s, %s, %s, now(), %s, %s, %s, 'written', %s, 2.5, 'NE',
        %s, 59000, 'SI Anil Kumar', 'registered') RETURNING id""",
    "section": "INSERT INTO fir_section (fir_id, section_id, position) VALUES (%s, %s, 0)",
    "property": """INSERT INTO fir_property (fir_id, kind, description, value, mobile_imei, vehicle_registration)
        VALUES (%s, %s, %s, %s, %s, %s)""",
    "person": """INSERT INTO person (name, name_script, relative_name, age_years) VALUES (%s, %s, %s, %s)
        RETURNING id""",
    "mobile": "INSERT INTO person_mobile (person_id, number) VALUES (%s, %s)",
    "party": """INSERT INTO fir_party (fir_id, person_id, role, accused_number, name_as_given,
        relative_name_as_given, age_as_given, mobile_as_given) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
    "history": "INSERT INTO fir_status_change (fir_id, to_status) VALUES (%s, 'registered')",
}


def run_baseline(
    engine: sa.Engine, station_ids: list[int], section_id: int, per_client: int, database: str
) -> dict[str, Any]:
    """The same rows with plain INSERTs, one transaction per FIR, one connection per thread (with the PostgreSQL
    CPU they cost)."""
    latencies: list[float] = []
    lock = threading.Lock()
    year = datetime.now(UTC).year

    def client(index: int) -> None:
        raw = engine.raw_connection()
        try:
            connection: Any = raw.driver_connection
            mine = []
            for n in range(per_client):
                body = fir_body(index * per_client + n)
                begin = time.perf_counter()
                with connection.transaction(), connection.cursor() as cursor:
                    station_id = station_ids[index % len(station_ids)]
                    serial = cursor.execute(BASELINE_SQL["counter"], (station_id, year)).fetchone()[0]
                    fir_id = cursor.execute(
                        BASELINE_SQL["fir"],
                        (station_id, year, serial, body["occurrence_from"], body["occurrence_to"],
                         body["info_received_at"], body["place_address"], body["brief_facts"]),
                    ).fetchone()[0]  # fmt: skip
                    cursor.execute(BASELINE_SQL["section"], (fir_id, section_id))
                    for item in body["properties"]:
                        cursor.execute(
                            BASELINE_SQL["property"],
                            (fir_id, item["kind"], item["description"], item["value"], item.get("mobile_imei"),
                             item.get("vehicle_registration")),
                        )  # fmt: skip
                    parties = [("complainant", None, body["complainant"]), ("accused", 1, body["accused"][0]),
                               ("witness", None, body["witnesses"][0])]  # fmt: skip
                    for role, number, party in parties:
                        person_id = cursor.execute(
                            BASELINE_SQL["person"], (party["name"], "devanagari", party.get("relative_name"),
                                                     party.get("age")),
                        ).fetchone()[0]  # fmt: skip
                        mobile = party.get("mobile", "").replace("+91", "").replace(" ", "") or None
                        if mobile:
                            cursor.execute(BASELINE_SQL["mobile"], (person_id, mobile))
                        cursor.execute(
                            BASELINE_SQL["party"],
                            (fir_id, person_id, role, number, party["name"], party.get("relative_name"),
                             party.get("age"), mobile),
                        )  # fmt: skip
                    cursor.execute(BASELINE_SQL["history"], (fir_id,))
                mine.append(time.perf_counter() - begin)
            with lock:
                latencies.extend(mine)
        finally:
            raw.close()

    meter = Meter(None, None, database)
    meter.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(station_ids)) as pool:
        list(pool.map(client, range(len(station_ids))))
    result = summarise(latencies, time.perf_counter() - started)
    return {**result, **meter.stop(len(latencies))}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--firs-per-client", type=int, default=40)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seconds", type=float, default=0.0, help="register for this long instead of a count")
    parser.add_argument("--workers", type=int, default=1, help="API processes of `cctns serve`")
    parser.add_argument("--profile", type=Path, help="py-spy stacks of the server, first run")
    parser.add_argument("--keep", action="store_true", help="leave the database for inspection")
    parser.add_argument("--database", default=DATABASE, help="name of the throwaway database (dropped, created)")
    parser.add_argument("--cctns", type=Path, help="the `cctns` to serve with (another checkout's, for an A/B run)")
    parser.add_argument("--no-probe", action="store_true", help="no time-to-findable sampler (its searches cost CPU)")
    parser.add_argument(
        "--skip-one-station", action="store_true", help="leave out the run of all clients at one station"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    database = args.database
    load_before = load_average()
    engine = fresh_database(args.database_url, database)
    bench_url = sqlalchemy_url(args.database_url).set(database=database, drivername="postgresql")
    url_text = bench_url.render_as_string(hide_password=False)
    server = None
    try:
        with engine.connect() as connection:
            server_version = connection.execute(sa.text("SHOW server_version")).scalar()
        keys = station_keys(engine)
        if len(keys) < args.clients:
            keys = [keys[n % len(keys)] for n in range(args.clients)]
        keys = keys[: args.clients]
        port = free_port()
        print(f"cctns serve on port {port}, database {database}", file=sys.stderr)
        server = start_server(url_text, port, args.workers, args.cctns)
        base_url = f"http://127.0.0.1:{port}"
        print(f"API, {args.clients} clients at {len({code for code, _ in keys})} stations", file=sys.stderr)
        profiler = profile_server(server.pid, args.profile) if args.profile else None
        spread = run_api(
            base_url, [key for _, key in keys], args.firs_per_client, args.seconds, probe=not args.no_probe,
            meter=Meter(server.pid, port, database, bench_url.port or 5432), at_end=lambda: backlog_seconds(engine),
        )  # fmt: skip
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(timeout=60)
        one_station = None
        if not args.skip_one_station:
            print(f"API, {args.clients} clients at one station", file=sys.stderr)
            one_station = run_api(
                base_url, [keys[0][1]] * args.clients, args.firs_per_client, args.seconds,
                meter=Meter(server.pid, port, database, bench_url.port or 5432),
            )  # fmt: skip
        with Session(engine) as session:
            station_ids = [
                session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == code)) for code, _ in keys
            ]
            section_id = session.scalar(
                sa.text(
                    "SELECT s.id FROM section s JOIN act a ON a.id = s.act_id WHERE a.code='BNS' AND s.number='303(2)'"
                )
            )
        print(f"baseline: plain INSERTs from {args.clients} threads", file=sys.stderr)
        baseline = run_baseline(engine, station_ids, section_id, args.firs_per_client, database)  # type: ignore[arg-type]
        with engine.connect() as connection:
            gaps = connection.execute(
                sa.text(
                    "SELECT count(*) FROM (SELECT station_id, year, max(serial) - count(*) AS gap FROM fir "
                    "GROUP BY station_id, year) g WHERE gap <> 0"
                )
            ).scalar()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        engine.dispose()
        if not args.keep:
            drop_database(args.database_url, database)

    rows = [
        {"run": f"API POST /api/v1/firs, {args.clients} clients, one station each", **spread},
        *([{"run": f"API POST /api/v1/firs, {args.clients} clients, all at one station", **one_station}]
          if one_station is not None else []),
        {"run": f"plain INSERT of the same rows, {args.clients} threads (baseline)", **baseline},
    ]  # fmt: skip
    print(f"\n{'run':<62} {'FIRs':>6} {'seconds':>8} {'FIRs/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for row in rows:
        print(
            f"{row['run']:<62} {row['registrations']:>6} {row['seconds']:>8.1f} {row['per_second']:>8.1f} "
            f"{row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['max_ms']:>8.1f}"
        )
    print(f"\nAPI (one station each) / baseline throughput: {spread['per_second'] / baseline['per_second']:.2f}")
    if "server_cpu_ms_per_fir" in spread:
        print(
            f"CPU of the server's processes (API and background) per registration, one station each: "
            f"{spread['server_cpu_ms_per_fir']:.1f} ms"
        )
    if "api_cpu_ms_per_fir" in spread:
        print(
            f"  of which the API processes {spread['api_cpu_ms_per_fir']:.1f} ms, the background process "
            f"{spread['background_cpu_ms_per_fir']:.1f} ms"
        )
    if "postgres_cpu_ms_per_fir" in spread:
        print(
            f"CPU of the database's PostgreSQL backends per registration: API run "
            f"{spread['postgres_cpu_ms_per_fir']:.1f} ms, plain INSERTs {baseline['postgres_cpu_ms_per_fir']:.1f} ms; "
            f"connections opened during the API run: {spread['postgres_connections_opened']}"
        )
    if "postgres_api_cpu_ms_per_fir" in spread:
        print(
            f"  of which serving the API processes {spread['postgres_api_cpu_ms_per_fir']:.1f} ms, the background "
            f"process {spread['postgres_background_cpu_ms_per_fir']:.1f} ms"
        )
    print(f"stations with a gap in their serials: {gaps}")
    if "findable_p50_s" in spread:
        print(
            f"findable in search after its 201: p50 {spread['findable_p50_s']:.2f} s, "
            f"p95 {spread['findable_p95_s']:.2f} s, max {spread['findable_max_s']:.2f} s "
            f"({spread['findable_probes']} probes)"
        )
    print(f"lag at the end: outbox {spread['outbox_lag_s']:.1f} s, matching queue {spread['match_queue_lag_s']:.1f} s")
    print(f"load average (1, 5, 15 min): before {load_before}, after {load_average()}")
    if args.profile is not None and args.profile.exists():
        print("\n".join(profile_summary(args.profile)))
    result = {
        "benchmark": "bench_fir_api",
        "command": "python bench/bench_fir_api.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "clients": args.clients,
        "firs_per_client": args.firs_per_client,
        "runs": rows,
        "serial_gaps": gaps,
        "load_average": {"before": load_before, "after": load_average()},
        "server": f"cctns serve --workers {args.workers}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "postgresql": server_version,
                    "platform": platform.platform()},
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.out}")
    return result


if __name__ == "__main__":
    main()
