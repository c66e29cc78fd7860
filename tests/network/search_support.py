"""What the federated-search tests across nodes share: Bihar's cases, registered through Bihar's API and carried to
the national node by the feed (:func:`deliver` waits for them there; the national node then indexes them through
the queue its trigger fills)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.orm import Session

from exchange.records import build_fir_record
from exchange.validation import fir_problems
from records.models import NationalRecord
from tests.network.nodes import Network, Node, wait_until

PURPOSE = {
    "purpose": "investigation",
    "reason": "suspect detained at Gorakhpur bus stand, says he is from Vaishali",
    "case_reference": "Hazratganj 41/2025",
}
BIHAR_IO = "SI Ajay Kumar Singh"


def deliver(network: Network, node: Node, fir_id: int) -> str:
    """Wait until the feed has brought FIR ``fir_id`` of ``node``, at its current version, into the national copy
    (``national_record``, whose trigger queues it for the search index); its key."""
    with Session(node.engine) as session:
        record = build_fir_record(session, fir_id)
    assert fir_problems(record.body) == []

    def held() -> bool:
        with Session(network.national.engine) as session:
            row = session.get(NationalRecord, (node.code, record.fir_key))
            return row is not None and row.version >= record.version

    wait_until(held, timeout=90, what=f"{record.fir_key} v{record.version} at the national node")
    return record.fir_key


def register(node: Node, accused: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    return node.register_fir(accused=accused, io_name=BIHAR_IO, io_rank="SI", **overrides)


def bihar_cases(network: Network) -> dict[str, str]:
    """Three Bihar FIRs in the national copy: one visible (its accused in Devanagari), one protected (a sexual
    offence), one the station shares as a pointer only."""
    bihar = network.bihar
    visible = register(bihar, [{"name": "राकेश कुमार", "relative_name": "शिवनाथ सिंह", "age": 34, "gender": "male"}])
    protected = register(
        bihar,
        [{"name": "सुरेश पासवान", "relative_name": "जगदीश पासवान", "age": 30, "gender": "male"}],
        sections=[{"act": "BNS", "section": "64(1)"}],
    )
    pointer = register(bihar, [{"name": "महेश यादव", "relative_name": "रामबली यादव", "age": 41, "gender": "male"}])
    shared = httpx.put(
        f"{bihar.base_url}/api/v1/firs/{pointer['id']}/sharing",
        json={"level": "pointer", "reason": "informant at risk"},
        headers=bihar.headers("station"),
        timeout=30,
    )
    assert shared.status_code == 200, shared.text
    return {
        "visible": deliver(network, bihar, visible["id"]),
        "protected": deliver(network, bihar, protected["id"]),
        "pointer": deliver(network, bihar, pointer["id"]),
    }
