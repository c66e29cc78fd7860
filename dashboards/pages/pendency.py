"""Pendency and disposal: under investigation beyond 60 and 90 days, charge-sheet rate, final reports by type,
accused named against arrested; by district (state view) or by station (a district chosen)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboards import data
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, empty, graph, page, staff_page, stat, unit_names, who
from dashboards.components.i18n import t

PATH = "/pendency"
FINAL_REPORT_LABELS = {
    "final_report_undetected": ("True but undetected", "सत्य परंतु अनुद्भेदित"),
    "final_report_false": ("False", "असत्य"),
    "final_report_mistake_of_fact": ("Mistake of fact / civil nature", "तथ्य की भूल / दीवानी प्रकृति"),
}


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang, filters = view.lang, view.filters
    frames = data.pendency(ctx.engine, filters)
    unit = frames["unit"]["unit"].iloc[0]
    disposal = frames["disposal"]
    charge_sheets = (
        int(disposal.loc[disposal["status"].isin(data.CHARGE_SHEETED), "firs"].sum()) if len(disposal) else 0
    )
    final_reports = int(disposal.loc[disposal["status"].isin(data.FINAL_REPORTS), "firs"].sum()) if len(disposal) else 0
    rate = charge_sheets / (charge_sheets + final_reports) * 100 if charge_sheets + final_reports else None
    stats = html.Div(
        [
            stat(t("pending_60", lang), f"{int(frames['pending_60']['firs'].sum()):,}"),
            stat(t("pending_90", lang), f"{int(frames['pending_90']['firs'].sum()):,}"),
            stat(
                t("cs_rate", lang),
                f"{rate:.1f}%" if rate is not None else "-",
                f"{charge_sheets:,} / {charge_sheets + final_reports:,}",
            ),
            stat(t("accused", lang), f"{int(disposal['accused'].sum()) if len(disposal) else 0:,}"),
            stat(t("arrested", lang), f"{int(disposal['arrested'].sum()) if len(disposal) else 0:,}"),
        ],
        className="stats wide",
    )
    content = [
        stats,
        _pending(frames, reference, lang, unit),
        _final_reports(disposal, lang),
        _rate_by_unit(disposal, reference, lang, unit),
        _arrests(disposal, reference, lang, unit),
    ]
    return page(view, "pendency", who(caller, reference, lang), filter_bar(view, reference, caller.access), content)


def _pending(frames: dict[str, pd.DataFrame], reference: Any, lang: str, unit: str) -> Any:
    merged = frames["pending_60"].merge(frames["pending_90"], on=unit, how="outer", suffixes=("_60", "_90")).fillna(0)
    if not len(merged):
        return card(t("pending_60", lang), empty(t("no_data", lang)), True)
    merged["name"] = unit_names(merged, reference, lang, unit)
    merged = merged.sort_values("firs_60").tail(40)
    band = "61-90 days" if lang == "en" else "61-90 दिन"
    over = "over 90 days" if lang == "en" else "90 दिन से अधिक"
    figure = go.Figure(
        [
            go.Bar(y=merged["name"], x=merged["firs_90"], name=over, orientation="h", marker_color="#b02a2a"),
            go.Bar(
                y=merged["name"],
                x=merged["firs_60"] - merged["firs_90"],
                name=band,
                orientation="h",
                marker_color="#f0a35e",
            ),
        ]
    )
    figure.update_layout(barmode="stack")
    title = (
        "Cases under investigation for more than 60 days, by age" if lang == "en" else "60 दिन से अधिक अनुसंधानाधीन मामले"
    )
    return card(title, graph(figure, "g-pending", height=max(380, 20 * len(merged))), True)


def _final_reports(disposal: pd.DataFrame, lang: str) -> Any:
    reports = disposal[disposal["status"].isin(data.FINAL_REPORTS)].groupby("status", as_index=False)["firs"].sum()
    if not len(reports):
        return card(t("final_reports", lang), empty(t("no_data", lang)))
    labels = [FINAL_REPORT_LABELS[s][1 if lang == "hi" else 0] for s in reports["status"]]
    figure = go.Figure(go.Pie(labels=labels, values=reports["firs"], hole=0.45))
    return card(t("final_reports", lang), graph(figure, "g-final-reports"))


def _rate_by_unit(disposal: pd.DataFrame, reference: Any, lang: str, unit: str) -> Any:
    frame = (
        disposal.assign(
            cs=disposal["firs"].where(disposal["status"].isin(data.CHARGE_SHEETED), 0),
            fr=disposal["firs"].where(disposal["status"].isin(data.FINAL_REPORTS), 0),
        )
        .groupby(unit, as_index=False)[["cs", "fr"]]
        .sum()
    )
    frame = frame[frame["cs"] + frame["fr"] > 0]
    if not len(frame):
        return card(t("cs_rate", lang), empty(t("no_data", lang)))
    frame["rate"] = (frame["cs"] / (frame["cs"] + frame["fr"]) * 100).round(1)
    frame["name"] = unit_names(frame, reference, lang, unit)
    frame = frame.sort_values("rate")
    figure = go.Figure(go.Bar(y=frame["name"], x=frame["rate"], orientation="h", name="%"))
    figure.update_xaxes(range=[0, 100], ticksuffix="%")
    return card(t("cs_rate", lang), graph(figure, "g-cs-rate", height=max(380, 18 * len(frame))))


def _arrests(disposal: pd.DataFrame, reference: Any, lang: str, unit: str) -> Any:
    frame = disposal.groupby(unit, as_index=False)[["accused", "arrested"]].sum()
    frame = frame[frame["accused"] > 0]
    if not len(frame):
        return card(t("arrests", lang), empty(t("no_data", lang)))
    frame["name"] = unit_names(frame, reference, lang, unit)
    frame = frame.sort_values("accused")
    figure = go.Figure(
        [
            go.Bar(y=frame["name"], x=frame["accused"], name=t("accused", lang), orientation="h"),
            go.Bar(y=frame["name"], x=frame["arrested"], name=t("arrested", lang), orientation="h"),
        ]
    )
    figure.update_layout(barmode="group")
    return card(t("arrests", lang), graph(figure, "g-arrests", height=max(380, 22 * len(frame))))
