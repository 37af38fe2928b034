"""Casualty figures in French, Spanish, Portuguese, Italian, German and Arabic, read by one extractor from each
language's data file (briefings/data/lang). Every sentence here is invented; traps included: ages, dates, times,
phone numbers, amounts, subsets and earlier events' tolls must never become a count."""
from __future__ import annotations

import pytest

from briefings.extract.lang.foreign import extract_foreign_claims
from briefings.extract.lang.numbers import number_value
from briefings.extract.lang.rules import analysed_languages, rules_for
from briefings.extract.types import Sentence


def figures(lang: str, text: str) -> set[tuple[str, int | None, str | None]]:
    rules = rules_for(lang)
    assert rules is not None
    claims = extract_foreign_claims(Sentence(text, 0, len(text), 0), rules)
    return {(c.field, int(c.value_num) if c.value_num is not None else None, c.qualifier)
            for c in claims if c.field in ("killed", "wounded")}


def test_every_language_with_a_data_file_is_read() -> None:
    assert {"en", "fr", "es", "pt", "it", "de", "ar"} <= set(analysed_languages())
    assert rules_for("en") is None  # English has its own rules
    assert rules_for("nl") is None and rules_for("xx") is None and rules_for(None) is None


@pytest.mark.parametrize("lang,written,value", [
    ("fr", "85", 85), ("fr", "1.200", 1200), ("fr", "1 200", 1200), ("fr", "cinq", 5), ("fr", "vingt et un", 21),
    ("fr", "quatre-vingt-dix-sept", 97), ("fr", "soixante-douze", 72), ("fr", "deux cents", 200),
    ("es", "veintiún", 21), ("es", "treinta y cinco", 35), ("es", "doscientos", 200), ("es", "ciento veinte", 120),
    ("es", "dos mil", 2000), ("pt", "dezassete", 17), ("pt", "vinte e três", 23), ("pt", "duzentas", 200),
    ("it", "trentacinque", 35), ("it", "ventotto", 28), ("it", "centoventi", 120), ("it", "duemila", 2000),
    ("de", "einundzwanzig", 21), ("de", "zweihundert", 200), ("de", "zwölf", 12), ("ar", "٨٥", 85),
])
def test_number_words_and_digit_forms(lang: str, written: str, value: int) -> None:
    rules = rules_for(lang)
    assert rules is not None and number_value(written, rules) == value


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "Au moins 85 civils tués et 120 blessés dans une frappe sur un marché, selon le gouverneur.",
     {("killed", 85, "at least"), ("wounded", 120, None)}),
    ("fr", "L'explosion a fait douze morts et plus de 30 blessés samedi.",
     {("killed", 12, None), ("wounded", 30, "more than")}),
    ("fr", "Le drone a tué 14 personnes, dont trois enfants, près du village.", {("killed", 14, None)}),
    ("fr", "Le bilan s'élève désormais à 23 morts.", {("killed", 23, None)}),
    ("es", "Hubo dos muertos y 20 heridos en el ataque contra la comisaría.", {("killed", 2, None), ("wounded", 20, None)}),
    ("es", "El atentado causó la muerte de más de 40 personas, según la policía.", {("killed", 40, "more than")}),
    ("es", "Al menos veintiún soldados murieron y otros 33 resultaron heridos.",
     {("killed", 21, "at least"), ("wounded", 33, None)}),
    ("es", "La cifra de fallecidos ascendió a 17 este lunes.", {("killed", 17, None)}),
    ("pt", "O ataque deixou pelo menos sete mortos e dezenas de feridos.",
     {("killed", 7, "at least"), ("wounded", 12, "dozens")}),
    ("pt", "Segundo a polícia, 1.500 pessoas ficaram feridas na explosão.", {("wounded", 1500, None)}),
    ("it", "Almeno 21 morti e una trentina di feriti nell'attentato al mercato.",
     {("killed", 21, "at least"), ("wounded", 30, "about")}),
    ("it", "Secondo fonti locali, sono stati uccisi nove civili.", {("killed", 9, None)}),  # verb before subject
    ("es", "En el ataque murieron 12 personas y resultaron heridas otras 30.", {("killed", 12, None), ("wounded", 30, None)}),
    ("de", "Bei dem Anschlag gab es mindestens 20 Tote und mehr als 50 Verletzte.",
     {("killed", 20, "at least"), ("wounded", 50, "more than")}),
    ("de", "Zwölf Menschen wurden getötet, teilte die Polizei mit.", {("killed", 12, None)}),
    ("ar", "أسفر الهجوم عن مقتل ٨٥ شخصا وإصابة 20 آخرين.", {("killed", 85, None), ("wounded", 20, None)}),
    ("ar", "قتل أكثر من 40 قتيلا في الانفجار.", {("killed", 40, "more than")}),
    ("ar", "قُتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة.", {("killed", 12, None), ("wounded", 30, None)}),
    ("ar", "وأسفر الهجوم عن مقتل خمسة وعشرين شخصا وإصابة اثني عشر آخرين.", {("killed", 25, None), ("wounded", 12, None)}),
])
def test_casualty_figures(lang: str, text: str, want: set[tuple[str, int, str | None]]) -> None:
    assert figures(lang, text) == want


@pytest.mark.parametrize("lang,text", [
    ("fr", "Un homme de 26 ans a été blessé le 3 décembre vers 14h30."),  # age, date, time: only "un homme" is hurt
    ("fr", "L'attentat de 2015 avait fait 130 morts."),  # an earlier event's toll
    ("fr", "Pour tout renseignement, appelez le 01 42 68 53 00."),  # phone number
    ("fr", "La reconstruction coûtera 40 millions d'euros, dont 12 pour l'hôpital."),  # amounts
    ("es", "El 21 de agosto, a las 9.30, un joven de 19 años fue detenido."),
    ("es", "El ataque anterior había dejado 30 muertos en la misma ciudad."),
    ("pt", "O edifício tem 12 andares e 40 anos."),
    ("it", "L'anno scorso un altro attentato aveva causato 15 morti."),
    ("de", "Der 45-jährige Fahrer wurde am 3. Mai um 14 Uhr festgenommen."),
    ("ar", "وقع الانفجار في 11 أبريل قرب السوق."),
    ("fr", "Cette ville de 200 000 habitants accueille 40 000 déplacés depuis 2029."),  # populations
    ("es", "El municipio, de 45.000 habitantes, quedó sin luz."),
    ("it", "Il paese, che conta 3.000 abitanti, è rimasto isolato."),
    ("de", "Die Stadt mit 80.000 Einwohnern wurde schwer getroffen."),
])
def test_traps_give_no_count(lang: str, text: str) -> None:
    got = figures(lang, text)
    assert not {v for _, v, _ in got} - {1}, got  # "un homme ... blessé" may count one; never 26, 3, 14, 130, ...


def test_a_range_is_its_lower_bound_with_the_range_as_qualifier() -> None:
    assert figures("fr", "Entre 200 et 400 personnes auraient été tuées.") == {("killed", 200, "200–400")}


def test_missing_people_are_a_note_not_a_death_toll() -> None:
    rules = rules_for("es")
    assert rules is not None
    text = "Tras el derrumbe hay al menos 12 desaparecidos."
    claims = extract_foreign_claims(Sentence(text, 0, len(text), 0), rules)
    assert [(c.field, c.value) for c in claims] == [("note", "12 missing")]


def test_a_cue_before_and_belongs_to_the_figure_before_it() -> None:
    assert figures("fr", "Selon l'armée, 40 assaillants ont été tués et 16 suspects ont été arrêtés.") == {
        ("killed", 40, None)}


@pytest.mark.parametrize("lang,text,want", [
    ("fr", "Au moins 30 personnes, dont dix enfants, ont été tuées dans la frappe.", {("killed", 30, "at least")}),
    ("es", "Al menos 30 personas, entre ellas diez niños, murieron en el bombardeo.", {("killed", 30, "at least")}),
    ("fr", "L'attaque a coûté la vie à sept soldats et fait une trentaine de blessés.",
     {("killed", 7, None), ("wounded", 30, "about")}),
    ("fr", "Deux policiers ont été grièvement blessés lors de l'embuscade.", {("wounded", 2, None)}),
    ("es", "El atentado dejó un saldo de cinco fallecidos y tres militares heridos.",
     {("killed", 5, None), ("wounded", 3, None)}),
    ("pt", "O bombardeamento matou 5 pessoas e deixou 12 feridos.", {("killed", 5, None), ("wounded", 12, None)}),
    ("it", "Nell'esplosione sono morte almeno 12 persone.", {("killed", 12, "at least")}),
    ("de", "Bei dem Angriff kamen mindestens 12 Menschen ums Leben.", {("killed", 12, "at least")}),
    ("de", "Die Zahl der Todesopfer stieg auf 40.", {("killed", 40, None)}),
])
def test_more_ways_to_write_a_toll(lang: str, text: str, want: set[tuple[str, int, str | None]]) -> None:
    assert figures(lang, text) == want


@pytest.mark.parametrize("lang,text", [
    ("fr", "La police a arrêté 12 suspects et saisi 3 véhicules."),
    ("es", "El gobierno prometió 3 millones de pesos para las 40 familias afectadas."),
    ("de", "Die Polizei nahm 12 Verdächtige fest."),
    ("it", "Il governo ha stanziato 5 milioni di euro."),
])
def test_figures_that_are_not_casualties(lang: str, text: str) -> None:
    assert figures(lang, text) == set()


def test_a_preliminary_toll_is_marked_as_in_english() -> None:
    assert figures("es", "Murieron cinco personas, según cifras preliminares de la Cruz Roja.") == {
        ("killed", 5, "preliminary")}
    assert figures("fr", "Selon un bilan provisoire, au moins 8 personnes ont été tuées.") == {("killed", 8, "at least")}


def test_an_article_after_a_cue_is_not_a_count() -> None:
    assert figures("it", "Altre 52 sono rimaste ferite nell'esplosione di un'autobomba davanti a una caserma.") == {
        ("wounded", 52, None)}
