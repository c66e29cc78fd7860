"""Figures more than one page draws."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboards.components.frame import card, empty, graph, head_names, unit_names
from dashboards.components.i18n import t


def units_bar(frame: pd.DataFrame, reference: Any, lang: str, column: str, graph_id: str, title: str) -> Any:
    if not len(frame) or frame["firs"].sum() == 0:
        return card(title, empty(t("no_data", lang)))
    frame = frame.assign(name=unit_names(frame, reference, lang, column)).sort_values("firs")
    figure = go.Figure(go.Bar(y=frame["name"], x=frame["firs"], orientation="h", name=t("firs", lang)))
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
    return card(t("head_mix", lang), graph(figure, graph_id, height=max(380, 20 * len(frame))))


def heat_map(frame: pd.DataFrame, reference: Any, lang: str, graph_id: str) -> Any:
    if not len(frame) or frame["firs"].sum() == 0:
        return card(t("heat", lang), empty(t("no_data", lang)), True)
    frame = frame.assign(name=head_names(frame, reference, lang))
    order = frame.groupby("name")["firs"].sum().sort_values().index
    table = frame.pivot_table(index="name", columns="month", values="firs", aggfunc="sum", fill_value=0).reindex(order)
    figure = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=pd.to_datetime(list(table.columns)),
            y=list(table.index),
            colorscale="YlOrRd",
            hovertemplate="%{y}, %{x}: %{z}<extra></extra>",
        )
    )
    return card(t("heat", lang), graph(figure, graph_id, height=max(380, 22 * len(table))), True)
