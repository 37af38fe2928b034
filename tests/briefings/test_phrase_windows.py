"""The cheap paths of phrase finding (phrases.py, holders.py) give the answers of the plain ones: a holder phrase
longer than the first short window is still read whole, adverbs and "in a statement" between a holder and its verb
are still skipped, the tokeniser's faster pattern cuts text as the plain one does, and one automaton pass answers
the two speaker-word questions as two passes do.

All sentences are invented."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract.holders import _SHORT_REST, _SPEAKERS, _WORDS, HolderMemory, _last_word, _short_rest, \
    find_attributions
from briefings.extract.phrases import TOKEN, adverb_tail, left_np, right_np
from briefings.extract.types import Sentence

_PLAIN_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w'’.-]*\w)?|[^\w\s]")  # the tokeniser as first written


def _attributions(text: str) -> list[tuple[str, bool]]:
    return [(a.holder, a.forward) for a in find_attributions(Sentence(text, 0, len(text), 0), HolderMemory())]


def test_long_holder_phrases_are_read_whole() -> None:
    text = "Nine people died, the deputy commander of the northern regional border guard battalion said."
    span = left_np(text, text.index(" said"))
    assert span and text[span[0]:span[1]] == "the deputy commander of the northern regional border guard battalion"
    text = "According to Colonel Amadou Diallo Konate Traore Sissoko Keita Dembele of the army, six died."
    span = right_np(text, text.index("Colonel"))
    assert span and text[span[0]:span[1]].startswith("Colonel Amadou Diallo Konate Traore Sissoko Keita Dembele")


def test_adverbs_and_statements_between_holder_and_verb_are_skipped() -> None:
    assert _attributions("The harbour police also said two boats sank.") == [("harbour police", True)]
    assert _attributions("The harbour police in a statement on Monday said two boats sank.") == [
        ("harbour police (statement)", True)]
    assert _attributions("Harbour police on Tuesday said two boats sank.") == [("Harbour police", True)]
    assert _attributions("Harbour police reportedly said two boats sank.") == [("Harbour police", True)]
    head = "The harbour police, (in a statement) "
    assert adverb_tail(head) is None  # a bracket ends it: nothing to skip


def test_a_short_rest_after_the_verb_points_back() -> None:
    assert _attributions("Two boats sank, harbour officials said at the time.") == [("harbour officials", False)]
    assert _attributions("Two boats sank, harbour officials said the port was closed for the rest of the week by "
                         "order of the mayor.") == [("harbour officials", True)]


_TEXTS = ["U.S.", "A.B", "al-Sham", "don't", "rock’n’roll", "x_y", "a.b.", "-", "'", "’", ".", "9", "é", "Police",
          "said", "(", ")", ",", "“", "Mr", "A.", "Z.Y.X"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TEXTS), max_size=14), st.lists(st.sampled_from(["", " ", "\n", "."]), max_size=14))
def test_the_tokeniser_cuts_as_the_plain_pattern_does(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(p + (gaps[i] if i < len(gaps) else " ") for i, p in enumerate(pieces))
    assert [m.span() for m in TOKEN.finditer(text)] == [m.span() for m in _PLAIN_TOKEN.finditer(text)]
    assert _last_word(text) == (_WORDS.findall(text) or [""])[-1]
    assert _short_rest(text) == (_SHORT_REST.match(text) is not None)


_WORDY = ["police", "Police", "army", "armyworm", "_army", "officials", "the", "İl", "ſources", "po\u0307lice",
          "ofﬁcials", "éarmy", "sources", "group", "a"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDY), max_size=16), st.lists(st.sampled_from([" ", "-", "", "’", "\u0307"]),
                                                                  max_size=16), st.integers(0, 60))
def test_one_pass_answers_both_speaker_word_questions(pieces: list[str], gaps: list[str], cut: int) -> None:
    text = "".join(p + (gaps[i] if i < len(gaps) else " ") for i, p in enumerate(pieces))
    assert _SPEAKERS.in_prefix_and_text(text, cut) == (_SPEAKERS.in_text(text[:cut]) and _SPEAKERS.in_text(text))
