"""A district: its stations compared, its crime-head mix and a month x crime-head heat map."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboards.components.charts import head_mix, heat_map, units_bar
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import page, staff_page, who
from dashboards.components.i18n import t
from dashboards.data.trends import district_view

PATH = "/district"


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang, filters = view.lang, view.filters
    frames = district_view(ctx.engine, filters)
    if filters.district_id is None:
        compared = units_bar(
            frames["stations"], reference, lang, "district_id", "g-units", t("districts_compared", lang)
        )
        compared.children.insert(1, html.Div(t("choose_district", lang), className="note"))
    else:
        compared = units_bar(frames["stations"], reference, lang, "station_id", "g-units", t("stations_compared", lang))
    content = [
        compared,
        head_mix(frames["heads"], reference, lang, "g-mix"),
        heat_map(frames["heat"], reference, lang, "g-heat", filters.start, filters.end),
    ]
    return page(view, "district", who(caller, reference, lang), filter_bar(view, reference, caller.access), content)
