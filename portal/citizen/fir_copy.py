"""The complainant's copy of their FIR as a PDF file, offered on the status page once they have proved their
mobile number with a one-time code. The page gives a link signed with the server's secret for that complaint
and FIR, good for :data:`LINK_MINUTES`; what the copy shows is ``complaints.disclosure.complainant_copy`` (the
victim's identity withheld in protected cases), drawn by ``search_api.print_pdf`` as for the station."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import Response

from cases import load_fir
from cases.reading.fir import fir_view
from complaints.disclosure import complainant_copy
from portal.citizen import frame
from records.audit import Actor
from records.models import Complaint
from search_api.fir_schemas import fir_out
from search_api.print_pdf import render_fir_pdf

router = APIRouter()
LINK_MINUTES = 30


def _signature(secret: str, complaint: Complaint, fir_id: int, until: int) -> str:
    message = f"fir-copy:{complaint.id}:{complaint.tracking_number}:{complaint.mobile}:{fir_id}:{until}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def download_url(request: Request, complaint: Complaint, fir_id: int) -> str:
    """The link to the PDF copy for the complainant who has just proved their mobile number."""
    until = int(time.time()) + LINK_MINUTES * 60
    query = urlencode({"until": until, "sig": _signature(frame.secret_of(request), complaint, fir_id, until)})
    return f"{frame.PREFIX}/complaints/{complaint.tracking_number}/fir-copy.pdf?{query}"


@router.get("/complaints/{tracking_number}/fir-copy.pdf", response_model=None)
def fir_copy_pdf(request: Request, session: frame.PortalSession, tracking_number: str) -> Response:
    until_text, signature = request.query_params.get("until", ""), request.query_params.get("sig", "")
    # the signature names the complaint's mobile too: only the link the verified page gave opens it
    complaint = session.scalar(sa.select(Complaint).where(Complaint.tracking_number == tracking_number.upper()[:24]))
    copy = complainant_copy(session, complaint) if complaint is not None else None
    if complaint is None or copy is None or not until_text.isdigit() or len(signature) != 64:
        return frame.error_page(request, 404, "link_expired")
    until = int(until_text)
    expected = _signature(frame.secret_of(request), complaint, copy.fir_id, until)
    if not hmac.compare_digest(expected, signature) or until < time.time():
        return frame.error_page(request, 410, "link_expired")
    view = fir_view(session, load_fir(session, copy.fir_id))
    pdf = render_fir_pdf(
        fir_out(view), station=view.station, district=view.district, sections=view.sections, withheld=copy.withheld
    )
    actor = Actor(client_address=frame.client_of(request), via="citizen portal (complainant)")
    actor.audit(
        session,
        "citizen_copy",
        "fir",
        copy.fir_id,
        {"number": view.fir.number, "complaint": complaint.tracking_number, "victim_withheld": copy.withheld},
    )
    session.commit()
    name = f"FIR-{view.station.code}-{view.fir.serial}-{view.fir.year}.pdf"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(pdf, media_type="application/pdf", headers=headers)
