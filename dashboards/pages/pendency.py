"""Pendency and disposal: under investigation beyond 60 and 90 days, charge-sheet rate, final reports by type,
accused named against arrested; by district (state view) or by station (a district chosen)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboards.components.filters import View, filter_bar
from dashboards.components.frame import card, count_axis, empty, graph, page, staff_page, stat, unit_names, who
from dashboards.components.i18n import t
from dashboards.data.pendency import CHARGE_SHEETED, FINAL_REPORTS, PENDING_AGES, pendency

PATH = "/pendency"
FINAL_REPORT_LABELS = {
    "final_report_undetected": ("True but undetected", "सत्य परंतु अनुद्भेदित"),
    "final_report_false": ("False", "असत्य"),
    "final_report_mistake_of_fact": ("Mistake of fact / civil nature", "तथ्य की भूल / दीवानी प्रकृति"),
}


@staff_page
def layout(ctx: Any, reference: Any, caller: Any, view: View) -> Any:
    lang, filters = view.lang, view.filters
    frames = pendency(ctx.engine, filters)
    unit = frames["unit"]["unit"].iloc[0]
    disposal = frames["disposal"]
    charge_sheets = int(disposal.loc[disposal["status"].isin(CHARGE_SHEETED), "firs"].sum()) if len(disposal) else 0
    final_reports = int(disposal.loc[disposal["status"].isin(FINAL_REPORTS), "firs"].sum()) if len(disposal) else 0
    rate = charge_sheets / (charge_sheets + final_reports) * 100 if charge_sheets + final_reports else None
    stats = html.Div(
        [
            *(
                stat(t(f"pending_{age}", lang), f"{int(frames[f'pending_{age}']['firs'].sum()):,}")
                for age in PENDING_AGES
            ),
            stat(
                t("cs_rate", lang),
                f"{rate:.1f}%" if rate is not None else t("none_decided_short", lang),
                f"{charge_sheets:,} / {charge_sheets + final_reports:,}"
                if rate is not None
                else t("none_decided", lang),
            ),
            stat(t("accused", lang), f"{int(disposal['accused'].sum()) if len(disposal) else 0:,}"),
            stat(t("arrested", lang), f"{int(disposal['arrested'].sum()) if len(disposal) else 0:,}"),
        ],
        className="stats wide",
    )
    content = [
        stats,
        _pending(frames, reference, lang, unit),
        _final_reports(disposal, lang),
        _rate_by_unit(disposal, reference, lang, unit),
        _arrests(disposal, reference, lang, unit),
    ]
    return page(view, "pendency", who(caller, reference, lang), filter_bar(view, reference, caller.access), content)


# The age bands the pendency chart stacks, oldest first: (pending beyond this age of ``PENDING_AGES``, but not
# beyond this one, colour).
BANDS = (
    ("5y", None, "#5c0f0f"),
    ("3y", "5y", "#8e1b1b"),
    ("1y", "3y", "#c0392b"),
    ("90", "1y", "#e67e22"),
    ("60", "90", "#f5c26b"),
)
AGE_NAMES = {
    "60": ("60 days", "60 दिन"),
    "90": ("90 days", "90 दिन"),
    "1y": ("1 year", "1 वर्ष"),
    "3y": ("3 years", "3 वर्ष"),
    "5y": ("5 years", "5 वर्ष"),
}


def band_name(beyond: str, until: str | None, lang: str) -> str:
    """ "over 5 years", "1-3 years", "61-90 days" ... in the page's language."""
    index = 1 if lang == "hi" else 0
    if until is None:
        return f"{AGE_NAMES[beyond][index]} से अधिक" if lang == "hi" else f"over {AGE_NAMES[beyond][index]}"
    if beyond == "60":
        return "61-90 दिन" if lang == "hi" else "61-90 days"
    if beyond == "90":
        return "91 दिन - 1 वर्ष" if lang == "hi" else "91 days - 1 year"
    return f"{AGE_NAMES[beyond][index].split()[0]}-{AGE_NAMES[until][index]}"


def _pending(frames: dict[str, pd.DataFrame], reference: Any, lang: str, unit: str) -> Any:
    merged = None
    for age in PENDING_AGES:
        counts = frames[f"pending_{age}"].rename(columns={"firs": age})
        merged = counts if merged is None else merged.merge(counts, on=unit, how="outer")
    merged = merged.fillna(0)
    title = t("pending_by_age", lang)
    if not len(merged):
        return card(title, empty(t("no_data", lang)), True)
    merged["name"] = unit_names(merged, reference, lang, unit)
    merged = merged.sort_values("60").tail(40)
    figure = go.Figure(
        [
            go.Bar(
                y=merged["name"],
                x=merged[beyond] - (merged[until] if until else 0),
                name=band_name(beyond, until, lang),
                orientation="h",
                marker_color=colour,
            )
            for beyond, until, colour in BANDS
        ]
    )
    figure.update_layout(barmode="stack", legend={"traceorder": "normal"})
    count_axis(figure, "x", merged["60"].max())
    return card(title, graph(figure, "g-pending", height=max(380, 20 * len(merged) + 60)), True)


def _final_reports(disposal: pd.DataFrame, lang: str) -> Any:
    reports = disposal[disposal["status"].isin(FINAL_REPORTS)].groupby("status", as_index=False)["firs"].sum()
    if not len(reports):
        # FIRs there may be, but none closed by a final report: not the same as no FIRs at all.
        return card(t("final_reports", lang), empty(t("no_final_reports" if len(disposal) else "no_data", lang)))
    labels = [FINAL_REPORT_LABELS[s][1 if lang == "hi" else 0] for s in reports["status"]]
    figure = go.Figure(go.Pie(labels=labels, values=reports["firs"], hole=0.45))
    return card(t("final_reports", lang), graph(figure, "g-final-reports"))


def _rate_by_unit(disposal: pd.DataFrame, reference: Any, lang: str, unit: str) -> Any:
    """Every unit with FIRs in the period: its rate and "charge sheets / decided" written on the bar, so a 0% (all
    decided by final report) reads apart from a unit where nothing is decided yet (no bar, said so)."""
    frame = (
        disposal.assign(
            cs=disposal["firs"].where(disposal["status"].isin(CHARGE_SHEETED), 0),
            fr=disposal["firs"].where(disposal["status"].isin(FINAL_REPORTS), 0),
        )
        .groupby(unit, as_index=False)[["cs", "fr"]]
        .sum()
    )
    if not len(frame):
        return card(t("cs_rate", lang), empty(t("no_data", lang)))
    decided = frame["cs"] + frame["fr"]
    frame["rate"] = (frame["cs"] / decided.where(decided > 0) * 100).round(1)
    frame["label"] = [
        f"{rate:.0f}% ({cs:,}/{cs + fr:,})" if cs + fr else t("none_decided", lang)
        for rate, cs, fr in zip(frame["rate"], frame["cs"], frame["fr"], strict=True)
    ]
    frame["name"] = unit_names(frame, reference, lang, unit)
    frame = frame.assign(order=frame["rate"].fillna(-1)).sort_values("order")
    figure = go.Figure(
        go.Bar(
            y=frame["name"],
            x=frame["rate"].fillna(0),
            orientation="h",
            name="%",
            text=frame["label"],
            textposition="outside",
            cliponaxis=False,
            marker_color="#4f81bd",
        )
    )
    figure.update_xaxes(range=[0, 130], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix="%")
    return card(t("cs_rate", lang), graph(figure, "g-cs-rate", height=max(380, 18 * len(frame))))


def _arrests(disposal: pd.DataFrame, reference: Any, lang: str, unit: str) -> Any:
    frame = disposal.groupby(unit, as_index=False)[["accused", "arrested"]].sum()
    frame = frame[frame["accused"] > 0]
    if not len(frame):
        return card(t("arrests", lang), empty(t("no_data", lang)))
    frame["name"] = unit_names(frame, reference, lang, unit)
    frame = frame.sort_values("accused")
    figure = go.Figure(
        [
            go.Bar(y=frame["name"], x=frame["accused"], name=t("accused", lang), orientation="h"),
            go.Bar(y=frame["name"], x=frame["arrested"], name=t("arrested", lang), orientation="h"),
        ]
    )
    figure.update_layout(barmode="group")
    count_axis(figure, "x", frame["accused"].max())
    return card(t("arrests", lang), graph(figure, "g-arrests", height=max(380, 22 * len(frame))))
