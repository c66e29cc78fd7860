"""A choropleth of districts drawn as filled polygons on plain longitude/latitude axes.

Plotly's geo maps fetch their base map from a CDN at run time, which a police network often cannot reach, and
its tile maps need WebGL; filled SVG polygons need neither and still show every district's shape and value."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboards.components.frame import count_ticks
from dashboards.components.i18n import t
from dashboards.data.boundaries import Boundaries, census_code_of


def boundaries_problem(boundaries: Boundaries, lang: str) -> str:
    """Why there is no map, and what to do, in the page's language."""
    return t(f"boundaries_{boundaries.problem}", lang).format(**boundaries.detail)


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def district_map(
    geojson: dict[str, Any], values: dict[str, float], names: dict[str, str], scale: str, unit: str, *, counts: bool
) -> go.Figure:
    """Polygons coloured by ``values`` (keyed by Census 2011 district code); districts without a value are grey.
    ``counts``: the values are counts, so the colour bar ticks on whole numbers (a rate may tick on fractions)."""
    figure = go.Figure()
    top = max(values.values(), default=0) or 1
    for feature in geojson.get("features", []):
        code = census_code_of(feature)
        value = values.get(code or "")
        colour = "#e6e9ee" if value is None else sample_colorscale(scale, [min(value / top, 1.0)])[0]
        label = names.get(code or "", (feature.get("properties") or {}).get("district", code or ""))
        text = f"{label}: {value:,.1f} {unit}" if value is not None else f"{label}: no data"
        for ring in _rings(feature.get("geometry") or {}):
            figure.add_trace(
                go.Scatter(
                    x=[point[0] for point in ring],
                    y=[point[1] for point in ring],
                    fill="toself",
                    fillcolor=colour,
                    line={"color": "white", "width": 0.8},
                    mode="lines",
                    hoveron="fills",
                    text=text,
                    hoverinfo="text",
                    showlegend=False,
                )
            )
    figure.add_trace(  # the colour bar
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={
                "colorscale": scale,
                "cmin": 0,
                "cmax": top,
                "color": [0],
                "showscale": True,
                "colorbar": {
                    "thickness": 12,
                    "title": {"text": unit, "side": "right"},
                    **(count_ticks(top) if counts else {}),
                },
            },
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.08)  # ~1/cos(26 deg N)
    return figure
