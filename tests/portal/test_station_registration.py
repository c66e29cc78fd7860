"""The station home and the FIR registration form served by the app (no browser): the form writes through the
same command as ``POST /api/v1/firs``, puts each problem next to its field in the officer's language, adds rows
without JavaScript, and the station home lists what it registered; other roles are refused."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.station.fir_form import (
    PARTY_FIELDS,
    PROPERTY_FIELDS,
    TOP_FIELDS,
    UNKNOWN_COUNT,
    UNKNOWN_DESCRIPTION,
    domain_message,
    form_field,
    read_form,
)
from portal.station.registration import field_label
from records.models import AuditEntry, Fir, FirParty, FirProperty, PartyRole, Person
from tests.portal.test_staff_frame import log_in, page_token
from tests.search_api.fir_api_support import World, ist_today

pytest_plugins = ["tests.search_api.fir_api_support"]
FORM = "/station/firs/new"


def _form(token: str, **fields: str) -> dict[str, str]:
    today = ist_today().isoformat()
    base = {
        "csrf_token": token,
        "information_type": "written",
        "info_received_at": f"{today}T00:40",
        "occurrence_from": f"{today}T00:05",
        "place_address": "Station Road, Hajipur",
        "complainant.name": "Ramesh Prasad s/o Shyam Lal",
        "complainant.gender": "male",
        "complainant.age": "45",
        "complainant.mobile": "9876543210",
        "sections.0": "BNS 303(2)",
        "accused.0.name": "Md Islam s/o Rafiq",
        "accused.0.gender": "male",
        "accused.1.name": "सुनील यादव",
        "accused.1.gender": "male",
        "properties.0.kind": "vehicle",
        "properties.0.description": "Hero Splendor motorcycle, black",
        "properties.0.value": "55000",
        "properties.0.vehicle_registration": "br01ab1234",
        "brief_facts": "My motorcycle was stolen from outside my house at night.",
    }
    return {**base, **fields}


def _error_next_to(page: str, field: str) -> str:
    """The message shown under the form field ``field`` (its id is f- and the name with dashes)."""
    fid = "f-" + field.replace(".", "-")
    match = re.search(f'<p class="field-error" id="{fid}-error">([^<]*)</p>', page)
    assert match, f"no message next to {field}"
    assert f'id="{fid}"' in page and f'aria-describedby="{fid}-error"' in page.replace(f"{fid}-hint ", "")
    return match.group(1)


def test_the_form_registers_an_fir_through_the_same_command_and_the_home_lists_it(world: World) -> None:
    log_in(world, "officer_sadar")
    token = page_token(world, FORM)
    response = world.client.post(FORM + "?lang=en", data=_form(token), follow_redirects=False)
    assert response.status_code == 303, response.text
    fir_id = int(response.headers["location"].rsplit("=", 1)[1])
    fir = world.session.get(Fir, fir_id)
    assert fir is not None and fir.station_id == world.station_ids["VAISHALI-HAJIPUR-SADAR"]
    parties = world.session.execute(
        sa.select(FirParty.role, FirParty.name_as_given, FirParty.relative_name_as_given, FirParty.accused_number)
        .where(FirParty.fir_id == fir_id)
        .order_by(FirParty.id)
    ).all()
    assert [tuple(p) for p in parties] == [
        (PartyRole.COMPLAINANT, "Ramesh Prasad", "Shyam Lal", None),
        (PartyRole.ACCUSED, "Md Islam", "Rafiq", 1),
        (PartyRole.ACCUSED, "सुनील यादव", None, 2),
    ]
    vehicle = world.session.scalars(sa.select(FirProperty).where(FirProperty.fir_id == fir_id)).one()
    assert vehicle.vehicle_registration == "BR01AB1234"
    audit = world.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir_id))
    ).one()
    assert (audit.action, audit.user_id) == ("create", world.users["officer_sadar"].id)

    saved = world.client.get(response.headers["location"] + "&lang=en")
    assert f"FIR {fir.number} registered" in saved.text
    assert "Complainant: <strong>Ramesh Prasad</strong> · Father: Shyam Lal" in saved.text  # s/o split off
    assert "Accused A1: <strong>Md Islam</strong> · Father: Rafiq" in saved.text
    assert f'href="/station/firs/{fir_id}"' in saved.text and f'href="/api/v1/firs/{fir_id}/print"' in saved.text
    copy = world.client.get(f"/api/v1/firs/{fir_id}/print")  # the link opens with the page's session cookie
    assert copy.status_code == 200 and fir.number in copy.text
    home = world.client.get("/station/?lang=hi")
    assert home.status_code == 200 and "आज की प्राथमिकियाँ" in home.text
    assert f'<a href="/station/firs/{fir_id}">{fir.number}</a>' in home.text


def test_a_missing_required_field_is_shown_next_to_it_in_english_and_hindi(world: World) -> None:
    log_in(world, "officer_sadar")
    token = page_token(world, FORM)
    before = world.session.scalar(sa.select(sa.func.count()).select_from(Fir))
    for lang, required in (("en", "Required"), ("hi", "आवश्यक है")):
        form = _form(token, **{"complainant.name": "", "accused.1.mobile": "12345", "sections.1": "303(2)"})
        page = world.client.post(f"{FORM}?lang={lang}", data=form)
        assert page.status_code == 422
        assert _error_next_to(page.text, "complainant.name") == required
        named = "शिकायतकर्ता / सूचनादाता — नाम" if lang == "hi" else "Complainant / informant — Name"
        assert f'<a href="#f-complainant-name">{named}: {required}</a>' in page.text
        assert ("मोबाइल नंबर सही नहीं" if lang == "hi" else "Not a mobile number") in _error_next_to(
            page.text, "accused.1.mobile"
        )
        assert ("अधिनियम और धारा" if lang == "hi" else "Write the act and the section") in _error_next_to(
            page.text, "sections.1"
        )
        assert 'value="Md Islam s/o Rafiq"' in page.text, "what was typed is kept"
    assert world.session.scalar(sa.select(sa.func.count()).select_from(Fir)) == before


def test_the_domains_checks_come_back_to_their_fields_in_hindi(world: World) -> None:
    log_in(world, "officer_sadar")
    token = page_token(world, FORM)
    form = _form(token, **{"sections.0": "IPC 379", "sections.1": "BNS 303(2)", "sections.2": "BNS 303(2)"})
    page = world.client.post(f"{FORM}?lang=hi", data=form)
    assert page.status_code == 422
    assert "IPC 379 के स्थान पर BNS 303(2) लिखें" in _error_next_to(page.text, "sections.0")
    assert "दो बार" in _error_next_to(page.text, "sections.2")


def test_rows_are_added_without_javascript_and_empty_rows_are_not_sent(world: World) -> None:
    log_in(world, "officer_sadar")
    token = page_token(world, FORM)
    page = world.client.post(f"{FORM}?lang=en", data={**_form(token), "add": "accused"})
    assert page.status_code == 200
    assert 'name="accused.2.name"' in page.text and 'value="सुनील यादव"' in page.text
    reading = read_form({**_form(token), "accused.2.name": "", "accused.2.gender": "male", "victims.0.age": "30"})
    assert len(reading.body["accused"]) == 2, "a row with only a choice left at its default is not sent"
    assert reading.body["victims"] == [{"age": "30"}], "a row with anything typed is sent, to be checked"


def test_domain_paths_map_to_the_rows_they_came_from() -> None:
    reading = read_form({"accused.0.name": "", "accused.3.name": "Ram", "sections.2": "BNS 64(1)"})
    assert form_field(("accused", 0, "mobile"), reading) == "accused.3.mobile"
    assert form_field(("accused", 0), reading) == "accused.3.name"
    assert form_field(("sections", 0, "act"), reading) == "sections.2"
    assert form_field(("sections",), reading) == "sections.0"
    assert form_field(("complainant",), reading) == "complainant.name"
    assert form_field(("brief_facts",), reading) == "brief_facts"
    assert form_field(("unknown",), reading) == ""
    english, hindi = domain_message("2030-01-01 10:00 IST is in the future (now it is 2026-01-01 10:00 IST)")
    assert english.startswith("2030-01-01")
    assert hindi == "2030-01-01 10:00 IST भविष्य का समय है (अभी 2026-01-01 10:00 IST है)"


def test_unknown_accused_become_a_line_of_the_brief_facts(world: World) -> None:
    log_in(world, "officer_sadar")
    token = page_token(world, FORM)
    form = _form(token, **{"unknown_accused.count": "2", "unknown_accused.description": "two men on a bike"})
    response = world.client.post(FORM, data=form, follow_redirects=False)
    assert response.status_code == 303
    fir = world.session.get(Fir, int(response.headers["location"].rsplit("=", 1)[1]))
    assert fir is not None and fir.brief_facts.endswith("Unknown accused / अज्ञात अभियुक्त: 2 — two men on a bike")


def test_only_station_officers_open_the_station_pages(world: World) -> None:
    for who in ("hq", "sp_vaishali", "admin"):
        log_in(world, who)
        for path in ("/station/", FORM):
            page = world.client.get(path + "?lang=en")
            assert page.status_code == 403, (who, path)
    world.client.cookies.clear()
    assert world.client.get(FORM, follow_redirects=False).status_code == 303  # to the login


def test_a_form_without_the_sessions_token_is_refused(world: World) -> None:
    log_in(world, "officer_sadar")
    before = world.session.scalar(sa.select(sa.func.count()).select_from(Person))
    response = world.client.post(FORM, data=_form("0" * 64))
    assert response.status_code == 403
    assert world.session.scalar(sa.select(sa.func.count()).select_from(Person)) == before


def test_every_form_field_has_a_name_for_the_list_of_problems_in_both_languages() -> None:
    names = [
        *TOP_FIELDS,
        UNKNOWN_COUNT,
        UNKNOWN_DESCRIPTION,
        "sections.0",
        "",
        *(f"complainant.{name}" for name in PARTY_FIELDS),
        *(f"accused.1.{name}" for name in PARTY_FIELDS),
        *(f"victims.0.{name}" for name in PARTY_FIELDS),
        *(f"properties.2.{name}" for name in PROPERTY_FIELDS),
    ]
    for language in ("en", "hi"):
        labels = [field_label(name, language) for name in names]
        assert all(labels) and len(set(labels)) == len(labels), language
    assert field_label("accused.1.mobile", "en") == "Accused A2 — Mobile"
    assert field_label("complainant.name", "hi") == "शिकायतकर्ता / सूचनादाता — नाम"
    assert field_label("sections.2", "hi") == "अधिनियम और धारा 3"


def test_the_same_form_sent_twice_registers_one_fir(world: World) -> None:
    log_in(world, "officer_sadar")
    page = world.client.get(FORM)
    key = re.search(r'name="form_key" value="([0-9a-f-]+)"', page.text)
    assert key, "each form shown carries its own key"
    token = page_token(world, FORM)
    sent = {**_form(token), "form_key": key.group(1)}
    first = world.client.post(FORM, data=sent, follow_redirects=False)
    again = world.client.post(FORM, data=sent, follow_redirects=False)  # a double click, a resend
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    changed = world.client.post(f"{FORM}?lang=en", data={**sent, "brief_facts": "Something else"})
    assert changed.status_code == 422 and "already sent with other content" in changed.text
    fir_ids = world.session.scalars(sa.select(Fir.id).where(Fir.brief_facts.like("My motorcycle%"))).all()
    assert len(fir_ids) == 1
