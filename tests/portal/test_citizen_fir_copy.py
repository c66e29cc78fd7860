"""The complainant's PDF copy of their FIR, from the portal's status page: a signed link the verified page gives,
the copy the disclosure rule allows (the victim's identity withheld in protected cases), refused when tampered
with or old, audited."""

from __future__ import annotations

import html
import re
import time

import sqlalchemy as sa

from portal.citizen import fir_copy
from records.models import AuditEntry, Complaint
from tests.complaints.test_complaints import form_values
from tests.portal.portal_support import file_and_confirm
from tests.portal.test_citizen_portal import _status
from tests.search_api.fir_api_support import World
from tests.search_api.test_fir_copy_pdf import pdf_text

pytest_plugins = ["tests.search_api.fir_api_support", "tests.portal.portal_support"]
LINK = re.compile(r'<a id="fir-copy-pdf" href="([^"]+)"')


def _converted(portal: World, values: dict[str, str] | None, body: dict[str, object]) -> tuple[str, str, str]:
    tracking, mobile = file_and_confirm(portal, values)
    complaint_id = portal.session.scalar(sa.select(Complaint.id).where(Complaint.tracking_number == tracking))
    officer = portal.as_("officer_sadar")
    assert portal.client.post(f"/api/v1/complaints/{complaint_id}/acknowledge", headers=officer).status_code == 200
    converted = portal.client.post(f"/api/v1/complaints/{complaint_id}/convert", json=body, headers=officer)
    assert converted.status_code == 201, converted.text
    return tracking, mobile, converted.json()["fir_number"]


def test_the_complainant_downloads_the_copy_from_the_status_page(portal: World) -> None:
    tracking, mobile = file_and_confirm(portal)
    assert "fir-copy-pdf" not in _status(portal, tracking, mobile)  # no FIR yet, no copy
    tracking, mobile, number = _converted(
        portal, None, {"sections": [{"act": "BNS", "section": "303(2)"}], "io_name": "SI Anil Kumar"}
    )
    page = _status(portal, tracking, mobile)
    link = LINK.search(page)
    assert link, page
    url = html.unescape(link.group(1))
    response = portal.client.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert number in text and "सुनीता देवी" in text and "SI Anil Kumar" in text and "FIRST INFORMATION REPORT" in text
    audited = portal.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "citizen_copy").order_by(AuditEntry.id.desc())
    )
    assert (
        audited is not None and audited.detail["complaint"] == tracking and audited.detail["via"].startswith("citizen")
    )

    tampered = url.replace("until=", "until=1")
    assert portal.client.get(tampered).status_code == 410
    other = url.replace(tracking, "CMP-26-NOSUCH00")
    assert portal.client.get(other).status_code == 404
    old_until = int(time.time()) - 60
    complaint = portal.session.scalar(sa.select(Complaint).where(Complaint.tracking_number == tracking))
    secret = portal.client.app.state.settings.secret_key.get_secret_value()  # type: ignore[attr-defined]
    expired = fir_copy._signature(secret, complaint, complaint.fir_id, old_until)
    late = portal.client.get(f"/portal/complaints/{tracking}/fir-copy.pdf?until={old_until}&sig={expired}")
    assert late.status_code == 410 and "लिंक" in late.text


def test_the_copy_of_a_protected_case_withholds_the_victims_identity(portal: World) -> None:
    tracking, mobile, number = _converted(
        portal,
        form_values(category="harassment_of_women"),
        {"sections": [{"act": "BNS", "section": "74"}], "accused": [{"name": "Kalu Mahto"}]},
    )
    url = html.unescape(LINK.search(_status(portal, tracking, mobile)).group(1))  # type: ignore[union-attr]
    text = pdf_text(portal.client.get(url).content)
    assert number in text and "The law forbids disclosing the identity of the victim" in text
    for hidden in ("सुनीता देवी", "Kalu Mahto", "स्टेशन रोड"):
        assert hidden not in text, hidden
