"""Every route of the app and the access rule it follows: the specification the route matrix tests.

The rules themselves live in ``records.access``; this table says which of them each door applies, so that
``test_route_matrix`` can call every route as every kind of caller and check the answer. A route missing
here fails the suite. ``python -m tests.access.route_rules`` prints the table that ``docs/access.md`` holds.

The test world: an FIR of Hajipur Sadar (Vaishali district) and its accused, an FIR of Hajipur Town (the
same district) and its accused, a person link between the two accused, a complaint at Sadar, an import job
of Vaishali, an alert for Sadar station.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from tests.search_api.fir_api_support import CALLERS

USERS_READING_CASES = frozenset(
    {"hq", "investigator", "sp_vaishali", "sp_patna", "officer_sadar", "officer_town", "officer_patna"}
)


@dataclass(frozen=True)
class Rule:
    name: str
    meaning: str
    allowed: frozenset[str]  # callers who pass the rule (in the test world)
    refused_status: int = 403  # what the others get (401 for a caller without login, always)
    page: bool = False  # a staff page: callers come with the session cookie of /staff/login; without one, the login


PUBLIC = Rule("public", "anyone, without login (no case data)", frozenset(CALLERS))
CITIZEN = Rule(
    "citizen",
    "citizens, without login; forms need the portal's CSRF token and rate limits; a complaint is shown only "
    "to the mobile that filed it",
    frozenset(CALLERS),
)
GATEWAY = Rule("gateway", "the SMS provider, proving itself with X-Callback-Token", frozenset(CALLERS))
LOGGED_IN = Rule("logged in", "any user or station API key", frozenset(CALLERS) - {"nobody"})
TOKEN_HOLDER = Rule(
    "token holder",
    "a user logged in with a token or session (a station's API key holds none to revoke: 401)",
    frozenset(CALLERS) - {"nobody", "api_key_sadar"},
    refused_status=401,
)
CASE_READER = Rule(
    "case reader, narrowed",
    "anyone who reads cases (not administrators); the answer holds only records in the caller's jurisdiction",
    frozenset(CALLERS) - {"nobody", "admin"},
)
READ_RECORD = Rule(
    "read in jurisdiction",
    "the record's station is in the caller's jurisdiction: own station, own district (SP), state (HQ, investigator)",
    frozenset({"hq", "investigator", "sp_vaishali", "officer_sadar", "api_key_sadar"}),
)
WRITE_RECORD = Rule(
    "write own station",
    "a station officer (or the station's API key) of the record's station",
    frozenset({"officer_sadar", "api_key_sadar"}),
)
DIARY_WRITE = Rule(
    "officer writes own station",
    "a station officer of the record's station, in person (a station's API key writes no case diary entry)",
    frozenset({"officer_sadar"}),
)
READ_PERSON = Rule(
    "read person",
    "the person is named in an FIR the caller may read, or linked to one by a confirmed link",
    READ_RECORD.allowed,
)
WATCH_PERSON = Rule(
    "officer reads person",
    "a user (not an API key) who may read the person",
    READ_RECORD.allowed - {"api_key_sadar"},
)
READ_BOTH = Rule(
    "read both people",
    "the caller may read both records of the link (a cross-station link: the SP of the district, HQ, investigators)",
    frozenset({"hq", "investigator", "sp_vaishali"}),
)
OWN = Rule(
    "own",
    "a user who reads cases, on their own watch list or alerts (others' answer 404)",
    USERS_READING_CASES,
)
ADMIN = Rule("administrator", "administrators only", frozenset({"admin"}))
STAFF_HOME = Rule(
    "staff page, any user",
    "any user with the session cookie of /staff/login (without it: the login); shows only what the role may open",
    frozenset(CALLERS) - {"nobody", "api_key_sadar"},
    page=True,
)
CASE_READER_PAGE = Rule(
    "staff page, case reader",
    "users who read cases (not administrators), with the session cookie (without it: the login); the page's API "
    "calls are narrowed to the caller's jurisdiction",
    USERS_READING_CASES,
    page=True,
)
READ_RECORD_PAGE = Rule(
    "staff page, read in jurisdiction",
    "users who may read the record (own station, own district, state), with the session cookie (without it: the "
    "login); its forms shown only to those who may take them",
    frozenset({"hq", "investigator", "sp_vaishali", "officer_sadar"}),
    page=True,
)
WRITE_RECORD_PAGE = Rule(
    "staff page, write own station",
    "a station officer of the record's station, with the session cookie and the session's CSRF token (without a "
    "session: the login); the same command and rule as the API's route",
    frozenset({"officer_sadar"}),
    page=True,
)
ADMIN_PAGE = Rule(
    "staff page, administrator",
    "administrators, with the session cookie (without it: the login); every form needs the session's CSRF token",
    frozenset({"admin"}),
    page=True,
)
IMPORTER = Rule(
    "importer",
    "HQ (any station) or a district SP (their district's stations); rows outside are rejected",
    frozenset({"hq", "sp_vaishali", "sp_patna"}),
)
IMPORT_JOB = Rule(
    "import job reader",
    "HQ, or the SP of the job's district",
    frozenset({"hq", "sp_vaishali"}),
)

STATION_PAGE = Rule(
    "staff page, station officer",
    "station officers, with the session cookie (without it: the login); every form needs the session's CSRF token; "
    "the records shown or written are of the officer's own station",
    frozenset({"officer_sadar", "officer_town", "officer_patna"}),
    page=True,
)
PEER = Rule(
    "peer node",
    "another node of the network, presenting its node key (X-CCTNS-Node-Key) registered here with `cctns network "
    "peer add`; staff tokens and stations' API keys are refused (401)",
    frozenset(),
    refused_status=401,
)
NETWORK_SEARCHER = Rule(
    "officer asks other states",
    "an officer in person who reads cases (not a station's API key, not administrators), with a purpose code, a "
    "reason and a case reference (422 naming the one missing); a node outside a network answers 409",
    USERS_READING_CASES,
)
STATE_READER = Rule(
    "state-wide reader",
    "HQ and investigators (who read every station's records); others 403",
    frozenset({"hq", "investigator"}),
)
NETWORK_ASK = Rule(
    "asks another state",
    "anyone who reads cases (not administrators); a node outside a network answers 409",
    CASE_READER.allowed,
)
READ_PERSON_PAGE = Rule(
    "staff page, read person",
    "users who may read the person (named in an FIR they may read), with the session cookie and the session's CSRF "
    "token (without a session: the login)",
    READ_RECORD_PAGE.allowed,
    page=True,
)
ICJS_PARTNER = Rule(
    "court or prison",
    "a court (court events) or prison (prison events) registered on this node, presenting its key in "
    "X-CCTNS-Node-Key; staff logins and stations' API keys do not open it (401)",
    frozenset(),
    refused_status=401,
)

API = "/api/v1"
ROUTES: dict[tuple[str, str], Rule] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", f"{API}/districts"): PUBLIC,
    ("GET", f"{API}/stations"): PUBLIC,
    ("GET", f"{API}/sections"): PUBLIC,
    ("GET", f"{API}/sections/search"): PUBLIC,
    ("GET", f"{API}/labels"): PUBLIC,
    ("POST", f"{API}/auth/token"): PUBLIC,
    ("GET", f"{API}/auth/me"): LOGGED_IN,
    ("POST", f"{API}/auth/logout"): TOKEN_HOLDER,
    ("POST", f"{API}/firs"): WRITE_RECORD,
    ("GET", f"{API}/firs"): CASE_READER,
    ("GET", f"{API}/firs/{{fir_id}}"): READ_RECORD,
    ("PATCH", f"{API}/firs/{{fir_id}}"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/parties"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/status"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/arrests"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/seizures"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/final-reports"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/court-results"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/transfer"): WRITE_RECORD,
    ("GET", f"{API}/firs/{{fir_id}}/print"): READ_RECORD,
    ("GET", f"{API}/firs/{{fir_id}}/copy.pdf"): READ_RECORD,
    ("GET", f"{API}/firs/{{fir_id}}/diary"): READ_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/diary"): DIARY_WRITE,
    ("GET", f"{API}/firs/{{fir_id}}/sharing"): READ_RECORD,
    ("PUT", f"{API}/firs/{{fir_id}}/sharing"): WRITE_RECORD,
    ("POST", f"{API}/firs/{{fir_id}}/court-offers"): WRITE_RECORD,
    ("GET", f"{API}/firs/{{fir_id}}/court-case"): READ_RECORD,
    ("POST", f"{API}/network/icjs/court-events"): ICJS_PARTNER,
    ("POST", f"{API}/network/icjs/prison-events"): ICJS_PARTNER,
    ("GET", f"{API}/search"): CASE_READER,
    ("GET", f"{API}/persons/{{person_id}}"): READ_PERSON,
    ("POST", f"{API}/admin/users"): ADMIN,
    ("GET", f"{API}/admin/users"): ADMIN,
    ("POST", f"{API}/admin/users/{{user_id}}/deactivate"): ADMIN,
    ("POST", f"{API}/admin/users/{{user_id}}/unlock"): ADMIN,
    ("POST", f"{API}/admin/api-clients"): ADMIN,
    ("GET", f"{API}/admin/api-clients"): ADMIN,
    ("POST", f"{API}/admin/api-clients/{{client_id}}/revoke"): ADMIN,
    ("GET", f"{API}/complaints"): CASE_READER,
    ("GET", f"{API}/complaints/{{complaint_id}}"): READ_RECORD,
    ("GET", f"{API}/complaints/{{complaint_id}}/attachments/{{attachment_id}}"): READ_RECORD,
    ("POST", f"{API}/complaints/{{complaint_id}}/acknowledge"): WRITE_RECORD,
    ("POST", f"{API}/complaints/{{complaint_id}}/assign"): WRITE_RECORD,
    ("POST", f"{API}/complaints/{{complaint_id}}/close"): WRITE_RECORD,
    ("POST", f"{API}/complaints/{{complaint_id}}/transfer"): WRITE_RECORD,
    ("POST", f"{API}/complaints/{{complaint_id}}/convert"): WRITE_RECORD,
    ("POST", f"{API}/sms/delivery-reports"): GATEWAY,
    ("POST", f"{API}/imports"): IMPORTER,
    ("GET", f"{API}/imports/{{job_id}}"): IMPORT_JOB,
    ("GET", f"{API}/imports/{{job_id}}/rejects"): IMPORT_JOB,
    ("GET", f"{API}/network/hello"): PEER,
    ("POST", f"{API}/network/search"): NETWORK_SEARCHER,
    ("POST", f"{API}/network/records/fetch"): NETWORK_SEARCHER,
    ("POST", f"{API}/network/national/search"): PEER,
    ("POST", f"{API}/network/national/fetch"): PEER,
    ("POST", f"{API}/network/records/detail"): PEER,
    ("POST", f"{API}/network/feed/messages"): PEER,
    ("POST", f"{API}/network/feed/heartbeats"): PEER,
    ("GET", f"{API}/network/feed/reconciliation"): PEER,
    ("GET", f"{API}/network/reconciliation"): STATE_READER,
    ("POST", f"{API}/network/confirmations"): NETWORK_ASK,
    ("GET", f"{API}/network/confirmations"): CASE_READER,
    ("POST", f"{API}/network/confirmations/{{confirmation_id}}/answer"): WRITE_RECORD,
    ("GET", f"{API}/network/person-candidates"): CASE_READER,
    ("POST", f"{API}/network/person-candidates/{{candidate_id}}/decision"): READ_PERSON,
    ("POST", f"{API}/network/confirmations/requests"): PEER,
    ("POST", f"{API}/network/confirmations/answers"): PEER,
    ("GET", f"{API}/network/candidates"): PEER,
    ("POST", f"{API}/network/candidates/decisions"): PEER,
    ("GET", f"{API}/person-links"): CASE_READER,
    ("POST", f"{API}/person-links/{{link_id}}/decision"): READ_BOTH,
    ("POST", f"{API}/person-links"): READ_BOTH,
    ("GET", f"{API}/persons/{{person_id}}/candidates"): READ_PERSON,
    ("GET", f"{API}/persons/{{person_id}}/dossier"): READ_PERSON,
    ("GET", f"{API}/persons/{{person_id}}/associates"): READ_PERSON,
    ("GET", f"{API}/watch-list"): OWN,
    ("POST", f"{API}/watch-list"): WATCH_PERSON,
    ("DELETE", f"{API}/watch-list/{{person_id}}"): OWN,
    ("GET", f"{API}/notifications"): OWN,
    ("POST", f"{API}/notifications/{{notification_id}}/read"): OWN,
    ("GET", "/"): STAFF_HOME,
    ("GET", "/staff/staff.js"): PUBLIC,
    ("GET", "/staff/staff.css"): PUBLIC,
    ("GET", "/staff/search"): CASE_READER_PAGE,
    ("GET", "/staff/complaints"): CASE_READER_PAGE,
    ("GET", "/staff/matches"): CASE_READER_PAGE,
    ("GET", "/staff/persons/{person_id}"): CASE_READER_PAGE,
    ("GET", "/staff/login"): PUBLIC,
    ("POST", "/staff/login"): PUBLIC,
    ("GET", "/staff/logout"): STAFF_HOME,
    ("POST", "/staff/logout"): PUBLIC,
    ("GET", "/portal/"): CITIZEN,
    ("GET", "/portal/complaints/new"): CITIZEN,
    ("POST", "/portal/complaints"): CITIZEN,
    ("GET", "/portal/complaints/{tracking_number}/confirm"): CITIZEN,
    ("POST", "/portal/complaints/{tracking_number}/confirm"): CITIZEN,
    ("POST", "/portal/complaints/{tracking_number}/resend"): CITIZEN,
    ("GET", "/portal/status"): CITIZEN,
    ("POST", "/portal/status"): CITIZEN,
    ("POST", "/portal/status/view"): CITIZEN,
    ("GET", "/portal/status/view"): CITIZEN,
    ("GET", "/dashboards"): PUBLIC,
    ("GET", "/station/"): STATION_PAGE,
    ("GET", "/station/confirmations"): STATION_PAGE,
    ("POST", "/station/confirmations/{row_id}/answer"): WRITE_RECORD_PAGE,
    ("GET", "/staff/network"): CASE_READER_PAGE,
    ("POST", "/staff/network/requests"): CASE_READER_PAGE,
    ("POST", "/staff/network/candidates/{candidate_id}/decision"): READ_PERSON_PAGE,
    ("GET", "/station/firs/new"): STATION_PAGE,
    ("GET", "/station/network"): STATION_PAGE,
    ("POST", "/station/firs/new"): STATION_PAGE,
    ("GET", "/station/fir-form.js"): PUBLIC,
    ("GET", "/portal/complaints/{tracking_number}/fir-copy.pdf"): CITIZEN,
    ("GET", "/station/firs/{fir_id}"): READ_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/io"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/arrests"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/seizures"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/final-reports"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/court-results"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/status"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/transfer"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/diary"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/sharing"): WRITE_RECORD_PAGE,
    ("POST", "/station/firs/{fir_id}/court-offers"): WRITE_RECORD_PAGE,
    ("GET", "/admin/"): ADMIN_PAGE,
    ("GET", "/admin/users/"): ADMIN_PAGE,
    ("POST", "/admin/users/"): ADMIN_PAGE,
    ("GET", "/admin/users/{user_id}"): ADMIN_PAGE,
    ("POST", "/admin/users/{user_id}/jurisdiction"): ADMIN_PAGE,
    ("POST", "/admin/users/{user_id}/disable"): ADMIN_PAGE,
    ("POST", "/admin/users/{user_id}/enable"): ADMIN_PAGE,
    ("POST", "/admin/users/{user_id}/password"): ADMIN_PAGE,
    ("POST", "/admin/users/{user_id}/unlock"): ADMIN_PAGE,
    ("GET", "/admin/api-clients/"): ADMIN_PAGE,
    ("POST", "/admin/api-clients/"): ADMIN_PAGE,
    ("POST", "/admin/api-clients/{client_id}/rotate"): ADMIN_PAGE,
    ("POST", "/admin/api-clients/{client_id}/revoke"): ADMIN_PAGE,
    ("GET", "/admin/stations/"): ADMIN_PAGE,
    ("POST", "/admin/stations/"): ADMIN_PAGE,
    ("GET", "/admin/stations/{station_id}"): ADMIN_PAGE,
    ("POST", "/admin/stations/{station_id}/rename"): ADMIN_PAGE,
    ("POST", "/admin/stations/{station_id}/move"): ADMIN_PAGE,
}
# Writes that are not audited, and why (every other successful write adds an audit row).
UNAUDITED = {
    ("POST", f"{API}/auth/token"): "a login is audited by itself (login, login_failed), not as a write",
    ("POST", f"{API}/sms/delivery-reports"): "the provider's report updates the message's own delivery record",
    ("POST", "/staff/login"): "a login is audited by itself (login, login_failed), not as a write",
    ("POST", "/staff/logout"): "without a session cookie there is nothing to revoke; a cookie's logout is audited",
}


def markdown() -> str:
    """The table of every route and its rule, as docs/access.md holds it."""
    lines = [
        "# Who may call what",
        "",
        "Generated by `python -m tests.access.route_rules > docs/access.md` from the table that",
        "`tests/access/test_route_matrix.py` checks against the running app (every route x every kind of caller).",
        "The rules themselves are decided in `records/access.py`.",
        "",
        "A user is the caller of an `/api/v1` route by a bearer token, or by the session cookie of `/staff/login`",
        "(the staff pages' own calls; on POST, PATCH, PUT and DELETE only with the session's CSRF token in",
        "`X-CSRF-Token`); a station's system by its `X-API-Key`. Staff pages take only the session cookie.",
        "",
        "| rule | meaning |",
        "|---|---|",
    ]
    rules = {rule.name: rule for rule in ROUTES.values()}
    lines += [f"| {rule.name} | {rule.meaning} |" for rule in rules.values()]
    lines += ["", "| method | path | rule |", "|---|---|---|"]
    lines += [f"| {method} | `{path}` | {rule.name} |" for (method, path), rule in ROUTES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
