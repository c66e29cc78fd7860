"""The SMS gateway interface and its backends.

- ``development``: nothing leaves the machine; the ``sms_message`` table is the inbox (``cctns sms list``
  and the demo show it), and each message is marked delivered at once.
- ``http``: POSTs each message to ``CCTNS_SMS_GATEWAY_URL`` with a body made from
  ``CCTNS_SMS_GATEWAY_TEMPLATE`` and the message's idempotency key in the ``Idempotency-Key`` header (and the
  ``{key}`` placeholder), so a gateway that honours it drops a repeat of a message whose answer was lost.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from records.settings import Settings


@dataclass(frozen=True)
class OutgoingSms:
    to: str
    body: str
    language: str
    key: str


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str
    delivered: bool = False  # True when the backend knows it reached the phone (development)


class TemporaryFailure(Exception):
    """The gateway could not take the message now (timeout, 5xx, 429): try again later."""


class PermanentFailure(Exception):
    """The gateway refused the message for good (4xx other than 408 and 429)."""


class SmsGateway(Protocol):
    name: str

    def send(self, message: OutgoingSms) -> SendResult: ...


class DevelopmentGateway:
    """Keeps messages in the ``sms_message`` table, where the demo and the tests read them."""

    name = "development"

    def send(self, message: OutgoingSms) -> SendResult:
        return SendResult(provider_message_id=f"dev-{message.key}"[:100], delivered=True)


def fill_template(template: str, values: dict[str, str]) -> str:
    """Replace ``{name}`` placeholders: JSON-escaped in a JSON template, URL-encoded in a form template."""
    is_json = template.lstrip().startswith("{")
    out = template
    for name, value in values.items():
        if name == "unicode":
            escaped = value
        elif is_json:
            escaped = json.dumps(value, ensure_ascii=False)[1:-1]
        else:
            escaped = urllib.parse.quote(value, safe="")
        out = out.replace("{" + name + "}", escaped)
    return out


class HttpGateway:
    """A provider's HTTP API, reached with one POST per message."""

    name = "http"

    def __init__(self, url: str, template: str, sender: str, timeout: float) -> None:
        self.url, self.template, self.sender, self.timeout = url, template, sender, timeout
        self.is_json = template.lstrip().startswith("{")

    def send(self, message: OutgoingSms) -> SendResult:
        unicode = not message.body.isascii()
        body = fill_template(
            self.template,
            {
                "to": message.to,
                "sender": self.sender,
                "body": message.body,
                "key": message.key,
                "language": message.language,
                "unicode": ("true" if unicode else "false") if self.is_json else ("1" if unicode else "0"),
            },
        )
        content_type = "application/json" if self.is_json else "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.url,
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": f"{content_type}; charset=utf-8", "Idempotency-Key": message.key},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read(4096).decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            detail = f"gateway answered HTTP {error.code}"
            if error.code in {408, 429} or error.code >= 500:
                raise TemporaryFailure(detail) from None
            raise PermanentFailure(f"{detail}: {error.read(300).decode('utf-8', 'replace')}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            raise TemporaryFailure(f"gateway unreachable: {getattr(error, 'reason', error)}") from None
        return SendResult(provider_message_id=_provider_id(text))


def _provider_id(text: str) -> str:
    try:
        answer = json.loads(text)
    except ValueError:
        return text.strip()[:100] or "accepted"
    if isinstance(answer, dict):
        for name in ("message_id", "id", "reference", "request_id"):
            if answer.get(name) is not None:
                return str(answer[name])[:100]
    return "accepted"


def gateway_from_settings(settings: Settings) -> SmsGateway:
    if settings.sms_backend == "http":
        assert settings.sms_gateway_url
        return HttpGateway(
            settings.sms_gateway_url,
            settings.sms_gateway_template,
            settings.sms_sender_id,
            settings.sms_gateway_timeout_seconds,
        )
    return DevelopmentGateway()
