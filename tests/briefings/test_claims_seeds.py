"""Claims of the five seed articles (../shared/seeds, EXPECTED.md), sentence by sentence with a naive splitter."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.types import ClaimDraft, Sentence

_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[A-Z“\"])")


def _sentences(path: Path) -> list[Sentence]:
    raw = path.read_text(encoding="utf-8")
    body_at = raw.index("\n---\n") + 5
    out, offset, paragraph = [], body_at, 0
    for line in raw[body_at:].split("\n"):
        at = 0
        for part in _SPLIT.split(line):
            if part.strip():
                start = line.index(part, at)
                out.append(Sentence(part, offset + start, offset + start + len(part), paragraph))
                at = start + len(part)
        paragraph += bool(line.strip())
        offset += len(line) + 1
    return out


def _claims(seeds_dir: Path, prefix: str) -> list[tuple[Sentence, ClaimDraft | None]]:
    """(sentence, claim) pairs; (sentence, None) for a sentence without claims."""
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    memory = HolderMemory()
    out: list[tuple[Sentence, ClaimDraft | None]] = []
    for s in _sentences(path):
        found = extract_claims(s, memory)
        out.extend((s, c) for c in found) if found else out.append((s, None))
    return out


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, list[tuple[Sentence, ClaimDraft]]]:
    return {p: _claims(seeds_dir, p) for p in ("000", "001", "002", "003", "004")}


def has(claims: list[tuple[Sentence, ClaimDraft]], field: str, value: str | None, holder: str,
        qualifier: str | None = "any", stance: str = "asserts") -> bool:
    """A claim with this field and value whose holder contains `holder` (case-insensitive regex)."""
    return any(c is not None and c.field == field and c.value == value and re.search(holder, c.holder, re.I) and c.stance == stance
               and (qualifier == "any" or c.qualifier == qualifier) for _, c in claims)


def test_seed_000_kalsu_jpost(seeds: dict) -> None:
    c = seeds["000"]
    assert has(c, "killed", "1", r"^Iraqi sources$") and has(c, "wounded", "6", r"^Iraqi sources$")
    assert has(c, "killed", "1", r"^a military statement$") and has(c, "wounded", "8", r"^a military statement$")
    assert has(c, "killed", "0", r"^Two PMF sources$")
    assert has(c, "killed", "1", r"sources at a hospital.*Hilla") and has(c, "wounded", "6", r"sources at a hospital.*Hilla")
    assert has(c, "weapon", "drones", r"^Iraqi media$")
    assert has(c, "weapon", "three F-35 jets", r"Al-Hadath")
    assert has(c, "weapon", "drones or fighter jets", r"\bmilitary\b", stance="denies")
    assert has(c, "perpetrator", "unknown", r"^two security sources$")
    assert any(cl and cl.field == "denial" and (cl.value or "").startswith("US") and cl.holder == "a US official"
               for _, cl in c)
    assert has(c, "denial", "Israel", r"^CNN$", stance="denies")
    assert any(cl and cl.field == "distance_km" and cl.value_num == 50 and cl.reference == "Baghdad" for _, cl in c)


def test_seed_003_kalsu_efe(seeds: dict) -> None:
    c = seeds["003"]
    assert has(c, "killed", "2", r"^security sources$", qualifier="at least")
    assert has(c, "wounded", "3", r"^security sources$")
    assert has(c, "weapon", "unknown aircraft", r"security sources")
    assert any(cl and cl.field == "distance_km" and cl.value_num == 80 and cl.qualifier == "about" for _, cl in c)
    assert has(c, "note", "casualties reported, no figure", r"Multitude")


def test_seed_001_jurf_and_qaim(seeds: dict) -> None:
    c = seeds["001"]
    assert has(c, "killed", "2", r"militia sources") and has(c, "wounded", "2", r"militia sources")
    assert has(c, "perpetrator", "US forces", r"Lloyd Austin")
    assert has(c, "target", "three sites used by Iran-backed militias", r"Lloyd Austin")
    assert has(c, "note", "no word of casualties yet", r"outlet")
    assert has(c, "wounded", "4", r"outlet")
    assert has(c, "note", "killed: a militia commander", r"outlet")


def test_seed_002_kataib_hezbollah_2019(seeds: dict) -> None:
    c = seeds["002"]
    assert has(c, "killed", "25", r"Popular Mobilization Forces.*statement")
    assert has(c, "wounded", "51", r"Popular Mobilization Forces.*statement")
    assert has(c, "note", "toll likely to rise", r"statement")
    assert has(c, "note", "among the dead: militia commander Abu Ali Khazali", r"PMF.*statement")
    assert has(c, "killed", "1", r"outlet") and has(c, "killed", "2", r"federal police source", qualifier="at least")
    assert has(c, "wounded", None, r"Combined Joint Task Force", qualifier="several")
    assert has(c, "perpetrator", "Kataib Hezbollah", r"^US$")


def test_seed_004_abu_taqwa(seeds: dict) -> None:
    c = seeds["004"]
    assert has(c, "killed", "2", r"outlet") and has(c, "wounded", "4", r"outlet")
    assert has(c, "denial", "the reported attack", r"US and Iraqi governments.*Mawazan", stance="denies")
    assert has(c, "note", "cooperation with the Iraqi side", r"spokesperson")
    assert has(c, "denial", "cooperation", r"Security officials", stance="denies")
    assert has(c, "weapon", "rockets", r"Baghdad Today")


MUST_NOT = [
    "struck three sites", "at least five strikes hit targets", "With 900 troops", "more than 100,000 fighters",
    "more than 160 attacks", "Dozens of American and Israeli aircraft", "two separate waves of strikes",
    "three F-35 jets", "In 2020", "12:15am", "7 pm", "five locations included", "one of the targeted locations",
]


def test_no_casualties_from_counts_of_other_things(seeds: dict) -> None:
    everything = [pair for claims in seeds.values() for pair in claims]
    for phrase in MUST_NOT:
        assert any(phrase in s.text for s, _ in everything), phrase
        bad = [(s.text, c.field, c.value) for s, c in everything
               if c is not None and phrase in s.text and c.field in ("killed", "wounded")]
        assert bad == [], phrase
    missiles = {c.value for s, c in everything if c and "ten missiles struck" in s.text and c.field == "killed"}
    assert missiles == {"1"}


def test_claims_quote_their_whole_sentence(seeds: dict) -> None:
    for claims in seeds.values():
        for s, c in filter(lambda pair: pair[1] is not None, claims):
            assert (c.char_start, c.char_end) == (s.start, s.end)
            assert c.holder and c.stance in ("asserts", "denies")


_FIELDS = {"killed", "wounded", "weapon", "perpetrator", "target", "denial", "distance_km", "note"}
_WORDS = ("the a of said killed wounded at least two three drones rocket attack on base according to sources , “ ” "
          "police officials told that and who was were no not denied blamed for by carried out km south of Baghdad "
          "in statement 12 2020 January 4 : ; ( ) - Mr. dozens none nobody there bodies toll").split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60), st.text(max_size=40))
def test_any_text_gives_well_formed_claims(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    memory = HolderMemory()
    for start in (0, 500):  # twice: the memory carries over
        for c in extract_claims(Sentence(text, start, start + len(text), start // 500), memory):
            assert c.field in _FIELDS and c.holder and c.stance in ("asserts", "denies")
            assert (c.char_start, c.char_end) == (start, start + len(text))
            assert c.value is not None or c.qualifier is not None
            if c.field in ("killed", "wounded", "distance_km") and c.value is not None:
                assert c.value_num is not None and c.value_num >= 0
