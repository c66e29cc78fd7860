"""NCRB-format tables: district x crime head for a year, as in NCRB's *Crime in India*, with CSV and Excel
downloads (served by ``dashboards.app`` at ``/dashboards/ncrb.csv`` and ``.xlsx``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import dash_table, html

from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, page, staff_page, who
from dashboards.components.i18n import t
from dashboards.data.ncrb import ncrb_table

PATH = "/ncrb"


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang = view.lang
    year = view.filters.end.year
    if view.filters.end.month < 12 and year == date.today().year:
        note = (
            f"{year} is not over yet: the table counts FIRs registered so far."
            if lang == "en"
            else f"{year} अभी पूरा नहीं हुआ है: तालिका अब तक दर्ज प्राथमिकियाँ गिनती है।"
        )
    else:
        note = ""
    table = ncrb_table(ctx.engine, year, reference, caller.access)
    links = html.Div(
        [
            html.Span(
                f"{t('ncrb_year', lang)} {year}. "
                + (
                    "Choose another year with 'To'; IPC and BNS heads only, as in NCRB's IPC table. "
                    if lang == "en"
                    else "दूसरा वर्ष 'तक' से चुनें; NCRB की भा.द.वि. तालिका की तरह केवल भा.द.वि. और भा.न.सं. के शीर्ष। "
                ),
                className="note",
            ),
            html.A(t("download_csv", lang), href=f"/dashboards/ncrb.csv?year={year}", className="button"),
            html.A(t("download_xlsx", lang), href=f"/dashboards/ncrb.xlsx?year={year}", className="button"),
            html.Div(note, className="note"),
        ]
    )
    grid = dash_table.DataTable(
        id="t-ncrb",
        data=table.to_dict("records"),
        columns=[{"name": column, "id": column} for column in table.columns],
        page_size=50,
        style_table={"overflowX": "auto", "minWidth": "100%"},
        style_cell={
            "fontFamily": "inherit",
            "fontSize": 12,
            "padding": "4px 6px",
            "minWidth": "90px",
            "whiteSpace": "normal",
            "height": "auto",
        },
        style_header={"fontWeight": "bold", "backgroundColor": "#f1f4f8"},
        style_cell_conditional=[
            {"if": {"column_id": column}, "textAlign": "left"} for column in ("STATE/UT", "DISTRICT", "YEAR")
        ],
        style_data_conditional=[{"if": {"filter_query": '{DISTRICT} = "TOTAL"'}, "fontWeight": "bold"}],
    )
    content = [card(t("ncrb", lang), html.Div([links, grid]), True)]
    bar = filter_bar(view, reference, caller.access, show_station=False)
    return page(view, "ncrb", who(caller, reference, lang), bar, content)
