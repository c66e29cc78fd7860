"""The served app owns its background work: its lifespan starts it and, after the last request, stops it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from cctns.asgi import BACKGROUND_GRACE_SECONDS, create_app
from records.database import Database


class Recording:
    by_worker = False

    def __init__(self) -> None:
        self.calls: list[object] = []

    def start(self) -> None:
        self.calls.append("start")

    def stop(self, budget: float) -> list[str]:
        self.calls.append(("stop", budget))
        return ["still-busy"]

    def start_import(self, job_id: int) -> None:
        self.calls.append(("import", job_id))


def test_the_app_starts_its_background_work_and_stops_it_after_the_last_request(engine: Engine) -> None:
    work = Recording()
    app = create_app(Database(engine), background=work)
    assert app.state.background_still_running is None
    with TestClient(app) as client:
        assert work.calls == ["start"]
        assert client.get("/health").status_code in {200, 503}
    assert work.calls == ["start", ("stop", BACKGROUND_GRACE_SECONDS)]
    assert app.state.background_still_running == ["still-busy"]
