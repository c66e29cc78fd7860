"""The citizen portal's pages under /portal: file a complaint, confirm the mobile number with a code, follow it.

Server-rendered (Jinja2) in Hindi or English, plain HTML forms that work without JavaScript. Every POST
checks the CSRF token, is rate-limited (``search_api.csrf``), and every error is a page in the citizen's
language that says what to do next. One module per flow: ``filing`` (form, submit, confirm), ``status``
(follow a complaint) and ``fir_copy`` (the FIR's copy as PDF for the complainant); what their pages share is in
``frame``. This module mounts them: the router, its prefix and the largest request it takes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from complaints.attachments import MAX_TOTAL_BYTES
from portal.citizen import filing, fir_copy, status
from portal.citizen.frame import PREFIX, error_page

# The largest request the portal takes: the attachments' limit and room for the form's text fields.
MAX_REQUEST_BYTES = MAX_TOTAL_BYTES + 512 * 1024

router = APIRouter(prefix=PREFIX, include_in_schema=False)
router.include_router(filing.router)
router.include_router(status.router)
router.include_router(fir_copy.router)


def too_large_page(request: Request) -> Response:
    """The answer to a request larger than the portal takes (used by the app's body-size limit)."""
    return error_page(request, 413, "too_large")
