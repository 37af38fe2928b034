"""Who holds a figure, who claims or is blamed for an attack and who denies it, in languages read from data.
Invented sentences."""
from __future__ import annotations

import pytest

from briefings.extract.lang.foreign import extract_foreign_claims
from briefings.extract.lang.rules import rules_for
from briefings.extract.types import ClaimDraft, Sentence


def claims(lang: str, text: str) -> list[ClaimDraft]:
    rules = rules_for(lang)
    assert rules is not None
    return extract_foreign_claims(Sentence(text, 0, len(text), 0), rules)


@pytest.mark.parametrize("lang,text,holder", [
    ("fr", "Au moins 12 personnes ont été tuées, selon le gouverneur de la province.", "le gouverneur de la province"),
    ("fr", "Douze soldats ont été tués et 40 blessés, ont indiqué les services de secours.", "les services de secours"),
    ("fr", "Le ministre de la Santé a déclaré que 30 personnes avaient été blessées.", "Le ministre de la Santé"),
    ("es", "Según la policía local, hubo cuatro muertos.", "la policía local"),
    ("es", "De acuerdo con la Cruz Roja, 25 personas resultaron heridas.", "la Cruz Roja"),
    ("es", "El alcalde confirmó que nueve personas murieron en el incendio.", "El alcalde"),
    ("pt", "De acordo com os bombeiros, três pessoas morreram.", "os bombeiros"),
    ("pt", "Segundo fontes hospitalares, 18 feridos foram internados.", "fontes hospitalares"),
    ("it", "Secondo fonti sanitarie, i feriti sono 14.", None),  # no figure read here: a holder alone is no claim
    ("it", "Almeno 7 morti, secondo fonti della protezione civile.", "fonti della protezione civile"),
    ("de", "Laut Polizei wurden acht Menschen getötet.", "Polizei"),
    ("ar", "قتل 15 قتيلا حسب مصادر طبية.", "مصادر طبية"),
    ("ar", "وقالت الشرطة إن 12 قتيلا سقطوا في الانفجار.", "الشرطة"),
])
def test_the_holder_of_a_figure(lang: str, text: str, holder: str | None) -> None:
    figures = [c for c in claims(lang, text) if c.field in ("killed", "wounded")]
    if holder is None:
        assert not figures
    else:
        assert figures and {c.holder for c in figures} == {holder}


def test_a_figure_nobody_is_quoted_for_belongs_to_the_outlet() -> None:
    assert {c.holder for c in claims("es", "La explosión dejó tres muertos.")} == {"outlet"}


@pytest.mark.parametrize("lang,text,actor,holder", [
    ("fr", "Le groupe rebelle a revendiqué l'attaque dans un communiqué.", "Le groupe rebelle", "Le groupe rebelle"),
    ("fr", "L'attentat a été revendiqué par un groupe armé local.", "un groupe armé local", "un groupe armé local"),
    ("es", "El gobierno acusó a la guerrilla del ataque.", "la guerrilla del ataque", "El gobierno"),
    ("pt", "A milícia reivindicou o ataque.", "A milícia", "A milícia"),
    ("it", "L'attentato è stato rivendicato da una cellula jihadista.", "una cellula jihadista", "una cellula jihadista"),
    ("de", "Die Miliz bekannte sich zu dem Anschlag.", "Die Miliz", "Die Miliz"),
])
def test_responsibility_and_blame(lang: str, text: str, actor: str, holder: str) -> None:
    got = [(c.value, c.holder) for c in claims(lang, text) if c.field == "perpetrator"]
    assert got == [(actor, holder)]


@pytest.mark.parametrize("lang,text", [
    ("es", "Ningún grupo reivindicó el atentado."),
    ("fr", "Aucun groupe n'a revendiqué l'attaque dans l'immédiat."),
    ("pt", "Nenhum grupo reivindicou o ataque."),
    ("it", "Nessun gruppo ha rivendicato l'attentato."),
    ("de", "Keine Gruppe bekannte sich zu dem Anschlag."),
])
def test_nobody_claiming_an_attack_is_no_perpetrator(lang: str, text: str) -> None:
    assert [c for c in claims(lang, text) if c.field == "perpetrator"] == []


@pytest.mark.parametrize("lang,text,actor", [
    ("fr", "Le ministre a accusé les rebelles, tandis que l'ambassade voisine a démenti toute implication.",
     "l'ambassade voisine"),
    ("es", "El gobierno culpó a una célula armada, que negó cualquier vínculo en un comunicado.", None),
])
def test_a_denial_in_a_subordinate_clause(lang: str, text: str, actor: str | None) -> None:
    assert [c.value for c in claims(lang, text) if c.field == "denial"] == ([actor] if actor else [])


@pytest.mark.parametrize("lang,text,actor", [
    ("fr", "Le ministère de la Défense dément toute implication.", "Le ministère de la Défense"),
    ("es", "El ejército negó cualquier participación en el bombardeo.", "El ejército"),
    ("pt", "O governo nega ter ordenado o ataque.", "O governo"),
    ("it", "Il gruppo ha smentito ogni coinvolgimento.", "Il gruppo"),
    ("de", "Die Armee bestritt jede Beteiligung.", "Die Armee"),
    ("ar", "ونفى الجيش أي دور في الهجوم.", "الجيش"),  # verb first: the subject follows it
    ("ar", "ونفت قوات الدعم السريع استهداف المدنيين.", "قوات الدعم السريع"),
])
def test_denials(lang: str, text: str, actor: str | None) -> None:
    got = [(c.value, c.stance) for c in claims(lang, text) if c.field == "denial"]
    assert got == ([(actor, "denies")] if actor else [])


@pytest.mark.parametrize("lang,text", [
    ("fr", "Le groupe État islamique a revendiqué l'attentat de Kerman mercredi."),
    ("es", "El grupo Estado Islámico reivindicó el atentado de Kerman."),
    ("de", "Die Terrormiliz Islamischer Staat bekannte sich zu dem Anschlag in Kerman."),
])
def test_an_actor_named_in_another_language_is_the_same_actor(lang: str, text: str) -> None:
    from briefings.extract.article import Knowledge, extract_article

    frames = extract_article(text, None, Knowledge.default(), None, lang)
    got = {(c.field, c.value) for f in frames for c in f.claims}
    assert ("perpetrator", "Islamic State") in got


def test_an_arabic_responsibility_claim_names_the_actor() -> None:
    from briefings.extract.lang.rules import strip_leading
    from briefings.knowledge.actors import Actors

    found = [c for c in claims("ar", "تبنى تنظيم الدولة الإسلامية الهجوم على المدينة.") if c.field == "perpetrator"]
    assert [c.value for c in found] == ["تنظيم الدولة الإسلامية"]
    rules = rules_for("ar")
    assert rules is not None
    actor = Actors.default().canonical(strip_leading(found[0].value, rules.words("actor_fillers")))
    assert actor is not None and actor.name == "Islamic State"


@pytest.mark.parametrize("lang,text,weapons", [
    ("es", "Un atentado con coche bomba dejó tres muertos frente a la comisaría.", {"car bomb"}),
    ("fr", "Une frappe de drone a tué cinq personnes, selon l'armée.", {"drone"}),
    ("pt", "Os mísseis atingiram o mercado e mataram 8 pessoas.", {"missiles"}),
    ("it", "L'autobomba è esplosa davanti alla caserma: almeno 4 morti.", {"car bomb"}),
    ("de", "Bei dem Selbstmordanschlag wurden 9 Menschen getötet.", {"suicide bombing"}),
    ("ar", "انفجرت سيارة مفخخة وأسفر الهجوم عن مقتل 5 أشخاص.", {"car bomb"}),
    ("fr", "L'armée a acheté des drones et des missiles l'an dernier.", set()),  # no attack, no toll: no claim
])
def test_the_means_in_english(lang: str, text: str, weapons: set[str]) -> None:
    assert {c.value for c in claims(lang, text) if c.field == "weapon"} == weapons


def test_a_holder_ends_before_the_figure_it_holds() -> None:
    got = claims("de", "Bei dem Anschlag sind nach Angaben der Behörden mindestens 31 Menschen getötet worden.")
    assert [(c.field, c.value, c.holder) for c in got] == [("killed", "31", "Behörden")]


def test_nobody_claiming_it_after_the_verb() -> None:
    assert [c for c in claims("de", "Zu der Tat bekannte sich zunächst niemand.") if c.field == "perpetrator"] == []
