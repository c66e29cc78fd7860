"""The citizen portal through HTTP, as a browser without JavaScript uses it: forms, codes, CSRF, rate limits,
attachments, languages and the status page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from records.models import Complaint, ComplaintAttachment, ComplaintStatus, RateLimitHit, SmsMessage
from search_api.csrf import CODE_PER_MOBILE, FILE_PER_IP, FILE_PER_MOBILE
from tests.complaints.test_complaints import JPEG, PNG, form_values
from tests.portal.portal_support import csrf_token, file_and_confirm, latest_code, submit
from tests.search_api.fir_api_support import World

pytest_plugins = ["tests.search_api.fir_api_support", "tests.portal.portal_support"]


def _complaint(world: World, tracking: str) -> Complaint:
    world.session.expire_all()
    complaint = world.session.scalar(sa.select(Complaint).where(Complaint.tracking_number == tracking))
    assert complaint is not None
    return complaint


def test_pages_render_in_hindi_by_default_and_english_on_request(portal: World) -> None:
    home = portal.client.get("/portal/")
    assert home.status_code == 200 and 'lang="hi"' in home.text and "शिकायत दर्ज करें" in home.text
    english = portal.client.get("/portal/complaints/new?lang=en")
    assert 'lang="en"' in english.text and "File a complaint" in english.text
    assert portal.client.cookies.get("cctns_lang") == "en"
    assert "Hajipur Sadar" in english.text and 'name="viewport"' in english.text
    assert "<script" not in english.text, "the citizens' pages need no JavaScript"
    again = portal.client.get("/portal/status")
    assert 'lang="en"' in again.text, "the language is kept in a cookie"


def test_file_confirm_and_get_a_tracking_number_with_attachments(portal: World) -> None:
    values = form_values()
    response = submit(portal, values, files=[("attachments", ("photo.jpg", JPEG, "image/jpeg"))])
    assert response.status_code == 303
    tracking = response.headers["location"].split("/")[-2]
    complaint = _complaint(portal, tracking)
    assert complaint.status is ComplaintStatus.AWAITING_CONFIRMATION
    attachment = portal.session.scalars(
        sa.select(ComplaintAttachment).where(ComplaintAttachment.complaint_id == complaint.id)
    ).one()
    assert (attachment.content_type, attachment.content) == ("image/jpeg", JPEG)

    page = portal.client.get(response.headers["location"])
    mobile = complaint.mobile
    assert len(mobile) == 10 and f"{mobile[:2]}xxxxxx{mobile[-2:]}" in page.text, "the mobile is shown masked"
    assert mobile not in page.text, "and never in full"
    token = csrf_token(portal, response.headers["location"])
    code = latest_code(portal.session, mobile)
    wrong_code = "000000" if code != "000000" else "111111"
    wrong = portal.client.post(f"/portal/complaints/{tracking}/confirm", data={"csrf_token": token, "code": wrong_code})
    assert wrong.status_code == 422 and "4 प्रयास बाकी" in wrong.text
    right = portal.client.post(f"/portal/complaints/{tracking}/confirm", data={"csrf_token": token, "code": code})
    assert right.status_code == 200 and tracking in right.text and "हाजीपुर सदर" in right.text
    assert _complaint(portal, tracking).status is ComplaintStatus.RECEIVED
    kinds = portal.session.scalars(
        sa.select(SmsMessage.kind).where(SmsMessage.complaint_id == complaint.id).order_by(SmsMessage.id)
    ).all()
    assert kinds == ["otp", "complaint_received"]


def test_every_form_refuses_a_post_without_a_valid_csrf_token(portal: World) -> None:
    tracking, mobile = file_and_confirm(portal)
    posts = {
        "/portal/complaints": form_values(),
        f"/portal/complaints/{tracking}/confirm": {"code": "123456"},
        f"/portal/complaints/{tracking}/resend": {},
        "/portal/status": {"tracking_number": tracking, "mobile": mobile},
        "/portal/status/view": {"tracking_number": tracking, "mobile": mobile, "code": "123456"},
    }
    good = csrf_token(portal)
    for path, data in posts.items():
        for token in (None, "0" * 64, good[:-1] + ("0" if good[-1] != "0" else "1")):
            body = dict(data, **({"csrf_token": token} if token else {}))
            response = portal.client.post(path, data=body)
            assert response.status_code == 403, (path, token, response.text[:300])
            assert "फ़ॉर्म फिर से खोलें" in response.text, "the error page says what to do next"
    stolen = portal.client.cookies.get("cctns_csrf")
    portal.client.cookies.clear()
    response = portal.client.post("/portal/status", data={"csrf_token": good, "tracking_number": tracking})
    assert response.status_code == 403 and stolen, "a token without its cookie is refused"


def test_bad_fields_come_back_with_every_problem_and_what_was_typed(portal: World) -> None:
    values = form_values(name="", mobile="12345", description="too short", place="x" * 301)
    response = submit(portal, values)
    assert response.status_code == 422
    assert "कृपया इसे भरें" in response.text and "मोबाइल" in response.text and "300" in response.text
    assert "too short" in response.text, "what the citizen typed is kept"
    english = portal.client.post(
        "/portal/complaints?lang=en", data={**values, "csrf_token": csrf_token(portal)}, follow_redirects=False
    )
    assert english.status_code == 422 and "please fill this in" in english.text


def test_attachments_are_checked_by_content_not_name(portal: World) -> None:
    count = portal.session.scalar(sa.select(sa.func.count(Complaint.id)))
    response = submit(portal, files=[("attachments", ("photo.jpg", b"MZ\x90\x00 not a photo", "image/jpeg"))])
    assert response.status_code == 422 and "JPEG" in response.text
    too_many = [("attachments", (f"p{n}.png", PNG, "image/png")) for n in range(4)]
    response = submit(portal, files=too_many)
    assert response.status_code == 422 and "3" in response.text
    assert portal.session.scalar(sa.select(sa.func.count(Complaint.id))) == count


def test_a_body_over_the_portal_limit_gets_a_page_saying_what_to_do(portal: World) -> None:
    big = JPEG + b"\x00" * (7 * 1024 * 1024)
    response = submit(portal, files=[("attachments", ("big.jpg", big, "image/jpeg"))])
    assert response.status_code == 413 and "2 MB" in response.text and "<html" in response.text


def test_filing_is_limited_per_mobile_number(portal: World) -> None:
    values = form_values()
    for _ in range(FILE_PER_MOBILE.count):
        assert submit(portal, values).status_code == 303
    refused = submit(portal, values)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "मिनट बाद फिर प्रयास करें" in refused.text and "112" in refused.text


def test_filing_is_limited_per_ip_address(portal: World) -> None:
    for _ in range(FILE_PER_IP.count):
        assert submit(portal, form_values()).status_code == 303
    assert submit(portal, form_values()).status_code == 429
    hits = portal.session.scalar(sa.select(sa.func.count()).where(RateLimitHit.bucket == FILE_PER_IP.bucket))
    assert hits == FILE_PER_IP.count, "the limits are kept in PostgreSQL"


def test_new_codes_are_limited_per_mobile_number(portal: World) -> None:
    response = submit(portal)
    tracking = response.headers["location"].split("/")[-2]
    token = csrf_token(portal, response.headers["location"])
    for _ in range(CODE_PER_MOBILE.count - 1):  # filing sent the first
        resent = portal.client.post(f"/portal/complaints/{tracking}/resend", data={"csrf_token": token})
        assert resent.status_code == 200 and "नया कोड" in resent.text
    assert portal.client.post(f"/portal/complaints/{tracking}/resend", data={"csrf_token": token}).status_code == 429


def _status(portal: World, tracking: str, mobile: str) -> str:
    token = csrf_token(portal, "/portal/status")
    asked = portal.client.post(
        "/portal/status", data={"csrf_token": token, "tracking_number": tracking, "mobile": mobile}
    )
    assert asked.status_code == 200, asked.text
    shown = portal.client.post(
        "/portal/status/view",
        data={
            "csrf_token": token,
            "tracking_number": tracking,
            "mobile": mobile,
            "code": latest_code(portal.session, mobile),
        },
    )
    assert shown.status_code == 200, shown.text
    return shown.text


def test_status_page_shows_history_and_the_fir_once_registered(portal: World) -> None:
    tracking, mobile = file_and_confirm(portal)
    page = _status(portal, tracking, mobile)
    assert "थाने को प्राप्त" in page and "fir-number" not in page
    complaint_id = _complaint(portal, tracking).id
    officer = portal.as_("officer_sadar")
    assert portal.client.post(f"/api/v1/complaints/{complaint_id}/acknowledge", headers=officer).status_code == 200
    converted = portal.client.post(
        f"/api/v1/complaints/{complaint_id}/convert",
        json={"sections": [{"act": "BNS", "section": "303(2)"}], "io_name": "SI Anil Kumar"},
        headers=officer,
    )
    assert converted.status_code == 201, converted.text
    number = converted.json()["fir_number"]
    page = _status(portal, tracking, mobile)
    assert f'id="fir-number">{number}<' in page and "SI Anil Kumar" in page and "सुनीता देवी" in page
    wrong = portal.client.post(
        "/portal/status",
        data={"csrf_token": csrf_token(portal, "/portal/status"), "tracking_number": tracking, "mobile": "9999999999"},
    )
    assert wrong.status_code == 404 and "ट्रैकिंग नंबर" in wrong.text


def test_status_page_never_shows_the_victim_in_a_sexual_offence(portal: World) -> None:
    tracking, mobile = file_and_confirm(portal, form_values(category="harassment_of_women"))
    complaint_id = _complaint(portal, tracking).id
    officer = portal.as_("officer_sadar")
    portal.client.post(f"/api/v1/complaints/{complaint_id}/acknowledge", headers=officer)
    converted = portal.client.post(
        f"/api/v1/complaints/{complaint_id}/convert",
        json={"sections": [{"act": "BNS", "section": "74"}]},
        headers=officer,
    )
    assert converted.status_code == 201, converted.text
    page = _status(portal, tracking, mobile)
    assert converted.json()["fir_number"] in page
    assert "सुनीता देवी" not in page and "स्टेशन रोड" not in page and "मोटरसाइकिल" not in page
    assert "धारा 72" in page


@pytest.mark.parametrize("section", ["69", "98"])
def test_status_page_hides_the_victim_whatever_the_crime_head(portal: World, section: str) -> None:
    """BNS 69 and 98 count as "other IPC crimes"; the protected-offence table protects them all the same."""
    tracking, mobile = file_and_confirm(portal, form_values(category="assault"))
    complaint_id = _complaint(portal, tracking).id
    officer = portal.as_("officer_sadar")
    portal.client.post(f"/api/v1/complaints/{complaint_id}/acknowledge", headers=officer)
    converted = portal.client.post(
        f"/api/v1/complaints/{complaint_id}/convert",
        json={"sections": [{"act": "BNS", "section": section}], "accused": [{"name": "Kalu Mahto"}]},
        headers=officer,
    )
    assert converted.status_code == 201, converted.text
    page = _status(portal, tracking, mobile)
    assert converted.json()["fir_number"] in page and "धारा 72" in page
    for shown in ("सुनीता देवी", "स्टेशन रोड", "मोटरसाइकिल", "Kalu Mahto"):
        assert shown not in page, shown


def test_status_page_hides_the_stations_notes_in_a_protected_complaint(portal: World) -> None:
    tracking, mobile = file_and_confirm(portal, form_values(category="sexual_offence"))
    complaint_id = _complaint(portal, tracking).id
    officer = portal.as_("officer_sadar")
    closed = portal.client.post(
        f"/api/v1/complaints/{complaint_id}/close",
        json={"reason": "Parvati Kumari and her uncle settled it at Mahua chowk"},
        headers=officer,
    )
    assert closed.status_code == 200, closed.text
    page = _status(portal, tracking, mobile)
    assert "Parvati" not in page and "Mahua" not in page and "धारा 72" in page


def test_old_rate_limit_counts_are_purged(portal: World) -> None:
    from datetime import UTC, datetime, timedelta

    from search_api.csrf import purge_old_hits

    old = datetime.now(UTC) - timedelta(days=2)
    portal.session.add(RateLimitHit(bucket="file:ip", subject="203.0.113.9", at=old))
    portal.session.add(RateLimitHit(bucket="file:ip", subject="203.0.113.9", at=datetime.now(UTC)))
    portal.session.flush()
    assert purge_old_hits(portal.session) >= 1
    left = portal.session.scalars(sa.select(RateLimitHit.at).where(RateLimitHit.subject == "203.0.113.9")).all()
    assert len(left) == 1 and left[0] > old
