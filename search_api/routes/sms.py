"""Delivery reports from the SMS provider: it calls back with a message's reference (our idempotency key) or
its own message id, and whether the message reached the phone. The provider proves itself with the shared
secret ``CCTNS_SMS_CALLBACK_TOKEN`` in the ``X-Callback-Token`` header."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator

from records.models import SmsMessage, SmsStatus
from search_api.auth import app_settings
from search_api.dependencies import SessionDep
from search_api.errors import ApiError

router = APIRouter(prefix="/sms", tags=["SMS"])


class DeliveryReport(BaseModel):
    model_config = ConfigDict(extra="ignore")  # providers send more than we read

    reference: str | None = Field(default=None, max_length=100, description="The {key} sent with the message")
    message_id: str | None = Field(default=None, max_length=100, description="The provider's own message id")
    status: Literal["delivered", "failed", "undelivered", "expired", "rejected"]
    error: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _one_id(self) -> DeliveryReport:
        if not self.reference and not self.message_id:
            raise ValueError("give reference (the message's key) or message_id (the provider's id)")
        return self


class DeliveryReportOut(BaseModel):
    id: int
    status: SmsStatus


@router.post("/delivery-reports", response_model=DeliveryReportOut, summary="A provider's delivery report")
def delivery_report(
    request: Request,
    session: SessionDep,
    report: DeliveryReport,
    token: Annotated[str | None, Header(alias="X-Callback-Token", max_length=200)] = None,
) -> DeliveryReportOut:
    """Record whether a sent SMS reached the phone. A message already delivered stays delivered."""
    expected = app_settings(request).sms_callback_token
    if expected is None:
        raise ApiError(404, "delivery reports are not accepted here: set CCTNS_SMS_CALLBACK_TOKEN to enable them")
    if token is None or not hmac.compare_digest(token.encode(), expected.get_secret_value().encode()):
        message = "X-Callback-Token is missing or wrong: send the token configured as CCTNS_SMS_CALLBACK_TOKEN"
        raise ApiError(401, message, problems=[(("header", "X-Callback-Token"), message)])
    query = sa.select(SmsMessage).with_for_update()
    if report.reference:
        query = query.where(SmsMessage.idempotency_key == report.reference)
    else:
        query = query.where(SmsMessage.provider_message_id == report.message_id)
    message = session.scalars(query.limit(1)).first()
    if message is None:
        which = f"reference {report.reference!r}" if report.reference else f"provider id {report.message_id!r}"
        raise ApiError(404, f"no SMS has {which}")
    if message.status is not SmsStatus.DELIVERED:
        if report.status == "delivered":
            message.status, message.delivered_at = SmsStatus.DELIVERED, datetime.now(UTC)
        else:
            message.status = SmsStatus.FAILED
            message.last_error = f"provider reports {report.status}" + (f": {report.error}" if report.error else "")
    session.commit()
    return DeliveryReportOut(id=message.id, status=message.status)
