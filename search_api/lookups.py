"""Reference codes in query strings (station, district, act, crime head) to their rows, or a 422 naming the field."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from search_api.errors import ApiError


def lookup_code(session: Session, model: Any, code: str, field: str) -> Any:
    row = session.scalar(sa.select(model).where(model.code == code.strip().upper()))
    if row is None:
        message = f"nothing has code {code!r}"
        raise ApiError(422, f"{field}: {message}", problems=[(("query", field), message)])
    return row
