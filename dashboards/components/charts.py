"""Figures more than one page draws."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboards.components.frame import card, count_axis, count_ticks, empty, graph, head_names, unit_names
from dashboards.components.i18n import month_label, t
from dashboards.data.filters import add_months


def units_bar(frame: pd.DataFrame, reference: Any, lang: str, column: str, graph_id: str, title: str) -> Any:
    if not len(frame) or frame["firs"].sum() == 0:
        return card(title, empty(t("no_data", lang)))
    frame = frame.assign(name=unit_names(frame, reference, lang, column)).sort_values("firs")
    figure = go.Figure(go.Bar(y=frame["name"], x=frame["firs"], orientation="h", name=t("firs", lang)))
    count_axis(figure, "x", frame["firs"].max())
    return card(title, graph(figure, graph_id, height=max(380, 18 * len(frame))))


def head_mix(frame: pd.DataFrame, reference: Any, lang: str, graph_id: str) -> Any:
    """Share of each crime head, largest first (bars read better than a pie with thirty slices)."""
    if not len(frame) or frame["firs"].sum() == 0:
        return card(t("head_mix", lang), empty(t("no_data", lang)))
    frame = frame.assign(name=head_names(frame, reference, lang)).sort_values("firs")
    share = frame["firs"] / frame["firs"].sum() * 100
    figure = go.Figure(
        go.Bar(
            y=frame["name"],
            x=frame["firs"],
            orientation="h",
            text=[f"{value:.1f}%" for value in share],
            textposition="outside",
            cliponaxis=False,
            marker_color="#4f81bd",
        )
    )
    top = int(frame["firs"].max())
    count_axis(figure, "x", top)
    # Room right of the longest bar for its "30.2%" (the label is drawn outside the bar, past the plot area).
    figure.update_xaxes(range=[0, top * 1.2 + 1])
    return card(t("head_mix", lang), graph(figure, graph_id, height=max(380, 20 * len(frame))))


def heat_map(frame: pd.DataFrame, reference: Any, lang: str, graph_id: str, start: date, end: date) -> Any:
    """Crime heads (rows) by month (columns), every month of ``start``..``end`` a column of its own, months
    without FIRs included as zeros: month names as categories, so no cell can stretch over a gap."""
    if not len(frame) or frame["firs"].sum() == 0:
        return card(t("heat", lang), empty(t("no_data", lang)), True)
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    frame = frame.assign(name=head_names(frame, reference, lang), month=pd.to_datetime(frame["month"]).dt.date)
    order = frame.groupby("name")["firs"].sum().sort_values().index
    table = (
        frame.pivot_table(index="name", columns="month", values="firs", aggfunc="sum", fill_value=0)
        .reindex(index=order, columns=months, fill_value=0)
        .fillna(0)
        .astype(int)
    )
    top = int(table.to_numpy().max())
    labels = [month_label(month, lang) for month in months]
    figure = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=labels,
            y=list(table.index),
            zmin=0,
            colorscale="YlOrRd",
            colorbar={"title": {"text": t("firs", lang)}, **count_ticks(top)},
            hovertemplate="%{y}, %{x}: %{z}<extra></extra>",
            xgap=1 if len(months) <= 36 else 0,
            ygap=1,
        )
    )
    if len(months) <= 24:
        figure.update_xaxes(type="category", tickangle=-45 if len(months) > 12 else 0)
    else:  # years of months: one tick a year, at January, labelled with the year
        januaries = [label for label, month in zip(labels, months, strict=True) if month.month == 1]
        figure.update_xaxes(
            type="category", tickvals=januaries, ticktext=[label.split()[-1] for label in januaries], tickangle=0
        )
    return card(t("heat", lang), graph(figure, graph_id, height=max(380, 22 * len(table) + 80)), True)
