"""An offer of an FIR (or its charge sheet) to a court, with the FIR copy as PDF: the one path the API route and the
case page's form both take. The PDF is the copy ``search_api.print_pdf`` draws for the station, with the victim's
identity withheld in a protected case as everywhere the copy leaves the station; the offer is then queued for the
store-and-forward sender (``exchange.icjs.offers``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cases.reading.fir import fir_view
from exchange.icjs.keys import IcjsRefused
from exchange.icjs.offers import queue_offer
from exchange.network.peers import peer_by_code
from records.audit import Actor
from records.models import Fir, IcjsCourtOffer, PeerRole
from records.victim_identity import protects_victim
from search_api.fir_schemas import fir_out
from search_api.print_pdf import render_fir_pdf


def offer_to_court(
    session: Session, fir: Fir, *, court_code: str, offered: str, actor: Actor, now: datetime
) -> IcjsCourtOffer:
    """Queue ``fir`` for the registered court ``court_code``; IcjsRefused or InvalidMessage saying why not. The
    caller has checked the actor may write the FIR. Never commits."""
    court_code = court_code.strip().upper()
    court = peer_by_code(session, court_code, (PeerRole.COURT,))
    if court is None:
        raise IcjsRefused("court", f"no court with code {court_code!r} is registered on this node")
    view = fir_view(session, fir)
    withheld = protects_victim(session, fir_id=fir.id)
    pdf = render_fir_pdf(
        fir_out(view), station=view.station, district=view.district, sections=view.sections, withheld=withheld
    )
    return queue_offer(session, fir.id, court_code=court_code, offered=offered, pdf=pdf, actor=actor, now=now)
