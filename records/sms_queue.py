"""The SMS we send, in Hindi (Unicode) or English, queued in the caller's transaction: a complainant's at each
step of their complaint and of the FIR registered from it (``complaints``, ``cases.complainant_sms``), and an
officer's watch-list alert (``people.alerts``).

A message is a row of ``sms_message`` with a unique idempotency key naming the event it tells about: queuing
the same event twice keeps one row, and the sender (``workers.sms``) sends each row once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from records.models import SmsMessage

TEMPLATES: dict[str, dict[str, str]] = {
    "otp": {
        "en": "CCTNS Bihar: your code is {code}. It is valid for {minutes} minutes. Do not share it with anyone.",
        "hi": "सीसीटीएनएस बिहार: आपका कोड {code} है। यह {minutes} मिनट तक मान्य है। इसे किसी को न बताएं।",
    },
    "complaint_received": {
        "en": "CCTNS Bihar: your complaint {tracking} has reached {station} police station. Keep this number "
        "to follow it online.",
        "hi": "सीसीटीएनएस बिहार: आपकी शिकायत {tracking} थाना {station} को प्राप्त हुई। ऑनलाइन स्थिति देखने के लिए यह नंबर रखें।",
    },
    "complaint_acknowledged": {
        "en": "CCTNS Bihar: complaint {tracking} has been acknowledged by {station} police station.",
        "hi": "सीसीटीएनएस बिहार: शिकायत {tracking} को थाना {station} ने स्वीकार किया।",
    },
    "enquiry_assigned": {
        "en": "CCTNS Bihar: complaint {tracking}: enquiry officer {officer} of {station} PS will look into it.",
        "hi": "सीसीटीएनएस बिहार: शिकायत {tracking}: थाना {station} के जाँच अधिकारी {officer} जाँच करेंगे।",
    },
    "complaint_transferred": {
        "en": "CCTNS Bihar: complaint {tracking} has been sent to {station} police station, which covers the place.",
        "hi": "सीसीटीएनएस बिहार: शिकायत {tracking} क्षेत्राधिकार वाले थाना {station} को भेजी गई।",
    },
    "complaint_closed": {
        "en": "CCTNS Bihar: complaint {tracking} was closed by {station} PS: {reason}",
        "hi": "सीसीटीएनएस बिहार: शिकायत {tracking} थाना {station} द्वारा बंद की गई: {reason}",
    },
    "fir_registered": {
        "en": "CCTNS Bihar: FIR {fir} has been registered at {station} police station on your complaint {tracking}.",
        "hi": "सीसीटीएनएस बिहार: आपकी शिकायत {tracking} पर थाना {station} में प्राथमिकी {fir} दर्ज की गई।",
    },
    "io_assigned": {
        "en": "CCTNS Bihar: FIR {fir} ({station} PS): investigating officer {officer}.",
        "hi": "सीसीटीएनएस बिहार: प्राथमिकी {fir} (थाना {station}): अनुसंधानकर्ता {officer}।",
    },
    "arrest": {
        "en": "CCTNS Bihar: FIR {fir} ({station} PS): an accused has been arrested.",
        "hi": "सीसीटीएनएस बिहार: प्राथमिकी {fir} (थाना {station}): एक अभियुक्त की गिरफ़्तारी हुई।",
    },
    "charge_sheet": {
        "en": "CCTNS Bihar: FIR {fir} ({station} PS): the charge sheet has been filed in court.",
        "hi": "सीसीटीएनएस बिहार: प्राथमिकी {fir} (थाना {station}): न्यायालय में आरोप पत्र दाखिल किया गया।",
    },
    "final_report": {
        "en": "CCTNS Bihar: FIR {fir} ({station} PS): the final report has been submitted to court ({report}).",
        "hi": "सीसीटीएनएस बिहार: प्राथमिकी {fir} (थाना {station}): न्यायालय में अंतिम प्रतिवेदन भेजा गया ({report})।",
    },
    "watch_list": {  # to an officer watching a person (people.alerts); the message is the in-app alert's
        "en": "CCTNS Bihar: {message}",
        "hi": "सीसीटीएनएस बिहार: {message}",
    },
}
FINAL_REPORT_KINDS = {
    "undetected": ("true but undetected", "सत्य परंतु सूत्रहीन"),
    "false": ("found false", "असत्य पाया गया"),
    "mistake_of_fact": ("mistake of fact or civil dispute", "तथ्य की भूल या दीवानी विवाद"),
}
MAX_REASON = 80
MAX_BODY = 1000  # the sms_message.body column
# Said instead of the station's free text (a closing reason) in a case protecting its victim.
WITHHELD_REASON = {
    "en": "ask at the police station for the reason",
    "hi": "कारण थाने से पूछें",
}


def render(kind: str, language: str, **values: Any) -> str:
    """The text of one message; long free text (a closing reason) is cut so the SMS stays short."""
    if "reason" in values and len(str(values["reason"])) > MAX_REASON:
        values["reason"] = str(values["reason"])[: MAX_REASON - 1] + "…"
    return TEMPLATES[kind]["hi" if language == "hi" else "en"].format(**values)


def queue_sms(
    session: Session,
    *,
    key: str,
    to: str,
    kind: str,
    language: str,
    complaint_id: int | None = None,
    fir_id: int | None = None,
    **values: Any,
) -> bool:
    """Add one message to send; False if a message with this key was queued before. Never commits."""
    language = "hi" if language == "hi" else "en"
    result = session.execute(
        insert(SmsMessage)
        .values(
            idempotency_key=key,
            to_number=to,
            body=render(kind, language, **values)[:MAX_BODY],
            language=language,
            kind=kind,
            complaint_id=complaint_id,
            fir_id=fir_id,
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
    )
    return bool(result.rowcount)
