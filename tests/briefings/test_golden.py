"""Golden outputs of ingest: performance work must not change what is extracted, resolved or stored.

Each corpus (the seeds, the bundled sample, a fixed 300-article synthetic corpus) is ingested into a fresh
database and dumped canonically -- every incident with its places, claims and article/carrier links, every
article with its outlet and carrier, every ingest outcome -- without ids or wall-clock timestamps, sorted
deterministically, and compared with tests/golden/<corpus>.json.

Regenerate (only when an output change is intended): BRIEFBOT_REGEN_GOLDEN=1 pytest tests/briefings/test_golden.py
"""
from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from briefings import Engine, bench
from briefings.bench import gen as benchgen
from briefings.db.models import Article, Claim, Incident, IncidentArticle, IncidentPlace, Outlet

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SYNTHETIC_SEED = 20250601
SYNTHETIC_ARTICLES = 300


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()[:10]


def _dump(engine: Engine, outcomes: list[list[Any]]) -> dict[str, Any]:
    """The canonical JSON of everything ingest stored: no ids, no timestamps, sorted."""
    with engine.sessions() as s:
        arts = s.execute(select(Article.id, Article.url, Article.source_path, Article.revision, Article.title,
                                Article.published_at, Article.content_hash, Article.carrier_of, Article.language,
                                Outlet.name.label("outlet")).join(Outlet, Outlet.id == Article.outlet_id)).all()
        key = {a.id: f"{a.url or ''}|{Path(a.source_path or '').name}|r{a.revision}" for a in arts}
        articles = sorted(({
            "key": key[a.id], "title": a.title, "outlet": a.outlet,
            "published": _day(a.published_at), "hash": a.content_hash, "language": a.language,
            "carrier_of": key.get(a.carrier_of) if a.carrier_of else None,
        } for a in arts), key=lambda d: d["key"])
        incidents = []
        for inc in s.scalars(select(Incident)):
            places = sorted([p.place_id, p.place_name, _day(p.start_date), _day(p.end_date)]
                            for p in s.scalars(select(IncidentPlace).where(IncidentPlace.incident_id == inc.id)))
            links = sorted([key[link.article_id], link.main]
                           for link in s.scalars(select(IncidentArticle).where(IncidentArticle.incident_id == inc.id)))
            claims = sorted(({
                "article": key[c.article_id], "field": c.field, "value": c.value, "value_num": c.value_num,
                "qualifier": c.qualifier, "attributed_to": c.attributed_to, "stance": c.stance, "quote": c.quote,
                "victims": c.victims, "reference": c.reference, "span": [c.span_start, c.span_end],
            } for c in s.scalars(select(Claim).where(Claim.incident_id == inc.id))),
                key=lambda d: json.dumps(d, sort_keys=True))
            incidents.append({
                "slug": inc.slug, "title": inc.title, "place": [inc.place_id, inc.place_name, inc.admin1, inc.country],
                "dates": [_day(inc.start_date), _day(inc.end_date), inc.date_precision],
                "event_types": inc.event_types, "status": inc.status, "places": places, "articles": links,
                "claims": claims,
            })
    incidents.sort(key=lambda d: d["slug"])
    return {"outcomes": outcomes, "articles": articles, "incidents": incidents}


def _ingest(url: str, paths: list[Path], root: Path, **options: int) -> dict[str, Any]:
    engine = Engine(url, **options)
    try:
        report = engine.ingest(paths)
        prefix = str(root) + os.sep
        outcomes = [[o.source.replace(prefix, ""), o.status, (o.reason or "").replace(prefix, ""), list(o.incidents)]
                    for o in report.outcomes]
        return _dump(engine, outcomes)
    finally:
        engine.close()


def _check(name: str, got: dict[str, Any]) -> None:
    path = GOLDEN / f"{name}.json"
    text = json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("BRIEFBOT_REGEN_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: generate it with BRIEFBOT_REGEN_GOLDEN=1"
    want = json.loads(path.read_text(encoding="utf-8"))
    for part in ("outcomes", "articles"):
        assert got[part] == want[part], f"{name}: {part} differ"
    assert [i["slug"] for i in got["incidents"]] == [i["slug"] for i in want["incidents"]], f"{name}: incident slugs"
    for mine, theirs in zip(got["incidents"], want["incidents"]):
        assert mine == theirs, f"{name}: incident {mine['slug']} differs"


def test_seeds_golden(seeds_dir: Path, db_url: str) -> None:
    _check("seeds", _ingest(db_url, sorted(seeds_dir.glob("*.txt")), seeds_dir))


def test_sample_golden(db_url: str) -> None:
    sample = Path(str(resources.files("briefings") / "data" / "sample"))
    _check("sample", _ingest(db_url, sorted(sample.glob("*.txt")), sample))


@pytest.fixture(scope="module")
def synthetic_records() -> list[benchgen.SyntheticArticle]:
    return benchgen.generate(SYNTHETIC_ARTICLES, bench.load_places(), SYNTHETIC_SEED, 0.15)


def test_synthetic_golden(synthetic_records: list[benchgen.SyntheticArticle], db_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    paths = bench.write_jsonl(synthetic_records, corpus, chunk=100)
    _check("synthetic300", _ingest(db_url, paths, corpus))


@pytest.mark.parametrize("options", [{"batch_size": 1}, {"batch_size": 7}, {"workers": 2}],
                         ids=["one-per-transaction", "batches-of-7", "two-extraction-workers"])
def test_synthetic_golden_whatever_the_batching(synthetic_records: list[benchgen.SyntheticArticle], db_url: str,
                                                tmp_path: Path, options: dict[str, int]) -> None:
    """Batches (and extraction in worker processes) are only faster: wire copies and duplicates inside one batch
    are found as if each article were stored on its own."""
    corpus = tmp_path / "corpus"
    paths = bench.write_jsonl(synthetic_records, corpus, chunk=100)
    _check("synthetic300", _ingest(db_url, paths, corpus, **options))
