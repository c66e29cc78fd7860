"""Operations: search index lag (the outbox), dashboard rollups waiting, imports and their rejects, SMS sent and
failed, where those features are installed on this server.

The system's health is for all staff, administrators included (it holds no case data); import jobs only for those
who may follow them (HQ all, a district SP their district's: ``Jurisdiction.import_jobs``)."""

from __future__ import annotations

from typing import Any

from dash import dash_table, html

from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, page, stat, system_page, who
from dashboards.components.i18n import t
from dashboards.data.operations import operations

PATH = "/operations"


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = float(seconds)
    return f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.0f} min"


@system_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang = view.lang
    found = operations(ctx.engine, caller.access)
    outbox, rollups = found["outbox"], found["rollups"]
    content = [
        html.Div(
            [
                stat(
                    t("index_lag", lang),
                    _age(outbox["oldest_seconds"]) if outbox["waiting"] else "0 s",
                    f"{outbox['waiting']:,} {t('waiting', lang)}, {outbox['failing']:,} {t('failing', lang)}",
                ),
                stat(
                    t("rollup_lag", lang),
                    _age(rollups["oldest_seconds"]) if rollups["waiting"] else "0 s",
                    f"{rollups['waiting']:,} {t('station_days', lang)} {t('waiting', lang)}",
                ),
            ],
            className="stats wide",
        )
    ]
    imports, sms = found["imports"], found["sms"]
    if len(imports):
        content.append(card(t("imports", lang), _table("t-imports", imports)))
    elif not_theirs := caller.access.import_refusal():
        content.append(card(t("imports", lang), html.Div(not_theirs, className="note")))
    else:
        content.append(card(t("imports", lang), html.Div(t("no_imports", lang), className="note")))
    if len(sms):
        content.append(card(t("sms", lang), _table("t-sms", sms)))
    else:
        content.append(card(t("sms", lang), html.Div(t("sms_not_configured", lang), className="note")))
    bar = filter_bar(view, reference, caller.access, language_only=True)
    return page(view, "operations", who(caller, reference, lang), bar, content)


def _table(table_id: str, frame: Any) -> Any:
    frame = frame.astype(str)
    return dash_table.DataTable(
        id=table_id,
        data=frame.to_dict("records"),
        columns=[{"name": column.replace("_", " "), "id": column} for column in frame.columns],
        style_cell={"fontFamily": "inherit", "fontSize": 13, "padding": "4px 8px"},
        page_size=20,
    )
