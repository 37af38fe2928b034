"""The bundled sample corpus a fresh install demos on: fictional, clearly marked, readable by the ingest reader."""
from __future__ import annotations

import itertools
import re
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

SAMPLE = files("briefings") / "data" / "sample"
HEADER_KEYS = {"url", "outlet", "published", "language", "title"}


def _articles() -> list[Traversable]:
    return sorted((p for p in SAMPLE.iterdir() if p.name.endswith(".txt") and p.name != "README"),
                  key=lambda p: p.name)


def _split(text: str) -> tuple[dict[str, str], str]:
    head, sep, body = text.partition("\n---\n")
    assert sep, "header block must end with a line '---'"
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    return fields, body


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


ARTICLES = _articles()


def test_corpus_is_eight_to_ten_reports_with_a_readme() -> None:
    assert 8 <= len(ARTICLES) <= 10
    readme = (SAMPLE / "README").read_text(encoding="utf-8")
    assert "fictional" in readme.lower()
    for place in ("Balad", "Erbil", "Tuz Khurmatu"):  # one section per incident
        assert place in readme


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_every_report_has_a_complete_header(article: Traversable) -> None:
    fields, body = _split(article.read_text(encoding="utf-8"))
    assert set(fields) == HEADER_KEYS
    assert fields["outlet"].endswith("(sample)"), "nobody may mistake a sample outlet for a real one"
    assert fields["url"].startswith("https://sample.briefbot.invalid/")
    assert date.fromisoformat(fields["published"]).year == 2025
    assert fields["language"] == "en" and fields["title"].strip()
    assert 100 <= len(body.split()) <= 350


def test_urls_are_unique_and_outlets_vary() -> None:
    headers = [_split(p.read_text(encoding="utf-8"))[0] for p in ARTICLES]
    assert len({h["url"] for h in headers}) == len(headers)
    assert len({h["outlet"] for h in headers}) >= 6


def test_exactly_one_pair_is_a_wire_copy() -> None:
    """Erbil: one wire story carried by two outlets (near-duplicate); every other pair is a distinct report."""
    bodies = {p.name: _split(p.read_text(encoding="utf-8"))[1] for p in ARTICLES}
    near = [(a, b) for a, b in itertools.combinations(bodies, 2) if _jaccard(bodies[a], bodies[b]) >= 0.5]
    assert len(near) == 1
    (a, b), = near
    assert "erbil" in a and "erbil" in b and bodies[a] != bodies[b]
    others = [_jaccard(bodies[x], bodies[y]) for x, y in itertools.combinations(bodies, 2) if (x, y) != (a, b)]
    assert max(others) < 0.1


def test_places_are_spelled_in_several_variants() -> None:
    corpus = " ".join(p.read_text(encoding="utf-8") for p in ARTICLES)
    for variants in (("Erbil", "Arbil", "Hawler"), ("Tuz Khurmatu", "Tuz Khurmato"), ("Salahuddin", "Salah al-Din"),
                     ("Kataib Hezbollah", "Kataib Hizballah"), ("Popular Mobilization", "Popular Mobilisation")):
        for variant in variants:
            assert variant in corpus, variant


def test_disagreements_are_stated_with_their_holders() -> None:
    """Spot checks of the README tables: the figures and their holders are in the text, in plain news English."""
    text = {p.name[:2]: _split(p.read_text(encoding="utf-8"))[1] for p in ARTICLES}
    assert "Two Iraqi soldiers were killed and five others were wounded" in text["01"]
    assert "At least three soldiers were killed and seven were wounded" in text["02"]
    assert "about 80 km north of Baghdad" in text["01"] and "some 65 kilometres north of the capital" in text["02"]
    assert "has risen to four" in text["04"]
    assert "Kataib Hezbollah denied any involvement" in text["01"]
    assert "There were no casualties" in text["05"] and "At least three people were wounded" in text["07"]
    assert "bodies of seven fighters" in text["09"] and "three fighters killed and eight wounded" in text["10"]
    assert "declined to comment" in text["09"]


def test_the_ingest_reader_takes_the_header_fields() -> None:
    from briefings.ingest.readers import Document, read

    for article in ARTICLES:
        (document,) = list(read(str(article)))
        assert isinstance(document, Document), document
        assert document.outlet is not None and document.outlet.endswith("(sample)")
        assert document.published is not None and document.published.year == 2025
        assert document.title and not document.text.startswith("url:")


def test_no_sentence_is_copied_from_the_seeds(seeds_dir: Path) -> None:
    """Written in our own words: no run of eight words is shared with the real seed articles."""
    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + 8]) for i in range(len(words) - 7)}

    seeds: set[tuple[str, ...]] = set()
    for seed in seeds_dir.glob("*.txt"):
        seeds |= runs(seed.read_text(encoding="utf-8"))
    for article in ARTICLES:
        assert not runs(article.read_text(encoding="utf-8")) & seeds, article.name
