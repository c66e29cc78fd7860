"""One police station: crime-head mix, month x crime head, and its most recent FIRs linked to their case pages."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboards.components.charts import head_mix, heat_map
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, empty, page, staff_page, who
from dashboards.components.i18n import t
from dashboards.data.trends import station_view
from records.display import label
from records.models import FirStatus

PATH = "/station"


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang, filters = view.lang, view.filters
    bar = filter_bar(view, reference, caller.access)
    if filters.station_id is None:
        return page(
            view,
            "station",
            who(caller, reference, lang),
            bar,
            [card(t("station", lang), empty(t("choose_station", lang)), True)],
        )
    frames = station_view(ctx.engine, filters, caller.access)
    content = [
        head_mix(frames["heads"], reference, lang, "g-mix"),
        _recent(frames["recent"], lang),
        heat_map(frames["heat"], reference, lang, "g-heat", filters.start, filters.end),
    ]
    return page(view, "station", who(caller, reference, lang), bar, content)


def _case_link(fir_id: int) -> str:
    """The FIR's case page: the FIR as registered, what the investigation recorded, its copy (the page refuses
    whoever may not read it, by the same rule as this list)."""
    return f"/station/firs/{fir_id}"


def _recent(frame: pd.DataFrame, lang: str) -> Any:
    """The station's latest FIRs: number (to its case page), day registered in India, sections, status by name."""
    if not len(frame):
        return card(t("recent", lang), empty(t("no_data", lang)))
    rows = [
        html.Tr(
            [
                html.Td(html.A(row["number"], href=_case_link(int(row["id"])), target="_blank")),
                html.Td(pd.Timestamp(row["registered_at"]).tz_convert("Asia/Kolkata").strftime("%d-%m-%Y")),
                html.Td(row["sections"] or ""),
                html.Td(label(FirStatus(row["status"]), "hi" if lang == "hi" else "en")),
            ]
        )
        for _, row in frame.iterrows()
    ]
    header = html.Tr(
        [
            html.Th("FIR" if lang == "en" else "प्राथमिकी"),
            html.Th("Registered" if lang == "en" else "पंजीकृत"),
            html.Th("Sections" if lang == "en" else "धाराएँ"),
            html.Th("Status" if lang == "en" else "स्थिति"),
        ]
    )
    return card(
        t("recent", lang),
        html.Div(
            html.Table([html.Thead(header), html.Tbody(rows)], className="table", id="recent-firs"), className="scroll"
        ),
    )
