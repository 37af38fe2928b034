"""The language of a report: declared in its header when given (normalised), else detected from its text."""
from __future__ import annotations

import pytest

from briefings.extract.lang.detect import LanguageDetector, language_name, normalise

DETECTOR = LanguageDetector()


@pytest.mark.parametrize("want,text", [
    ("en", "Three people were killed when a rocket hit a fuel depot near the border on Sunday, officials said."),
    ("fr", "Trois personnes ont été tuées dimanche lorsqu'une roquette a frappé un dépôt de carburant près de la frontière."),
    ("es", "Tres personas murieron el domingo cuando un cohete impactó en un depósito de combustible cerca de la frontera."),
    ("pt", "Três pessoas morreram no domingo quando um foguete atingiu um depósito de combustível perto da fronteira."),
    ("it", "Tre persone sono morte domenica quando un razzo ha colpito un deposito di carburante vicino al confine."),
    ("de", "Drei Menschen wurden am Sonntag getötet, als eine Rakete ein Treibstofflager nahe der Grenze traf."),
    ("ar", "قتل ثلاثة أشخاص يوم الأحد عندما أصاب صاروخ مستودعا للوقود قرب الحدود."),
    ("nl", "Drie mensen kwamen zondag om het leven toen een raket een brandstofdepot bij de grens trof."),
])
def test_detects_the_language_of_a_short_news_text(want: str, text: str) -> None:
    assert DETECTOR.detect(text) == want


def test_too_little_text_stays_unknown() -> None:
    assert DETECTOR.detect("12 — 4") is None
    assert DETECTOR.detect("") is None


@pytest.mark.parametrize("declared,code", [
    ("en-GB", "en"), ("fr_FR", "fr"), ("Español", "es"), ("PT-br", "pt"), ("German", "de"), ("ar", "ar"),
    ("not a language!", None), ("", None), (None, None), ("und", None), ("mul", None),
])
def test_declared_languages_are_normalised(declared: str | None, code: str | None) -> None:
    assert normalise(declared) == code


def test_a_declared_language_wins_over_the_text() -> None:
    spanish = "Tres personas murieron el domingo cuando un cohete impactó en un depósito de combustible."
    assert DETECTOR.language_of("pt", spanish) == "pt"
    assert DETECTOR.language_of(None, spanish) == "es"
    assert DETECTOR.language_of("gibberish!", spanish) == "es"  # unrecognisable declaration: detect


def test_language_names_for_briefings() -> None:
    assert language_name("es") == "Spanish" and language_name("ar") == "Arabic"
    assert language_name("xx") == "xx" and language_name(None) == "an unknown language"
