"""Schemathesis over /openapi.json: generated requests, valid and invalid, never get a server error (5xx).

Schemathesis' pytest fixture loader does not work with this pytest version, so the operations are walked
here: one Hypothesis run per operation, as a station officer (who may write), on a rolled-back connection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from indexes.embedded import TantivyEngine
from tests.search_api.fir_api_support import World

EXAMPLES_PER_OPERATION = 20
LOGOUT = "POST /api/v1/auth/logout"

pytest_plugins = ["tests.search_api.fir_api_support"]


@pytest.mark.slow
def test_no_operation_answers_with_a_server_error(world: World, tmp_path: Path) -> None:
    search = TantivyEngine(tmp_path / "search")
    search.ensure_ready()
    world.client.app.state.search = search  # type: ignore[attr-defined]
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    auth = world.as_("officer_sadar")
    labels = []
    statuses: dict[int, int] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    # Logging out revokes the officer's token: fuzz it last, or every later operation would only see a 401.
    operations.sort(key=lambda operation: operation.label == LOGOUT)
    for operation in operations:
        labels.append(operation.label)
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            generated = {
                k: v for k, v in (case.headers or {}).items() if k.lower() not in {"x-api-key", "authorization"}
            }
            headers = {**generated, **auth}
            response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        check()
    assert sum(statuses.values()) >= len(labels) * 3
    assert "POST /api/v1/firs" in labels and "GET /api/v1/firs/{fir_id}/print" in labels
    assert labels[-1] == LOGOUT
