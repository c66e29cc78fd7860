"""The FIR copy as PDF: the same copy as the HTML print view, read back from the file (its text extracted with
pypdf, its first page drawn with PDFium and left in test-output/pdf for people to look at), with the same
privacy rule for protected offences and amounts in Indian digit grouping."""

from __future__ import annotations

import io
import logging
import re

import pytest
from pypdf import PdfReader

from tests.search_api.fir_api_support import World, fir_body
from tests.support import screenshot_folder

pytest_plugins = ["tests.search_api.fir_api_support"]
API = "/api/v1/firs"


def pdf_text(content: bytes) -> str:
    """Every page's text, whitespace folded (extraction breaks lines inside shaped Devanagari words)."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def draw_first_page(content: bytes, name: str) -> float:
    """Draw page 1 into test-output/pdf/``name``.png; the share of its pixels that are ink (not white)."""
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(content)[0]
    image = page.render(scale=2, fill_color=(255, 255, 255, 255)).to_pil().convert("L")
    folder = screenshot_folder("pdf")
    folder.mkdir(parents=True, exist_ok=True)
    image.save(folder / f"{name}.png")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


def test_the_pdf_copy_is_the_bilingual_iif_copy(world: World, caplog: pytest.LogCaptureFixture) -> None:
    body = fir_body()
    body["properties"][1]["value"] = "120000"
    fir = world.register(body=body).json()
    with caplog.at_level(logging.WARNING):
        response = world.client.get(f"{API}/{fir['id']}/copy.pdf", headers=world.as_("officer_sadar"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="FIR-VAISHALI-HAJIPUR-SADAR-{fir["serial"]}-{fir["year"]}.pdf"'
    )
    content = response.content
    assert content.startswith(b"%PDF-")
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()], "a character had no glyph"
    text = pdf_text(content)
    for shown in (
        "FIRST INFORMATION REPORT",
        "FIR No.",
        "सुनीता देवी",
        "Mohd. Salim",
        "Abdul Karim",
        "Rs 1,20,000",
        "Rs 14,000",
        "Rs 1,34,000",
        "Mobile phone",
        "Vehicle",
        "BR31AB1234",
        "356938035643809",
        "SI Anil Kumar",
        "Registered",
        " IST",
        "Bharatiya Nyaya Sanhita",
        "303(2)",
    ):
        assert shown in text, shown
    assert f"FIR {fir['number']}" in text
    assert "120,000" not in text and "₹" not in text
    reader = PdfReader(io.BytesIO(content))
    fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert {str(font).split("+")[-1] for font in fonts} >= {"NotoSans", "NotoSansDevanagari"}  # embedded, ours
    assert 0.01 < draw_first_page(content, "fir-copy") < 0.5  # drawn, not blank and not a black box


@pytest.mark.parametrize("section", [("BNS", "64(1)"), ("POCSO", "4")])
def test_the_pdf_copy_withholds_the_victims_identity_in_a_protected_case(
    world: World, section: tuple[str, str]
) -> None:
    act, number = section
    body = fir_body(
        sections=[{"act": act, "section": number}],
        victims=[{"name": "Parvati Kumari", "age": 15, "gender": "female"}],
        delay_reason="Parvati was afraid to speak",
        properties=[],
    )
    fir = world.register(body=body).json()
    response = world.client.get(f"{API}/{fir['id']}/copy.pdf", headers=world.as_("sp_vaishali"))
    assert response.status_code == 200
    draw_first_page(response.content, f"fir-copy-protected-{act}")
    text = pdf_text(response.content)
    assert "The law forbids disclosing the identity of the victim" in text and fir["number"] in text
    for hidden in ("सुनीता देवी", "रमेश प्रसाद", "98765", "Parvati", "Mohd. Salim", "मोटरसाइकिल", "स्टेशन रोड"):
        assert hidden not in text, hidden


def test_the_pdf_copy_follows_the_read_rule(world: World) -> None:
    fir = world.register().json()
    assert world.client.get(f"{API}/{fir['id']}/copy.pdf", headers=world.as_("officer_patna")).status_code == 403
    assert world.client.get(f"{API}/{fir['id']}/copy.pdf", headers=world.as_("admin")).status_code == 403
    assert world.client.get(f"{API}/{fir['id']}/copy.pdf").status_code == 401


HEADINGS = (  # the numbered headings of the copy that have their content below them, not after a colon
    "District, P.S., year, FIR No.",
    "Acts and sections",
    "Occurrence of offence",
    "Place of occurrence",
    "Complainant / Informant",
    "Details of known / suspected accused",
    "Particulars of property involved",
    "Contents of the FIR",
    "Action taken",
)


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(world: World) -> None:
    """Issue 22's walk: "11. Contents of the FIR" ended page 1 and its facts began page 2. Copies of every length
    (more property rows, a longer delay reason) move the headings down the page; none may end one."""
    bike = {"kind": "vehicle", "description": "Hero Splendor motorcycle, black", "value": "55000"}
    for rows in range(8):
        for delay_lines in range(3):
            body = fir_body(
                properties=[{**bike, "vehicle_registration": f"BR 01 AB {1000 + row}"} for row in range(rows)],
                delay_reason="\n".join(["The complainant was away in Patna that night."] * delay_lines) or None,
            )
            fir = world.register(body=body).json()
            content = world.client.get(f"{API}/{fir['id']}/copy.pdf", headers=world.as_("officer_sadar")).content
            for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
                above_footer = re.sub(r"\s+", " ", page.extract_text()).split(f"FIR {fir['number']} ·")[0].strip()
                alone = [heading for heading in HEADINGS if above_footer.endswith(heading)]
                assert not alone, f"{rows} property rows, {delay_lines} delay lines: page {number} ends with {alone}"
