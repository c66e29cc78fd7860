"""How stored values are shown to people (issue 23 items 13 to 15): the names of coded values in English and
Hindi, times in India Standard Time with the label "IST", and amounts in Indian digit grouping.

The database keeps codes (``final_report_undetected``) and UTC; every page, copy and command that shows them
to a person goes through here, so one rule decides each. The staff pages get :data:`LABELS` from
``GET /api/v1/labels``; complaint categories and statuses keep their home in ``portal.i18n``.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from records.models import (
    ArrestKind,
    CourtResult,
    Direction,
    FinalReportKind,
    FirStatus,
    Gender,
    InformationType,
    LinkStatus,
    PartyRole,
    PropertyKind,
    RelationKind,
    Role,
)

Language = Literal["en", "hi"]
IST = timezone(timedelta(hours=5, minutes=30), "IST")

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    # kind: {code: (English, Hindi)}
    "fir_status": {
        FirStatus.REGISTERED: ("Registered", "दर्ज"),
        FirStatus.UNDER_INVESTIGATION: ("Under investigation", "अनुसंधान जारी"),
        FirStatus.CHARGE_SHEETED: ("Charge-sheeted", "आरोप-पत्र समर्पित"),
        FirStatus.FINAL_REPORT_UNDETECTED: ("Final report: true but undetected", "अंतिम प्रतिवेदन: सत्य परंतु अनुद्भेदित"),
        FirStatus.FINAL_REPORT_FALSE: ("Final report: false", "अंतिम प्रतिवेदन: असत्य"),
        FirStatus.FINAL_REPORT_MISTAKE_OF_FACT: (
            "Final report: mistake of fact or civil nature",
            "अंतिम प्रतिवेदन: तथ्य की भूल या दीवानी प्रकृति",
        ),
        FirStatus.SENT_TO_COURT: ("Sent to court", "न्यायालय को भेजा गया"),
        FirStatus.DISPOSED: ("Disposed of by the court", "न्यायालय द्वारा निष्पादित"),
        FirStatus.TRANSFERRED: ("Transferred to the station concerned", "संबंधित थाने को स्थानांतरित"),
    },
    "property_kind": {
        PropertyKind.CASH: ("Cash", "नकद"),
        PropertyKind.JEWELLERY: ("Jewellery", "आभूषण"),
        PropertyKind.VEHICLE: ("Vehicle", "वाहन"),
        PropertyKind.MOBILE_PHONE: ("Mobile phone", "मोबाइल फ़ोन"),
        PropertyKind.LIVESTOCK: ("Livestock", "मवेशी"),
        PropertyKind.DOCUMENTS: ("Documents", "दस्तावेज़"),
        PropertyKind.LIQUOR: ("Liquor", "शराब"),
        PropertyKind.NARCOTICS: ("Narcotics", "मादक पदार्थ"),
        PropertyKind.ARMS: ("Arms", "हथियार"),
        PropertyKind.OTHER: ("Other", "अन्य"),
    },
    "final_report_kind": {
        FinalReportKind.CHARGE_SHEET: ("Charge sheet", "आरोप-पत्र"),
        FinalReportKind.UNDETECTED: ("Final report: true but undetected", "अंतिम प्रतिवेदन: सत्य परंतु अनुद्भेदित"),
        FinalReportKind.FALSE: ("Final report: false", "अंतिम प्रतिवेदन: असत्य"),
        FinalReportKind.MISTAKE_OF_FACT: (
            "Final report: mistake of fact or civil nature",
            "अंतिम प्रतिवेदन: तथ्य की भूल या दीवानी प्रकृति",
        ),
    },
    "arrest_kind": {ArrestKind.ARREST: ("Arrested", "गिरफ़्तार"), ArrestKind.SURRENDER: ("Surrendered", "आत्मसमर्पण")},
    "court_result": {
        CourtResult.CONVICTED: ("Convicted", "दोषसिद्ध"),
        CourtResult.ACQUITTED: ("Acquitted", "दोषमुक्त"),
        CourtResult.DISCHARGED: ("Discharged", "उन्मोचित"),
        CourtResult.COMPOUNDED: ("Compounded", "राजीनामा"),
        CourtResult.WITHDRAWN: ("Prosecution withdrawn", "अभियोजन वापस"),
        CourtResult.ABATED: ("Abated", "उपशमित"),
    },
    "party_role": {
        PartyRole.COMPLAINANT: ("Complainant", "शिकायतकर्ता"),
        PartyRole.VICTIM: ("Victim", "पीड़ित"),
        PartyRole.ACCUSED: ("Accused", "अभियुक्त"),
        PartyRole.SUSPECT: ("Suspect", "संदिग्ध"),
        PartyRole.WITNESS: ("Witness", "गवाह"),
    },
    "role": {
        Role.ADMIN: ("Administrator", "प्रशासक"),
        Role.HQ: ("Police headquarters", "पुलिस मुख्यालय"),
        Role.INVESTIGATOR: ("Investigator", "अनुसंधानकर्ता"),
        Role.DISTRICT_SP: ("Superintendent of Police", "पुलिस अधीक्षक"),
        Role.STATION_OFFICER: ("Station officer", "थाना प्रभारी"),
    },
    "gender": {
        Gender.MALE: ("Male", "पुरुष"),
        Gender.FEMALE: ("Female", "महिला"),
        Gender.TRANSGENDER: ("Transgender", "ट्रांसजेंडर"),
        Gender.UNKNOWN: ("Not known", "अज्ञात"),
    },
    "link_status": {
        LinkStatus.REVIEW: ("Waiting for review", "समीक्षा हेतु लंबित"),
        LinkStatus.AUTO: ("Linked automatically", "स्वतः जोड़ा गया"),
        LinkStatus.CONFIRMED: ("Confirmed by a reviewer", "समीक्षक द्वारा पुष्ट"),
        LinkStatus.REJECTED: ("Rejected by a reviewer", "समीक्षक द्वारा अस्वीकृत"),
        LinkStatus.UNLINKED: ("Unmerged", "अलग किया गया"),
    },
    "information_type": {
        InformationType.ORAL: ("Oral", "मौखिक"),
        InformationType.WRITTEN: ("Written", "लिखित"),
        InformationType.E_FIR: ("e-FIR (online)", "ई-प्राथमिकी (ऑनलाइन)"),
        InformationType.ZERO_FIR: ("Zero FIR (from another station's area)", "शून्य प्राथमिकी (अन्य थाना क्षेत्र की)"),
    },
    "direction": {
        Direction.N: ("North", "उत्तर"),
        Direction.NE: ("North-east", "उत्तर-पूर्व"),
        Direction.E: ("East", "पूर्व"),
        Direction.SE: ("South-east", "दक्षिण-पूर्व"),
        Direction.S: ("South", "दक्षिण"),
        Direction.SW: ("South-west", "दक्षिण-पश्चिम"),
        Direction.W: ("West", "पश्चिम"),
        Direction.NW: ("North-west", "उत्तर-पश्चिम"),
    },
    "relation_kind": {
        RelationKind.FATHER: ("Father", "पिता"),
        RelationKind.HUSBAND: ("Husband", "पति"),
        RelationKind.MOTHER: ("Mother", "माता"),
        RelationKind.GUARDIAN: ("Guardian", "अभिभावक"),
    },
}
_BY_ENUM: dict[type[enum.Enum], str] = {
    FirStatus: "fir_status",
    PropertyKind: "property_kind",
    FinalReportKind: "final_report_kind",
    ArrestKind: "arrest_kind",
    CourtResult: "court_result",
    PartyRole: "party_role",
    Role: "role",
    Gender: "gender",
    RelationKind: "relation_kind",
    InformationType: "information_type",
    Direction: "direction",
    LinkStatus: "link_status",
}


def label(value: enum.Enum, language: Language = "en") -> str:
    """The name of a coded value in ``language`` (a value without a name shows as words, never as a code)."""
    names = LABELS[_BY_ENUM[type(value)]].get(value)
    if names is None:
        return str(value.value).replace("_", " ").capitalize()
    return names[0] if language == "en" else names[1]


def both(value: enum.Enum) -> str:
    """Hindi and English, as on the bilingual FIR copy: "नकद / Cash"."""
    return f"{label(value, 'hi')} / {label(value, 'en')}"


def ist(moment: datetime, *, seconds: bool = False) -> str:
    """A stored moment (UTC, or naive UTC) as India Standard Time, labelled: "07-12-2026 18:55 IST"."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(IST).strftime("%d-%m-%Y %H:%M:%S IST" if seconds else "%d-%m-%Y %H:%M IST")


def indian_grouping(value: int | Decimal) -> str:
    """Digits grouped the Indian way, lakh and crore: 120000 -> "1,20,000", 12345678 -> "1,23,45,678"."""
    whole = int(value)
    sign, digits = ("-" if whole < 0 else ""), str(abs(whole))
    if len(digits) <= 3:
        return sign + digits
    head, tail = digits[:-3], digits[-3:]
    pairs = [head[max(0, end - 2) : end] for end in range(len(head), 0, -2)][::-1]
    return sign + ",".join([*pairs, tail])


def rupees(value: Decimal | int | None, language: Language = "en") -> str:
    """An amount as on an Indian police form: "Rs 1,20,000", paise only when there are any ("Rs 1,250.50");
    on a Hindi page "रु. 1,20,000"."""
    if value is None:
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = int(amount)
    paise = abs(amount - whole) * 100
    sign = "रु." if language == "hi" else "Rs"
    return f"{sign} {indian_grouping(whole)}" + (f".{int(paise):02d}" if paise else "")
