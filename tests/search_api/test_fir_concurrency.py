"""Concurrent registration through the API: 16 clients x 10 FIRs at one station, serials 1..160 without gaps."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from records.models import Fir, OutboxEvent
from tests.search_api.fir_api_support import Committed, fir_body

CLIENTS = 16
EACH = 10

pytest_plugins = ["tests.search_api.fir_api_support"]


@pytest.mark.slow
def test_concurrent_registrations_through_the_api_get_gap_free_serials(committed: Committed) -> None:
    def client_run(number: int) -> list[tuple[int, int]]:
        headers = committed.key_headers if number % 2 else committed.headers
        results = []
        for _ in range(EACH):
            response = committed.client.post("/api/v1/firs", json=fir_body(), headers=headers)
            assert response.status_code == 201, response.text
            results.append((response.json()["year"], response.json()["serial"]))
        return results

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = [item for batch in pool.map(client_run, range(CLIENTS)) for item in batch]
    years = {year for year, _ in results}
    assert len(years) == 1
    assert sorted(serial for _, serial in results) == list(range(1, CLIENTS * EACH + 1))
    with committed.engine.connect() as connection:
        fir_ids = connection.execute(sa.select(Fir.id).where(Fir.station_id == committed.station_id)).scalars().all()
        assert len(fir_ids) == CLIENTS * EACH
        queued = connection.execute(
            sa.select(sa.func.count(sa.distinct(OutboxEvent.entity_id))).where(
                OutboxEvent.entity_type == "fir", OutboxEvent.entity_id.in_(fir_ids)
            )
        ).scalar()
        assert queued == CLIENTS * EACH
