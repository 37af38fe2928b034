"""Reading reports in other languages well enough to join their incident: Arabic place names (with the prefixes
Arabic writes onto them), the place where the wounded were taken or where the speaker is (not where it happened),
demonyms that tell which country a report is about, undated reports dated by their own words ("le dimanche 27
mars", "11 أبريل"), and figures with their traps. Invented sentences about real places."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefings import Engine
from briefings.extract.article import Knowledge, extract_article
from briefings.undated import calendar

KN = Knowledge.default()


def _main(text: str, lang: str, published: date | None = None):  # type: ignore[no-untyped-def]
    frames = [f for f in extract_article(text, published, KN, None, lang) if f.main]
    assert frames, text
    return frames[0]


def _figures(frame) -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {(c.field, c.value) for c in frame.claims if c.field in ("killed", "wounded")}


@pytest.mark.parametrize("text,place,figures", [
    # Arabic-Indic digits, the name after "مدينة"; a subset ("بينهم ثلاثة أطفال") is not a second toll
    ("قال مسؤولون إن هجوما بطائرة مسيرة على مدينة كركوك أسفر عن مقتل ٨٥ شخصا بينهم ثلاثة أطفال وإصابة 20 آخرين.",
     "Kirkuk", {("killed", "85"), ("wounded", "20")}),
    # "بالموصل" is "in Mosul": the prefix is not part of the name
    ("أعلنت الشرطة مقتل 12 شخصا في انفجار سيارة مفخخة بالموصل.", "Mosul", {("killed", "12")}),
    # a city's population is no toll
    ("شهدت مدينة حلب التي يبلغ عدد سكانها مليوني نسمة قصفا أسفر عن مقتل 7 أشخاص.", "Aleppo", {("killed", "7")}),
])
def test_arabic_place_names_and_figures(text: str, place: str, figures: set[tuple[str, str]]) -> None:
    frame = _main(text, "ar")
    assert frame.places[0].name == place
    assert _figures(frame) == figures


def test_an_arabic_holder_ends_where_the_toll_begins() -> None:
    frame = _main("أعلنت الشرطة مقتل 12 شخصا في انفجار بالموصل.", "ar")
    assert {c.holder for c in frame.claims if c.field == "killed"} == {"الشرطة"}


@pytest.mark.parametrize("lang,text", [
    ("fr", "Une explosion a tué cinq personnes à Tikrit mardi. Les blessés ont été évacués vers l'hôpital de "
           "Samarra."),
    ("es", "Una explosión mató a cinco personas en Tikrit. Los heridos fueron trasladados al hospital de Samarra."),
    ("pt", "Uma explosão matou cinco pessoas em Tikrit. Os feridos foram levados para o hospital de Samarra."),
    ("it", "Un'esplosione ha ucciso cinque persone a Tikrit. I feriti sono stati trasportati all'ospedale di "
           "Samarra."),
])
def test_where_the_wounded_were_taken_is_not_where_it_happened(lang: str, text: str) -> None:
    frame = _main(text, lang)
    assert [p.name for p in frame.places] == ["Tikrit"]
    assert _figures(frame) == {("killed", "5")}  # "Une explosion": an article, not one more victim


@pytest.mark.parametrize("lang,text,holder", [
    ("fr", "Selon des sources médicales à Bagdad, 15 personnes ont été tuées dans un attentat à Hilla.",
     "des sources médicales à Bagdad"),
    ("es", "Quince personas murieron en un atentado en Hilla, según fuentes médicas en Bagdad.",
     "fuentes médicas en Bagdad"),
    ("ar", "وأفادت مصادر طبية في بغداد بمقتل 15 شخصا في تفجير انتحاري بسوق شعبي في مدينة الحلة.",
     "مصادر طبية في بغداد"),
])
def test_where_the_speaker_is_is_not_where_it_happened(lang: str, text: str, holder: str) -> None:
    frame = _main(text, lang)
    assert frame.places[0].name == "Hilla"
    assert {c.holder for c in frame.claims if c.field == "killed"} == {holder}


def test_a_local_police_force_still_places_the_event() -> None:
    frame = _main("Según la policía de Cali, seis personas murieron en el atentado.", "es")
    assert frame.places[0].name == "Cali" and _figures(frame) == {("killed", "6")}


@pytest.mark.parametrize("lang,text", [
    ("fr", "L'armée malienne a mené une opération à Moura, où 30 personnes ont été tuées. Les soldats maliens ont "
           "quitté le village jeudi, ont dit les autorités maliennes."),
    ("es", "El ejército maliense atacó Moura, donde murieron 30 personas. Los soldados malienses se retiraron el "
           "jueves, dijeron fuentes malienses."),
])
def test_demonyms_say_which_country_a_report_is_about(lang: str, text: str) -> None:
    """Moura is a town in Portugal too; a report about the Malian army's operation is not about Portugal (with no
    Moura of Mali in the gazetteer, the report names no place it knows)."""
    frames = extract_article(text, None, KN, None, lang)
    assert all(p.country != "Portugal" for f in frames for p in f.places)


def test_without_demonyms_the_namesake_stands() -> None:
    frame = _main("Une opération à Moura a fait 30 morts, selon des habitants.", "fr")
    assert [p.country for p in frame.places] == ["Portugal"]


def test_dates_in_other_languages_are_evidence_for_an_undated_report() -> None:
    march = (date(2022, 3, 1), date(2022, 3, 31))
    assert calendar(["le dimanche 27 mars"], *march)[0] > 0  # a day inside a month-long incident fits
    assert calendar(["11 أبريل"], date(2025, 4, 11), None)[0] > 0
    assert calendar(["el 12 de abril"], date(2025, 4, 11), date(2025, 4, 13))[0] > 0
    assert calendar(["el 2 de mayo"], date(2025, 4, 11), date(2025, 4, 13))[0] < 0
    assert calendar(["am Mittwoch"], date(2025, 4, 16), None)[0] > 0  # a Wednesday
    assert calendar(["na segunda-feira"], date(2025, 4, 16), None)[0] < 0
    assert calendar(["vendredi"], *march)[0] == 0  # every weekday fits a month: no evidence either way


EN = """outlet: Example Wire
published: 2031-03-04
---
A car bomb killed 12 people and wounded 30 at a market in Kirkuk on Tuesday, police said.
"""
AR = """outlet: Example Arabic
---
وفي 4 مارس، أسفر انفجار سيارة مفخخة في سوق بمدينة كركوك عن مقتل 19 شخصا، بحسب مصادر طبية.
"""
FR_OTHER_DAY = """outlet: Exemple Hebdo
---
Le 20 mars, un attentat à la voiture piégée a tué 19 personnes dans un marché de Kirkouk, selon la police.
"""


def test_an_undated_arabic_report_joins_and_its_figure_is_disputed(db_url: str, tmp_path: Path) -> None:
    paths = []
    for name, body in (("en.txt", EN), ("ar.txt", AR), ("fr.txt", FR_OTHER_DAY)):
        (tmp_path / name).write_text(body, encoding="utf-8")
        paths.append(tmp_path / name)
    eng = Engine(db_url)
    try:
        slugs = {Path(o.source).name: o.incidents for o in eng.ingest(paths).outcomes}
        assert slugs["ar.txt"] == slugs["en.txt"]  # same place, same day (its own words): one incident
        assert slugs["fr.txt"] != slugs["en.txt"]  # the same place on another day is another event
        inc = eng.incident(slugs["en.txt"][0]).data["incident"]
        disputed = {d["field"]: {v["value"] for v in d["values"]} for d in inc["disagreements"]}
        assert disputed["killed"] == {12, 19}
        arabic = [c for c in inc["claims"] if c["field"] == "killed" and c["value"] == 19]
        assert arabic[0]["language"] == "ar" and arabic[0]["attributed_to"] == "مصادر طبية"
    finally:
        eng.close()


def test_a_country_named_in_the_reports_language() -> None:
    frame = _main("Au moins 12 personnes ont été tuées dans une attaque au Soudan, selon des humanitaires.", "fr")
    assert [p.name for p in frame.places] == ["Sudan"]


def test_a_foreign_country_name_that_is_an_english_word_stays_out_of_english_reports() -> None:
    frame = _main("Maurice Dupont said three people were killed in an attack in Kerman on Monday.", "en")
    assert [p.name for p in frame.places] == ["Kerman"]  # not Mauritius ("Maurice" in French)
