"""The lots map, drawn offline: the lots as coloured dots over district outlines shipped in data/geo/,
as a Vega-Lite chart (drawn in the browser from the page's own data: no tiles, no map service, no
request leaves the machine), fitted to the lots shown, with a legend.

The outlines of the demo city are schematic (示意): cells around each district's centre, not surveyed
boundaries (see data/geo/README.md). The chart says so under the map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from parkwatch.core.reference import reference_dir

OUTLINES = reference_dir("geo") / "demo-districts-schematic.geojson"
# status → colour, the same order as the legend; colour-blind-safe and apart in grey as well
STATUS_COLOURS = {"violation": "#c62828", "rectified": "#ef8f00", "ok": "#2e7d32"}
MARGIN = 0.25  # share of the lots' extent added around them (at least MIN_SPAN degrees across)
MIN_SPAN = 0.03
ASPECT, MAX_ASPECT = 1.4, 2.2  # the frame's width over its height, and the widest it is left
LABEL_GAP = 0.16  # share of the map's width two district names need between them

Bounds = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
Ring = list[tuple[float, float]]


@lru_cache(maxsize=1)
def outlines() -> dict[str, Any]:
    """The district outlines (GeoJSON FeatureCollection); empty when the file is missing."""
    try:
        data: dict[str, Any] = json.loads(OUTLINES.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"type": "FeatureCollection", "features": []}
    return data


def fitted_bounds(longitudes: Sequence[float], latitudes: Sequence[float]) -> Bounds:
    """The box around the lots, with a margin, never narrower than MIN_SPAN (one lot alone)."""
    lon_min, lon_max, lat_min, lat_max = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    pad_lon = max((lon_max - lon_min) * MARGIN, (MIN_SPAN - (lon_max - lon_min)) / 2, 0.005)
    pad_lat = max((lat_max - lat_min) * MARGIN, (MIN_SPAN - (lat_max - lat_min)) / 2, 0.005)
    west, south, east, north = lon_min - pad_lon, lat_min - pad_lat, lon_max + pad_lon, lat_max + pad_lat
    # widen the narrow side so the map fills a landscape frame instead of a strip of it
    scale = math.cos(math.radians((south + north) / 2))
    wide, tall = (east - west) * scale, north - south
    if wide < ASPECT * tall:
        extra = (ASPECT * tall - wide) / scale / 2
        west, east = west - extra, east + extra
    elif wide > MAX_ASPECT * tall:
        extra = (wide / MAX_ASPECT - tall) / 2
        south, north = south - extra, north + extra
    return west, south, east, north


def _clip(ring: Ring, inside: Any, cross: Any) -> Ring:
    """One Sutherland-Hodgman step: the part of `ring` on the inside of one edge of the box."""
    out: Ring = []
    for index, point in enumerate(ring):
        previous = ring[index - 1]
        if inside(point):
            if not inside(previous):
                out.append(cross(previous, point))
            out.append(point)
        elif inside(previous):
            out.append(cross(previous, point))
    return out


def clip_ring(ring: Ring, bounds: Bounds) -> Ring:
    """The ring cut to the box (both convex here: the schematic cells are convex)."""
    lon_min, lat_min, lon_max, lat_max = bounds

    def at_lon(x: float) -> Any:
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_lat(y: float) -> Any:
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, cross in (
        (lambda p: p[0] >= lon_min, at_lon(lon_min)),
        (lambda p: p[0] <= lon_max, at_lon(lon_max)),
        (lambda p: p[1] >= lat_min, at_lat(lat_min)),
        (lambda p: p[1] <= lat_max, at_lat(lat_max)),
    ):
        if not ring:
            break
        ring = _clip(ring, inside, cross)
    return ring


def _clockwise(ring: Ring) -> Ring:
    """d3-geo (Vega's projection) takes a clockwise exterior ring; GeoJSON files hold them anticlockwise."""
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))
    return ring[::-1] if area > 0 else ring


def district_shapes(bounds: Bounds) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The outlines cut to the box (as GeoJSON features for Vega) and the names of those whose centre is in it."""
    features: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    for feature in outlines()["features"]:
        ring = [(float(x), float(y)) for x, y in feature["geometry"]["coordinates"][0][:-1]]
        cut = clip_ring(ring, bounds)
        if len(cut) < 3:
            continue
        cut = _clockwise(cut)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": feature["properties"]["name"]},
                "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in [*cut, cut[0]]]]},
            }
        )
        lon, lat = feature["properties"]["centre"]
        if bounds[0] <= lon <= bounds[2] and bounds[1] <= lat <= bounds[3] and _apart(lon, lat, labels, bounds):
            labels.append({"name": feature["properties"]["name"], "longitude": lon, "latitude": lat})
    return features, pd.DataFrame(labels, columns=["name", "longitude", "latitude"])


def _apart(lon: float, lat: float, kept: list[dict[str, Any]], bounds: Bounds) -> bool:
    """Is a name at (lon, lat) far enough from the names kept to be read? (Crowded centres keep the first.)"""
    width, height = bounds[2] - bounds[0], bounds[3] - bounds[1]
    return all(
        abs(lon - other["longitude"]) / width > LABEL_GAP or abs(lat - other["latitude"]) / height > LABEL_GAP / 2
        for other in kept
    )


def lots_map(
    points: pd.DataFrame, labels: dict[str, str], legend_title: str, name_title: str, height: int = 380
) -> alt.LayerChart:
    """Lots (columns longitude, latitude, name, status) as dots coloured by status over the outlines.
    `labels` maps a status to its text (the legend and the tooltip show the text)."""
    bounds = fitted_bounds(list(points["longitude"]), list(points["latitude"]))
    features, names = district_shapes(bounds)
    lots = points.assign(status_text=points["status"].map(labels))
    projection = "mercator"
    layers: list[alt.Chart] = []
    if features:
        layers.append(
            alt.Chart(alt.InlineData(values=features))
            .mark_geoshape(fill="#f4f3ee", stroke="#9e9e9e", strokeWidth=1)
            .project(projection)
        )
    if not names.empty:
        layers.append(
            alt.Chart(names)
            .mark_text(fontSize=12, color="#616161", dy=-10)
            .encode(longitude="longitude:Q", latitude="latitude:Q", text="name:N")
            .project(projection)
        )
    order = [status for status in STATUS_COLOURS if status in labels]
    layers.append(
        alt.Chart(lots[["longitude", "latitude", "name", "status_text"]])
        .mark_circle(size=70, opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            color=alt.Color(
                "status_text:N",
                scale=alt.Scale(domain=[labels[s] for s in order], range=[STATUS_COLOURS[s] for s in order]),
                legend=alt.Legend(title=legend_title, orient="bottom", direction="horizontal"),
            ),
            tooltip=[alt.Tooltip("name:N", title=name_title), alt.Tooltip("status_text:N", title=legend_title)],
        )
        .project(projection)
    )
    return alt.LayerChart(layer=layers).properties(height=height)
