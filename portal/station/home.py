"""The station home ``/station/``: what a station's officers (the SHO, the duty officer, its investigating
officers) see first; the read view is ``cases.reading.station_home``, narrowed by the caller's jurisdiction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from cases.reading.station_home import PENDING_BANDS, station_home
from portal.i18n import CATEGORY_NAMES, STATUS_NAMES, language_of, pick
from portal.staff_frame import STATION, Officer, StaffSession, page_guard, render
from portal.staff_words import Words

router = APIRouter(include_in_schema=False)
StationOfficer = Annotated[Officer, Depends(page_guard(STATION))]

HOME_WORDS: Words = {
    "title": ("Station home", "थाना मुख्य पृष्ठ"),
    "register_fir": ("Register an FIR", "प्राथमिकी दर्ज करें"),
    "held_back": ("Records held back from the national node", "राष्ट्रीय नोड को भेजने से रोके गए अभिलेख"),
    "confirmations": ("Requests from other states", "अन्य राज्यों के अनुरोध"),
    "today": ("Today's FIRs", "आज की प्राथमिकियाँ"),
    "this_week": ("Earlier this week (from Monday {day})", "इस सप्ताह पहले (सोमवार {day} से)"),
    "none_today": ("No FIR registered today yet.", "आज अभी कोई प्राथमिकी दर्ज नहीं हुई।"),
    "none_week": ("None.", "कोई नहीं।"),
    "fir_no": ("FIR no.", "प्राथमिकी सं."),
    "registered": ("Registered", "दर्ज"),
    "sections": ("Sections", "धाराएँ"),
    "status": ("Status", "स्थिति"),
    "io": ("Investigating officer", "अनुसंधानकर्ता"),
    "not_assigned": ("Not assigned", "नियुक्त नहीं"),
    "pending": ("Cases pending long, by investigating officer", "लंबित मामले, अनुसंधानकर्ता के अनुसार"),
    "pending_hint": (
        "Registered or under investigation, without a charge sheet or final report.",
        "दर्ज या अनुसंधानाधीन, बिना आरोप-पत्र या अंतिम प्रतिवेदन के।",
    ),
    "none_pending": ("No case pending beyond 60 days.", "60 दिन से अधिक कोई मामला लंबित नहीं।"),
    "over_60_days": ("60 to 90 days", "60 से 90 दिन"),
    "over_90_days": ("90 days to a year", "90 दिन से 1 वर्ष"),
    "over_year": ("Over a year", "1 वर्ष से अधिक"),
    "total": ("Total", "कुल"),
    "days": ("{days} days", "{days} दिन"),
    "complaints": ("Complaints waiting", "लंबित शिकायतें"),
    "none_complaints": ("No complaint is waiting.", "कोई शिकायत लंबित नहीं।"),
    "open_queue": ("Open the complaints queue", "शिकायत सूची खोलें"),
    "tracking": ("Tracking no.", "ट्रैकिंग सं."),
    "category": ("Category", "श्रेणी"),
    "waiting": ("Waiting", "प्रतीक्षा"),
    "arrests": ("Arrested persons due in court", "न्यायालय में प्रस्तुत किए जाने वाले गिरफ़्तार व्यक्ति"),
    "arrests_hint": (
        "An arrested person must be produced before a magistrate within 24 hours (BNSS s. 58). Listed until a "
        "court result names them, and for a day after the deadline.",
        "गिरफ़्तार व्यक्ति को 24 घंटे के भीतर मजिस्ट्रेट के समक्ष प्रस्तुत करना अनिवार्य है (बीएनएसएस धारा 58)। "
        "न्यायालय के परिणाम में नाम आने तक, और समय-सीमा के एक दिन बाद तक, सूची में रहते हैं।",
    ),
    "none_arrests": ("Nobody arrested is due in court.", "कोई गिरफ़्तार व्यक्ति प्रस्तुति हेतु शेष नहीं।"),
    "person": ("Person", "व्यक्ति"),
    "arrested_at": ("Arrested", "गिरफ़्तारी"),
    "produce_by": ("Produce by", "प्रस्तुति की समय-सीमा"),
    "hours_left": ("{hours} h left", "{hours} घंटे शेष"),
    "overdue": ("Deadline passed", "समय-सीमा बीत गई"),
    "alerts": ("Alerts", "सूचनाएँ (अलर्ट)"),
    "none_alerts": ("No alerts.", "कोई सूचना नहीं।"),
    "known_offender": ("Known offender", "ज्ञात अपराधी"),
    "watch_list": ("Watch list", "निगरानी सूची"),
    "prison_event": ("Prison", "जेल"),
    "unread": ("new", "नई"),
    "open_case": ("open the case", "मामला खोलें"),
}


def _hours_left(deadline: datetime, now: datetime) -> int:
    return max(int((deadline - now).total_seconds() // 3600), 0)


@router.get("/station/", response_class=HTMLResponse)
def home(request: Request, session: StaffSession, officer: StationOfficer) -> HTMLResponse:
    now = datetime.now(UTC)
    view = station_home(session, officer.access, user_id=officer.user_id, now=now)
    officer.principal.actor(request).audit(
        session,
        "list",
        "station_home",
        None,
        {
            "fir_ids": [fir.fir_id for fir in view.firs_today + view.firs_earlier_this_week][:200],
            "arrest_ids": [due.arrest_id for due in view.arrests_due],
        },
    )
    session.commit()
    return render(
        request,
        officer,
        "station/home.html",
        words=HOME_WORDS,
        home=view,
        bands=[name for _, name in reversed(PENDING_BANDS)],
        category_names=CATEGORY_NAMES,
        complaint_status_names=STATUS_NAMES,
        hours_left=lambda deadline: _hours_left(deadline, now),
        pick=lambda pair: pick(pair, language_of(request)),
    )
