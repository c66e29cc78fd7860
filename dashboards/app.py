"""The Dash app for HQ and districts (Dash Pages), meant to be mounted at ``/dashboards/`` of the one ASGI app.

The login guard in front of it (``cctns.dashboards_mount``) puts the officer into the request; pages and callbacks
read it through ``dashboards.components.context`` (never from a query or a callback's inputs) and ask
``records.access.Jurisdiction`` what it may see: every figure and list is narrowed to the officer's station,
district or the state, and administrators (who read no cases) see only the operations page's system health.
"""

from __future__ import annotations

import io
from pathlib import Path

import dash
import flask
from dash import Dash, _callback, dcc, html
from sqlalchemy.engine import Engine

from dashboards.components import filters as _filters  # noqa: F401 - registers the filter bar's callback
from dashboards.components.context import DashboardContext, context, current_caller, set_context
from dashboards.errors import install_error_handling
from dashboards.pages import (
    associates,
    district,
    ncrb,
    network,
    operations,
    overview,
    pendency,
    station,
    women_sc_st,
)
from records.access import Forbidden

PREFIX = "/dashboards/"
PAGES = {
    overview: "State overview",
    district: "District",
    station: "Police station",
    pendency: "Pendency and disposal",
    women_sc_st: "Crimes against women and SC/ST",
    operations: "Operations",
    ncrb: "NCRB tables",
    associates: "Associates",
    network: "Network",  # issue 25: the nationwide network, courts and prisons
}
STYLE = """
body { margin: 0; font-family: 'Noto Sans', 'Noto Sans Devanagari', Arial, sans-serif; background: #f4f6f9;
       color: #1d2733; }
.header { display: flex; align-items: center; gap: 18px; background: #1f3b5c; color: white; padding: 8px 18px;
          flex-wrap: wrap; }
.brand { font-weight: 600; font-size: 16px; white-space: nowrap; }
.nav { display: flex; gap: 4px; flex-wrap: wrap; flex: 1; }
.nav-link { color: #dce6f2; text-decoration: none; padding: 5px 9px; border-radius: 4px; font-size: 14px; }
.nav-link:hover { background: #2d5280; }
.nav-link.active { background: white; color: #1f3b5c; font-weight: 600; }
.account { display: flex; gap: 6px; align-items: center; font-size: 13px; }
.who { color: #b8c7d9; margin-right: 6px; }
.filter-bar { display: flex; gap: 10px; align-items: flex-end; padding: 10px 18px; background: white;
              border-bottom: 1px solid #dde3ea; flex-wrap: wrap; }
.filter-label { font-size: 11px; color: #5b6b7c; text-transform: uppercase; letter-spacing: .03em; }
.lang-switch { margin-left: auto; font-size: 14px; }
.lang-switch label { margin-left: 10px; }
.notice { margin: 10px 18px 0; padding: 8px 12px; background: #fff4d6; border: 1px solid #f0d58a;
          border-radius: 4px; font-size: 14px; }
.content { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 14px; padding: 14px 18px; }
.card { background: white; border: 1px solid #dde3ea; border-radius: 6px; padding: 10px 14px; min-width: 0; }
.card h3 { margin: 2px 0 6px; font-size: 15px; font-weight: 600; color: #1f3b5c; }
.wide { grid-column: 1 / -1; }
.note { font-size: 12px; color: #5b6b7c; margin: 4px 0; }
.empty { padding: 40px; text-align: center; color: #7b8896; }
.stats { display: flex; gap: 14px; flex-wrap: wrap; }
.stat { background: white; border: 1px solid #dde3ea; border-radius: 6px; padding: 12px 16px;
        min-width: 180px; flex: 1; }
.stat-value { font-size: 26px; font-weight: 600; color: #1f3b5c; }
.stat-label { font-size: 13px; color: #334; }
.stat-note { font-size: 12px; color: #7b8896; }
.table { border-collapse: collapse; width: 100%; font-size: 13px; }
.table th, .table td { border-bottom: 1px solid #e6eaef; padding: 5px 8px; text-align: left; }
.table td.up { color: #b02a2a; font-weight: 600; } .table td.down { color: #2a7a3b; }
.scroll { max-height: 380px; overflow-y: auto; }
.button { display: inline-block; margin: 4px 8px 8px 0; padding: 6px 12px; background: #1f3b5c; color: white;
          border-radius: 4px; text-decoration: none; font-size: 13px; }
"""


def create_dash_app(engine: Engine, boundaries_path: Path | None = None) -> Dash:
    """The Dash app on ``engine``; its Flask server is what the ASGI app mounts at /dashboards/."""
    set_context(DashboardContext(engine, boundaries_path))
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        requests_pathname_prefix=PREFIX,
        routes_pathname_prefix="/",
        title="CCTNS Bihar: crime monitoring",
        suppress_callback_exceptions=True,
        update_title=None,
    )
    for module, title in PAGES.items():
        dash.register_page(module.__name__, path=module.PATH, layout=module.layout, title=title, name=title)
    app.index_string = app.index_string.replace("{%css%}", "{%css%}<style>" + STYLE + "</style>")
    app.layout = html.Div([dcc.Location(id="nav", refresh="callback-nav"), dash.page_container])
    _give_page_callbacks(app)
    _add_downloads(app.server)
    install_error_handling(app, page_checks={associates.PATH: associates.person_of})
    return app


# The callbacks the pages register with ``dash.callback`` at import. Dash hands them to the first app of the
# process that serves a request and then forgets them; each app made here gets its own copy instead, so a second
# app in one process (the tests make several) is complete too.
_PAGE_CALLBACKS: dict[str, tuple[dict[str, object], list[dict[str, object]]]] = {}


def _give_page_callbacks(app: Dash) -> None:
    if not _PAGE_CALLBACKS:
        _PAGE_CALLBACKS["taken"] = (dict(_callback.GLOBAL_CALLBACK_MAP), list(_callback.GLOBAL_CALLBACK_LIST))
        _callback.GLOBAL_CALLBACK_MAP.clear()
        _callback.GLOBAL_CALLBACK_LIST.clear()
    callback_map, callback_list = _PAGE_CALLBACKS["taken"]
    app.callback_map.update(callback_map)
    app._callback_list.extend(callback_list)


def _add_downloads(server: flask.Flask) -> None:
    from dashboards.data.ncrb import ncrb_table
    from records.spreadsheet_cells import write_frame

    def table() -> tuple[object, int]:
        caller = current_caller()
        if caller is None:
            flask.abort(401)
        try:
            year = int(flask.request.args.get("year", ""))
        except ValueError:
            flask.abort(flask.Response("year: give a year such as ?year=2023", status=422, mimetype="text/plain"))
        if not 2000 <= year <= 2100:
            flask.abort(flask.Response("year: must be between 2000 and 2100", status=422, mimetype="text/plain"))
        ctx = context()
        try:
            return ncrb_table(ctx.engine, year, ctx.reference(), caller.access), year
        except Forbidden as refusal:
            flask.abort(flask.Response(str(refusal), status=403, mimetype="text/plain"))

    @server.get("/ncrb.csv")
    def ncrb_csv() -> flask.Response:
        frame, year = table()
        body = io.StringIO()
        write_frame(frame, body, "csv")
        return flask.Response(
            body.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="ncrb_district_crime_heads_{year}.csv"'},
        )

    @server.get("/ncrb.xlsx")
    def ncrb_xlsx() -> flask.Response:
        frame, year = table()
        buffer = io.BytesIO()
        write_frame(frame, buffer, "xlsx", sheet_name=f"Districts {year}")
        return flask.Response(
            buffer.getvalue(),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="ncrb_district_crime_heads_{year}.xlsx"'},
        )
