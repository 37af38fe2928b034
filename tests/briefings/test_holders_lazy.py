"""Holders read only where a claim needs one (HolderMemory.wait / catch_up): every claim keeps the holder it had
when every sentence's holders were read as it came, however many sentences back the holder was named."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefings.extract.across import revise
from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory, find_attributions
from briefings.extract.sentences import split_sentences
from briefings.extract.types import ClaimDraft, Sentence


def _lazy(text: str) -> list[list[ClaimDraft]]:
    memory = HolderMemory()
    sentences = split_sentences(text)
    claims = [extract_claims(s, memory) for s in sentences]
    revise(sentences, claims, memory)
    return claims


def _eager(text: str) -> list[list[ClaimDraft]]:
    """Every sentence's holders read in its turn, before its claims: what the memory knew before waiting."""
    memory = HolderMemory()
    sentences = split_sentences(text)
    claims = []
    for s in sentences:
        find_attributions(s, memory)
        claims.append(extract_claims(s, memory))
    revise(sentences, claims, memory)
    return claims


def _holders(claims: list[list[ClaimDraft]], field: str) -> list[str]:
    return [c.holder for cs in claims for c in cs if c.field == field]


def test_a_pronoun_several_sentences_later_still_means_the_holder_named_first() -> None:
    text = ("The interior ministry said the road to the border was closed. Traffic was diverted through the hills. "
            "Shops stayed shut all day. It said three officers were killed.")
    assert _holders(_lazy(text), "killed") == ["interior ministry"]


def test_the_generic_head_resolves_to_the_earlier_holder_across_sentences_without_claims() -> None:
    text = ("Two militia sources in Iraq told The National that strikes hit Jurf al-Sakhar. The area was sealed off. "
            "Roads were closed. Two fighters were killed, the sources said.")
    assert _holders(_lazy(text), "killed") == ["Two militia sources in Iraq"]


def test_a_quote_continued_over_sentences_without_claims_keeps_its_speaker() -> None:
    text = ("Security officials of the Iraqi administration clarified: “We reject these reports. "
            "We strongly deny the existence of such cooperation. Four soldiers were killed in the attack.”")
    assert _holders(_lazy(text), "killed") == _holders(_eager(text), "killed")
    assert _holders(_lazy(text), "killed") == ["Security officials of the Iraqi administration"]


def test_a_quote_closed_later_names_its_speaker_for_the_sentences_before() -> None:
    text = ("‘Six people were killed in the strike. We are still searching the rubble. "
            "Unfortunately, the toll could rise,’ said the committee.")
    assert _lazy(text) == _eager(text)
    assert _holders(_lazy(text), "killed") == ["committee"]


def test_waiting_sentences_are_read_in_order_and_only_up_to_the_one_asked() -> None:
    memory = HolderMemory()
    texts = ["The interior ministry said the road was closed.", "Police sources described the scene.",
             "Nothing else was said.", "It said three were hurt."]
    sentences = [Sentence(t, i * 100, i * 100 + len(t), i) for i, t in enumerate(texts)]
    for s in sentences[:3]:
        memory.wait(s)
    assert [a.holder for a in find_attributions(sentences[1], memory)] == ["Police sources"]
    assert memory.catch_up(sentences[3]) == [sentences[2]]  # the first two were read: only the third still waits
    assert [a.holder for a in find_attributions(sentences[3], memory)] == ["interior ministry"]


def test_asking_again_for_a_sentence_read_later_returns_the_same_holders() -> None:
    memory = HolderMemory()
    first = Sentence("Two were hurt, the sources said.", 0, 32, 0)
    memory.wait(first)
    later = Sentence("It said nothing more.", 40, 61, 0)
    find_attributions(later, memory)
    assert [a.holder for a in find_attributions(first, memory)] == ["sources"]
    assert memory.catch_up(later) == []


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_lazy_holders_give_the_claims_eager_ones_give_on_the_seed_reports(seeds_dir: Path, name: str) -> None:
    (path,) = sorted(seeds_dir.glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    assert _lazy(text) == _eager(text)
