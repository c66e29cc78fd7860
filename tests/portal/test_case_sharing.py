"""The case page's control for what other states may see of the case (issue 25, ``exchange.sharing``): shown to
the station's officers, saved through the rule the API uses, audited, refused with a reason in the officer's
language; the API's PUT and GET say the same."""

from __future__ import annotations

import sqlalchemy as sa

from records.models import AuditEntry, FirSharing
from tests.portal.staff_support import log_in, page_token
from tests.search_api.fir_api_support import World

pytest_plugins = ["tests.search_api.fir_api_support"]


def test_an_officer_sets_the_sharing_level_on_the_case_page(world: World) -> None:
    fir = world.register().json()
    page_path = f"/station/firs/{fir['id']}"
    log_in(world, "officer_sadar")
    page = world.client.get(page_path + "?lang=en")
    assert 'id="sharing-level">Visible to other states<' in page.text
    assert f'action="/station/firs/{fir["id"]}/sharing"' in page.text
    token = page_token(world, page_path)
    saved = world.client.post(
        f"{page_path}/sharing",
        data={"level": "pointer", "reason": "informant at risk", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and "done=sharing" in saved.headers["location"]
    row = world.session.get(FirSharing, fir["id"])
    assert row is not None and row.level == "pointer" and row.reason == "informant at risk"
    audited = world.session.scalars(
        sa.select(AuditEntry.detail).where(
            AuditEntry.action == "set sharing level", AuditEntry.entity_id == str(fir["id"])
        )
    ).all()
    assert [d["to"] for d in audited] == ["pointer"]
    hindi = world.client.get(page_path + "?lang=hi")
    assert "केवल संकेत (थाने से संपर्क करें)" in hindi.text

    refused = world.client.post(
        f"{page_path}/sharing", data={"level": "public", "csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 422 and "is not one of visible, pointer, invisible" in refused.text


def test_the_api_sets_and_reads_it_and_a_protected_case_stays_invisible(world: World) -> None:
    fir = world.register().json()
    officer = world.as_("officer_sadar")
    put = world.client.put(f"/api/v1/firs/{fir['id']}/sharing", json={"level": "invisible"}, headers=officer)
    assert put.status_code == 200, put.text
    assert put.json() == {"fir_id": fir["id"], "level": "invisible", "outside_the_state": "invisible"}
    got = world.client.get(f"/api/v1/firs/{fir['id']}/sharing", headers=world.as_("investigator"))
    assert got.json()["level"] == "invisible"
    bad = world.client.put(f"/api/v1/firs/{fir['id']}/sharing", json={"level": "everyone"}, headers=officer)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "level"
    elsewhere = world.client.put(
        f"/api/v1/firs/{fir['id']}/sharing", json={"level": "visible"}, headers=world.as_("officer_town")
    )
    assert elsewhere.status_code == 403
