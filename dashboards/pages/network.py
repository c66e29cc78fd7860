"""The network, for HQ (issue 25): how fresh the national copy is by district, which stations are not reporting (no
heartbeat) and which are only quiet (a zero report), what the quality gate holds back and what the national node
rejected, with the reasons; the cross-state queries made and answered here; the court and prison events received
and the offers to courts still waiting. Names, not codes; times in IST; English and Hindi.

Read by state-wide readers (HQ, investigators): the feed covers every station (``Jurisdiction.state_refusal``);
others see why not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dash import html

from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, empty, page, refused, stat, system_page, who
from dashboards.components.i18n import name_column
from dashboards.components.network_words import WORDS
from dashboards.data.network import NetworkDashboard, network_dashboard
from exchange.codes import STATE_NAMES, purpose_name, state_name
from records.display import IST

PATH = "/network"


def w(key: str, lang: str, **values: Any) -> str:
    english, hindi = WORDS.get(key, (key, key))
    text = hindi if lang == "hi" else english
    return text.format(**values) if values else text


def ist(moment: datetime | None) -> str:
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M IST") if moment else "—"


def age(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return "—"
    units = [(86400, "days", "दिन"), (3600, "h", "घंटे"), (60, "min", "मिनट")]
    for size, english, hindi in units:
        if seconds >= size:
            return f"{seconds / size:,.0f} {hindi if lang == 'hi' else english}"
    return f"{seconds:,.0f} s"


def _table(headers: list[str], rows: list[list[Any]], table_id: str) -> html.Div:
    return html.Div(
        html.Table(
            [
                html.Thead(html.Tr([html.Th(h) for h in headers])),
                html.Tbody([html.Tr([html.Td(c) for c in r]) for r in rows]),
            ],
            className="table",
            id=table_id,
        ),
        className="scroll",
    )


class Names:
    """Districts and stations by name in the page's language (codes only where the reference has no name)."""

    def __init__(self, reference: Any, lang: str, peers: dict[str, str]) -> None:
        column = name_column(lang)
        self.lang, self.peers = lang, peers
        self.districts = dict(zip(reference.districts["code"], reference.districts[column], strict=True))
        self.stations = dict(zip(reference.stations["id"], reference.stations[column], strict=True))
        self.station_codes = dict(zip(reference.stations["code"], reference.stations[column], strict=True))

    def district(self, code: str) -> str:
        return self.districts.get(code, code.replace("_", " ").title())

    def national_district(self, national: str) -> str:
        """10-VAISHALI: its name where this node's reference knows it."""
        return self.district(national.split("-", 1)[-1])

    def state(self, code: str) -> str:
        """A state by its name in the page's language (a node this node knows only as a peer by that name)."""
        return state_name(code, self.lang) if code in STATE_NAMES else self.peers.get(code, code)

    def purpose(self, code: str | None) -> str:
        return purpose_name(code, self.lang) if code else "—"

    def station(self, station_id: int) -> str:
        return str(self.stations.get(station_id, station_id))

    def asker(self, officer: str, station_code: str, state: str) -> str:
        """Who asked a cross-state query: the officer, their station (by name where this node knows it), their state."""
        station = self.station_codes.get(station_code, station_code.replace("_", " ").replace("-", " ").title())
        return " · ".join(part for part in (officer, station, self.state(state) if state else "") if part) or "—"


def _fir_link(fir_id: int, number: str, station: str) -> html.Span:
    return html.Span([html.A(number, href=f"/station/firs/{fir_id}", target="_blank"), f" · {station}"])


def _stats(found: NetworkDashboard, lang: str) -> html.Div:
    made = sum(q.last_week for q in found.queries if q.side == "made")
    answered = sum(q.last_week for q in found.queries if q.side == "answered")
    tiles = [stat(w(f"role_{found.role}", lang), "", "")]
    if found.feed is not None:
        waiting = sum(lag.waiting for lag in found.state_lag)
        note = (
            w(
                "feed_note",
                lang,
                m=found.feed.waiting_message,
                since=ist(found.feed.waiting_since),
                tries=found.feed.attempts,
            )
            if found.feed.waiting_message is not None
            else w("feed_current", lang)
        )
        tiles.append(stat(w("feed_waiting", lang), f"{waiting:,}", note))
        tiles.append(
            stat(
                w("rejected", lang),
                f"{found.feed.held + found.feed.rejected:,}",
                w("held_count", lang, h=found.feed.held, r=found.feed.rejected),
            )
        )
    if found.role == "national":
        by = {
            status: sum(1 for s in found.stations if s.status == status) for status in ("silent", "quiet", "reporting")
        }
        tiles.append(
            stat(w("silent_count", lang), f"{by['silent']:,}", w("quiet_count", lang, q=by["quiet"], r=by["reporting"]))
        )
    tiles.append(stat(w("queries_made", lang), f"{made:,}", w("queries_answered", lang, n=answered)))
    tiles.append(
        stat(
            w("icjs_events", lang),
            f"{sum(found.icjs_counts.values()):,}",
            w("offers_waiting_note", lang, n=len(found.offers_waiting)),
        )
    )
    return html.Div(tiles, className="stats wide")


def _lag(found: NetworkDashboard, names: Names, lang: str) -> html.Div:
    if found.role == "state":
        rows = [
            [names.district(lag.district_code), f"{lag.waiting:,}", age(lag.oldest_waiting_seconds, lang)]
            for lag in found.state_lag
        ]
        body = (
            _table([w("district", lang), w("waiting", lang), w("oldest", lang)], rows, "t-lag")
            if rows
            else (html.Div(w("lag_none", lang), className="note"))
        )
    elif found.role == "national":
        rows = [
            [
                names.state(lag.state_code),
                names.national_district(lag.district_code),
                f"{lag.records_held:,}",
                f"{ist(lag.last_record_at)} ({age(lag.seconds_since_record, lang)})",
                f"{ist(lag.last_heartbeat_at)} ({age(lag.seconds_since_heartbeat, lang)})",
            ]
            for lag in found.national_lag
        ]
        headers = [w(k, lang) for k in ("state", "district", "records_held", "last_record", "last_heartbeat")]
        body = _table(headers, rows, "t-lag") if rows else empty(w("lag_none", lang))
    else:
        body = html.Div(w("role_alone", lang), className="note")
    return card(w("lag_by_district", lang), body)


def _stations(found: NetworkDashboard, names: Names, lang: str) -> html.Div:
    if found.role != "national":
        return card(w("stations", lang), html.Div(w("stations_at_national", lang), className="note"))
    order = {"silent": 0, "quiet": 1, "reporting": 2}
    rows = [
        [
            names.state(s.state_code),
            names.national_district(s.district_code),
            s.station_name,
            w(s.status, lang),
            "—" if s.firs_today is None else str(s.firs_today),
            ist(s.last_heartbeat_at),
        ]
        for s in sorted(found.stations, key=lambda s: (order[s.status], s.state_code, s.station_name))
    ]
    headers = [w(k, lang) for k in ("state", "district", "station", "status", "firs_today", "last_heartbeat")]
    return card(w("stations", lang), _table(headers, rows, "t-stations") if rows else empty("—"))


def _rejected(found: NetworkDashboard, names: Names, lang: str) -> html.Div:
    rows: list[list[Any]] = []
    for held in found.held:
        reasons = [r.get("reason_hi" if lang == "hi" else "reason_en") or r.get("reason", "") for r in held.reasons]
        paths = [r.get("path", "") for r in held.reasons]
        rows.append(
            [
                _fir_link(held.fir_id, held.fir_number, names.station(held.station_id)),
                w("held" if held.standing == "held" else "rejected_nationally", lang),
                html.Ul([html.Li(f"{reason} ({path})") for reason, path in zip(reasons, paths, strict=True)]),
                ist(held.since),
            ]
        )
    for rejected in found.rejected:
        rows.append(
            [
                f"{rejected.record_id} · {names.state(rejected.state_code)}",
                w("rejected_nationally", lang),
                html.Ul([html.Li(f"{p.get('reason', '')} ({p.get('path', '')})") for p in rejected.problems]),
                ist(rejected.received_at),
            ]
        )
    headers = [w(k, lang) for k in ("fir", "status", "reasons", "since")]
    body = _table(headers, rows, "t-rejected") if rows else html.Div(w("rejected_none", lang), className="note")
    return card(w("rejected", lang), body)


def _queries(found: NetworkDashboard, names: Names, lang: str) -> html.Div:
    rows = [
        [w(q.action, lang), w(q.side, lang), str(q.last_day), str(q.last_week), str(q.failed_week)]
        for q in found.queries
    ]
    headers = [w(k, lang) for k in ("action", "side", "last_day", "last_week", "failed")]
    recent = [
        [
            ist(q.at),
            w(q.action, lang),
            names.state(q.other_node),
            names.purpose(q.purpose),
            q.case_reference or "—",
            names.asker(q.officer, q.station_code, q.asked_from),
            q.returned or "—",
        ]
        for q in found.recent_queries
    ]
    parts = [_table(headers, rows, "t-queries")]
    if recent:
        recent_headers = [
            w(k, lang) for k in ("when", "action", "other_node", "purpose", "case_reference", "asked_by", "returned")
        ]
        parts += [html.H3(w("recent_queries", lang)), _table(recent_headers, recent, "t-recent-queries")]
    return card(w("queries", lang), html.Div(parts), wide=True)


def _icjs(found: NetworkDashboard, names: Names, lang: str) -> html.Div:
    kinds = ("case_registered", "hearing_fixed", "case_disposed", "admitted", "released", "paroled", "escaped")
    counts = html.Div(
        [html.Span(f"{w(k, lang)}: {found.icjs_counts.get(k, 0)}", style={"marginRight": "14px"}) for k in kinds],
        className="note",
    )
    rows = [
        [
            ist(e.received_at),
            _fir_link(e.fir_id, e.fir_number, names.station(e.station_id)),
            w(e.kind, lang),
            e.sender_name,
            e.outcome,
        ]
        for e in found.icjs_recent
    ]
    headers = [w(k, lang) for k in ("when", "fir", "action", "from", "done_here")]
    parts = [counts, _table(headers, rows, "t-icjs") if rows else html.Div(w("icjs_none", lang), className="note")]
    if found.offers_waiting:
        offer_rows = [
            [
                _fir_link(o.fir_id, o.fir_number, names.station(o.station_id)),
                o.court_name,
                ist(o.queued_at),
                str(o.attempts),
                o.last_error or "—",
            ]
            for o in found.offers_waiting
        ]
        parts += [
            html.H3(w("offers_waiting", lang)),
            _table([w(k, lang) for k in ("fir", "court", "since", "tries", "last_error")], offer_rows, "t-offers"),
        ]
    return card(w("icjs", lang), html.Div(parts), wide=True)


@system_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang = view.lang
    refusal = caller.access.state_refusal()
    if refusal:
        return refused(view, "network", caller, reference, refusal)
    found = network_dashboard(ctx.engine, datetime.now(UTC))
    names = Names(reference, lang, {**found.peer_names, "00": w("national node", lang)})
    content = [
        _stats(found, lang),
        _lag(found, names, lang),
        _stations(found, names, lang),
        _rejected(found, names, lang),
        _queries(found, names, lang),
        _icjs(found, names, lang),
    ]
    bar = filter_bar(view, reference, caller.access, language_only=True)
    return page(view, "network", who(caller, reference, lang), bar, content)
