"""The place passes' cheap gates never hide a match: each gate answers exactly as the regex it stands before.

The gates (knowledge/worldmatch.py, knowledge/learned.py, knowledge/words.py) are derived from the patterns' own
word lists; here invented sentences holding each cue word, kind word and title, in every case and with odd
separators, show that the gated answer and the plain regex agree, and that a place named after each cue is found.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.article import Knowledge
from briefings.knowledge import learned, worldmatch
from briefings.knowledge.text import CUE_WORDS, KIND_WORDS, PLACE_CUE, OF_AFTER
from briefings.knowledge.words import TOKEN_RE, Words

_PIECES = [*CUE_WORDS, *KIND_WORDS, *OF_AFTER, "of", "the", "north-west", "north east", "Mr.", "President",
           "spokesman", "Times of", "University of the", "d'in", "within", "_in", "İn", "ſuburbs", "Moura",
           "al-Hamra", "Kofar-Gabas", "village", "camp", "Camp", "market", "hospital", "air base", "central",
           "northern", "south-east", ",", ":", "—", " - ", '"', "'s", "U.S.", "x_y", "in", "IN", "Near", "OF", "The"]
_SEPARATORS = [" ", "  ", ", ", "\t", "-", " , ", ": ", "\n"]


def _sentences() -> st.SearchStrategy[str]:
    part = st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)).map("".join)
    return st.lists(part, min_size=1, max_size=9).map(lambda ps: "".join(ps) + "Moura Tal")


@given(_sentences())
@settings(max_examples=400, deadline=None)
def test_the_tokenisation_is_the_token_pattern(text: str) -> None:
    """Words splits once and computes spans lazily: the same words, spans and links as the pattern's matches."""
    w = Words(text)
    ms = list(TOKEN_RE.finditer(text))
    assert w.raws == [m.group() for m in ms]
    for i, m in enumerate(ms):
        assert (w.start(i), w.end(i)) == m.span()
        gap = text[m.end():ms[i + 1].start()] if i + 1 < len(ms) else None
        assert w.link(i) == (gap is not None and re.fullmatch(r"[\s\-\u2010-\u2015'’]{1,3}", gap) is not None)


#: The token pattern as first written (greedy, the acronym's letters in one repeat): the pattern in words.py is
#: written for speed and must find the same tokens.
_PLAIN_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’‘`´](?![sS]\b)[^\W_]+)*")
_TOKEN_PIECES = ["U.S.", "U.S.-led", "a.b.c", "A.", "e.g.", "Iraq's", "IRAQ'S", "Qa'im", "Kata’ib", "rock’n’roll",
                 "o'", "'s", "x_y", "_", "Ünye", "Łódź", "İstanbul", "٣٣", "d'in", "s", "ab'S'c", "al-Qaim", "´", "`"]


@given(st.lists(st.tuples(st.sampled_from(_TOKEN_PIECES), st.sampled_from(["", *_SEPARATORS, ".", "'"])).map("".join),
                min_size=1, max_size=8).map("".join))
@settings(max_examples=600, deadline=None)
def test_the_fast_token_pattern_finds_the_plain_patterns_tokens(text: str) -> None:
    """Acronyms, possessives, inner apostrophes and letters of any script split exactly as the plain pattern does."""
    assert [m.span() for m in TOKEN_RE.finditer(text)] == [m.span() for m in _PLAIN_TOKEN.finditer(text)]


#: learned.py's name pattern as first written (greedy word runs): its patterns, written for speed, must match
#: exactly where and what these plain ones match.
_PLAIN_NAME = learned._NAME.replace("++", "+")
_PLAIN_LEARNED = [
    (learned._BEFORE, re.compile(rf"\b(?P<name>{_PLAIN_NAME})\s+(?P<kind>{learned._SETTLEMENT}|{learned._SITE})\b")),
    (learned._OF, re.compile(learned._OF.pattern.replace(learned._NAME, _PLAIN_NAME))),
    (learned._CAMP, re.compile(learned._CAMP.pattern.replace(learned._NAME, _PLAIN_NAME))),
    (learned._IN_KNOWN, re.compile(learned._IN_KNOWN.pattern.replace(learned._NAME, _PLAIN_NAME))),
]
_NAME_PIECES = ["Hroza", "al-Hamra", "Al Qaim", "el Fasher", "ad-Dawr", "Kofar-Gabas", "Tudun'Biri", "Zam’zam", "x",
                "village", "Village", "camp", "refugee camp", "displaced persons' camp", "air base", "market",
                "marketplace", "hospital", "of", "the", "in", "near", "at", "north", ",", "Camp", "shopping centre",
                "Moura", "MOURA", "a1", "É", "town", "station", "railway station"]


@given(st.lists(st.tuples(st.sampled_from(_NAME_PIECES), st.sampled_from([" ", "  ", ", ", "-", "\n", ""]))
                .map("".join), min_size=1, max_size=10).map("".join))
@settings(max_examples=800, deadline=None)
def test_the_learning_patterns_match_as_the_plain_ones(text: str) -> None:
    """"the village of Hroza", "Zamzam camp", "Camp Kalsu", "in Moura, Mali": the same matches, word for word."""
    assert _PLAIN_NAME != learned._NAME
    for fast, plain in _PLAIN_LEARNED:
        assert [m.span() + m.span("name") for m in fast.finditer(text)] == \
            [m.span() + m.span("name") for m in plain.finditer(text)], (text, fast.pattern)


@given(_sentences())
@settings(max_examples=600, deadline=None)
def test_the_cue_gate_answers_as_the_cue_pattern(text: str) -> None:
    """Before every word: "in", "near", "the town of", "outskirts of", "north-west of" reach the regex."""
    w = Words(text)
    for i in range(len(w.raws)):
        start = w.start(i)
        before = text[max(0, start - 48):start]
        assert worldmatch._cued(w, i, start, before) == bool(PLACE_CUE.search(before)), (text, i)


@given(_sentences())
@settings(max_examples=400, deadline=None)
def test_the_title_and_outlet_gates_answer_as_their_patterns(text: str) -> None:
    w = Words(text)
    titled_from = next((i for i, r in enumerate(w.raws) if r.endswith(worldmatch._TITLES)), len(w.raws))
    for i in range(len(w.raws)):
        start = w.start(i)
        before = text[max(0, start - 48):start]
        if worldmatch._TITLE.search(before):
            assert titled_from < i, (text, i)
        window = text[max(0, start - 30):start]
        assert worldmatch._org_before(window) == bool(worldmatch._ORG_PREV.search(window)), (text, i)
        opener = text[max(0, start - 8):start]
        if i > 0 and worldmatch._OPENER.search(opener):
            assert worldmatch._may_open(w.gap(i - 1)), (text, i)


@given(_sentences())
@settings(max_examples=400, deadline=None)
def test_the_kind_word_gate_lets_every_teaching_sentence_through(text: str) -> None:
    if learned._OF.search(text) or learned._BEFORE.search(text):
        assert learned._has_kind_stem(text), text
    if learned._OF.search(text):
        assert "of" in text


@pytest.mark.parametrize("text", [
    "Gunmen stormed Tudun Biri, Kaduna State, at dawn.", "Militants hit Moura in central Mali.",
    "Fighters entered Hroza in the north-west Kharkiv region.", "Rebels shelled Kuriga, northern Kaduna.",
    "Troops reached Zamzam in the Darfur region.", "Drones struck near Hroza , Kharkiv.",
])
def test_an_unknown_name_placed_in_a_known_place_reaches_the_pattern(text: str) -> None:
    """_IN_KNOWN runs when the text before a known place ends as its matches do (a comma, "in", "the", a compass
    word); the gate says yes wherever the regex finds a match ending at the known place."""
    kn = Knowledge.default()
    mentions = kn.places.find(text)
    ends = {m.end() for m in learned._IN_KNOWN.finditer(text)}
    if any(p.char_start in ends for p in mentions):
        assert learned._placed_in_known(text, mentions, 0)


@pytest.mark.parametrize("cue", ["in", "near", "outside", "across", "in the town of", "on the outskirts of",
                                 "north-west of", "in the village of", "the district of"])
def test_a_common_word_town_after_each_cue_is_a_place(cue: str) -> None:
    """A town named like an English word is a place only after a cue: the gate lets every cue through."""
    kn = Knowledge.default()
    with_cue = [m.text for m in kn.places.find(f"Soldiers were deployed {cue} Mission on Monday.")]
    bare = [m.text for m in kn.places.find("Soldiers said Mission control was calm on Monday.")]
    assert "Mission" in with_cue and "Mission" not in bare


@pytest.mark.parametrize("language", ["fr", "es", "pt", "it", "de", "ar"])
def test_every_demonym_form_passes_the_gate_in_any_case(language: str) -> None:
    """demonym_countries skips its big alternation when none of the forms' words is in the text: every form, as
    written, capitalised or in capitals, still names its country."""
    from briefings.extract.lang.demonyms import _table, demonym_countries

    table = _table(language)
    assert table is not None
    for form, cc in table[1].items():
        for written in (form, form.capitalize(), form.upper()):
            text = f"Selon les forces {written}, l'attaque a eu lieu hier."
            assert demonym_countries(text, language) == [table[1][form]], (language, written)
    assert demonym_countries("Rien ici ne dit d'où viennent les tirs.", language) == []


@given(st.lists(st.sampled_from(["sud-soudanais", "Soudanais", "MALIENNE", "malien", "ruso", "Rusos", "israelense",
                                 "us-amerikanische", "norte-americanos", "x", "-", " ", "_", "é", "'", "l'armée",
                                 "sud", "Sud-Soudanaises", "1", ",", "ſ", "norte"]), max_size=14).map("".join),
       st.sampled_from(["fr", "es", "pt", "de", "it", "ar"]))
@settings(max_examples=500, deadline=None)
def test_demonyms_read_word_by_word_as_the_pattern_reads_them(text: str, language: str) -> None:
    from briefings.extract.lang.demonyms import _table, demonym_countries

    pattern, forms, _ = _table(language)  # type: ignore[misc]
    assert demonym_countries(text, language) == [
        cc for m in pattern.finditer(text) if (cc := forms.get(m.group(0).lower()))]


@pytest.mark.parametrize("kind", [
    "village", "Town", "hamlet", "settlement", "community", "locality", "commune", "township", "refugee camp",
    "Displacement Camp", "displaced persons' camp", "displaced persons camp", "IDP camp", "military camp", "army camp",
    "internment camp", "detention camp", "camp", "air base", "military base", "army base", "naval base", "airbase",
    "air field", "airfield", "hospital", "market", "marketplace", "bazaar", "railway station", "train station",
    "bus station", "mosque", "church", "shopping mall", "shopping centre", "shopping center", "mall", "concert hall",
    "hall", "stadium", "refinery", "checkpoint"])
def test_every_kind_word_of_the_teaching_patterns_passes_the_gate(kind: str) -> None:
    """The gate's stems are each kind alternative's last run of letters: "military base" holds "base"."""
    before = f"Gunmen attacked the Kalimbo {kind} on Sunday."
    of = f"Gunmen attacked the {kind} of Kalimbo on Sunday."
    assert learned._BEFORE.search(before), kind
    assert learned._has_kind_stem(before) and learned._has_kind_stem(of), kind
