"""The station dashboard's "Most recent FIRs" list (issue 22's walk): each FIR links to its case page, its day is
its day in India, and its status is named in the page's language, never an internal code ("charge sheeted" stood
on the Hindi page)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from dashboards.pages.station import _recent


def _texts(component: Any) -> list[str]:
    """Every string in a Dash component tree, in order."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, list):
        children = [children]
    return [text for child in children for text in _texts(child)]


def _links(component: Any) -> list[str]:
    found = [component.href] if getattr(component, "href", None) else []
    children = getattr(component, "children", None)
    children = children if isinstance(children, list) else [children] if children is not None else []
    return found + [href for child in children for href in _links(child)]


RECENT = pd.DataFrame(
    [
        {
            "id": 41,
            "number": "1/2026",
            "registered_at": pd.Timestamp("2026-12-07T22:23:00Z"),  # 08-12-2026 03:53 IST
            "status": "charge_sheeted",
            "sections": "BNS 303(2)",
        }
    ]
)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["FIR", "Registered", "Status", "1/2026", "08-12-2026", "Charge-sheeted"]),
        ("hi", ["प्राथमिकी", "पंजीकृत", "स्थिति", "1/2026", "08-12-2026", "आरोप-पत्र समर्पित"]),
    ],
)
def test_recent_firs_link_to_their_case_pages_with_the_status_named(lang: str, words: list[str]) -> None:
    shown = _recent(RECENT, lang)
    texts = _texts(shown)
    assert all(word in texts for word in words), texts
    assert "charge sheeted" not in texts and "charge_sheeted" not in texts
    assert _links(shown) == ["/station/firs/41"]
