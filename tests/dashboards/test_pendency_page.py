"""The pendency page's charge-sheet rate and final reports tell "0%" (every decided case closed by a final report)
apart from "nothing decided yet" and from "no final reports" (issue 23)."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from dash import dcc

from dashboards.data.reference import load_reference
from dashboards.pages import pendency


def _graph(component: object) -> dcc.Graph:
    found = [child for child in component.children if isinstance(child, dcc.Graph)]  # type: ignore[attr-defined]
    assert found, component
    return found[0]


def test_zero_per_cent_and_nothing_decided_are_labelled_apart(dashboard_database: sa.Engine) -> None:
    reference = load_reference(dashboard_database)
    first, second, third = (int(one) for one in reference.districts["id"].iloc[:3])
    disposal = pd.DataFrame(
        [
            {"district_id": first, "status": "final_report_false", "firs": 3, "accused": 3, "arrested": 0},
            {"district_id": second, "status": "under_investigation", "firs": 4, "accused": 4, "arrested": 1},
            {"district_id": third, "status": "charge_sheeted", "firs": 1, "accused": 2, "arrested": 2},
            {"district_id": third, "status": "final_report_undetected", "firs": 1, "accused": 1, "arrested": 0},
        ]
    )
    bar = _graph(pendency._rate_by_unit(disposal, reference, "en", "district_id")).figure.data[0]
    names = dict(zip(reference.districts["id"], reference.districts["name_en"], strict=True))
    labels = dict(zip(bar.y, bar.text, strict=True))
    assert labels == {
        names[second]: "no charge sheet or final report yet",  # drawn, and said why it has no bar
        names[first]: "0% (0/3)",
        names[third]: "50% (1/2)",
    }
    hindi = _graph(pendency._rate_by_unit(disposal, reference, "hi", "district_id")).figure.data[0]
    assert "अभी कोई आरोप-पत्र या अंतिम प्रतिवेदन नहीं" in hindi.text
    # FIRs but no final report: said so, not "no FIRs match these filters".
    without_reports = str(pendency._final_reports(disposal[disposal["district_id"] == second], "en").to_plotly_json())
    assert "No final report in this period" in without_reports
    nothing = str(pendency._final_reports(disposal.iloc[0:0], "en").to_plotly_json())
    assert "No FIRs match these filters" in nothing
