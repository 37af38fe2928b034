"""A chart of who claims what: each source's killed and wounded figures over time, as a PNG (issue 20).

The plotted data (briefings.chartdata) is read from the briefing's own JSON document (`Briefing.data`), so the chart can only
show figures the briefing quotes: one marker per claim, coloured by holder; the band between the lowest and
the highest figure; the latest figure of each holder filled (earlier ones hollow). The alt text lists the
same figures in words. Drawing is done by briefings.chartdraw (matplotlib, Agg, no display).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefings.chartdata import (  # noqa: F401 - the plotted values, importable from here too
    FIELDS, MAX_ALT, ChartData, NothingToChart, Point, Series, chart_data, holder_of,
)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the PNG bytes, its alt text and a file name; `data` is what was drawn."""

    data: ChartData
    png: bytes
    width: int
    height: int

    @property
    def alt_text(self) -> str:
        return self.data.alt_text

    @property
    def filename(self) -> str:
        return f"{self.data.slug}-figures.png"


def incident_chart(briefing_data: Mapping[str, Any]) -> Chart:
    """A briefing's JSON document (`Briefing.data`) → the rendered chart."""
    from briefings.chartdraw import draw

    data = chart_data(briefing_data.get("incident") or briefing_data)
    png, width, height = draw(data)
    return Chart(data, png, width, height)


def has_figures(briefing_data: Mapping[str, Any]) -> bool:
    """Whether an incident briefing has a figure to chart (platforms offer a Chart button only then)."""
    incident = briefing_data.get("incident") if isinstance(briefing_data.get("incident"), Mapping) else None
    return incident is not None and any(
        c.get("field") in FIELDS and c.get("stance", "asserts") == "asserts" and isinstance(c.get("value"), (int, float))
        for c in incident.get("claims") or ())
