"""The deadline a confirmation request gets when the asker names none is the setting
``CCTNS_NETWORK_CONFIRMATION_HOURS`` (24 by default, 1 to 720), read by the API and the asking officer's page."""

from __future__ import annotations

from datetime import datetime

import pytest

from records.errors import ConfigurationError
from records.settings import CONFIRMATION_MAX_HOURS, get_settings
from tests.search_api.fir_api_support import World, api_connection, world  # noqa: F401 (fixtures)

ASK = {
    "owning_state": "09",
    "fir_key": "09-LUCKNOW-HAZRATGANJ/2025/1",
    "question": "Is the accused still absconding?",
    "purpose": "absconder",
    "case_reference": "Sadar 12/2026",
}


def test_the_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_settings().network_confirmation_hours == 24
    monkeypatch.setenv("CCTNS_NETWORK_CONFIRMATION_HOURS", "48")
    assert get_settings().network_confirmation_hours == 48
    for bad in ("0", str(CONFIRMATION_MAX_HOURS + 1), "a day"):
        monkeypatch.setenv("CCTNS_NETWORK_CONFIRMATION_HOURS", bad)
        with pytest.raises(ConfigurationError, match="CCTNS_NETWORK_CONFIRMATION_HOURS"):
            get_settings()


def _deadline_hours(answer: dict[str, str]) -> float:
    asked, due = datetime.fromisoformat(answer["requested_at"]), datetime.fromisoformat(answer["answer_by"])
    return (due - asked).total_seconds() / 3600


def test_a_request_without_a_deadline_gets_the_setting(world: World) -> None:  # noqa: F811
    app = world.client.app
    app.state.settings = get_settings(network_state_code="10", network_confirmation_hours=6)  # type: ignore[attr-defined]
    headers = world.headers["investigator"]
    defaulted = world.client.post("/api/v1/network/confirmations", json=ASK, headers=headers)
    assert defaulted.status_code == 201, defaulted.text
    assert _deadline_hours(defaulted.json()) == 6
    named = world.client.post("/api/v1/network/confirmations", json={**ASK, "answer_within_hours": 30}, headers=headers)
    assert named.status_code == 201 and _deadline_hours(named.json()) == 30
    zero = world.client.post("/api/v1/network/confirmations", json={**ASK, "answer_within_hours": 0}, headers=headers)
    assert zero.status_code == 422 and "answer_within_hours" in zero.text
