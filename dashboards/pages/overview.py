"""State overview: this period against last year by crime head, the monthly trend since 2008 beside NCRB's
published tables, a map of districts by count and by rate per lakh, and the districts rising fastest."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboards.components.district_map import boundaries_problem, district_map
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import (
    card,
    count_axis,
    empty,
    graph,
    head_names,
    page,
    staff_page,
    unit_names,
    who,
)
from dashboards.components.i18n import name_column, t
from dashboards.data.boundaries import load_boundaries
from dashboards.data.ncrb import ncrb_reference_series
from dashboards.data.trends import overview

PATH = "/"
MIN_FOR_RISING = 10  # districts with fewer FIRs last year are left out of "rising fastest"
MIN_FOR_RISING_STATION = 5  # stations likewise (a station's 1 -> 3 is no trend)


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang, filters = view.lang, view.filters
    frames = overview(ctx.engine, filters)
    content = []

    by_head = frames["by_head"]
    if len(by_head) and by_head["firs"].sum() + by_head["firs_last_year"].sum() > 0:
        by_head = by_head.assign(name=head_names(by_head, reference, lang)).sort_values("firs")
        figure = go.Figure(
            [
                go.Bar(
                    y=by_head["name"],
                    x=by_head["firs_last_year"],
                    name=t("last_year", lang),
                    orientation="h",
                    marker_color="#b4c6dc",
                ),
                go.Bar(
                    y=by_head["name"],
                    x=by_head["firs"],
                    name=t("this_period", lang),
                    orientation="h",
                    marker_color="#1f4e79",
                ),
            ]
        )
        figure.update_layout(barmode="group")
        count_axis(figure, "x", max(by_head["firs"].max(), by_head["firs_last_year"].max()))
        content.append(card(t("by_head", lang), graph(figure, "g-by-head", height=max(380, 24 * len(by_head)))))
    else:
        content.append(card(t("by_head", lang), empty(t("no_data", lang))))

    content.append(_rising(frames["units"], reference, lang, filters.unit))
    trend = frames["trend"]
    figure = go.Figure(go.Scatter(x=trend["month"], y=trend["firs"], mode="lines", name=t("firs", lang)))
    count_axis(figure, "y", trend["firs"].max() if len(trend) else 0)
    content.append(card(t("trend", lang), graph(figure, "g-trend") if len(trend) else empty(t("no_data", lang)), True))

    series = ncrb_reference_series(ctx.engine, filters)
    figure = go.Figure(
        [
            go.Bar(x=series["year"], y=series["firs"], name=t("fir_counts", lang)),
            go.Scatter(
                x=series["year"],
                y=series["ncrb"],
                name=t("ncrb_published", lang),
                mode="lines+markers",
                yaxis="y2",
                marker_color="#c0504d",
            ),
        ]
    )
    figure.update_layout(
        yaxis={"title": {"text": t("fir_counts", lang)}},
        yaxis2={
            "title": {"text": t("ncrb_published", lang)},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
        },
        legend={"traceorder": "normal"},
    )
    note = ""
    if series["ncrb"].isna().all():
        note = t("ncrb_not_loaded", lang)
        figure.update_layout(yaxis2={"visible": False})
    content.append(
        card(t("ncrb_beside", lang), html.Div([html.Div(note, className="note"), graph(figure, "g-ncrb")]), True)
    )

    content.extend(_maps(ctx, reference, frames["districts"], lang))
    return page(view, "overview", who(caller, reference, lang), filter_bar(view, reference, caller.access), content)


def _maps(ctx: Any, reference: Any, districts: pd.DataFrame, lang: str) -> list[Any]:
    boundaries = load_boundaries(ctx.boundaries_path)
    if boundaries.geojson is None:
        return [card(t("map_count", lang), html.Div(boundaries_problem(boundaries, lang), className="notice"), True)]
    merged = reference.districts.merge(districts, left_on="id", right_on="district_id", how="left").fillna({"firs": 0})
    territorial = merged[merged["census_code"].notna() & (merged["census_code"] != "")]
    polygons = territorial.groupby("census_code", as_index=False).agg(
        firs=("firs", "sum"), population=("population_2011", "sum"), name=(name_column(lang), " + ".join)
    )
    polygons["rate"] = (polygons["firs"] / polygons["population"] * 100_000).round(1)
    railway = int(merged.loc[merged["kind"] == "railway", "firs"].sum())
    cards = []
    names = dict(zip(polygons["census_code"].astype(str), polygons["name"], strict=True))
    for key, column, scale, unit in (
        ("map_count", "firs", "Reds", "FIRs" if lang == "en" else "प्राथमिकियाँ"),
        ("map_rate", "rate", "Purples", "per lakh" if lang == "en" else "प्रति लाख"),
    ):
        values = dict(zip(polygons["census_code"].astype(str), polygons[column].astype(float), strict=True))
        figure = district_map(boundaries.geojson, values, names, scale, unit, counts=column == "firs")
        cards.append(card(t(key, lang), graph(figure, f"g-{key}", height=440)))
    note = (
        f"Railway police districts police no territory and are left off the maps ({railway:,} FIRs this period). "
        "Bagaha and Bettiah share West Champaran's polygon, Naugachhia and Bhagalpur Bhagalpur's. "
        "Population: Census 2011 (records/reference/data/districts.csv)."
        if lang == "en"
        else f"रेल पुलिस जिलों का कोई क्षेत्र नहीं है, वे मानचित्र पर नहीं हैं (इस अवधि में {railway:,} प्राथमिकियाँ)। "
        "बगहा और बेतिया पश्चिम चंपारण का, नवगछिया और भागलपुर भागलपुर का क्षेत्र साझा करते हैं। "
        "जनसंख्या: जनगणना 2011 (records/reference/data/districts.csv)।"
    )
    cards.append(html.Div(note, className="note wide"))
    return cards


def _rising(units: pd.DataFrame, reference: Any, lang: str, unit: str) -> Any:
    """The districts (state-wide) or the stations (of the district chosen) rising fastest against last year."""
    title = t("rising" if unit == "district_id" else "rising_stations", lang)
    least = MIN_FOR_RISING if unit == "district_id" else MIN_FOR_RISING_STATION
    frame = units[units["firs_last_year"] >= least].copy()
    if not len(frame):
        return card(title, empty(t("no_rising", lang).format(n=least)))
    frame["change"] = (frame["firs"] - frame["firs_last_year"]) / frame["firs_last_year"] * 100
    frame = frame.sort_values("change", ascending=False).head(10)
    frame["name"] = unit_names(frame, reference, lang, unit)
    rows = [
        html.Tr(
            [
                html.Td(row["name"]),
                html.Td(f"{int(row['firs_last_year']):,}"),
                html.Td(f"{int(row['firs']):,}"),
                html.Td(
                    f"{row['change']:+.0f}%",
                    className="up" if row["change"] > 0 else "down" if row["change"] < 0 else "",
                ),
            ]
        )
        for _, row in frame.iterrows()
    ]
    header = html.Tr(
        [
            html.Th(t("district" if unit == "district_id" else "station", lang)),
            html.Th(t("last_year", lang)),
            html.Th(t("this_period", lang)),
            html.Th(t("change", lang)),
        ]
    )
    return card(title, html.Table([html.Thead(header), html.Tbody(rows)], className="table"))
