"""The cheap tests in front of attribution (holders.py, leading.py) skip only work that could find nothing: a
sentence holding each kind of reported-speech cue still gets its holder, and the verb search that runs the
speech pattern only where one of its own leading words occurs finds what a plain search finds.

All sentences are invented."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.holders import _SPEECH, _SPEECH_STARTS, HolderMemory, find_attributions
from briefings.extract.leading import Starts, WordSet, leading_literals, matches
from briefings.extract.numbers import words
from briefings.extract.types import Sentence


def _holders(*texts: str) -> list[list[str]]:
    memory, out, pos = HolderMemory(), [], 0
    for i, text in enumerate(texts):
        out.append([a.holder for a in find_attributions(Sentence(text, pos, pos + len(text), i), memory)])
        pos += len(text) + 2
    return out


def test_every_kind_of_cue_reaches_the_holder_finder() -> None:
    cases = [
        ("Nine guards died, the harbour police said.", "harbour police"),
        ("The governor told reporters that the depot burned.", "governor"),
        ("The depot burned, according to the fire brigade.", "fire brigade"),
        ("Eleven were hurt, as reported by the Valley Courier.", "Valley Courier"),
        ("A toll released by the district hospital listed six dead.", "district hospital"),
        ("The health office put the death toll at 14.", "health office"),
        ("The rebel council issued a statement saying it had struck the base.", "rebel council (statement)"),
        ("The mayor pointed out that two bridges were down.", "mayor"),
        ("Two shells hit the school, said the village headman.", "village headman"),
        ("The coast guard emphasized that nobody drowned.", "coast guard"),
        ("The harbour master: “Three boats sank.”", "harbour master"),
    ]
    for text, holder in cases:
        assert _holders(text) == [[holder]], text


def test_sentences_without_a_cue_have_no_holder_but_still_feed_the_memory() -> None:
    assert _holders("The bridge reopened on Monday.", "Rain fell over the hills.") == [[], []]
    # a subject that can speak, after an introductory clause: remembered for "the officials" later
    later = "The officials said four died."
    assert _holders("On Sunday, two border officials gave a higher toll.", later)[1] == ["two border officials"]
    assert _holders("Two border officials (both retired) gave a higher toll.", later)[1] == [
        "Two border officials (both retired)"]
    # a statement-like head ("communiqué") also makes a subject that later sentences can mean
    assert _holders("A communiqué gave a higher toll, the ministry said.", "The statement said four died.")[1] == [
        "a communiqué"]
    # a quote opened after a colon continues the speaker introduced without any quote mark
    assert _holders("The ferry captain said:", "“Four people fell overboard.”")[1] == ["ferry captain"]


def test_leading_literals_are_read_from_the_pattern() -> None:
    assert leading_literals(re.compile(r"\b(?:said|says|pointed\s+out|emphasi[sz]ed)\b")) == {
        "said", "says", "pointed", "emphasised", "emphasized"}
    assert leading_literals(re.compile(r"\b[Aa]ccording\s+to")) == {"According", "according"}
    assert leading_literals(re.compile(r"(?:as\s+)?reported")) is None  # may begin without a literal
    assert leading_literals(re.compile(r"said", re.I)) is None  # case-insensitive: no exact literal
    assert leading_literals(re.compile(r"\w+ said")) is None
    literals = _SPEECH_STARTS.literals or frozenset()
    assert {"said", "told", "put", "issued", "estimated"} <= literals


_PIECES = ["said", "Said", "says", "unsaid", "told", "tells", "put", "puts", "the", "its", "death", "toll", "figure",
           "at", "to", "issued", "a", "statement", "saying", "pointed", "out", "emphasized", "states", "claims",
           "other", "gave", "number", "of", "dead", "reported", "reportedly", ",", ".", "“", "”", ":", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24), st.lists(st.sampled_from(["", " ", "  ", "-"]), max_size=24))
def test_searching_only_where_a_verb_begins_finds_what_a_plain_search_finds(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(p + (gaps[i] if i < len(gaps) else " ") for i, p in enumerate(pieces))
    assert [m.span() for m in matches(_SPEECH, _SPEECH_STARTS, text)] == [m.span() for m in _SPEECH.finditer(text)]


def test_a_pattern_without_literals_is_searched_plainly() -> None:
    rx = re.compile(r"(?:as\s+)?reported\s+by")
    starts = Starts(rx)
    assert not starts.usable
    assert [m.group() for m in matches(rx, starts, "as reported by X, reported by Y")] == [
        "as reported by", "reported by"]


_WORDY = ["police", "Police", "policeman", "army", "armyworm", "_army", "army_", "official", "officials", "the",
          "9army", "İl", "communiqué", "statement", "sources", "resources", "group", "groups", "a", "of", "“police”",
          "ſources", "po\u0307lice", "\u0307army", "ARMY", "Kelvin\u212a", "éarmy", "armyé", "ofﬁcials", "ΣΑΣ"]
_GAPS = [" ", "-", ",", "'", "", "’", "—", "\u0307"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_WORDY), max_size=16), st.lists(st.sampled_from(_GAPS), max_size=16))
def test_a_word_set_finds_whole_words_as_the_word_list_does(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(p + (gaps[i] if i < len(gaps) else " ") for i, p in enumerate(pieces))
    for vocabulary in ({"police", "army", "officials", "statement", "sources"}, {"communiqué", "group"},
                       {"put out", "Army"}, {"k", "officials"}):
        assert WordSet(vocabulary).in_text(text) == (not vocabulary.isdisjoint(words(text))), (vocabulary, text)
