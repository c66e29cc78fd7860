"""Crimes against women and against Scheduled Castes and Tribes: FIRs any of whose sections falls under a head
flagged so in the crime-head reference (``crime_head.against_women`` / ``against_sc_st``)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from dashboards.components.charts import units_bar
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, count_axis, empty, graph, head_names, page, staff_page, who
from dashboards.components.i18n import t
from dashboards.data.trends import women_sc_st

PATH = "/women-sc-st"


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang, filters = view.lang, view.filters
    frames = women_sc_st(ctx.engine, filters)
    unit = filters.unit
    content = []
    for flag, key in (("against_women", "women"), ("against_sc_st", "sc_st")):
        trend = frames[f"{flag}_trend"]
        figure = go.Figure(go.Scatter(x=trend["month"], y=trend["firs"], mode="lines", name=t("firs", lang)))
        count_axis(figure, "y", trend["firs"].max() if len(trend) else 0)
        content.append(
            card(t(key, lang), graph(figure, f"g-{key}-trend") if len(trend) else empty(t("no_data", lang)), True)
        )
        heads = frames[f"{flag}_heads"]
        if len(heads):
            heads = heads.assign(name=head_names(heads, reference, lang)).sort_values("firs")
            figure = go.Figure(go.Bar(y=heads["name"], x=heads["firs"], orientation="h"))
            count_axis(figure, "x", heads["firs"].max())
            content.append(card(t(key, lang) + " · " + t("head_mix", lang), graph(figure, f"g-{key}-heads")))
        else:
            content.append(card(t(key, lang) + " · " + t("head_mix", lang), empty(t("no_data", lang))))
        title = t(key, lang) + " · " + t("stations_compared" if unit == "station_id" else "districts_compared", lang)
        content.append(units_bar(frames[f"{flag}_units"], reference, lang, unit, f"g-{key}-units", title))
    return page(view, "women_sc_st", who(caller, reference, lang), filter_bar(view, reference, caller.access), content)
