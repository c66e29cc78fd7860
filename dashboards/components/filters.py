"""The filter bar: months, district, station, crime head, law and language, all kept in the URL's query string
so a view can be shared as a link. Changing a control navigates to the new URL; pages render from the URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from dash import Input, Output, State, callback, dcc, html, no_update

from dashboards.components.i18n import month_label, name_column, t
from dashboards.data.filters import FIRST_MONTH, LAWS, Filters, add_months, month_start
from dashboards.data.reference import Reference
from records.access import Jurisdiction, Place

CONTROLS = ("f-from", "f-to", "f-district", "f-station", "f-head", "f-law", "f-lang")


@dataclass
class View:
    filters: Filters
    lang: str
    problems: list[str] = field(default_factory=list)
    query: dict[str, str] = field(default_factory=dict)


def _month(text: str | None, name: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        problems.append(f"{name}={text!r} is not a month like 2024-07; it was ignored.")
        return None


def _clean(query: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in query.items() if value not in (None, "")}


def _lang(query: dict[str, str]) -> str:
    return "hi" if query.get("lang") == "hi" else "en"


def language_view(query: dict[str, Any]) -> View:
    """The view of a page that shows no case data (operations, a refusal): only the language is read."""
    query = _clean(query)
    return View(Filters.default(), _lang(query), [], query)


def parse_view(query: dict[str, Any], reference: Reference, access: Jurisdiction, today: date | None = None) -> View:
    """Filters from a page's query string, narrowed to what ``access`` may read (:meth:`Filters.within`); bad
    values are named, not guessed. Raises ``Forbidden`` for a caller who reads no cases."""
    problems: list[str] = []
    query = _clean(query)
    default = Filters.default(today)
    start = _month(query.get("from"), "from", problems) or default.start
    end = _month(query.get("to"), "to", problems) or default.end
    start = max(start, FIRST_MONTH)
    if end < start:
        problems.append("'to' is before 'from'; the two were swapped.")
        start, end = end, start
    district_id = station_id = head_id = None
    if code := query.get("district"):
        match = reference.districts[reference.districts["code"] == code.upper()]
        if len(match):
            district_id = int(match["id"].iloc[0])
        else:
            problems.append(f"district={code!r} is not a district code; showing all districts.")
    if code := query.get("station"):
        match = reference.stations[reference.stations["code"] == code.upper()]
        if len(match):
            station_id = int(match["id"].iloc[0])
            district_id = int(match["district_id"].iloc[0])
        else:
            problems.append(f"station={code!r} is not a station code; showing all stations.")
    if code := query.get("head"):
        match = reference.heads[reference.heads["code"] == code.upper()]
        if len(match):
            head_id = int(match["id"].iloc[0])
        else:
            problems.append(f"head={code!r} is not a crime head code; showing all heads.")
    law = query.get("law", "all")
    if law not in LAWS:
        problems.append(f"law={law!r} is not one of {', '.join(LAWS)}; showing all laws.")
        law = "all"
    lang = _lang(query)
    narrowed, refused = Filters(start, end, district_id, station_id, head_id, law).within(access, reference)
    if refused:
        problems.append(t("narrowed_to_jurisdiction", lang))
    return View(narrowed, lang, problems, query)


def month_options(lang: str = "en", today: date | None = None) -> list[dict[str, str]]:
    last = month_start(today or date.today())
    options, month = [], FIRST_MONTH
    while month <= last:
        options.append({"label": month_label(month, lang), "value": month.strftime("%Y-%m")})
        month = add_months(month, 1)
    return options[::-1]


def filter_bar(
    view: View, reference: Reference, access: Jurisdiction, *, show_station: bool = True, language_only: bool = False
) -> html.Div:
    """The controls; their choices are the districts and stations ``access`` may read (and those on screen)."""
    lang, filters, name = view.lang, view.filters, name_column(view.lang)
    districts = reference.districts.loc[
        [
            district_id == filters.district_id or access.district_refusal(district_id) is None
            for district_id in reference.districts["id"]
        ]
    ]
    stations = reference.stations
    if filters.district_id is not None:
        stations = stations[stations["district_id"] == filters.district_id]
    stations = stations.loc[
        [access.covers(Place(int(row.id), int(row.district_id), row.code)) for row in stations.itertuples(index=False)]
    ]
    code_of_district = dict(zip(reference.districts["id"], reference.districts["code"], strict=True))
    code_of_station = dict(zip(reference.stations["id"], reference.stations["code"], strict=True))
    code_of_head = dict(zip(reference.heads["id"], reference.heads["code"], strict=True))
    months = month_options(lang)
    month_width = "165px" if lang == "hi" else "135px"  # "सितंबर 2026", "Dec 2026" and the dropdown's arrow

    def labelled(key: str, control: Any, width: str) -> html.Div:
        style = {"display": "none"} if language_only else {"width": width}
        return html.Div([html.Label(t(key, lang), className="filter-label"), control], style=style)

    shown = query_string(
        {
            "from": filters.start.strftime("%Y-%m"),
            "to": filters.end.strftime("%Y-%m"),
            "district": code_of_district.get(filters.district_id),
            "station": code_of_station.get(filters.station_id),
            "head": code_of_head.get(filters.crime_head_id),
            "law": filters.law,
            "lang": lang,
        }
    )
    return html.Div(
        className="filter-bar",
        children=[
            dcc.Store(id="f-shown", data=shown),
            labelled(
                "from",
                dcc.Dropdown(id="f-from", options=months, value=filters.start.strftime("%Y-%m"), clearable=False),
                month_width,
            ),
            labelled(
                "to",
                dcc.Dropdown(id="f-to", options=months, value=filters.end.strftime("%Y-%m"), clearable=False),
                month_width,
            ),
            labelled(
                "district",
                dcc.Dropdown(
                    id="f-district",
                    options=[{"label": row[name], "value": row["code"]} for _, row in districts.iterrows()],
                    value=code_of_district.get(filters.district_id),
                    placeholder=t("all_districts", lang),
                    clearable=access.state_wide,
                ),
                "190px",
            ),
            labelled(
                "station",
                dcc.Dropdown(
                    id="f-station",
                    options=[{"label": row[name], "value": row["code"]} for _, row in stations.iterrows()],
                    value=code_of_station.get(filters.station_id),
                    placeholder=t("all_stations", lang),
                    clearable=access.station_only is None,
                    disabled=not show_station,
                ),
                "190px",
            ),
            labelled(
                "all_heads",
                dcc.Dropdown(
                    id="f-head",
                    options=[{"label": row[name], "value": row["code"]} for _, row in reference.heads.iterrows()],
                    value=code_of_head.get(filters.crime_head_id),
                    placeholder=t("all_heads", lang),
                ),
                "220px",
            ),
            labelled(
                "law",
                dcc.Dropdown(
                    id="f-law",
                    options=[{"label": t(f"law_{law}", lang), "value": law} for law in LAWS],
                    value=filters.law,
                    clearable=False,
                ),
                "190px",
            ),
            html.Div(
                dcc.RadioItems(
                    id="f-lang",
                    options=[{"label": "English", "value": "en"}, {"label": "हिन्दी", "value": "hi"}],
                    value=lang,
                    inline=True,
                ),
                className="lang-switch",
            ),
        ],
    )


def query_string(values: dict[str, str | None]) -> str:
    kept = {key: value for key, value in values.items() if value}
    if kept.get("lang") == "en":
        kept.pop("lang")
    if kept.get("law") == "all":
        kept.pop("law")
    return "?" + urlencode(kept) if kept else ""


@callback(
    Output("nav", "search"),
    [Input(control, "value") for control in CONTROLS],
    State("nav", "search"),
    State("f-shown", "data"),
    prevent_initial_call=True,
)
def _navigate(
    start: str,
    end: str,
    district: str | None,
    station: str | None,
    head: str | None,
    law: str,
    lang: str,
    search: str | None,
    shown: str | None,
) -> str:
    """A control changed: go to the URL of the new view (the page re-renders from it and narrows it to what the
    caller may read; this callback reads no data, and nothing for a request without a login)."""
    from urllib.parse import parse_qs

    from dashboards.components.context import current_caller

    if current_caller() is None:
        return no_update

    current = {key: values[-1] for key, values in parse_qs((shown or search or "").lstrip("?")).items()}
    if district != current.get("district"):
        station = None  # a station of the district no longer chosen
    wanted = query_string(
        {"from": start, "to": end, "district": district, "station": station, "head": head, "law": law, "lang": lang}
    )
    # Controls drawn for the view on screen fire once when inserted: that is not a change.
    return no_update if wanted in {search or "", shown} else wanted
