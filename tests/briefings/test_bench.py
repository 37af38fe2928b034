"""`briefbot bench`: the synthetic corpus is deterministic and realistic, and the timing harness reports honestly."""
from __future__ import annotations

import itertools
import json
import random
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from briefings import bench
from briefings.bench.gen import SyntheticArticle, generate, make_plan

PLACES = bench.fallback_places()
FIELDS = {"text", "title", "url", "outlet", "published", "language"}


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def corpus() -> list[SyntheticArticle]:
    return generate(600, PLACES, seed=11)


def test_same_seed_same_articles_other_seed_other_articles() -> None:
    first, again, other = generate(120, PLACES, seed=5), generate(120, PLACES, seed=5), generate(120, PLACES, seed=6)
    assert [a.record() for a in first] == [a.record() for a in again]
    assert [a.text for a in first] != [a.text for a in other]


def test_records_have_every_field_and_realistic_length(corpus: list[SyntheticArticle]) -> None:
    assert len(corpus) == 600
    for article in corpus:
        record = article.record()
        assert set(record) == FIELDS and all(isinstance(v, str) and v for v in record.values())
        assert 150 <= len(record["text"].split()) <= 500
        assert date(2025, 1, 1) <= date.fromisoformat(record["published"]) <= date(2026, 1, 10)
        assert record["url"].startswith("https://bench.briefbot.invalid/") and record["outlet"].endswith("(bench)")
    assert len({a.url for a in corpus}) == len(corpus)


@pytest.mark.parametrize("rate", [0.0, 0.15, 0.3])
def test_wire_republications_come_at_the_configured_rate(rate: float) -> None:
    articles = generate(800, PLACES, seed=3, wire_rate=rate)
    copies = [a for a in articles if a.copy_of]
    assert abs(len(copies) / len(articles) - rate) < 0.04


def test_wire_copies_are_near_duplicates_under_another_outlet(corpus: list[SyntheticArticle]) -> None:
    by_url = {a.url: a for a in corpus}
    copies = [a for a in corpus if a.copy_of]
    assert copies
    for copy in copies:
        assert copy.copy_of is not None
        original = by_url[copy.copy_of]  # the original came earlier in the stream
        assert copy.outlet != original.outlet and copy.url != original.url and copy.text != original.text
        assert _jaccard(copy.text, original.text) >= 0.6


def test_distinct_reports_of_one_incident_are_not_near_duplicates(corpus: list[SyntheticArticle]) -> None:
    reports = defaultdict(list)
    for article in corpus:
        if not article.copy_of:
            reports[article.incident].append(article.text)
    pairs = [(a, b) for texts in reports.values() for a, b in itertools.combinations(texts, 2)]
    assert len(pairs) > 100
    assert max(_jaccard(a, b) for a, b in pairs) < 0.3


def test_places_outlets_and_incidents_vary(corpus: list[SyntheticArticle]) -> None:
    plan = make_plan(600, PLACES, seed=11)
    assert len(plan.incidents) == 100
    assert len({i.place.name for i in plan.incidents}) >= 30
    assert len({a.outlet for a in corpus}) >= 60
    originals = [a for a in corpus if not a.copy_of]
    per_incident: dict[int, int] = defaultdict(int)
    for article in originals:
        per_incident[article.incident] += 1
    assert sum(n >= 3 for n in per_incident.values()) >= 60  # several reports per incident


def test_reports_of_one_incident_disagree_on_the_toll(corpus: list[SyntheticArticle]) -> None:
    number = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven)"
    tolls: dict[int, set[str]] = defaultdict(set)
    for article in corpus:
        for match in re.finditer(number + r" (?:people|fighters|soldiers|civilians|person|fighter|soldier|civilian)"
                                 r" (?:were|was|had been) killed", article.text, re.I):
            tolls[article.incident].add(match.group(1).lower())
    assert sum(len(values) >= 2 for values in tolls.values()) >= 40


def test_background_paragraphs_recall_older_incidents_elsewhere(corpus: list[SyntheticArticle]) -> None:
    background = [a for a in corpus if "said at the time" in a.text or "came after an earlier strike" in a.text]
    assert 0.1 < len(background) / len(corpus) < 0.5


def test_load_places_reads_the_gazetteer_and_falls_back(tmp_path: Path) -> None:
    rows = [{"name": f"Town {i}", "kind": "town", "country": "Iraq", "admin1": "Anbar", "aliases": [f"Twn {i}"]}
            for i in range(25)]
    rows += [{"name": "Iraq", "kind": "country", "country": "Iraq"}, {"name": "Anbar", "kind": "province",
             "country": "Iraq"}, {"name": "Tehran", "kind": "city", "country": "Iran"}]
    gazetteer = tmp_path / "places.json"
    gazetteer.write_text(json.dumps({"places": rows}), encoding="utf-8")
    places = bench.load_places(gazetteer)
    assert len(places) == 25 and places[0].variants == ("Twn 0",) and places[0].admin1 == "Anbar"
    assert bench.load_places(tmp_path / "missing.json") == PLACES
    gazetteer.write_text("{not json", encoding="utf-8")
    assert bench.load_places(gazetteer) == PLACES
    assert len(PLACES) >= 40 and {p.country for p in PLACES} == {"Iraq", "Syria", "Jordan"}


def test_the_shipped_gazetteer_feeds_the_generator() -> None:
    places = bench.load_places()  # briefings/data/places.json, or the built-in list while it is absent
    assert len(places) >= 20 and all(p.name and p.country in {"Iraq", "Syria", "Jordan"} for p in places)
    assert len(generate(30, places, seed=1)) == 30


def test_write_jsonl_writes_chunks_the_ingest_reader_accepts(tmp_path: Path) -> None:
    articles = generate(250, PLACES, seed=2)
    paths = bench.write_jsonl(articles, tmp_path, chunk=100)
    lines = [p.read_text(encoding="utf-8").splitlines() for p in paths]
    assert [len(chunk) for chunk in lines] == [100, 100, 50]
    assert json.loads(lines[2][-1]) == articles[-1].record()
    from briefings.ingest.readers import Document, read

    documents = list(read(str(paths[0])))
    assert len(documents) == 100 and all(isinstance(d, Document) for d in documents)
    assert [d.outlet for d in documents if isinstance(d, Document)][0] == articles[0].outlet


def test_queries_mix_names_misspellings_and_dates() -> None:
    plan = make_plan(600, PLACES, seed=11)
    queries = bench.make_queries(plan, 400)
    names = {n.lower() for p in PLACES for n in (p.name, *p.variants)}
    dated = [q for q, on in queries if on is not None]
    misspelled = [q for q, on in queries if on is None and q not in names]
    assert len(queries) == 400 and 0.15 < len(dated) / 400 < 0.35 and 0.15 < len(misspelled) / 400 < 0.35
    rng = random.Random(0)
    for name in ("kalsu", "tuz khurmatu", "erbil", "deir ez-zor", "al-qaim"):
        slip = bench.misspell(rng, name)
        assert slip != name and abs(len(slip) - len(name)) <= 1


def test_blocks_show_throughput_per_tenth() -> None:
    marks = [0.01 * i for i in range(1, 101)]  # 100 articles, one every 10 ms
    blocks = bench.blocks(0.0, marks)
    assert [b["articles"] for b in blocks] == [10] * 10
    assert all(b["articles_per_s"] == pytest.approx(100, rel=0.01) for b in blocks)
    assert len(bench.blocks(0.0, [0.1, 0.2, 0.3])) == 3 and bench.blocks(0.0, []) == []


def test_blocks_end_where_a_batch_of_outcomes_ends() -> None:
    # 100 articles reported in batches of 25, each batch's outcomes microseconds apart, one batch every 250 ms
    marks = [0.25 * (i // 25 + 1) + 1e-6 * (i % 25) for i in range(100)]
    blocks = bench.blocks(0.0, marks)
    assert [b["articles"] for b in blocks] == [25] * 4  # never a block of a few articles "in no time"
    assert all(b["articles_per_s"] == pytest.approx(100, rel=0.01) for b in blocks)


def test_real_reports_yardstick_counts_their_words_and_ingests_them(tmp_path: Path) -> None:
    from briefings.bench import realtexts

    for i, place in enumerate(("Kirkuk", "Mosul", "Basra")):
        (tmp_path / f"{i}.txt").write_text(
            f"title: Blast in {place}\npublished: 2025-05-0{i + 1}\n---\nA car bomb killed {i + 3} people in {place} "
            "on Monday, police said. Officials denied any link to the militia.\n", encoding="utf-8")
    found = realtexts.measure(str(tmp_path), repeats=1)
    assert found["reports"] == 3 and found["words"] > 40 and found["distinct_words"] <= found["words"]
    assert found["cpu_seconds"] > 0 and found["ingest_words_per_cpu_s"] > 0
    line = realtexts.describe(found)
    assert "3 reports" in line and "words per CPU-second" in line
    assert "--texts" in realtexts.describe(None)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (bench.percentile(values, 50), bench.percentile(values, 99), bench.percentile(values, 100)) == (50, 99, 100)
    assert bench.percentile([], 50) == 0.0


def test_time_queries_skips_the_warm_up_and_counts_misses() -> None:
    from briefings.errors import NoMatch

    class Engine:
        calls = 0

        def incident(self, query: str, on: date | None = None) -> None:
            Engine.calls += 1
            if query.startswith("x"):
                raise NoMatch(query)

    plain: list[tuple[str, date | None]] = [("balad", None), ("xyz", None), ("erbil", date(2025, 6, 10))]
    queries = [plain[0]] * 20 + [plain[1]] * 5 + [plain[2]] * 15
    result = bench.time_queries(Engine(), queries, warmup=20)
    assert Engine.calls == 40 and result["queries"] == 20 and result["misses"] == 5
    assert 0 <= result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]


def test_main_ingests_through_the_engine_and_returns_the_json(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = bench.main(articles=50, db=db_url, json_path=str(out), queries=30, subscriptions=12, stage_sample=30)
    assert {"articles", "db", "ingest", "incident", "peak_rss_mb", "python", "machine"} <= set(result)
    assert {"seconds", "articles_per_s", "blocks"} <= set(result["ingest"])
    assert {"p50_ms", "p95_ms", "p99_ms", "max_ms", "queries"} <= set(result["incident"])
    assert sum(result["ingest"]["outcomes"].values()) == 50 and result["ingest"]["outcomes"].get("new", 0) > 30
    assert result["ingest"]["outcomes"].get("rejected", 0) == 0
    assert sum(b["articles"] for b in result["ingest"]["blocks"]) == 50
    assert result["incident"]["queries"] == 30 and result["incident"]["misses"] < 30
    assert result["digests"]["subscriptions"] == 12 and result["digests"]["p99_ms"] >= result["digests"]["p50_ms"]
    assert result["bot_process"]["peak_rss_mb"] and result["bot_process"]["queries"] == 200
    assert json.loads(out.read_text(encoding="utf-8")) == result
    stages = {row["stage"]: row for row in result["stages"]["stages"]}
    assert result["stages"]["missing_entry_points"] == []  # every stage's entry point is still where it is looked for
    for stage in ("sentence split", "places", "dates", "attribution", "claims", "frames (segmenting)",
                  "duplicate detection", "resolution", "writes"):
        assert stages[stage]["calls"] > 0 and stages[stage]["share"] > 0, stage
    assert abs(sum(row["share"] for row in stages.values()) - 1) < 0.01
    per_article = result["ingest"]["cpu_seconds"] / 50 * 1000
    assert abs(sum(row["ms_per_article"] for row in stages.values()) - per_article) < 0.05 * per_article


def test_with_workers_the_bench_reports_their_cpu_and_the_writer_bound_ceiling(tmp_path: Path) -> None:
    result = bench.main(articles=40, queries=5, subscriptions=2, bot_process=False, workers=2, stage_sample=0)
    ingest = result["ingest"]
    assert ingest["outcomes"].get("rejected", 0) == 0 and ingest["workers_cpu_seconds"] > 0
    assert ingest["writer_ceiling_articles_per_s"] == ingest["articles_per_cpu_s"]
    assert ingest["writer_ms_per_article"] == pytest.approx(ingest["cpu_seconds"] / 40 * 1000, rel=0.01)
    assert ingest["workers_cores_at_ceiling"] == pytest.approx(ingest["workers_cpu_seconds"] / ingest["cpu_seconds"],
                                                               rel=0.02)


def test_the_stage_meter_charges_nested_stages_once_and_puts_everything_back() -> None:
    from briefings.bench.stages import Meter, metered
    from briefings.extract import article, sentences
    from briefings.extract.dates import find_dates_in

    original = article.split_sentences
    meter = Meter()
    with metered(meter) as missing:
        assert article.split_sentences is not original  # the orchestration's own binding is wrapped
        article.extract_article("Gunmen attacked a checkpoint on Friday. Two soldiers were killed, police said.",
                                date(2024, 4, 20), article.Knowledge.default())
    assert missing == []
    assert article.split_sentences is original and sentences.split_sentences is original
    assert article.find_dates_in is find_dates_in
    assert meter.calls["sentence split"] == 2 and meter.calls["dates"] == 1  # split + dateline; one scan per article
    assert meter.calls["frames (segmenting)"] == 3  # two sentences fed, one result
    assert all(seconds >= 0 for seconds in meter.seconds.values())


def test_grow_to_copies_the_database_and_measures_each_checkpoint(db_url: str) -> None:
    """--grow-to: copies of the ingested rows (moved back in time) fill the database to each checkpoint, then fresh
    articles are really ingested there: none of them is mistaken for a copy's duplicate or revision."""
    from sqlalchemy import create_engine, text

    result = bench.main(articles=40, db=db_url, queries=10, subscriptions=2, bot_process=False, grow_to=200,
                        sample=20, checkpoints=(100,), stage_sample=0)
    sizes = [st["articles_in_db"] for st in result["scale"]]
    assert sizes[0] == 40 and 100 <= sizes[1] <= 130 and 190 <= sizes[2] <= 230, sizes
    assert all(st["ingest_articles_per_s"] > 0 and st["incident"]["queries"] == 10 for st in result["scale"])
    db = create_engine(db_url)
    try:
        with db.connect() as conn:
            count = lambda sql: conn.scalar(text(sql))  # noqa: E731
            assert count("SELECT count(*) FROM articles") == sizes[2]
            assert count("SELECT count(DISTINCT slug) FROM incidents") == count("SELECT count(*) FROM incidents")
            assert count("SELECT count(*) FROM articles WHERE revision > 1") == 0  # fresh URLs never collide
            # a copy's band keys carry its tag in the low 10 bits: fresh reports' keys never meet a copy's
            assert count("SELECT count(*) FROM near_dup_bands WHERE band % 1024 <> 0") > 0
            oldest = count("SELECT min(start_date) FROM incidents")
            assert str(oldest) < "2024-12-31"  # copies live in earlier years
            # every claim points at an incident and an article of its own copy
            assert count("SELECT count(*) FROM claims c JOIN incidents i ON i.id = c.incident_id "
                         "JOIN articles a ON a.id = c.article_id") == count("SELECT count(*) FROM claims")
        if db.dialect.name == "sqlite":  # the copies are in the full-text index too (db/fulltext.py): no error
            with db.begin() as conn:
                conn.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)"))
    finally:
        db.dispose()
