"""The station's page of records held back from the national node (issue 25): ``/station/network``.

What the quality gate holds back (with what to fix, in Hindi or English), and what the national node rejected
(with its reasons), each with a link to the case page where it is fixed; once fixed, the FIR's next change sends
it. Also how the state's feed stands (changes waiting, the last error if the national node cannot be reached). The
read functions are ``exchange.network.reports``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from exchange.network.reports import feed_status, held_records
from portal.i18n import language_of, pick
from portal.staff_frame import STATION, Officer, StaffSession, page_guard, render
from portal.staff_words import Words

router = APIRouter(include_in_schema=False)
StationOfficer = Annotated[Officer, Depends(page_guard(STATION))]

NETWORK_WORDS: Words = {
    "title": ("Records held back from the national node", "राष्ट्रीय नोड को भेजने से रोके गए अभिलेख"),
    "hint": (
        "These FIRs are not sent to the national node until they are corrected. Open the case, correct what is "
        "said, and the FIR is sent with its next change.",
        "ये प्राथमिकियाँ सुधार होने तक राष्ट्रीय नोड को नहीं भेजी जातीं। मामला खोलें, बताई गई कमी सुधारें; "
        "अगले बदलाव के साथ प्राथमिकी भेज दी जाएगी।",
    ),
    "none": (
        "Nothing is held back: every FIR of the station can be sent.",
        "कुछ भी रोका नहीं गया: थाने की सभी प्राथमिकियाँ भेजी जा सकती हैं।",
    ),
    "fir_no": ("FIR no.", "प्राथमिकी सं."),
    "registered": ("Registered on", "दर्ज होने की तिथि"),
    "why": ("Why", "कारण"),
    "what_to_fix": ("What to correct", "क्या सुधारें"),
    "held": ("Held back by the quality check", "गुणवत्ता जाँच ने रोका"),
    "rejected": ("Rejected by the national node", "राष्ट्रीय नोड ने अस्वीकार किया"),
    "open_case": ("open the case", "मामला खोलें"),
    "since": ("Since", "कब से"),
    "feed": ("The state's feed to the national node", "राष्ट्रीय नोड को राज्य का प्रेषण"),
    "feed_ok": ("Up to date: nothing waiting.", "अद्यतन: कुछ भी प्रतीक्षा में नहीं।"),
    "feed_waiting": ("{count} changes waiting to be sent.", "{count} बदलाव भेजे जाने की प्रतीक्षा में।"),
    "feed_error": (
        "The national node cannot be reached ({attempts} attempts): {error}. Work goes on; everything is sent "
        "when the link is back.",
        "राष्ट्रीय नोड से संपर्क नहीं हो पा रहा ({attempts} प्रयास): {error}। काम जारी रखें; संपर्क लौटते ही सब भेज दिया जाएगा।",
    ),
}


def _reason(reason: dict[str, Any], language: str) -> str:
    if "reason_en" in reason:
        return pick((reason["reason_en"], reason["reason_hi"]), language)
    return f"{reason.get('path', '')}: {reason.get('reason', '')}"


@router.get("/station/network", response_class=HTMLResponse)
def held_back(request: Request, session: StaffSession, officer: StationOfficer) -> HTMLResponse:
    records = held_records(session, station_id=officer.station_id)
    status = feed_status(session)
    officer.principal.actor(request).audit(
        session, "list", "network_held_records", None, {"fir_ids": [r.fir_id for r in records]}
    )
    session.commit()
    language = language_of(request)
    return render(
        request,
        officer,
        "station/network.html",
        words=NETWORK_WORDS,
        records=records,
        status=status,
        reason=lambda r: _reason(r, language),
    )
