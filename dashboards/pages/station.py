"""One police station: crime-head mix, month x crime head, and its most recent FIRs linked to their print view."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pandas as pd
from dash import html

from dashboards.components.charts import head_mix, heat_map
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, empty, page, staff_page, who
from dashboards.components.i18n import t
from dashboards.data.trends import station_view

PATH = "/station"


def _code(reference: Any, station_id: int) -> str:
    return str(reference.stations.loc[reference.stations["id"] == station_id, "code"].iloc[0])


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
        _recent(frames["recent"], lang, _code(reference, filters.station_id)),
        heat_map(frames["heat"], reference, lang, "g-heat", filters.start, filters.end),
    ]
    return page(view, "station", who(caller, reference, lang), bar, content)


def _search_link(number: str, station_code: str) -> str:
    """The FIR in the staff search (its record, people and print view are one click from there)."""
    return "/staff/search?" + urlencode({"q": number, "station": station_code})


def _recent(frame: pd.DataFrame, lang: str, station_code: str) -> Any:
    if not len(frame):
        return card(t("recent", lang), empty(t("no_data", lang)))
    rows = [
        html.Tr(
            [
                html.Td(html.A(row["number"], href=_search_link(row["number"], station_code), target="_blank")),
                html.Td(pd.Timestamp(row["registered_at"]).tz_convert("Asia/Kolkata").strftime("%d %b %Y")),
                html.Td(row["sections"] or ""),
                html.Td(str(row["status"]).replace("_", " ")),
            ]
        )
        for _, row in frame.iterrows()
    ]
    header = html.Tr(
        [
            html.Th("FIR"),
            html.Th("Registered" if lang == "en" else "पंजीकृत"),
            html.Th("Sections" if lang == "en" else "धाराएँ"),
            html.Th("Status" if lang == "en" else "स्थिति"),
        ]
    )
    return card(
        t("recent", lang),
        html.Div(html.Table([html.Thead(header), html.Tbody(rows)], className="table"), className="scroll"),
    )
