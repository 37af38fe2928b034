"""The language a question is asked in, so that the answer's framing lines are in it too.

A question is short and mostly names (places, slugs), where a statistical language-id model guesses: a
question is told by its own function and question words instead ("combien", "¿cuántos", "wie viele").
Each word counts for every language it belongs to, split between them ("quando" is Italian and
Portuguese); no such word, or a tie with English, answers in English. Arabic script is Arabic.
"""
from __future__ import annotations

import re

from bot.dm.words import fold

LANGS = ("en", "fr", "es", "pt", "it", "de", "ar")
#: Words (folded: lower case, no accents) that mark a language in a question; shared words are listed in each.
MARKERS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": """how many who what where when which why is was were are did does do the of at in and any anyone
             killed dead died deaths wounded injured hurt injuries toll casualties behind blamed responsible
             denied deny happened happening attack attacks strike strikes about tell me sources far from near
             there it they number hit weapon target disputed changed whos what's who's january february march
             april may june july august september october november december""",
    "fr": """combien qui quel quelle quels quelles quoi ou est sont etait ont les des du au aux et le la l d qu
             a-t-il y-a-t-il s'est passe morts tues blesses victimes bilan derriere attaque attaques frappe frappes
             nie dementi dementis revendique arme armes quand personnes dans sur lors contre il y avait eu en janvier fevrier avril mai juin juillet aout
             septembre octobre novembre decembre""",
    "es": """cuantos cuantas quien quienes que hubo paso muertos heridos victimas fallecidos ataque ataques ataco
             atacaron arma donde cuando los las y en del fue esta alguien nego detras distancia personas
             murieron sucedio ocurrio con se uso usaron responsable enero febrero marzo abril mayo junio julio agosto
             septiembre octubre noviembre diciembre""",
    "pt": """quantos quantas quem houve mortos feridos vitimas em no na do da dos das onde quando aconteceu ataque
             atacou foi ficaram pessoas morreram e o os as que negou responsavel janeiro fevereiro marco abril
             maio junho julho agosto setembro outubro novembro dezembro""",
    "it": """quanti quante chi morti feriti vittime cosa successo ha hanno e dove quando attaccato il di del della
             nel sono attacco responsabile ci stati gennaio febbraio marzo aprile maggio giugno luglio
             agosto settembre ottobre novembre dicembre""",
    "de": """wie viele wer was tote toten verletzte verletzten gab es gibt ist war der die das dem den und hinter
             angriff steckt verantwortlich wann wo passiert getotet starben opfer auf bei januar februar marz
             mai juni juli oktober dezember""",
}.items()}
ARABIC = re.compile(r"[\u0600-\u06ff]")
WORD = re.compile(r"[\w'-]+")


def marked_language(text: str) -> str | None:
    """The language the question's own words mark; None when no word marks one ("kalsu?")."""
    if len(ARABIC.findall(text)) >= 2:
        return "ar"
    score = dict.fromkeys(MARKERS, 0.0)
    score["es"] += 2.0 if "¿" in text or "¡" in text else 0.0  # only Spanish opens a question
    for word in WORD.findall(fold(text)):
        owners = [lang for lang, words in MARKERS.items() if word in words]
        for lang in owners:
            score[lang] += 1.0 / len(owners)
    best = max(score, key=lambda lang: (score[lang], lang == "en"))
    if not score[best]:
        return None
    return best if score[best] > score["en"] else "en"


def question_language(text: str) -> str:
    """"fr", "es", "pt", "it", "de", "ar" or "en" (the default: the bot's own language)."""
    return marked_language(text) or "en"
