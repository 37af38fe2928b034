"""The bench's words/s yardstick: ingest words/s beside spaCy's blank tokenizer on the same texts."""
from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from briefings.bench import words as benchwords

TEXTS = ["Two people were killed in a drone strike on Tuesday, officials said.",
         "The market reopened the next morning.\n\nResidents said they heard three blasts."]


def _files(tmp_path: Path) -> list[Path]:
    path = tmp_path / "bench-00000.jsonl"
    path.write_text("".join(json.dumps({"text": t, "title": "t"}) + "\n" for t in TEXTS), encoding="utf-8")
    return [path]


def test_words_per_second_beside_the_tokenizer(tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason="spaCy is the bench's optional yardstick (pip install -e '.[bench]')")
    found = benchwords.yardstick(_files(tmp_path), ingest_seconds=0.5)
    assert found["words"] == sum(len(t.split()) for t in TEXTS) == 24
    assert found["ingest_words_per_s"] == 48
    assert found["spacy"]["words_per_s"] > 0
    assert found["ratio"] == pytest.approx(48 / found["spacy"]["words_per_s"], rel=0.01)
    line = benchwords.describe(found)
    assert "48 words/s" in line and "tokenizer" in line and "ratio" in line


def test_without_spacy_the_bench_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_spacy(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    found = benchwords.yardstick(_files(tmp_path), ingest_seconds=1.0)
    assert found["spacy"] is None and found["ratio"] is None and found["ingest_words_per_s"] == 24
    assert "spaCy is not installed" in benchwords.describe(found)


def test_per_cpu_second_beside_the_tokenizer(tmp_path: Path) -> None:
    pytest.importorskip("spacy", reason="spaCy is the bench's optional yardstick (pip install -e '.[bench]')")
    found = benchwords.yardstick(_files(tmp_path), ingest_seconds=2.0, ingest_cpu=0.5)
    assert found["ingest_words_per_s"] == 12 and found["ingest_words_per_cpu_s"] == 48
    assert found["cpu_ratio"] == pytest.approx(48 / found["spacy"]["words_per_cpu_s"], rel=0.01)
    assert "per CPU-second" in benchwords.describe(found)
