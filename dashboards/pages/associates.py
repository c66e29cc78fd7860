"""Associates: the people named together with a person as accused in FIRs, to depth 1-3, as a network graph.

``?person=ID&depth=N``; clicking a person re-centres the graph on them (the URL changes, so it can be shared).
The person must be one the caller may read (``Jurisdiction.person_refusal``), and only FIRs of stations they may
read make the network, so everyone on it is named in one of those.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
from dash import Input, Output, State, callback, dcc, html, no_update
from sqlalchemy.orm import Session

from dashboards.components.context import current_caller
from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, empty, graph, page, staff_page, who
from dashboards.components.i18n import t
from dashboards.errors import BadDashInput
from people.associates import MAX_DEPTH, Network, associates

PATH = "/associates"
MAX_NODES = 150


MAX_RECORD_ID = 2**63 - 1  # PostgreSQL bigint


def _int(value: Any, default: int | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def person_of(query: Mapping[str, Any]) -> int | None:
    """The ``person`` parameter: None when absent or not a number (the page asks for one); a number that cannot
    be a record id is BadDashInput (400)."""
    person = _int(query.get("person"), None)
    if person is not None and not 1 <= person <= MAX_RECORD_ID:
        raise BadDashInput("person", f"must be the id of a person record, a whole number from 1 to {MAX_RECORD_ID}")
    return person


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang = view.lang
    bar = filter_bar(view, reference, caller.access)
    person = person_of(view.query)
    depth = max(1, min(_int(view.query.get("depth"), 1) or 1, MAX_DEPTH))
    header = who(caller, reference, lang)
    if person is None:
        return page(
            view, "associates", header, bar, [card(t("associates", lang), empty(t("choose_person", lang)), True)]
        )
    with Session(ctx.engine) as session:
        refusal = caller.access.person_refusal(session, person)
        network = None if refusal else associates(session, person, depth, MAX_NODES, stations=caller.access.stations)
    if network is None:
        body = html.Div(refusal, className="notice")
        return page(view, "associates", header, bar, [card(t("associates", lang), body, True)])
    selector = html.Div(
        [
            html.Span(t("depth", lang) + ": ", className="filter-label"),
            dcc.RadioItems(
                id="assoc-depth", options=[1, 2, 3], value=depth, inline=True, style={"display": "inline-block"}
            ),
            dcc.Store(id="assoc-query", data={"person": person, "lang": lang}),
        ]
    )
    if not network.named:  # not named as accused in FIRs the caller may read
        body = empty(t("no_associates", lang))
        return page(view, "associates", header, bar, [card(t("associates", lang), html.Div([selector, body]), True)])
    notes = [html.P(t("associates_cut", lang).format(n=MAX_NODES), className="notice")] if network.truncated else []
    figure = graph(figure_of(network), "assoc-graph", height=640)
    content = html.Div([selector, *notes, html.P(t("associates_help", lang), className="note"), figure])
    return page(view, "associates", header, bar, [card(t("associates", lang), content, True)])


def figure_of(network: Network) -> go.Figure:
    """People on rings by depth around the searched person; hovering a link lists the FIRs they share."""
    positions: dict[int, tuple[float, float]] = {}
    rings: dict[int, list[int]] = {}
    for node, info in network.nodes.items():
        rings.setdefault(info.depth, []).append(node)
    for level, members in rings.items():
        for index, node in enumerate(sorted(members)):
            angle = 2 * math.pi * index / max(len(members), 1) + level * 0.4
            positions[node] = (level * math.cos(angle), level * math.sin(angle))
    figure = go.Figure()
    for (a, b), edge in network.edges.items():
        firs = edge.firs
        (x0, y0), (x1, y1) = positions[a], positions[b]
        label = "<br>".join(sorted(firs.values()))
        figure.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={"color": "#9aa8b8", "width": 1 + min(len(firs), 4)},
                hoverinfo="skip",
                showlegend=False,
            )
        )
        figure.add_trace(
            go.Scatter(
                x=[(x0 + x1) / 2],
                y=[(y0 + y1) / 2],
                mode="markers",
                marker={"size": 8, "color": "#9aa8b8"},
                hovertext=[label],
                hoverinfo="text",
                showlegend=False,
                customdata=[None],
            )
        )
    ids = list(network.nodes)
    figure.add_trace(
        go.Scatter(
            x=[positions[n][0] for n in ids],
            y=[positions[n][1] for n in ids],
            mode="markers+text",
            text=[network.nodes[n].name for n in ids],
            textposition="top center",
            customdata=ids,
            hovertext=[f"{network.nodes[n].name} (#{n})" for n in ids],
            hoverinfo="text",
            marker={
                "size": [22 if n == network.root else 13 for n in ids],
                "color": ["#c0504d" if n == network.root else "#1f4e79" for n in ids],
            },
            showlegend=False,
        )
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x")
    return figure


# Two callbacks, not one with both inputs: a person not named as accused gets the depth selector but no graph,
# and a callback whose input is missing from the page is an error in the browser's console (issue 23).
@callback(
    Output("nav", "search", allow_duplicate=True),
    Input("assoc-graph", "clickData"),
    State("assoc-depth", "value"),
    State("assoc-query", "data"),
    prevent_initial_call=True,
)
def recentre(click: dict[str, Any] | None, depth: int | None, query: dict[str, Any] | None) -> Any:
    """A click on a person becomes the URL (the page re-renders from it, asking again whether the caller may see
    that person); nothing for a caller who reads no cases."""
    points = (click or {}).get("points") or []
    chosen = points[0].get("customdata") if points else None
    return _search(chosen if isinstance(chosen, int) else None, depth, query)


@callback(
    Output("nav", "search", allow_duplicate=True),
    Input("assoc-depth", "value"),
    State("assoc-query", "data"),
    prevent_initial_call=True,
)
def redepth(depth: int | None, query: dict[str, Any] | None) -> Any:
    """A new depth becomes the URL, the person kept."""
    return _search(None, depth, query)


def _search(person: int | None, depth: int | None, query: dict[str, Any] | None) -> Any:
    caller = current_caller()
    if not query or caller is None or caller.access.read_refusal():
        return no_update
    search = f"?person={person or query['person']}&depth={depth or 1}"
    return search + (f"&lang={query['lang']}" if query.get("lang") == "hi" else "")
