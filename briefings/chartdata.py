"""What a chart plots, read from a briefing's JSON document: points, series per field, alt text (issue 20).

Apart from briefings.chart (which draws) so that the drawing code (briefings.chartdraw) can name these
values without importing the module that imports it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from briefings.errors import BriefingError

FIELDS = ("killed", "wounded")
MAX_ALT = 1500  # Slack's alt_txt and Discord's attachment description stay readable (Discord: 1024 max)


class NothingToChart(BriefingError):
    """The incident has no killed or wounded figure: a clear note, never an empty chart."""


@dataclass(frozen=True)
class Point:
    """One plotted claim: a figure as one holder gave it in one report."""

    field: str
    value: float
    qualifier: str | None
    holder: str
    outlet: str
    published: date | None
    report: int  # order of the report in the incident (0 = first), for reports without a date
    victims: str | None = None

    @property
    def figure(self) -> str:
        """"at least 2": the number as the holder qualified it."""
        number = f"{self.value:g}"
        return f"{self.qualifier} {number}" if self.qualifier and self.qualifier != "preliminary" else number

    @property
    def text(self) -> str:
        return f"{self.figure} ({self.victims})" if self.victims else self.figure


@dataclass(frozen=True)
class Series:
    """All claims of one field, oldest report first, with the range and each holder's latest figure."""

    field: str
    points: tuple[Point, ...]

    @property
    def low(self) -> float:
        return min(p.value for p in self.points)

    @property
    def high(self) -> float:
        return max(p.value for p in self.points)

    @property
    def latest(self) -> dict[str, Point]:
        """holder → the figure of that holder's most recent report (ties: the last one quoted)."""
        out: dict[str, Point] = {}
        for p in sorted(self.points, key=lambda p: p.report):
            out[p.holder] = p
        return out

    def is_latest(self, point: Point) -> bool:
        return self.latest.get(point.holder) is point


@dataclass(frozen=True)
class ChartData:
    slug: str
    title: str
    series: tuple[Series, ...]
    dated: bool  # every point has a report date: the x axis is time, else the order of reports

    @property
    def holders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.holder for s in self.series for p in s.points))

    @property
    def alt_text(self) -> str:
        """The chart in words: per field the range, then each claim with holder, outlet and date."""
        parts = [f"Chart of casualty figures claimed for {self.title}."]
        for s in self.series:
            span = f"{s.low:g}" if s.low == s.high else f"{s.low:g} to {s.high:g}"
            claims = "; ".join(f"{p.text} by {p.holder} ({p.outlet}{', ' + p.published.isoformat() if p.published else ''})"
                               for p in s.points)
            parts.append(f"{s.field.capitalize()}: {span}. {claims}.")
        text = " ".join(parts)
        return text if len(text) <= MAX_ALT else text[: MAX_ALT - 1].rstrip() + "…"


def holder_of(claim: Mapping[str, Any]) -> str:
    """Who holds a claim as the briefing names them: the outlet itself when the claim is unattributed."""
    holder = str(claim.get("attributed_to") or "outlet")
    return str(claim.get("outlet") or "unknown outlet") if holder == "outlet" else holder


def chart_data(incident: Mapping[str, Any]) -> ChartData:
    """The incident part of `incident --format json` → what to plot. Raises NothingToChart."""
    articles = list(incident.get("articles") or ())
    order = {a.get("id"): n for n, a in enumerate(articles)}
    published = {a.get("id"): _day(a.get("published")) for a in articles}
    series = []
    names: dict[str, str] = {}  # "Police sources" and "police sources" are one holder: the first spelling shows
    for field in FIELDS:
        points = []
        for c in incident.get("claims") or ():
            value = c.get("value")
            if c.get("field") != field or c.get("stance", "asserts") != "asserts" or not isinstance(value, (int, float)):
                continue
            aid = c.get("article_id")
            holder = names.setdefault(" ".join(holder_of(c).lower().split()), holder_of(c))
            point = Point(field, float(value), c.get("qualifier"), holder, str(c.get("outlet") or ""),
                          published.get(aid), order.get(aid, len(order)), c.get("victims"))
            if point not in points:  # one report repeating a holder's figure is one marker
                points.append(point)
        if points:
            points.sort(key=lambda p: p.report)
            series.append(Series(field, tuple(points)))
    title = str(incident.get("title") or incident.get("slug") or "incident")
    if not series:
        raise NothingToChart(f"No killed or wounded figures have been reported for {title}, so there is "
                             "nothing to chart. /incident shows what the sources do say.")
    dated = all(p.published is not None for s in series for p in s.points)
    return ChartData(str(incident.get("slug") or "incident"), title, tuple(series), dated)


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None
