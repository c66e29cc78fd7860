"""Bad requests to the dashboards answer 400 saying what is wrong; real failures stay 500 and are logged.

* A Dash callback request (``POST /_dash-update-component``) is checked before Dash dispatches it: a JSON
  object naming a server-side callback of this app, with the outputs, inputs and state that callback declares.
  Dash itself answers a broken body, an unknown output or missing inputs with a 500.
* A page or callback that finds a parameter it cannot use raises :class:`BadDashInput` (field and reason);
  pages can also check their query on the first GET (``page_checks``), so a browser shows the 400 and why.
* Anything else raised in a callback is a server error: logged with its traceback, answered 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import flask
from dash import Dash

log = logging.getLogger(__name__)
CALLBACK_PATH = "/_dash-update-component"


class BadDashInput(ValueError):
    """A request parameter the dashboards cannot use; ``field`` names it, the message says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def _is_dependency(item: Any) -> bool:
    """One input/state/output as the front end sends it: {"id", "property"} (pattern-matching: a list of them)."""
    if isinstance(item, list):
        return all(_is_dependency(one) for one in item)
    if not isinstance(item, Mapping):
        return False
    return isinstance(item.get("id"), str | Mapping) and isinstance(item.get("property"), str)


def callback_problem(body: Any, callbacks: Mapping[str, Any]) -> str | None:
    """Why ``body`` is not a callback request this app can answer, or None when it is."""
    if not isinstance(body, Mapping):
        return "the body must be a JSON object (a Dash callback request)"
    output = body.get("output")
    if not isinstance(output, str):
        return "output: required, the callback's output as a string"
    declared = callbacks.get(output)
    if declared is None or declared.get("callback") is None:
        return f"output: no server-side callback of these dashboards has output {output[:200]!r}"
    outputs = body.get("outputs")
    if isinstance(declared.get("output"), list):
        if not isinstance(outputs, list) or len(outputs) != len(declared["output"]) or not _is_dependency(outputs):
            return f"outputs: must list the callback's {len(declared['output'])} outputs as {{id, property}}"
    elif not _is_dependency(outputs):
        return "outputs: must be the callback's output as {id, property}"
    for key in ("inputs", "state"):
        expected = declared.get(key) or []
        given = body.get(key, [] if key == "state" else None)
        if not isinstance(given, list) or len(given) != len(expected):
            return f"{key}: must list the callback's {len(expected)} {key} as {{id, property, value}}"
        for number, (item, wanted) in enumerate(zip(given, expected, strict=True)):
            if not _is_dependency(item):
                return f"{key}.{number}: must be {{id, property, value}}"
            if not isinstance(item, list) and (item["id"], item["property"]) != (wanted["id"], wanted["property"]):
                return f"{key}.{number}: expected {wanted['id']}.{wanted['property']}"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(one, str) for one in changed):
        return "changedPropIds: must be a list of strings"
    return None


def _bad_request(message: str) -> flask.Response:
    return flask.Response(
        flask.json.dumps({"error": "bad_request", "message": message}), status=400, mimetype="application/json"
    )


PageCheck = Callable[[Mapping[str, str]], object]


def install_error_handling(app: Dash, page_checks: Mapping[str, PageCheck] | None = None) -> None:
    """Check callback requests before Dash dispatches them, and pages' queries (page path such as
    ``/associates`` -> a check that raises BadDashInput) on GET; answer BadDashInput with 400 (see the module)."""
    server: flask.Flask = app.server
    checks = dict(page_checks or {})

    @server.before_request
    def check_request() -> flask.Response | None:
        request = flask.request
        if request.method == "GET":
            path = request.path.rstrip("/")
            for page, check in checks.items():
                if path.endswith(page):  # with or without the prefix the app is mounted at
                    check(request.args)
            return None
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        body = request.get_json(silent=True)
        if body is None:
            return _bad_request("the body is not valid JSON (a Dash callback request is a JSON object)")
        problem = callback_problem(body, app.callback_map)
        return _bad_request(problem) if problem else None

    @server.errorhandler(BadDashInput)
    def bad_input(error: BadDashInput) -> flask.Response:
        if flask.request.method == "GET":
            return flask.Response(str(error), status=400, mimetype="text/plain")
        return _bad_request(str(error))

    @server.errorhandler(Exception)
    def server_error(error: Exception) -> Any:
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return error
        log.error("dashboards: %s %s failed", flask.request.method, flask.request.path, exc_info=error)
        return flask.Response(
            flask.json.dumps({"error": "error", "message": "the dashboards failed to answer; it has been logged"}),
            status=500,
            mimetype="application/json",
        )
