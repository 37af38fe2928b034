"""The place stage's shortcuts give the answers of the long way: the ASCII tokeniser splits as the Unicode one,
and the teaching patterns a sentence skips could have found nothing in it.

Invented sentences only; each shortcut is checked against the pattern it stands for, over odd separators,
apostrophes, acronyms and underscores (the characters where an ASCII class and a Unicode class could part ways).
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.knowledge import learned
from briefings.knowledge.words import _SPLIT_ASCII, _SPLIT_RE, Words

_ASCII = st.text(alphabet="aAsSzZ09_'`.,- \t\n:\"()U", max_size=40)
_PIECES = ["U.S.", "U.K", "Iraq's", "Qa'im", "Kata`ib", "al-Qaim", "x_y", "_s", "'s", "S'", "s_", "A.B.C.", "e.g.",
           "42", "3.5", "Mosul", "village", "Camp", "camp of", "air base", "the town of", "in", "near", ",", " ",
           "  ", "-", "'", "`", ".", "_", "\n"]


@given(st.one_of(_ASCII, st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)))
@settings(max_examples=600, deadline=None)
def test_the_ascii_tokeniser_splits_an_ascii_text_as_the_unicode_one(text: str) -> None:
    assert _SPLIT_ASCII.split(text) == _SPLIT_RE.split(text)


def test_a_text_with_other_letters_is_split_by_the_unicode_pattern() -> None:
    """"Kremenchuk’s" (a typographic apostrophe) and "Tal Afar" in Arabic letters: the words a reader sees."""
    assert Words("Strikes hit Kremenchuk’s mall and the Qa’im crossing.").raws == [
        "Strikes", "hit", "Kremenchuk", "s", "mall", "and", "the", "Qa’im", "crossing"]
    assert Words("Une frappe à Kharkiv près de تلعفر hier.").raws == [
        "Une", "frappe", "à", "Kharkiv", "près", "de", "تلعفر", "hier"]


@given(st.lists(st.sampled_from([*_PIECES, "Kalimbo", "Tudun Biri", "refugee camp", "hospital", "market", "of",
                                 "the village of", "Camp Kalsu", "CAMP", "Hospital", "OF"]), max_size=10).map(" ".join))
@settings(max_examples=600, deadline=None)
def test_a_teaching_pattern_is_skipped_only_where_it_finds_nothing(text: str) -> None:
    patterns = learned.teaching_patterns(text, [], 0)
    for rx in (learned._OF, learned._BEFORE, learned._CAMP):
        if rx.search(text):
            assert rx in patterns, (rx.pattern[:40], text)
    assert list(patterns) == [rx for rx in (learned._OF, learned._BEFORE, learned._CAMP, learned._IN_KNOWN)
                              if rx in patterns]  # learn's order


def test_a_sentence_scanned_where_it_stands_resolves_as_one_scanned_alone() -> None:
    """The regional mentions are built once, at the sentence's place in the report; resolving a scan made at
    another offset shifts them: the same places, at the same spans, either way."""
    from briefings.extract.article import Knowledge

    places = Knowledge.default().places
    text = "Rockets hit Camp Taji and a market in Fallujah, far from Kyiv and the Jerusalem Post."
    here = places.scan(text, None, 120)
    alone = places.scan(text)
    ctx = places.context([alone])
    got = places.resolve(here, text, 120, ctx)
    assert got == places.resolve(alone, text, 120, ctx) == places.find(text, 120, ctx)
    assert [(m.text, m.char_start) for m in got][:2] == [("Camp Taji", 132), ("Fallujah", 158)]
    assert places.resolve(here, text, 0, ctx) == places.resolve(alone, text, 0, ctx)


def test_learned_names_join_a_sentences_places_in_text_order() -> None:
    """A place a report taught is read in later sentences beside the known ones; a sentence with no word of a
    learned name keeps its places as they are, in text order."""
    from briefings.extract.article import Knowledge
    from briefings.extract.types import Place
    from briefings.knowledge.learned import Learned, LearnedPlaces

    places = Knowledge.default().places
    registry = LearnedPlaces()
    kalimbo = Place(id="l:NG:kaduna:kalimbo", name="Kalimbo", kind="town", country="Nigeria", admin1="Kaduna")
    registry.add(Learned(kalimbo, ("Kalimbo",)))
    text = "Mourners from Kalimbo travelled to Kaduna on Monday."
    known = places.find(text, 300)
    got = registry.with_mentions(text, 300, {"Nigeria"}, known)
    assert [(m.text, m.char_start) for m in got] == [("Kalimbo", 314), ("Kaduna", 335)]
    assert registry.with_mentions(text, 300, {"Ghana"}, known) == known  # a report about another country
    other = "Mourners travelled to Kaduna and Abuja on Monday."
    assert registry.with_mentions(other, 0, {"Nigeria"}, list(reversed(places.find(other)))) == places.find(other)
