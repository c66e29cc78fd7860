"""The FIR copy as PDF: the printable copy of ``print_view`` (the IIF-I layout, Hindi and English) as a file the
complainant and the station can keep, with the same privacy rule (``withheld``: a case protecting its victim,
``records.victim_identity``) and amounts in Indian digit grouping (``records.display.rupees``: Rs 1,20,000).

Devanagari is shaped by HarfBuzz (fpdf2's text shaping through ``uharfbuzz``: conjuncts, the reph, the short i
before its consonant), in Noto Sans Devanagari; Latin text in Noto Sans, the Devanagari font taking every
character the Latin one lacks. Both fonts ship inside this package (``search_api/fonts``, SIL Open Font Licence
in ``OFL.txt``), so the copy looks the same on any server, with no system font needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from records.display import IST, ist, rupees
from search_api.fir_schemas import FirOut, PartyOut
from search_api.print_view import BNSS_FROM, INFORMATION_TYPES, WEEKDAYS_HI, WITHHELD_TEXT
from search_api.print_view import bilingual as both_names

LATIN, DEVANAGARI = "NotoSans", "NotoSansDevanagari"
FONT_FILES = {
    (LATIN, ""): "NotoSans-Regular.ttf",
    (LATIN, "B"): "NotoSans-Bold.ttf",
    (DEVANAGARI, ""): "NotoSansDevanagari-Regular.ttf",
    (DEVANAGARI, "B"): "NotoSansDevanagari-Bold.ttf",
}
WITHHELD_NOTICE = (
    "इस मामले में कानून पीड़ित की पहचान उजागर करने से मना करता है (भा.न्या.सं. धारा 72, भा.दं.सं. धारा 228A, "
    "पॉक्सो अधिनियम धारा 23): नाम, पते, घटनास्थल और तथ्य इस प्रति में नहीं दिखाए गए हैं।\n"
    "The law forbids disclosing the identity of the victim in this case (BNS section 72, IPC section 228A, POCSO Act "
    "section 23): names, addresses, the place and the facts are not shown on this copy."
)
LINE = 5.2  # mm per line of body text
BODY, SMALL = 9.5, 8
KEEP_WITH_HEADING_LINES = 4  # a heading, and the first lines of what it heads (a table's header and first row)


@cache
def _font_paths() -> dict[tuple[str, str], str]:
    """The shipped font files (package data, installed as files: fpdf2 reads fonts from a path)."""
    folder = files("search_api").joinpath("fonts")
    return {key: str(folder.joinpath(name)) for key, name in FONT_FILES.items()}


def when(value: datetime | date | None) -> str:
    """A moment in IST, labelled, with the weekday in both languages; a day as dd-mm-yyyy."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        local = value.astimezone(IST)
        return f"{local:%d-%m-%Y %H:%M} IST ({WEEKDAYS_HI[local.weekday()]}, {local:%A})"
    return f"{value:%d-%m-%Y}"


def _or_dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


class _Copy(FPDF):
    """An A4 page with the fonts loaded, HarfBuzz shaping on, and a footer naming the FIR and the page."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=16)
        for (family, style), path in _font_paths().items():
            self.add_font(family, style, path)
        self.set_fallback_fonts([DEVANAGARI], exact_match=False)
        self.set_text_shaping(True)
        self.set_lang("hi")

    def _render_styled_text_line(self, *args: Any, **kwargs: Any) -> Any:
        # fpdf2 (2.8.8, 2.8.9) switches to a fallback font for a Devanagari run inside a text object, and the PDF keeps
        # that font after it; fpdf2 still believes its own font is set, so a Latin line following a line that
        # ended in Devanagari was drawn with the Devanagari font (garbage). Each line sets its font again.
        self.current_font_is_set_on_page = False
        return super()._render_styled_text_line(*args, **kwargs)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(LATIN, "", 7.5)
        self.cell(0, 5, f"{self.footer_text} · पृष्ठ / page {self.page_no()}/{{nb}}", align="C")

    def lines(self, text: str, **options: Any) -> None:
        """``text`` line by line, each its own paragraph."""
        for line in text.split("\n"):
            self.multi_cell(0, LINE, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **options)

    def text_block(self, text: str, *, size: float = BODY, style: str = "", align: str = "L") -> None:
        self.set_font(LATIN, style, size)
        self.lines(text, align=align)

    def item(self, number: int, hindi: str, english: str, value: str | None = None) -> None:
        """A numbered heading of the form, "2. अधिनियम एवं धाराएँ / Acts and sections", with its value after it; a
        heading whose content follows below starts a new page when that content's first lines would not fit under it
        (a heading alone at the foot of a page)."""
        if value is None and self.will_page_break(1.2 + KEEP_WITH_HEADING_LINES * LINE):
            self.add_page()
        self.ln(1.2)
        self.set_font(LATIN, "B", BODY)
        heading = f"{number}. {hindi} / {english}"
        if value is None:
            self.multi_cell(0, LINE, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            return
        self.multi_cell(0, LINE, f"{heading}: ", new_x=XPos.END, new_y=YPos.TOP, markdown=False, max_line_height=LINE)
        self.set_font(LATIN, "", BODY)
        self.multi_cell(0, LINE, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, header: Sequence[str] | None, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        self.set_font(LATIN, "", SMALL + 0.5)
        with self.table(
            col_widths=tuple(widths),
            first_row_as_headings=header is not None,
            line_height=LINE - 0.6,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=(238, 238, 238)),
            text_align="LEFT",
        ) as table:
            if header is not None:
                row = table.row()
                for text in header:
                    row.cell(text)
            for values in rows:
                row = table.row()
                shown = list(values)
                while len(shown) > 1 and shown[-1] == "":
                    shown.pop()  # trailing empty cells: the last one given spans them
                for index, text in enumerate(shown):
                    span = len(values) - len(shown) + 1 if index == len(shown) - 1 else 1
                    row.cell(text, colspan=span)
        self.ln(0.5)

    def boxed(self, text: str, *, style: str = "", fill: bool = False) -> None:
        """``text`` in a frame (lines kept apart, see :meth:`lines`); the frame is drawn per page it spans."""
        self.set_font(LATIN, style, BODY if not style else SMALL + 0.5)
        self.set_fill_color(238, 238, 238)
        paragraphs = text.split("\n")
        for index, line in enumerate(paragraphs):
            border = "LR" + ("T" if index == 0 else "") + ("B" if index == len(paragraphs) - 1 else "")
            self.multi_cell(
                0, LINE, line or " ", border=border, fill=fill, padding=(0.6, 2), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def notice(self, text: str) -> None:
        self.boxed(text, style="B", fill=True)


def _party_rows(people: Sequence[PartyOut], label: str | None = None) -> list[list[str]]:
    return [
        [
            label or f"A{index}",
            person.name,
            _or_dash(person.relative_name),
            _or_dash(person.age),
            _or_dash(person.address),
        ]
        for index, person in enumerate(people, start=1)
    ]


def render_fir_pdf(
    fir: FirOut,
    *,
    station: Any,
    district: Any,
    sections: Sequence[Any],
    withheld: bool = False,
    printed_at: datetime | None = None,
) -> bytes:
    """The FIR copy as a PDF file (the same inputs as ``print_view.render_fir_print``); ``withheld``: no
    complainant, victim or accused, place, delay reason or facts, as on the HTML copy."""
    registered = fir.registered_at.astimezone(IST)
    under_bnss = registered.date() >= BNSS_FROM
    pdf = _Copy(f"FIR {fir.number} · {station.name_en} ({district.name_en})")
    pdf.set_title(f"प्रथम सूचना रिपोर्ट / FIR {fir.number} — {station.name_en}")
    pdf.set_author(f"{station.name_en} police station, CCTNS Bihar")
    pdf.set_creator("CCTNS Bihar")
    pdf.alias_nb_pages()
    pdf.add_page()

    pdf.text_block("प्रथम सूचना रिपोर्ट / FIRST INFORMATION REPORT", size=14, style="B", align="C")
    law_hi = "भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 173" if under_bnss else "दंड प्रक्रिया संहिता की धारा 154"
    law_en = (
        "Under Section 173 of the Bharatiya Nagarik Suraksha Sanhita, 2023"
        if under_bnss
        else "Under Section 154 of the Code of Criminal Procedure"
    )
    pdf.text_block(f"({law_hi} के अंतर्गत)\n({law_en})", size=SMALL + 0.5, align="C")
    pdf.ln(1)
    if withheld:
        pdf.notice(WITHHELD_NOTICE)

    pdf.item(1, "जिला, थाना, वर्ष, प्राथमिकी सं.", "District, P.S., year, FIR No.")
    pdf.grid(
        ["जिला / District", "थाना / P.S.", "वर्ष / Year", "प्राथमिकी सं. / FIR No.", "दिनांक एवं समय / Date and time"],
        [
            [
                f"{district.name_hi} ({district.name_en})",
                f"{station.name_hi} ({station.name_en})",
                str(fir.year),
                str(fir.serial),
                when(fir.registered_at),
            ]
        ],
        (30, 40, 14, 22, 54),
    )

    pdf.item(2, "अधिनियम एवं धाराएँ", "Acts and sections")
    pdf.grid(
        ["अधिनियम / Act", "धारा / Section", "विवरण / Description"],
        [
            [
                f"{row.act_hi} / {row.act_en}" + (f" ({row.short_name})" if row.short_name != row.act_en else ""),
                row.number,
                (f"{row.title_hi} / " if row.title_hi else "") + row.title_en,
            ]
            for row in sections
        ]
        or [["—", "—", "—"]],
        (62, 20, 98),
    )

    pdf.item(3, "घटना का समय", "Occurrence of offence")
    gd = _or_dash(fir.gd_entry_number) + (f", {when(fir.gd_entry_at)}" if fir.gd_entry_at else "")
    pdf.grid(
        None,
        [
            ["से / From", when(fir.occurrence_from), "तक / To", when(fir.occurrence_to)],
            ["थाने पर सूचना प्राप्ति / Information received at P.S.", when(fir.info_received_at), "", ""],
            ["सामान्य दैनिकी प्रविष्टि / General diary reference", gd, "", ""],
        ],
        (40, 55, 30, 55),
    )

    kind = INFORMATION_TYPES.get(fir.information_type.value, (fir.information_type.value,) * 2)
    pdf.item(4, "सूचना का प्रकार", "Type of information", f"{kind[0]} / {kind[1]}")

    pdf.item(5, "घटनास्थल", "Place of occurrence")
    if withheld:
        pdf.text_block(WITHHELD_TEXT)
    else:
        direction = fir.place_direction.value if fir.place_direction else "—"
        distance = f", {fir.place_distance_km} km" if fir.place_distance_km is not None else ""
        pdf.grid(
            None,
            [
                ["थाने से दिशा एवं दूरी / Direction and distance from P.S.", direction + distance],
                ["बीट सं. / Beat No.", _or_dash(fir.beat)],
                ["पता / Address", _or_dash(fir.place_address)],
            ],
            (60, 120),
        )

    pdf.item(6, "शिकायतकर्ता / सूचक", "Complainant / Informant")
    complainant = fir.complainant
    if withheld:
        pdf.text_block(WITHHELD_TEXT)
    elif complainant is None:
        pdf.text_block("—")
    else:
        born = f" / {when(complainant.date_of_birth)}" if complainant.date_of_birth else ""
        pdf.grid(
            None,
            [
                [
                    "नाम / Name",
                    complainant.name,
                    "पिता / पति का नाम / Father's / husband's name",
                    _or_dash(complainant.relative_name),
                ],
                [
                    "आयु / जन्मतिथि / Age / date of birth",
                    _or_dash(complainant.age) + born,
                    "मोबाइल / Mobile",
                    _or_dash(complainant.mobile),
                ],
                ["पता / Address", _or_dash(complainant.address), "", ""],
            ],
            (36, 54, 40, 50),
        )

    pdf.item(7, "ज्ञात / संदिग्ध अभियुक्त का विवरण", "Details of known / suspected accused")
    if withheld:
        pdf.text_block(WITHHELD_TEXT)
    else:
        rows = _party_rows(fir.accused) + _party_rows(fir.suspects, "संदिग्ध / Suspect")
        pdf.grid(
            ["#", "नाम / Name", "पिता / पति / Relative", "आयु / Age", "पता / Address"],
            rows or [["—", "अज्ञात / Unknown", "—", "—", "—"]],
            (22, 44, 40, 16, 58),
        )
        if fir.victims:
            victims = "; ".join(v.name + (f" ({v.age})" if v.age is not None else "") for v in fir.victims)
            pdf.text_block(f"पीड़ित / Victims: {victims}")

    pdf.item(
        8,
        "सूचना देने में विलंब का कारण",
        "Reasons for delay in reporting",
        WITHHELD_TEXT if withheld else _or_dash(fir.delay_reason),
    )

    pdf.item(9, "संबंधित संपत्ति का विवरण", "Particulars of property involved")
    pdf.grid(
        ["प्रकार / Kind", "विवरण / Description", "मूल्य / Value"],
        [
            [
                both_names(item.kind),
                item.description
                + (f" — {item.vehicle_registration}" if item.vehicle_registration else "")
                + (f" — IMEI {item.mobile_imei}" if item.mobile_imei else ""),
                rupees(item.value),
            ]
            for item in fir.properties
        ]
        or [["—", "—", "—"]],
        (40, 105, 35),
    )
    pdf.item(10, "संपत्ति का कुल मूल्य", "Total value of property", rupees(fir.property_value_total))

    pdf.item(11, "प्राथमिकी की विषय-वस्तु", "Contents of the FIR")
    pdf.boxed(WITHHELD_TEXT if withheld else (fir.brief_facts or "—"))

    pdf.item(12, "की गई कार्रवाई", "Action taken")
    officer = _or_dash(fir.io_name) + (f" ({fir.io_rank})" if fir.io_rank else "")
    pdf.text_block(
        "उपरोक्त सूचना से धाराओं में वर्णित अपराध का होना पाया गया; मामला दर्ज कर अनुसंधान हेतु लिया गया।\n"
        "Since the above information reveals the commission of offences under the sections at item 2, the case is "
        f"registered and taken up for investigation.\nअनुसंधानकर्ता / Investigating officer: {officer}"
    )
    pdf.item(
        13,
        "शिकायतकर्ता को प्राथमिकी की प्रति नि:शुल्क दी गई",
        "FIR read over to the complainant, admitted correct, and a copy given free of cost",
    )

    pdf.ln(14)
    pdf.set_font(LATIN, "", SMALL + 0.5)
    width = (pdf.epw - 20) / 2
    signatures = (
        ("शिकायतकर्ता का हस्ताक्षर / अंगूठे का निशान", "थाना प्रभारी का हस्ताक्षर"),
        ("Signature / thumb impression of complainant", f"Signature of officer in charge, {station.name_en}"),
    )
    for row, (left, right) in enumerate(signatures):
        border = "T" if row == 0 else 0
        pdf.cell(width, LINE - 0.6, left, border=border, align="C")
        pdf.set_x(pdf.l_margin + width + 20)
        pdf.cell(width, LINE - 0.6, right, border=border, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    printed = ist(printed_at or datetime.now(UTC))
    pdf.text_block(f"स्थिति / Status: {both_names(fir.status)} · मुद्रित / Printed {printed} · CCTNS Bihar", size=SMALL)
    return bytes(pdf.output())
