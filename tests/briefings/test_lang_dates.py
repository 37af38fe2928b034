"""Dates and weekdays in other languages, resolved against the publication date (invented phrases)."""
from __future__ import annotations

from datetime import date

import pytest

from briefings.extract.article import Knowledge, extract_article
from briefings.extract.lang.dates import find_foreign_dates
from briefings.extract.lang.rules import rules_for

PUB = date(2031, 3, 14)  # a Friday


@pytest.mark.parametrize("lang,text,start,precision", [
    ("fr", "L'attaque a eu lieu lundi 10 mars vers midi.", date(2031, 3, 10), "day"),
    ("fr", "Le 3 décembre, un convoi a été visé.", date(2030, 12, 3), "day"),  # no year: the most recent one
    ("fr", "Dans la nuit de mercredi, des tirs ont été entendus.", date(2031, 3, 12), "day"),
    ("fr", "En septembre 2029, une autre frappe avait visé la ville.", date(2029, 9, 1), "month"),
    ("es", "El domingo, varios drones sobrevolaron la base.", date(2031, 3, 9), "day"),
    ("es", "El ataque ocurrió el 21 de agosto de 2030.", date(2030, 8, 21), "day"),
    ("es", "Ayer se registraron nuevas explosiones.", date(2031, 3, 13), "day"),
    ("pt", "O ataque ocorreu na segunda-feira à noite.", date(2031, 3, 10), "day"),
    ("it", "L'esplosione è avvenuta martedì 11 marzo.", date(2031, 3, 11), "day"),
    ("de", "Am Mittwochabend kam es zu zwei Explosionen.", date(2031, 3, 12), "day"),
    ("de", "Der Anschlag ereignete sich am 3. Februar 2031.", date(2031, 2, 3), "day"),
    ("ar", "وقع الهجوم يوم الخميس في وسط المدينة.", date(2031, 3, 13), "day"),
])
def test_dates_and_weekdays(lang: str, text: str, start: date, precision: str) -> None:
    found = find_foreign_dates(text, 0, PUB, rules_for(lang))
    assert [(d.start, d.precision) for d in found] == [(start, precision)]


def test_numeric_dates_are_read_in_any_language() -> None:
    found = find_foreign_dates("Wydarzenie z 21/08/2030 i 2030-08-22.", 0, PUB, None)
    assert [d.start for d in found] == [date(2030, 8, 21), date(2030, 8, 22)]


def test_an_earlier_events_toll_stays_out_of_todays_incident() -> None:
    text = ("Au moins 9 personnes ont été tuées jeudi 13 mars dans l'explosion d'une voiture piégée à Kerman, "
            "selon la police. En septembre 2029, une autre explosion dans la même ville avait tué 40 personnes.")
    frames = extract_article(text, PUB, Knowledge.default(), None, "fr")
    main = [f for f in frames if f.main]
    assert main and {(c.field, c.value) for c in main[0].claims if c.field == "killed"} == {("killed", "9")}
    assert main[0].start == date(2031, 3, 13)
    assert all(c.value != "40" for f in frames if f.main for c in f.claims)


def test_a_report_whose_place_and_figures_are_in_different_sentences_keeps_both() -> None:
    text = "Un atentado sacudió Kerman el jueves por la mañana. Murieron 12 personas, según la policía."
    frames = extract_article(text, PUB, Knowledge.default(), None, "es")
    main = [f for f in frames if f.main]
    assert len(main) == 1 and main[0].places[0].name == "Kerman" and main[0].start == date(2031, 3, 13)
    assert {(c.field, c.value, c.holder) for c in main[0].claims} == {("killed", "12", "la policía")}
    assert main[0].types == ["attack"]
