"""An ask-back's buttons carry their question (bot/dm/choose.py): within Discord's 100-character custom ids,
unreadable values refused, and a typed reply ("2", "the second one") picks a choice."""
from __future__ import annotations

from bot.dm.choose import decode, encode, picked
from bot.dm.lang import question_language

EVERY_FIELD = ["killed", "wounded", "perpetrator", "weapon", "target", "denial", "distance_km", "sources", "disputed"]


def test_a_button_value_fits_a_discord_custom_id_and_keeps_the_slug_and_language() -> None:
    args = encode("ain-al-asad-2024-01-23", EVERY_FIELD, "pt")
    assert len("briefbot:ask " + args) <= 100
    choice = decode(args)
    assert choice is not None and choice.slug == "ain-al-asad-2024-01-23" and choice.lang == "pt"
    assert choice.fields == tuple(EVERY_FIELD[:len(choice.fields)]) and choice.fields[:2] == ("killed", "wounded")


def test_values_that_are_not_choices_are_refused_or_cleaned() -> None:
    assert decode("") is None and decode("../../etc/passwd en killed") is None
    assert decode("<!channel> en killed") is None
    cleaned = decode("kalsu-2024-04-19 xx killed,drop_table")
    assert cleaned is not None and cleaned.lang == "en" and cleaned.fields == ("killed",)


def test_a_typed_reply_picks_a_choice_only_when_it_is_one() -> None:
    assert [picked(t, 3) for t in ("2", "#3", "the second one", "first", "1.")] == [2, 3, 2, 1, 1]
    assert [picked(t, 2) for t in ("3", "0", "22", "2 dead", "kalsu")] == [None, None, None, None, None]


def test_the_language_of_a_question_is_read_from_its_own_words() -> None:
    asked = {"how many died at kalsu?": "en", "combien de morts à Kalsu ?": "fr", "¿y los heridos?": "es",
             "quantos feridos em Balad?": "pt", "quanti feriti a Balad?": "it", "Wie viele Tote gab es?": "de",
             "كم عدد القتلى": "ar", "kalsu": "en", "ain el asad base": "en"}
    assert {q: question_language(q) for q in asked} == asked
