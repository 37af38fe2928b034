"""Data out for analysts' tools (issue 20): one row per claim as CSV or JSON Lines, one GeoJSON point per incident.

Everything streams: rows come off the database cursor in batches (`yield_per`) and go straight to the
writer, so a million claims take as much memory as a thousand. CSV cells that a spreadsheet would run as a
formula (text starting with = + - @, tab or carriage return) get a leading apostrophe (OWASP's advice);
numbers stay numbers. JSON is escaped by the json module. GeoJSON follows RFC 7946: [longitude, latitude].
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, Literal

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Article, Claim, Incident, IncidentPlace, Outlet
from briefings.knowledge.places import Gazetteer

ExportFormat = Literal["csv", "jsonl", "geojson"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl", "geojson")
COLUMNS = ("incident", "place", "area", "country", "latitude", "longitude", "field", "value", "qualifier", "stance",
           "holder", "outlet", "url", "published", "quote")
NUMERIC = ("killed", "wounded", "distance_km")
BATCH = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Progress = Callable[[int], None]  # rows (or features) written so far


@dataclass(frozen=True)
class ExportFilter:
    """Which incidents: with news since a time, and/or at a place (its name, area or country)."""

    since: datetime | None = None
    place: str | None = None


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: formula-looking strings get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _incident_filter(gaz: Gazetteer, flt: ExportFilter) -> list[Any]:
    conds: list[Any] = []
    if flt.since is not None:
        conds.append(Incident.updated_at >= flt.since)
    if flt.place and flt.place.strip():
        name = flt.place.strip().lower()
        ids = [p.id for p, score in gaz.search(name, limit=8) if score >= 0.82]
        by_name = [func.lower(Incident.place_name) == name, func.lower(Incident.admin1) == name,
                   func.lower(Incident.country) == name]
        if ids:
            by_name.append(Incident.id.in_(select(IncidentPlace.incident_id).where(IncidentPlace.place_id.in_(ids))))
        conds.append(or_(*by_name))
    return conds


def claims_query(gaz: Gazetteer, flt: ExportFilter) -> Select[Any]:
    """Claims in (incident, claim id) order: SQLite and PostgreSQL walk the incident_id index, nothing is
    sorted in memory, so the first rows come at once and memory stays flat."""
    holder = case((Claim.attributed_to == "outlet", Outlet.name), else_=Claim.attributed_to)
    return (select(Incident.slug, Incident.place_name, Incident.admin1, Incident.country, Incident.lat, Incident.lon,
                   Claim.field, Claim.value, Claim.value_num, Claim.qualifier, Claim.stance, holder, Outlet.name,
                   Article.url, Article.published_at, Claim.quote)
            .join(Incident, Claim.incident_id == Incident.id).join(Article, Claim.article_id == Article.id)
            .join(Outlet, Article.outlet_id == Outlet.id).where(*_incident_filter(gaz, flt))
            .order_by(Claim.incident_id, Claim.id))


def claim_tuples(sessions: sessionmaker[Session], gaz: Gazetteer, flt: ExportFilter) -> Iterator[tuple[Any, ...]]:
    """Every claim of the chosen incidents as a tuple in COLUMNS order, streamed from the database."""
    with sessions() as s:
        result = s.execute(claims_query(gaz, flt).execution_options(yield_per=BATCH, stream_results=True))
        for (slug, place, area, country, lat, lon, field, value, num, qualifier, stance, holder, outlet, url,
             published, quote) in result:
            if num is not None and field in NUMERIC:
                value = int(num) if num.is_integer() else num
            yield (slug, place, area, country, lat, lon, field, value, qualifier, stance, holder, outlet, url,
                   published.isoformat() if published else None, quote)


def claim_rows(sessions: sessionmaker[Session], gaz: Gazetteer, flt: ExportFilter) -> Iterator[dict[str, Any]]:
    """Every claim of the chosen incidents as a flat record (the COLUMNS), streamed from the database."""
    return (dict(zip(COLUMNS, row)) for row in claim_tuples(sessions, gaz, flt))


def count_claims(sessions: sessionmaker[Session], gaz: Gazetteer, flt: ExportFilter) -> int:
    """How many rows an export will write (for a progress bar)."""
    with sessions() as s:
        stmt = (select(func.count(Claim.id)).join(Incident, Claim.incident_id == Incident.id)
                .where(*_incident_filter(gaz, flt)))
        return int(s.scalar(stmt) or 0)


def write_csv(rows: Iterable[tuple[Any, ...]], out: IO[str], progress: Progress | None = None) -> int:
    """Rows are tuples in COLUMNS order."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for n, row in enumerate(rows, 1):
        writer.writerow(["'" + v if v.__class__ is str and v.startswith(FORMULA_START) else v for v in row])  # safe_cell, inlined
        if progress is not None and n % BATCH == 0:
            progress(n)
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str], progress: Progress | None = None) -> int:
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for n, row in enumerate(rows, 1):
        out.write(dumps(row) + "\n")
        if progress is not None and n % BATCH == 0:
            progress(n)
    return n


def incident_features(sessions: sessionmaker[Session], gaz: Gazetteer, flt: ExportFilter) -> Iterator[dict[str, Any]]:
    """One GeoJSON Feature per incident that has coordinates: status, dates and the range of each figure."""
    asserted = and_(Claim.stance == "asserts", Claim.value_num.is_not(None))

    def bound(fn: Any, field: str) -> Any:
        return fn(case((and_(asserted, Claim.field == field), Claim.value_num)))

    figures = (select(Claim.incident_id.label("iid"), bound(func.min, "killed").label("kl"),
                      bound(func.max, "killed").label("kh"), bound(func.min, "wounded").label("wl"),
                      bound(func.max, "wounded").label("wh"), func.count(Claim.id).label("n"),
                      func.count(func.distinct(Claim.article_id)).label("reports"))
               .group_by(Claim.incident_id).subquery())
    stmt = (select(Incident.slug, Incident.title, Incident.place_name, Incident.admin1, Incident.country,
                   Incident.lat, Incident.lon, Incident.start_date, Incident.end_date, Incident.status,
                   figures.c.kl, figures.c.kh, figures.c.wl, figures.c.wh, figures.c.n, figures.c.reports)
            .outerjoin(figures, figures.c.iid == Incident.id)
            .where(Incident.lat.is_not(None), Incident.lon.is_not(None), *_incident_filter(gaz, flt))
            .order_by(Incident.id))
    with sessions() as s:
        for (slug, title, place, area, country, lat, lon, start, end, status, kl, kh, wl, wh, n,
             reports) in s.execute(stmt.execution_options(yield_per=BATCH, stream_results=True)):
            yield {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                   "properties": {"incident": slug, "title": title, "place": place, "area": area, "country": country,
                                  "start": start.isoformat() if start else None,
                                  "end": end.isoformat() if end else None, "status": status,
                                  "killed_low": _num(kl), "killed_high": _num(kh), "wounded_low": _num(wl),
                                  "wounded_high": _num(wh), "claims": int(n or 0), "reports": int(reports or 0)}}


def _num(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def write_geojson(features: Iterator[dict[str, Any]], out: IO[str], progress: Progress | None = None) -> int:
    """A FeatureCollection written feature by feature (never the whole collection in memory)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for n, feature in enumerate(features, 1):
        out.write((",\n" if n > 1 else "") + json.dumps(feature, ensure_ascii=False))
        if progress is not None and n % BATCH == 0:
            progress(n)
    out.write("\n]}\n")
    return n


def export(sessions: sessionmaker[Session], gaz: Gazetteer, fmt: ExportFormat, out: IO[str],
           flt: ExportFilter = ExportFilter(), progress: Progress | None = None) -> int:
    """Write the export to `out`; the number of rows (claims) or features (incidents) written."""
    if fmt == "csv":
        return write_csv(claim_tuples(sessions, gaz, flt), out, progress)
    if fmt == "jsonl":
        return write_jsonl(claim_rows(sessions, gaz, flt), out, progress)
    if fmt == "geojson":
        return write_geojson(incident_features(sessions, gaz, flt), out, progress)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
