"""Helpers of the staff pages' tests: log in at the one staff login as a browser does, and read the session's
CSRF token from a page."""

from __future__ import annotations

import re

from search_api.session_login import COOKIE
from tests.search_api.fir_api_support import PASSWORD, World

META_TOKEN = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')
FORM_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def log_in(world: World, who: str, next_path: str = "/", password: str = PASSWORD) -> str:
    """Log ``who`` (a user of the world, or a username) in at /staff/login; the session cookie's value."""
    world.client.cookies.clear()
    username = world.users[who].username if who in world.users else who
    response = world.client.post(
        "/staff/login",
        data={"username": username, "password": password, "next": next_path},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == next_path
    return world.client.cookies[COOKIE]


def page_token(world: World, path: str = "/") -> str:
    """The session's CSRF token, as the page at ``path`` carries it."""
    page = world.client.get(path)
    assert page.status_code == 200, page.text
    match = META_TOKEN.search(page.text) or FORM_TOKEN.search(page.text)
    assert match, f"{path} carries the session's CSRF token"
    return match.group(1)
