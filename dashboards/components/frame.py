"""The frame of every page: header with navigation and login, the filter bar, notices, then the page's content."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
from dash import dcc, html

from dashboards.components.filters import View, query_string
from dashboards.components.i18n import t
from records.access import Forbidden

PAGES = (
    ("overview", "/dashboards/"),
    ("district", "/dashboards/district"),
    ("station", "/dashboards/station"),
    ("pendency", "/dashboards/pendency"),
    ("women_sc_st", "/dashboards/women-sc-st"),
    ("operations", "/dashboards/operations"),
    ("ncrb", "/dashboards/ncrb"),
    ("associates", "/dashboards/associates"),
    ("network", "/dashboards/network"),
)
COLOURS = ["#1f4e79", "#c0504d", "#4f81bd", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f"]


def nav(view: View, current: str, who: str) -> html.Div:
    query = query_string({**view.query})
    links = [
        html.A(t(key, view.lang), href=path + query, className="nav-link" + (" active" if key == current else ""))
        for key, path in PAGES
    ]
    return html.Div(
        className="header",
        children=[
            html.Div(t("title", view.lang), className="brand"),
            html.Div(links, className="nav"),
            html.Div(
                [
                    html.Span(who, className="who"),
                    html.A(t("search", view.lang), href="/staff/search", className="nav-link"),
                    html.A(t("logout", view.lang), href="/staff/logout", className="nav-link"),
                ],
                className="account",
            ),
        ],
    )


def page(view: View, current: str, who: str, bar: Any, content: list[Any]) -> html.Div:
    notices = [html.Div(problem, className="notice") for problem in view.problems]
    return html.Div([nav(view, current, who), bar, *notices, html.Div(content, className="content")])


def card(title: str, body: Any, wide: bool = False) -> html.Div:
    return html.Div([html.H3(title), body], className="card wide" if wide else "card")


def graph(figure: go.Figure, graph_id: str, height: int = 380) -> dcc.Graph:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "Noto Sans, Noto Sans Devanagari, Arial, sans-serif", "size": 12},
        colorway=COLOURS,
        legend={"orientation": "h", "y": -0.15},
    )
    figure.update_xaxes(gridcolor="#eee")
    figure.update_yaxes(gridcolor="#eee")
    return dcc.Graph(id=graph_id, figure=figure, config={"displaylogo": False}, className="figure")


def count_step(top: float, ticks: int = 8) -> int:
    """A whole tick step (1, 2, 5, 10, 20, 50, ...) giving at most ``ticks`` ticks up to ``top``."""
    step, factors = 1, (2, 2.5, 2)  # 1 -> 2 -> 5 -> 10 -> 20 ...
    index = 0
    while top / step > ticks:
        step = int(step * factors[index % 3])
        index += 1
    return step


def count_ticks(top: float) -> dict[str, Any]:
    """Axis (or colour bar) settings for counts: ticks on whole numbers only, never 0.5 of an FIR."""
    return {"tick0": 0, "dtick": count_step(top), "tickformat": ",d"}


def count_axis(figure: go.Figure, axis: str, top: float) -> None:
    """Make ``axis`` ("x" or "y") of ``figure`` a count axis starting at zero with whole-number ticks."""
    update = figure.update_xaxes if axis == "x" else figure.update_yaxes
    update(rangemode="tozero", **count_ticks(top))


def empty(message: str) -> html.Div:
    return html.Div(message, className="empty")


def stat(label: str, value: str, note: str = "") -> html.Div:
    return html.Div(
        [
            html.Div(value, className="stat-value"),
            html.Div(label, className="stat-label"),
            html.Div(note, className="stat-note"),
        ],
        className="stat",
    )


def _login_notice() -> html.Div:
    return html.Div(
        [
            "You are not logged in / आपने लॉग इन नहीं किया है: ",
            html.A("Log in / लॉग इन", href="/staff/login?next=/dashboards/"),
        ],
        className="notice",
    )


def refused(view: View, current: str, caller: Any, reference: Any, reason: str) -> html.Div:
    """A page the caller may not see: the frame and why (``records.access``'s reason), no data."""
    operations = html.A(t("operations", view.lang), href="/dashboards/operations" + query_string({**view.query}))
    return page(
        view,
        current,
        who(caller, reference, view.lang),
        html.Div(),
        [
            html.Div(
                [reason[:1].upper() + reason[1:] + ". ", t("refused_see", view.lang), " ", operations],
                className="notice wide",
            )
        ],
    )


def staff_page(build: Callable[[Any, Any, Any, View], Any]) -> Callable[..., Any]:
    """A page of case data for logged-in staff: Dash calls it with the URL's query (a browser's, or any body
    posted to the routing callback); ``build`` gets the data context, the reference tables, the caller
    (:class:`~dashboards.components.context.Caller`, from the request) and the view, narrowed to what the caller
    may read. Nobody logged in sees a login notice; a caller who may read no cases (an administrator) sees why."""
    current = _page_key(build)

    @functools.wraps(build)
    def layout(**query: Any) -> Any:
        from dashboards.components.context import context, current_caller
        from dashboards.components.filters import language_view, parse_view

        caller = current_caller()
        if caller is None:
            return _login_notice()
        ctx = context()
        reference = ctx.reference()
        try:
            view = parse_view(query, reference, caller.access)
        except Forbidden as refusal:
            return refused(language_view(query), current, caller, reference, str(refusal))
        return build(ctx, reference, caller, view)

    return layout


def system_page(build: Callable[[Any, Any, Any, View], Any]) -> Callable[..., Any]:
    """A page of the system's health for any logged-in staff (administrators too): ``build`` gets the caller and a
    view with only the language read, and must itself narrow anything it shows that belongs to a jurisdiction."""

    @functools.wraps(build)
    def layout(**query: Any) -> Any:
        from dashboards.components.context import context, current_caller
        from dashboards.components.filters import language_view

        caller = current_caller()
        if caller is None:
            return _login_notice()
        ctx = context()
        return build(ctx, ctx.reference(), caller, language_view(query))

    return layout


def _page_key(build: Callable[..., Any]) -> str:
    """The navigation key of the page ``build`` draws (its module: dashboards.pages.women_sc_st -> women_sc_st)."""
    return build.__module__.rsplit(".", 1)[-1]


def who(caller: Any, reference: Any, lang: str) -> str:
    """The header's "username · where": their station, their district, the state, or the administration."""
    from dashboards.components.i18n import name_column

    name, access = name_column(lang), caller.access
    if access.station_only is not None:
        rows = reference.stations[reference.stations["id"] == access.station_only]
        where = rows[name].iloc[0] if len(rows) else ""
    elif access.district_only is not None:
        rows = reference.districts[reference.districts["id"] == access.district_only]
        where = rows[name].iloc[0] if len(rows) else ""
    elif access.state_wide:
        where = t("scope_state", lang)
    else:
        where = t("scope_admin", lang)
    return f"{caller.username} · {where}"


def head_names(frame: Any, reference: Any, lang: str, column: str = "crime_head_id") -> Any:
    from dashboards.components.i18n import name_column

    names = dict(zip(reference.heads["id"], reference.heads[name_column(lang)], strict=True))
    return frame[column].map(lambda value: names.get(int(value), str(value)))


def unit_names(frame: Any, reference: Any, lang: str, column: str) -> Any:
    from dashboards.components.i18n import name_column

    table = reference.stations if column == "station_id" else reference.districts
    names = dict(zip(table["id"], table[name_column(lang)], strict=True))
    return frame[column].map(lambda value: names.get(int(value), str(value)))
