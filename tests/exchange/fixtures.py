"""FIRs for the exchange tests, registered through the real commands (``cases``) in the test's transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import load_fir, register_fir
from cases.input import FirInput
from records.access import Jurisdiction
from records.audit import Actor
from records.models import Fir, PoliceStation, Role, User

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
STATION = "VAISHALI-HAJIPUR-SADAR"
IO_NAME = "SI Ramesh Prasad"


def accused(name: str = "Ram Kumar", **extra: Any) -> dict[str, Any]:
    """An accused with what the quality gate asks for (father's name and age) unless ``extra`` says otherwise."""
    return {"name": name, "relative_name": "Shiv Kumar", "relation_kind": "father", "age": 32, "gender": "male"} | extra


def register(session: Session, **fields: Any) -> Fir:
    """An FIR at Hajipur Sadar under BNS 303(2), one accused, investigated by ``IO_NAME``, changed by ``fields``."""
    station = session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == STATION))
    data: dict[str, Any] = {
        "info_received_at": (NOW - timedelta(hours=1)).isoformat(),
        "occurrence_from": (NOW - timedelta(hours=5)).isoformat(),
        "sections": [{"act": "BNS", "section": "303(2)"}],
        "complainant": {"name": "सुनीता देवी", "relative_name": "मोहन प्रसाद", "age": 40, "gender": "female"},
        "accused": [accused()],
        "brief_facts": "घर से मोबाइल और नकद चोरी",
        "place_address": "Ward 7, Hajipur",
        "io_name": IO_NAME,
        "io_rank": "SI",
    } | fields
    fir = register_fir(
        session,
        FirInput.model_validate(data),
        station_id=station,
        actor=Actor(user_id=None),
        access=Jurisdiction(Role.HQ),
        now=NOW,
    )
    return load_fir(session, fir.id)


def officer(session: Session, full_name: str) -> User:
    """A station officer of Hajipur Sadar called ``full_name``."""
    station = session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == STATION))
    user = User(
        username=full_name.lower().replace(" ", "."),
        full_name=full_name,
        password_hash="not-a-hash",
        role=Role.STATION_OFFICER,
        station_id=station,
    )
    session.add(user)
    session.flush()
    return user
