"""`--workers N` stores what one process stores: places a report teaches reach the reports after it, whichever
worker reads them (briefings/ingest/learning.py), and places stored by earlier runs reach the workers."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from briefings.db.models import Claim, Incident, IncidentArticle, IncidentPlace
from briefings.engine import Engine
from briefings.extract.article import Knowledge
from briefings.ingest.extractor import InlineExtractor, PoolExtractor
from briefings.ingest.formats import Document
from tests.conftest import new_db_url

# Invented reports. "Zelvorika" is in no gazetteer: the first report teaches it ("the village of ... in Kharkiv
# region"), the third names it without a cue, the fourth spells it "Zelvoryka" (one place: same_as).
REPORTS = [
    ("Gunmen kill seven in a village", "2024-03-05",
     "Gunmen attacked the village of Zelvorika in Kharkiv region on Tuesday, killing 7 people, local officials said.\n\n"
     "The attackers fled before police arrived, a regional spokesman said."),
    ("Car bomb in a market", "2024-03-06",
     "A car bomb exploded in a crowded market in Mosul on Wednesday, killing 4 people, police said."),
    ("Mourners bury the dead", "2024-03-07",
     "Mourners in Zelvorika buried the seven people killed on Tuesday, Ukrainian officials said.\n\n"
     "A funeral was held in the village church."),
    ("Survivors speak", "2024-03-08",
     "Survivors from the village of Zelvoryka in Kharkiv region described how gunmen killed 7 neighbours on Tuesday."),
]


def _files(tmp: Path, which: range) -> list[Path]:
    out = []
    for i in which:
        title, day, body = REPORTS[i]
        p = tmp / f"r{i}.txt"
        p.write_text(f"title: {title}\npublished: {day}\nurl: https://invented.example/r{i}\n"
                     f"outlet: Outlet {i}\n---\n{body}\n", encoding="utf-8")
        out.append(p)
    return out


def _stored(eng: Engine) -> dict[str, list[tuple[object, ...]]]:
    with eng.sessions() as s:
        return {
            "incidents": [tuple(r) for r in s.execute(select(Incident.slug, Incident.place_id, Incident.start_date)
                                                      .order_by(Incident.id))],
            "places": [tuple(r) for r in s.execute(select(IncidentPlace.incident_id, IncidentPlace.place_id)
                                                   .order_by(IncidentPlace.incident_id, IncidentPlace.place_id))],
            "links": [tuple(r) for r in s.execute(select(IncidentArticle.incident_id, IncidentArticle.article_id)
                                                  .order_by(IncidentArticle.article_id))],
            "claims": [tuple(r) for r in s.execute(select(Claim.article_id, Claim.field, Claim.value)
                                                   .order_by(Claim.id))],
        }


def _run(tmp: Path, name: str, workers: int, batch_size: int, runs: list[range]) -> dict[str, list[tuple[object, ...]]]:
    """Ingest each run's reports with a fresh Engine on one database (a later run reads what earlier runs stored)."""
    (tmp / name).mkdir()
    url = new_db_url(tmp / name)
    for which in runs:
        eng = Engine(url, workers=workers, batch_size=batch_size)
        try:
            report = eng.ingest(_files(tmp, which))
            assert report.ok and report.count("new") == len(which)
        finally:
            eng.close()
    eng = Engine(url)
    try:
        return _stored(eng)
    finally:
        eng.close()


@pytest.mark.parametrize("batch_size", [64, 2])  # one batch (two chunks), or a batch per chunk
def test_two_workers_store_what_one_process_stores(tmp_path: Path, batch_size: int) -> None:
    one = _run(tmp_path, "one", 1, batch_size, [range(4)])
    # what makes the test worth having: the third report is at the place the first one taught
    learned = {pid for _i, pid in one["places"] if pid.startswith("l:")}
    assert len(learned) == 1
    assert [slug for slug, _p, _d in one["incidents"]].count("zelvorika-2024-03-05") == 1
    by_article = {article: incident for incident, article in one["links"]}
    assert by_article[1] == by_article[3] == by_article[4] != by_article[2]
    assert _run(tmp_path, "two", 2, batch_size, [range(4)]) == one


def test_workers_know_the_places_earlier_runs_learned(tmp_path: Path) -> None:
    """The first run teaches the village; a later run's workers must know it without a cue, as one process does."""
    one = _run(tmp_path, "one", 1, 64, [range(2), range(2, 4)])
    assert len({incident for incident, article in one["links"] if article in (1, 3, 4)}) == 1
    assert _run(tmp_path, "two", 2, 64, [range(2), range(2, 4)]) == one


def test_workers_hash_as_this_process_does() -> None:
    """With workers, language, content hash, signature and bands are computed there: they must be this process's."""
    kn = Knowledge.default()
    docs = [Document(text, None, f"https://invented.example/h{i}", None, None, language, f"h{i}")
            for i, (text, language) in enumerate([
                (REPORTS[0][2], None), (REPORTS[3][2], "EN"), ("Three killed", None),
                ("Au moins cinq personnes ont été tuées lundi dans l’explosion d’une voiture piégée à Kidal, "
                 "selon des sources sécuritaires maliennes citées par l’agence.", None),
                ("В Харкові внаслідок обстрілу загинули троє людей, повідомили місцеві посадовці у понеділок.", "uk"),
            ])]
    pool = PoolExtractor(2, kn)
    try:
        hashing = pool.hash(docs)
        got = [(h.doc, h.digest, h.signature, h.bands) for h in hashing()]
        assert pool.cpu_seconds > 0  # the workers' CPU, for the bench
    finally:
        pool.close()
    want = [(h.doc, h.digest, h.signature, h.bands) for h in InlineExtractor(kn).hash(docs)()]
    assert got == want
    assert [d.language for d, *_ in got] == ["en", "en", None, "fr", "uk"]
