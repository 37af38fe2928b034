"""Hostile input (issue 15): every record gets an outcome with a reason a user can act on, nothing hangs,
nothing unstorable is stored. Inputs are generated here (tests/briefings/hostile.py), never copied."""
from __future__ import annotations

import json
import os
import random
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from briefings.db.models import Article, Outlet
from briefings.engine import Engine, IngestReport
from briefings.ingest.formats import Document, Problem
from briefings.ingest.readers import parse_bytes, read
from briefings.ingest.sanitize import MAX_RUN, bound_lines, safe
from tests.briefings import hostile
from tests.conftest import new_db_url

STORED = ("new", "duplicate", "revision", "carrier")


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return Engine(new_db_url(tmp_path))


def reasons(report: IngestReport) -> dict[str, str]:
    return {o.source: o.reason or "" for o in report.outcomes if o.status == "rejected"}


def assert_storable(engine: Engine) -> None:
    """No text column holds NUL or a lone surrogate (PostgreSQL refuses the first, every driver the second)."""
    with engine.sessions() as s:
        rows = s.execute(select(Article.text, Article.title, Article.url, Article.source_path)).all()
        names = s.scalars(select(Outlet.name)).all()
    for value in [v for row in rows for v in row if v] + list(names):
        assert "\x00" not in value
        value.encode("utf-8")  # raises on a lone surrogate


def test_generated_corpus_every_record_has_an_outcome(engine: Engine, tmp_path: Path) -> None:
    files = hostile.generate(tmp_path / "in", 60, seed=7) + hostile.special_files(tmp_path / "special")
    total = 0
    for g in files:
        report = engine.ingest([g.path])
        assert hostile.check(report.outcomes, g) == []
        total += len(report.outcomes)
    assert total >= len(files)
    assert_storable(engine)
    with engine.sessions() as s:
        texts = " ".join(s.scalars(select(Article.text)).all())
    assert "alert(" not in texts and "onerror" not in texts  # scripts and handlers never become article text
    assert "root:" not in texts and "lollol" not in texts  # no external entity read, no entity expansion


def test_batch_summary_adds_up_to_the_records_read(engine: Engine, tmp_path: Path) -> None:
    files = hostile.generate(tmp_path / "in", 40, seed=11)
    report = engine.ingest([tmp_path / "in"])
    assert sum(report.count(s) for s in (*STORED, "rejected")) == len(report.outcomes)
    known = sum(g.expected for g in files if g.expected is not None)
    by_file = {str(g.path) for g in files if g.expected is None}
    unknown = sum(1 for o in report.outcomes if o.source.split("#")[0] in by_file)
    assert len(report.outcomes) == known + unknown


def test_jsonl_with_one_bad_record_stores_the_others(engine: Engine, tmp_path: Path) -> None:
    texts = ["Rockets hit a depot near Basra on Monday, killing two guards, police said.",
             "A car bomb exploded outside a market in Kirkuk, wounding eleven shoppers.",
             "Officials in Tikrit denied reports that the bridge had been shelled overnight.",
             "Three fishermen drowned off Sanaa when their boat capsized in a storm on Friday.",
             "The governor of Homs announced a curfew after clashes left four dead."]
    lines = [json.dumps({"text": t}) for t in texts]
    lines[2] = '{"text": "an unterminated record'
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines))
    report = engine.ingest([path])
    assert report.count("new") == 4
    assert reasons(report) == {f"{path}#3": "invalid JSON: Unterminated string starting at (column 10)"}


def test_deep_json_is_rejected_with_a_reason_not_a_crash(engine: Engine, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    lines = tmp_path / "deep.jsonl"
    lines.write_text(json.dumps({"text": "Shelling killed three people in Homs on Friday."}) + "\n"
                     + '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}\n")
    report = engine.ingest([deep, lines])
    assert reasons(report) == {
        f"{deep}#1": "JSON nested too deeply; an article record is one flat object with a 'text' field",
        f"{lines}#2": "JSON nested too deeply; an article record is one flat object with a 'text' field"}
    assert report.count("new") == 1


def test_lone_surrogates_and_nul_are_replaced_before_storage(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text('{"text": "A car bomb killed five people in Kirkuk\\u0000 on Sunday \\ud800, officials said.", '
                    '"title": "Blast \\udfff\\u0000", "outlet": "Wire\\ud83d\\ude00", "url": "https://ex.org/\\ud800"}\n')
    report = engine.ingest([path])
    assert report.count("new") == 1, report
    with engine.sessions() as s:
        art = s.scalars(select(Article)).one()
        outlet = s.scalars(select(Outlet.name)).one()
    assert art.text == "A car bomb killed five people in Kirkuk\ufffd on Sunday \ufffd, officials said."
    assert art.title == "Blast \ufffd\ufffd"
    assert outlet == "Wire\U0001F600"  # a proper surrogate pair is one character, kept
    assert_storable(engine)


def test_invalid_utf8_in_one_jsonl_line_spoils_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "Two died in Hilla."}\n{"text": "caf\xe9"}\n\x00\x00\n{"text": "One died in Erbil."}\n')
    results = list(read(str(path)))
    assert [type(r).__name__ for r in results] == ["Document", "Problem", "Problem", "Document"]
    assert str(results[1]) == f"{path}#2: not UTF-8 text (invalid byte 0xe9 at column 14); re-save as UTF-8"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_fifo_is_refused_at_once_never_read(engine: Engine, tmp_path: Path) -> None:
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    done: list[IngestReport] = []
    worker = threading.Thread(target=lambda: done.append(engine.ingest([fifo])), daemon=True)
    worker.start()
    worker.join(10)
    assert done, "ingest blocked on a FIFO"
    assert reasons(done[0]) == {str(fifo): "not a regular file (a named pipe (FIFO)); save the content to a file "
                                           "and ingest that"}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_device_is_refused(engine: Engine) -> None:
    report = engine.ingest(["/dev/zero"])
    assert reasons(report)["/dev/zero"].startswith("not a regular file (a character device)")


def test_folder_walk_skips_readme_and_expected_but_names_them(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "001-basra.txt").write_text("A drone strike killed two men near Basra on Tuesday, police said.")
    (folder / "README.md").write_text("# Reports\nThese files are test reports.")
    (folder / "EXPECTED.md").write_text("A good briefing says two were killed.")
    report = engine.ingest([folder])
    assert report.count("new") == 1
    skipped = {Path(o.source).name: o.reason for o in report.outcomes if o.status == "skipped"}
    assert set(skipped) == {"README.md", "EXPECTED.md"}
    assert "not a report; name the file to ingest it anyway" in skipped["README.md"]
    assert engine.ingest([folder / "README.md"]).count("new") == 1  # named explicitly: read


def test_article_over_the_limit_is_refused_fast_with_the_limit_named(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text("Mosul " * 400_000)  # 2.4 MB on one line: under the file limit, over the article limit
    started = time.monotonic()
    report = engine.ingest([path])
    assert time.monotonic() - started < 5
    assert reasons(report)[str(path)] == ("article too long: 2,400,000 characters of text > 200,000 limit per "
                                         "article; split it into articles or set BRIEFBOT_MAX_ARTICLE_CHARS")


def test_long_line_under_the_limit_is_stored_in_bounded_pieces(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("Rockets killed 4 near Kirkuk, " * 1500 + "!" * 20_000)  # 65,000 chars, no sentence end
    report = engine.ingest([path])
    assert report.count("new") == 1
    with engine.sessions() as s:
        text = s.scalars(select(Article.text)).one()
    assert max(len(line) for line in text.split("\n")) <= MAX_RUN
    assert "".join(text.split()) == "".join(path.read_text().split())  # only line breaks were added


def test_bound_lines_keeps_prose_and_cuts_runs() -> None:
    prose = ("Officials said two people were killed. " * 200).strip()
    assert bound_lines(prose) == prose  # sentence ends every few words: untouched
    cut = bound_lines("word " * 1000 + "end")
    assert all(len(line) <= MAX_RUN for line in cut.split("\n")) and cut.replace("\n", " ") == "word " * 1000 + "end"
    assert bound_lines("x" * 2500).split("\n") == ["x" * MAX_RUN, "x" * MAX_RUN, "x" * 500]


def test_safe_replaces_nul_and_lone_surrogates_only() -> None:
    assert safe("a\x00b\ud800c\udfff") == "a\ufffdb\ufffdc\ufffd"
    assert safe("\ud83d\ude00 ok") == "\U0001F600 ok"
    assert safe("plain, ünïcode, \u202e") == "plain, ünïcode, \u202e"


def test_already_stored_feed_needs_no_near_duplicate_lookups(engine: Engine, tmp_path: Path) -> None:
    rng = random.Random(5)
    _name, body, count = hostile.feed(rng, items=400)
    path = tmp_path / "wire.xml"
    path.write_bytes(body)
    first = engine.ingest([path])
    assert len(first.outcomes) == count
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(engine.db, "before_cursor_execute", listen)
    try:
        again = engine.ingest([path])
    finally:
        event.remove(engine.db, "before_cursor_execute", listen)
    stored = sum(first.count(s) for s in ("new", "carrier", "revision"))
    assert again.count("duplicate") == stored  # the rest were rejected the first time and are again
    assert not [s for s in statements if "near_dup_bands" in s]  # duplicates: one hash lookup each, nothing more


@pytest.mark.stress
def test_stress_big_feed_of_stored_items_is_recognised_fast(engine: Engine, tmp_path: Path) -> None:
    """Heavier (about 15 s): a 3,000-item feed (short items), polled twice; the second pass is all duplicates."""
    rng = random.Random(9)
    count = 3_000  # the 10,000-item figure is measured by the release check (docs/hostile-input.md)
    items = "".join(f"<item><title>{i}</title><link>https://example.org/{i}</link><description>Note {i}: "
                    f"{' '.join(rng.choice(hostile._WORDS) for _ in range(8))}</description></item>" for i in range(count))
    path = tmp_path / "big.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>')
    engine.ingest([path])
    started = time.monotonic()
    again = engine.ingest([path])
    assert len(again.outcomes) == count
    assert time.monotonic() - started < 10  # 10,000 items: 80-95 s before the exact-duplicate fast path, now ~7 s


# ---- fuzz: every reader, random bytes and random records -------------------------------------------------------

KINDS = ("txt", "md", "html", "json", "jsonl", "feed")


def _check_results(results: list[Document | Problem]) -> None:
    assert results, "no outcome"
    for r in results:
        if isinstance(r, Problem):
            assert r.reason and "\n" not in r.reason and "bug" not in r.reason
        else:
            for value in (r.text, r.title, r.url, r.outlet, r.source, r.language):
                if value:
                    assert "\x00" not in value
                    value.encode("utf-8")
            assert max(len(line) for line in r.text.split("\n")) <= MAX_RUN


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), kind=st.sampled_from(KINDS))
def test_fuzz_every_reader_on_random_bytes(data: bytes, kind: str) -> None:
    _check_results(list(parse_bytes(data, kind, "fuzz")))


_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                       max_leaves=10)
_records = st.dictionaries(st.sampled_from(["text", "title", "url", "outlet", "published", "language", "date"]),
                           _values | st.text(min_size=1, max_size=300), max_size=6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_records | _values, min_size=1, max_size=8))
def test_fuzz_jsonl_gives_one_outcome_per_line(records: list[object]) -> None:
    lines = [json.dumps(r) for r in records]
    results = list(parse_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), "jsonl", "fuzz.jsonl"))
    _check_results(results)
    assert [r.source for r in results] == [f"fuzz.jsonl#{n}" for n in range(1, len(lines) + 1)]


@pytest.mark.parametrize("language", ["zh", "ja", "ko", "nan"])
def test_a_declared_language_without_its_tokenizer_still_gets_claims(engine: Engine, tmp_path: Path,
                                                                      language: str) -> None:
    """wordfreq needs optional packages (jieba, mecab) for these languages: their absence must not cost the
    report its claims ('nan', Min Nan, is what a NaN in a JSON 'language' field becomes)."""
    path = tmp_path / "tagged.jsonl"
    path.write_text(json.dumps({"text": "A drone killed 3 people near Mosul on Tuesday, police said.",
                                "language": language, "published": "2024-04-16"}) + "\n")
    report = engine.ingest([path])
    assert [o.status for o in report.outcomes] == ["new"]
    assert report.outcomes[0].incidents and report.outcomes[0].incidents[0].startswith("mosul")


def test_folder_walk_names_files_of_other_types(engine: Engine, tmp_path: Path) -> None:
    """A file a folder walk does not read is named with why, never silently left out."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Two people were killed near Mosul on Monday, police said.")
    (tmp_path / "in" / "noise").write_bytes(b"\x00\x01 binary")
    (tmp_path / "in" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = engine.ingest([tmp_path / "in"])
    got = {Path(o.source).name: (o.status, o.reason or "") for o in report.outcomes}
    assert got["a.txt"][0] == "new"
    for name in ("noise", "photo.jpg"):
        assert got[name][0] == "skipped" and "not a report file type" in got[name][1]
