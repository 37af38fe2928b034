#!/usr/bin/env python3
"""Did a speed change keep the output? Dump what extraction and ingest produce, then compare two dumps.

Maintainer tool for issue 14's rule "faster, same answers". Run it on the commit before and after a change:

    PYTHONHASHSEED=0 .venv/bin/python tools/same_output.py dump before.pkl [--shared ../shared]
    PYTHONHASHSEED=0 .venv/bin/python tools/same_output.py dump after.pkl
    .venv/bin/python tools/same_output.py diff before.pkl after.pkl      # "ALL IDENTICAL" or the first differences

A dump holds the repr of every frame (places, dates, claims with holders and spans) of 1,000 bench reports, of the
corpus and seed reports under --shared when present, and digests of the tables after ingesting 3,000 bench reports
(articles, links, incidents, claims, places, bands) into a fresh SQLite file.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

_TABLES = {
    "articles": "SELECT url, content_hash, published_at, language, near_signature, "
                "(SELECT url FROM articles b WHERE b.id = articles.carrier_of) FROM articles",
    "links": "SELECT a.url, i.slug FROM incident_articles ia JOIN articles a ON a.id = ia.article_id "
             "JOIN incidents i ON i.id = ia.incident_id",
    "incidents": "SELECT slug, status, start_date, end_date FROM incidents",
    "claims": "SELECT a.url, i.slug, c.field, c.value, c.qualifier, c.victims, c.attributed_to, c.stance, c.quote, "
              "c.span_start FROM claims c JOIN articles a ON a.id = c.article_id JOIN incidents i ON i.id = c.incident_id",
    "places": "SELECT i.slug, p.* FROM incident_places p JOIN incidents i ON i.id = p.incident_id",
    "bands": "SELECT * FROM near_dup_bands",
}


def frames(shared: Path | None) -> dict[str, str]:
    from briefings.bench import gen, load_places
    from briefings.extract.article import Knowledge
    from briefings.ingest.extractor import frames_of
    from briefings.ingest.readers import read

    kn = Knowledge.default()
    found: dict[str, str] = {}

    def add(name: str, source: str) -> None:
        for j, doc in enumerate(read(source)):
            if hasattr(doc, "text"):
                doc = replace(doc, language=kn.languages.language_of(doc.language, doc.text, doc.title))
                found[f"{name}#{j}"] = repr(frames_of(doc, kn))
            else:
                found[f"{name}#{j}"] = repr(doc)

    with tempfile.TemporaryDirectory() as tmp:
        for i, article in enumerate(gen.generate(1000, load_places())):
            path = Path(tmp) / f"r{i}.jsonl"
            path.write_text(json.dumps(article.record()) + "\n")
            add(f"bench{i}", str(path))
    if shared is not None:
        for path in sorted((shared / "corpus" / "articles").glob("*")) + sorted((shared / "seeds").glob("*.txt")):
            add(path.name, str(path))
    return found


def tables(count: int = 3000, seed: int = 7) -> dict[str, str]:
    from briefings.bench import gen, load_places, write_jsonl
    from briefings.engine import Engine

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_jsonl(gen.articles(gen.make_plan(count, load_places(), seed)), Path(tmp) / "in")
        db = Path(tmp) / "out.sqlite3"
        engine = Engine(f"sqlite:///{db}")
        engine.ingest(paths)
        engine.close()
        with sqlite3.connect(db) as conn:
            return {name: _digest(conn, sql) for name, sql in _TABLES.items()}


def _digest(conn: sqlite3.Connection, sql: str) -> str:
    rows = sorted(repr(r) for r in conn.execute(sql))
    return f"{hashlib.sha256(chr(10).join(rows).encode()).hexdigest()[:12]} ({len(rows)} rows)"


def diff(before: dict[str, str], after: dict[str, str], show: int = 10) -> list[str]:
    """The keys whose values differ (printing the first `show`, around where they part)."""
    changed = [k for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    for key in changed[:show]:
        a, b = before.get(key, ""), after.get(key, "")
        at = next((n for n in range(min(len(a), len(b))) if a[n] != b[n]), min(len(a), len(b)))
        print(f"{key}\n  before: {a[max(0, at - 200):at + 200]}\n  after:  {b[max(0, at - 200):at + 200]}")
    return changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.command == "dump":
        shared = args.shared if (args.shared / "corpus").is_dir() else None
        dump = {"frames": frames(shared), "tables": tables()}
        args.out.write_bytes(pickle.dumps(dump))
        print(f"{len(dump['frames'])} documents, tables: {dump['tables']}")
        return
    before, after = pickle.loads(args.before.read_bytes()), pickle.loads(args.after.read_bytes())
    changed = diff(before["frames"], after["frames"]) + diff(before["tables"], after["tables"])
    print("ALL IDENTICAL" if not changed else f"{len(changed)} differ: {', '.join(changed[:20])}")
    raise SystemExit(1 if changed else 0)


if __name__ == "__main__":
    main()
