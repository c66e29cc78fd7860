"""The served app's background work is chosen in one place: a broker's worker, or a child process of the server."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

from sqlalchemy.engine import Engine

from records.settings import get_settings
from workers.background import BrokerWork, InProcessWork, background_work
from workers.background_process import BackgroundProcess


def test_a_broker_url_hands_the_work_to_cctns_worker_else_a_child_process_does_it(engine: Engine) -> None:
    broker = background_work(engine, get_settings(broker_url="amqp://guest:guest@127.0.0.1:5672//"))
    assert isinstance(broker, BrokerWork) and broker.by_worker
    here = background_work(engine, get_settings(broker_url=None))
    assert isinstance(here, BackgroundProcess) and not here.by_worker
    assert here.database_url == engine.url.render_as_string(hide_password=False)


def test_the_loops_are_what_cctns_worker_runs(engine: Engine) -> None:
    search: Any = MagicMock()
    here = InProcessWork.for_server(engine, search, get_settings(broker_url=None))
    names = [loop.name for loop in here.loops]
    assert names == ["outbox-relay", "sms-sender", "person-matcher", "rollup-refresh"]
