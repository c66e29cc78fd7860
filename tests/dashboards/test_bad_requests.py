"""Bad requests to the dashboards are 400 saying what is wrong (a person id beyond PostgreSQL's bigint, broken
or misshapen Dash callback bodies); a real failure inside a callback stays a 500 and is logged."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from dashboards.app import create_dash_app
from dashboards.components.context import PRINCIPAL_KEY
from tests.search_api.fir_api_support import Committed
from tests.support import free_port

pytest_plugins = ["tests.search_api.fir_api_support"]

HQ = {PRINCIPAL_KEY: {"role": "hq", "username": "hq.test", "district_id": None, "station_id": None}}
TOO_BIG = str(2**63)
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."


@pytest.fixture(autouse=True)
def _leave_the_process_as_it_was() -> Iterator[None]:
    """These tests build Dash apps and send them requests; give later tests' served app what they took: the
    process-wide context (create_dash_app sets its engine) and the callbacks registered with ``dash.callback``
    (Dash moves them into the first app that answers a request)."""
    from dash import _callback

    from dashboards.components import context

    before = context._context
    callbacks = dict(_callback.GLOBAL_CALLBACK_MAP), list(_callback.GLOBAL_CALLBACK_LIST)
    scripts = list(_callback.GLOBAL_INLINE_SCRIPTS)
    yield
    context.set_context(before)  # type: ignore[arg-type]
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_MAP.update(callbacks[0])
    _callback.GLOBAL_CALLBACK_LIST[:] = callbacks[1]
    _callback.GLOBAL_INLINE_SCRIPTS[:] = scripts


def _page_request(pathname: str, search: str) -> dict[str, Any]:
    """What the browser POSTs to render a page (Dash Pages' own callback)."""
    return {
        "output": PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }


def test_a_person_id_beyond_bigint_is_a_400_naming_the_parameter(engine: sa.Engine) -> None:
    client = create_dash_app(engine, None).server.test_client()
    page = client.get(f"/associates?person={TOO_BIG}", environ_overrides=HQ)
    assert page.status_code == 400 and page.text.startswith("person: must be the id of a person record")
    body = _page_request("/dashboards/associates", f"?person={TOO_BIG}")
    rendered = client.post("/_dash-update-component", json=body, environ_overrides=HQ)
    assert rendered.status_code == 400 and rendered.json["message"].startswith("person:")
    for fine in ("12", "abc", ""):  # a number, or none (the page asks for a person)
        assert client.get(f"/associates?person={fine}", environ_overrides=HQ).status_code == 200
        answer = client.post(
            "/_dash-update-component",
            json=_page_request("/dashboards/associates", f"?person={fine}"),
            environ_overrides=HQ,
        )
        assert answer.status_code == 200, answer.text


MALFORMED = {
    "broken JSON": (b'{"output": "nav.search", ', "not valid JSON"),
    "a list": (b"[]", "JSON object"),
    "no output": (b"{}", "output: required"),
    "output not a string": (json.dumps({"output": 5}).encode(), "output: required"),
    "unknown output": (json.dumps({"output": "x.y", "outputs": {"id": "x", "property": "y"}}).encode(), "output: no"),
    "client-side callback": (
        json.dumps({"output": "_pages_dummy.children", "outputs": {"id": "_pages_dummy", "property": "children"}}),
        "output: no server-side callback",
    ),
    "outputs missing": (json.dumps({**_page_request("/", ""), "outputs": None}).encode(), "outputs:"),
    "inputs missing": (json.dumps({k: v for k, v in _page_request("/", "").items() if k != "inputs"}), "inputs:"),
    "too few inputs": (json.dumps({**_page_request("/", ""), "inputs": [{"id": "_pages_location"}]}), "inputs:"),
    "input not an object": (json.dumps({**_page_request("/", ""), "inputs": ["a", "b"]}), "inputs.0:"),
    "wrong input": (
        json.dumps({**_page_request("/", ""), "inputs": [{"id": "f-from", "property": "value"}] * 2}),
        "inputs.0: expected _pages_location.pathname",
    ),
    "changedPropIds not strings": (json.dumps({**_page_request("/", ""), "changedPropIds": [1]}), "changedPropIds"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_callback_bodies_are_400_with_the_reason(engine: sa.Engine, case: str) -> None:
    body, reason = MALFORMED[case]
    client = create_dash_app(engine, None).server.test_client()
    answer = client.post("/_dash-update-component", data=body, content_type="application/json", environ_overrides=HQ)
    assert answer.status_code == 400, answer.text
    assert reason in answer.json["message"]


def test_a_real_failure_in_a_callback_is_logged_and_stays_500(caplog: pytest.LogCaptureFixture) -> None:
    unreachable = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none")
    client = create_dash_app(unreachable, None).server.test_client()
    with caplog.at_level(logging.ERROR, logger="dashboards.errors"):
        answer = client.post("/_dash-update-component", json=_page_request("/dashboards/", ""), environ_overrides=HQ)
    assert answer.status_code == 500 and "logged" in answer.json["message"]
    assert any(record.exc_info for record in caplog.records if record.name == "dashboards.errors")


def test_through_the_login_guard_of_the_one_app(committed: Committed) -> None:
    client = committed.client
    client.cookies.set("cctns_session", committed.headers["Authorization"].removeprefix("Bearer "))
    page = client.get(f"/dashboards/associates?person={TOO_BIG}")
    assert page.status_code == 400 and "person:" in page.text
    broken = client.post(
        "/dashboards/_dash-update-component", content=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and "not valid JSON" in broken.json()["message"]
    assert client.get("/dashboards/associates?person=1").status_code == 200
