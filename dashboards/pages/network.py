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
from dashboards.data.network import NetworkDashboard, network_dashboard
from records.display import IST

PATH = "/network"
# States and union territories by their Census 2011 codes (the exchange's state codes; 36, 37 as later added), so
# the page names a state even when it is not a registered peer of this node.
STATE_NAMES: dict[str, tuple[str, str]] = {
    "01": ("Jammu and Kashmir", "जम्मू और कश्मीर"),
    "02": ("Himachal Pradesh", "हिमाचल प्रदेश"),
    "03": ("Punjab", "पंजाब"),
    "04": ("Chandigarh", "चंडीगढ़"),
    "05": ("Uttarakhand", "उत्तराखंड"),
    "06": ("Haryana", "हरियाणा"),
    "07": ("Delhi", "दिल्ली"),
    "08": ("Rajasthan", "राजस्थान"),
    "09": ("Uttar Pradesh", "उत्तर प्रदेश"),
    "10": ("Bihar", "बिहार"),
    "11": ("Sikkim", "सिक्किम"),
    "12": ("Arunachal Pradesh", "अरुणाचल प्रदेश"),
    "13": ("Nagaland", "नागालैंड"),
    "14": ("Manipur", "मणिपुर"),
    "15": ("Mizoram", "मिज़ोरम"),
    "16": ("Tripura", "त्रिपुरा"),
    "17": ("Meghalaya", "मेघालय"),
    "18": ("Assam", "असम"),
    "19": ("West Bengal", "पश्चिम बंगाल"),
    "20": ("Jharkhand", "झारखंड"),
    "21": ("Odisha", "ओडिशा"),
    "22": ("Chhattisgarh", "छत्तीसगढ़"),
    "23": ("Madhya Pradesh", "मध्य प्रदेश"),
    "24": ("Gujarat", "गुजरात"),
    "25": ("Daman and Diu", "दमन और दीव"),
    "26": ("Dadra and Nagar Haveli", "दादरा और नगर हवेली"),
    "27": ("Maharashtra", "महाराष्ट्र"),
    "28": ("Andhra Pradesh", "आंध्र प्रदेश"),
    "29": ("Karnataka", "कर्नाटक"),
    "30": ("Goa", "गोवा"),
    "31": ("Lakshadweep", "लक्षद्वीप"),
    "32": ("Kerala", "केरल"),
    "33": ("Tamil Nadu", "तमिलनाडु"),
    "34": ("Puducherry", "पुदुच्चेरी"),
    "35": ("Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीपसमूह"),
    "36": ("Telangana", "तेलंगाना"),
    "37": ("Ladakh", "लद्दाख"),
}
WORDS: dict[str, tuple[str, str]] = {
    "role_state": ("This node: a state feeding the national node", "यह नोड: राष्ट्रीय नोड को भेजने वाला राज्य"),
    "role_national": ("This node: the national node", "यह नोड: राष्ट्रीय नोड"),
    "role_alone": ("This node stands alone (no network configured)", "यह नोड अकेला है (नेटवर्क विन्यस्त नहीं)"),
    "feed_waiting": ("FIR changes waiting to be sent", "भेजे जाने हेतु प्रतीक्षारत प्राथमिकी परिवर्तन"),
    "feed_note": ("message {m} waiting since {since}; {tries} tries", "संदेश {m} {since} से प्रतीक्षारत; {tries} प्रयास"),
    "feed_current": (
        "no message waiting for the national node's answer",
        "राष्ट्रीय नोड के उत्तर हेतु कोई संदेश प्रतीक्षारत नहीं",
    ),
    "held_count": ("held back: {h}, rejected: {r}", "रोके गए: {h}, अस्वीकृत: {r}"),
    "silent_count": ("Stations not reporting", "रिपोर्ट न करने वाले थाने"),
    "quiet_count": ("{q} quiet (zero report today), {r} reporting", "{q} शांत (आज शून्य रिपोर्ट), {r} रिपोर्ट कर रहे"),
    "queries_made": ("Cross-state queries made (7 days)", "अन्य राज्यों से की गई पूछताछ (7 दिन)"),
    "queries_answered": ("answered for other states: {n}", "अन्य राज्यों को उत्तर: {n}"),
    "icjs_events": ("Court and prison events (30 days)", "न्यायालय एवं जेल घटनाएँ (30 दिन)"),
    "offers_waiting_note": ("offers to courts waiting: {n}", "न्यायालय हेतु प्रतीक्षारत: {n}"),
    "lag_by_district": ("Feed lag by district", "ज़िलावार फ़ीड विलंब"),
    "lag_none": (
        "Nothing waiting: every district's changes have reached the national node.",
        "कुछ प्रतीक्षारत नहीं: हर ज़िले के परिवर्तन राष्ट्रीय नोड तक पहुँच गए हैं।",
    ),
    "district": ("District", "ज़िला"),
    "state": ("State", "राज्य"),
    "waiting": ("Waiting", "प्रतीक्षारत"),
    "oldest": ("Oldest waiting for", "सबसे पुराना प्रतीक्षारत"),
    "records_held": ("Records held", "प्राप्त अभिलेख"),
    "last_record": ("Last record", "अंतिम अभिलेख"),
    "last_heartbeat": ("Last heartbeat", "अंतिम हृदय-स्पंदन"),
    "stations": ("Stations: not reporting, quiet, reporting", "थाने: रिपोर्ट नहीं, शांत, रिपोर्ट कर रहे"),
    "stations_at_national": (
        "The national node tells a silent station from a quiet one (heartbeats and zero "
        "reports reach it); see its network page.",
        "मौन और शांत थाने का भेद राष्ट्रीय नोड करता है (हृदय-स्पंदन और शून्य रिपोर्ट वहीं पहुँचती हैं); उसका नेटवर्क पृष्ठ देखें।",
    ),
    "station": ("Police station", "थाना"),
    "status": ("Status", "स्थिति"),
    "firs_today": ("FIRs today", "आज प्राथमिकी"),
    "silent": ("Not reporting (no heartbeat)", "रिपोर्ट नहीं (कोई हृदय-स्पंदन नहीं)"),
    "quiet": ("Quiet (zero report)", "शांत (शून्य रिपोर्ट)"),
    "reporting": ("Reporting", "रिपोर्ट कर रहा"),
    "rejected": ("Records held back or rejected, with reasons", "रोके गए या अस्वीकृत अभिलेख, कारण सहित"),
    "rejected_none": ("No record is held back or rejected.", "कोई अभिलेख रोका या अस्वीकृत नहीं।"),
    "fir": ("FIR", "प्राथमिकी"),
    "held": ("held back here", "यहाँ रोका गया"),
    "rejected_nationally": ("rejected nationally", "राष्ट्रीय स्तर पर अस्वीकृत"),
    "reasons": ("Reasons", "कारण"),
    "since": ("Since", "कब से"),
    "queries": ("Cross-state queries made and answered", "अन्य राज्यों से पूछताछ: की गई एवं उत्तर दी गई"),
    "action": ("What", "क्या"),
    "side": ("Side", "पक्ष"),
    "made": ("made here", "यहाँ से की गई"),
    "answered": ("answered here", "यहाँ उत्तर दी गई"),
    "other": ("other", "अन्य"),
    "last_day": ("24 hours", "24 घंटे"),
    "last_week": ("7 days", "7 दिन"),
    "failed": ("Failed", "विफल"),
    "recent_queries": ("Latest queries", "नवीनतम पूछताछ"),
    "when": ("When (IST)", "कब (IST)"),
    "other_node": ("Other node", "दूसरा नोड"),
    "purpose": ("Purpose", "प्रयोजन"),
    "case_reference": ("Case reference", "मामला संदर्भ"),
    "asked_by": ("Asked by", "पूछने वाले"),
    "returned": ("Returned", "लौटाया"),
    "icjs": ("Court and prison events", "न्यायालय एवं जेल घटनाएँ"),
    "icjs_none": ("No court or prison event yet.", "अभी कोई न्यायालय या जेल घटना नहीं।"),
    "from": ("From", "प्रेषक"),
    "done_here": ("Done here", "यहाँ क्या हुआ"),
    "offers_waiting": ("Offers to courts not yet taken", "न्यायालयों द्वारा अभी न लिए गए प्रस्ताव"),
    "court": ("Court", "न्यायालय"),
    "tries": ("Tries", "प्रयास"),
    "last_error": ("Last answer", "अंतिम उत्तर"),
    "cross-state search": ("Search sent to other states", "अन्य राज्यों को भेजी गई खोज"),
    "cross-state record opened": ("Record opened from another state", "दूसरे राज्य का अभिलेख खोला"),
    "cross-state search answered": ("Search answered", "खोज का उत्तर दिया"),
    "cross-state record relayed": ("Record relayed (national node)", "अभिलेख आगे भेजा (राष्ट्रीय नोड)"),
    "cross-state record given": ("Record given to another state", "दूसरे राज्य को अभिलेख दिया"),
    "cross-state record withheld": ("Record withheld (owner's rule)", "अभिलेख रोका (स्वामी का नियम)"),
    "case_registered": ("Case registered (CNR)", "वाद दर्ज (CNR)"),
    "hearing_fixed": ("Hearing fixed", "सुनवाई तय"),
    "case_disposed": ("Case disposed", "वाद निस्तारित"),
    "admitted": ("Admitted to prison", "जेल में दाख़िल"),
    "released": ("Released from prison", "जेल से रिहा"),
    "paroled": ("On parole", "पैरोल पर"),
    "escaped": ("Escaped from prison", "जेल से फ़रार"),
    "national node": ("national node", "राष्ट्रीय नोड"),
}


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

    def district(self, code: str) -> str:
        return self.districts.get(code, code.replace("_", " ").title())

    def national_district(self, national: str) -> str:
        """10-VAISHALI: its name where this node's reference knows it."""
        return self.district(national.split("-", 1)[-1])

    def state(self, code: str) -> str:
        if code in STATE_NAMES:
            return STATE_NAMES[code][1 if self.lang == "hi" else 0]
        return self.peers.get(code, code)

    def station(self, station_id: int) -> str:
        return str(self.stations.get(station_id, station_id))


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
            q.purpose or "—",
            q.case_reference or "—",
            " · ".join(part for part in (q.asked_by, names.state(q.asked_from) if q.asked_from else "") if part) or "—",
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
