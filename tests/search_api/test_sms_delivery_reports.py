"""Delivery reports from the SMS provider: authenticated by the shared token, matched by reference or the
provider's id, and never undoing a delivery."""

from __future__ import annotations

import sqlalchemy as sa

from records.models import SmsMessage, SmsStatus
from records.settings import get_settings
from records.sms_queue import queue_sms
from tests.search_api.fir_api_support import World

pytest_plugins = ["tests.search_api.fir_api_support"]
URL = "/api/v1/sms/delivery-reports"
TOKEN = "a-callback-token-for-tests"


def _message(world: World, key: str) -> SmsMessage:
    queue_sms(world.session, key=key, to="9876543210", kind="arrest", language="en", fir="1/2026", station="X")
    message = world.session.scalars(sa.select(SmsMessage).where(SmsMessage.idempotency_key == key)).one()
    message.status, message.provider_message_id = SmsStatus.SENT, f"gw-{key}"
    world.session.commit()
    return message


def test_reports_need_the_token_and_update_the_status(world: World) -> None:
    app = world.client.app
    first, second = _message(world, "dlr-test:1"), _message(world, "dlr-test:2")
    report = {"reference": "dlr-test:1", "status": "delivered"}
    assert world.client.post(URL, json=report).status_code == 404, "disabled until a token is configured"
    app.state.settings = get_settings(sms_callback_token=TOKEN)  # type: ignore[attr-defined]
    assert world.client.post(URL, json=report).status_code == 401
    assert world.client.post(URL, json=report, headers={"X-Callback-Token": "wrong"}).status_code == 401
    headers = {"X-Callback-Token": TOKEN}
    assert world.client.post(URL, json={"status": "delivered"}, headers=headers).status_code == 422
    assert world.client.post(URL, json={"reference": "nope", "status": "delivered"}, headers=headers).status_code == 404
    done = world.client.post(URL, json=report, headers=headers)
    assert done.status_code == 200 and done.json() == {"id": first.id, "status": "delivered"}
    late = world.client.post(URL, json={"reference": "dlr-test:1", "status": "failed"}, headers=headers)
    assert late.json()["status"] == "delivered", "a delivered message stays delivered"
    failed = world.client.post(
        URL, json={"message_id": "gw-dlr-test:2", "status": "undelivered", "error": "phone off"}, headers=headers
    )
    assert failed.json() == {"id": second.id, "status": "failed"}
    world.session.expire_all()
    assert "phone off" in (world.session.get(SmsMessage, second.id).last_error or "")  # type: ignore[union-attr]
