"""The served app's background work is chosen in one place: a broker's worker, or threads of the server."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

from sqlalchemy.engine import Engine

from records.settings import get_settings
from workers.background import BrokerWork, InProcessWork, background_work


def test_a_broker_url_hands_the_work_to_cctns_worker_else_threads_here_do_it(engine: Engine) -> None:
    search: Any = MagicMock()
    broker = background_work(engine, search, get_settings(broker_url="amqp://guest:guest@127.0.0.1:5672//"))
    assert isinstance(broker, BrokerWork) and broker.by_worker
    here = background_work(engine, search, get_settings(broker_url=None))
    assert isinstance(here, InProcessWork) and not here.by_worker
    names = [loop.name for loop in here.loops]
    assert names == ["outbox-relay", "sms-sender", "person-matcher", "rollup-refresh"]
