"""Questions answered as asked, over the seed reports and the bundled sample (the set: dm_questions.py).

Each reply must name the expected incident and answer the field asked (a short answer, not the whole
briefing); lists must hold the expected incidents; unknown places must say so. The share right is
printed and must stay at or above 95 %.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.app import sample_files
from bot.commands import Caller, Reply, default_registry
from bot.dm.ask import Questions
from briefings.engine import Engine
from tests.bot.dm_questions import CONVERSATIONS, SINGLE, Turn, conversations
from tests.conftest import new_db_url

NOW = datetime(2025, 9, 12, 12, 0, tzinfo=timezone.utc)
#: What marks the field's answer, in the languages questions are asked in (en, fr, es, pt, it, de, ar).
MARK = {"killed": ("Killed", "Tués", "Muertos", "Mortos", "Morti", "Getötete", "القتلى"),
        "wounded": ("Wounded", "Blessés", "Heridos", "Feridos", "Feriti", "Verletzte", "الجرحى"),
        "perpetrator": ("Who did it", "Auteurs", "Autores", "Autori", "Täter", "المنفذ"),
        "weapon": ("Weapon", "Arme", "Arma", "Waffe", "السلاح"),
        "target": ("Target", "Cible", "Objetivo", "Alvo", "Obiettivo", "Ziel", "الهدف"),
        "denial": ("Denials", "Démentis", "Desmentidos", "Smentite", "Dementis", "النفي"),
        "distance_km": ("Distance", "Distancia", "Distância", "Distanza", "Entfernung", "المسافة"),
        "disputed": ("disagree", "désaccord", "divergent", "discrepan", "divergem", "divergono", "widersprechen", "تختلف"),
        "changes": ("changed", "modifiés", "changé", "cambiaron", "cambiado", "mudaram", "mudou", "cambiat", "geändert", "تغي"),
        "when": ("When:", "Quand :", "Cuándo:", "Quando:", "Wann:", "متى:"),
        "where": ("Where:", "Où :", "Dónde:", "Onde:", "Dove:", "Wo:", "أين:")}
WHICH = ("Which incident", "De quel incident", "¿A qué incidente", "A que incidente", "A quale incidente", "Welchen Vorfall",
         "أي حادث")
ALL = {slug for turn in SINGLE for slug in turn[1]}


@pytest.fixture(scope="module")
def engine(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    eng = Engine(new_db_url(tmp_path_factory.mktemp("dmq")))
    report = eng.ingest([*sorted(seeds_dir.glob("*.txt")), *sample_files()])
    assert report.ok
    yield eng
    eng.close()


def judge(reply: Reply | None, slugs: tuple[str, ...], field: str) -> bool:
    """Is this the answer a user asking for `field` of `slugs` wanted?"""
    if reply is None:
        return False
    b, text = reply.briefing, reply.text or ""
    if field == "overview":
        return b is not None and b.kind == "incident" and b.data["incident"]["slug"] == slugs[0]
    if field == "sources":
        return b is not None and b.kind == "sources" and b.data.get("incident") == slugs[0]
    if field == "list":
        return b is None and bool(re.match(r"\d+ ", text)) and all(s in text for s in slugs)  # "4 incident(s) in Anbar:"
    if field == "askback":  # "which incident do you mean?" with a button per likely incident
        picks = [a.args.split()[0] for a in reply.actions]
        return (b is None and any(text.startswith(w) for w in WHICH) and 2 <= len(picks) <= 3
                and all(s in picks for s in slugs))
    if field == "none":
        body = "\n".join(line for line in text.splitlines() if not line.startswith("Closest"))
        return b is None and not any(s in body for s in ALL)
    lines = text.splitlines()
    return (b is None and len(lines) <= 15 and bool(lines) and lines[-1].endswith(f"/incident {slugs[0]}")
            and any(mark in text for mark in MARK[field]))


def run(engine: Engine, talk: list[Turn], user: str) -> list[tuple[str, bool, str]]:
    questions = Questions()
    caller = Caller("slack", user, "D1", "T1", is_dm=True)
    out = []
    for text, slugs, field in talk:
        reply = questions.answer(text, engine, default_registry(), now=NOW, caller=caller)
        shown = (reply.text or "")[:300] if reply and reply.text else (reply.briefing.title if reply and reply.briefing else "")
        out.append((text, judge(reply, slugs, field), shown))
    return out


def test_the_question_set_is_answered_as_asked(engine: Engine) -> None:
    results = [r for k, talk in enumerate(conversations()) for r in run(engine, talk, f"U{k}")]
    wrong = [(text, shown) for text, ok, shown in results if not ok]
    share = 1 - len(wrong) / len(results)
    print(f"\n{len(results) - len(wrong)}/{len(results)} questions answered right ({share:.1%})")
    for text, shown in wrong:
        print(f"  WRONG {text!r}: {shown[:160]!r}")
    assert len(results) >= 140
    assert share >= 0.95, wrong


def test_a_follow_up_belongs_to_its_own_conversation(engine: Engine) -> None:
    questions = Questions()
    ana, bob = Caller("discord", "ana", "D-ana", is_dm=True), Caller("discord", "bob", "D-bob", is_dm=True)
    questions.answer("how many were killed at kalsu?", engine, default_registry(), now=NOW, caller=ana)
    questions.answer("tuz khurmatu toll", engine, default_registry(), now=NOW, caller=bob)
    reply = questions.answer("and the wounded?", engine, default_registry(), now=NOW, caller=ana)
    assert reply is not None and reply.text and reply.text.splitlines()[-1].endswith("/incident kalsu-2024-04-19")


def test_a_field_answer_is_short_and_quotes_its_holders(engine: Engine) -> None:
    reply = Questions().answer("how many were hurt at kalsu?", engine, default_registry(), now=NOW, caller=Caller())
    assert reply is not None and reply.briefing is None and reply.text
    lines = reply.text.splitlines()
    assert len(lines) <= 15 and "Wounded" in lines[1] and "disagree" in lines[1]
    assert any("8" in ln and "military statement" in ln and "“" in ln for ln in lines)  # figure, holder, quote
    assert "Killed" not in reply.text  # only the field asked about


def test_a_field_no_report_mentions_is_said_to_be_not_reported(engine: Engine) -> None:
    reply = Questions().answer("how many wounded at tower 22?", engine, default_registry(), now=NOW, caller=Caller())
    assert reply is not None and "Wounded: not reported" in (reply.text or "")


def test_a_place_without_incidents_says_so_without_listing_others(engine: Engine) -> None:
    reply = Questions().answer("what happened in mosul?", engine, default_registry(), now=NOW, caller=Caller())
    assert reply is not None and reply.text and reply.text.startswith("Nothing is known at Mosul")
    assert not any(s in reply.text for s in ALL)


def test_conversations_are_in_the_set() -> None:
    assert sum(len(c) for c in CONVERSATIONS) >= 15


def test_two_incidents_at_one_place_the_newest_is_answered_and_the_others_named(engine: Engine) -> None:
    reply = Questions().answer("what happened at ain al-asad?", engine, default_registry(), now=NOW, caller=Caller())
    assert reply is not None and reply.briefing is not None
    assert reply.briefing.data["incident"]["slug"] == "ain-al-asad-2024-08"
    others = [i.label for s in reply.briefing.sections if s.kind == "others" for i in s.items]
    assert others == ["ain-al-asad-2024-01-23", "ain-al-asad-2024-01-05"]


def test_a_field_asked_with_nothing_named_asks_back_with_likely_incidents(engine: Engine) -> None:
    reply = Questions().answer("and the wounded?", engine, default_registry(), now=NOW, caller=Caller())
    assert reply is not None and reply.text and reply.text.startswith("Which incident do you mean?")
    assert "tuz-khurmatu-2025-09-07" in reply.text  # the newest with wounded reported


def ask(engine: Engine, text: str, questions: Questions | None = None, user: str = "U-lang") -> Reply:
    reply = (questions or Questions()).answer(text, engine, default_registry(), now=NOW,
                                              caller=Caller("discord", user, "D-lang", is_dm=True))
    assert reply is not None
    return reply


@pytest.mark.parametrize(("field_q", "label", "pointer", "none_q", "not_reported", "which_q", "which"), [
    ("combien de blessés à Kalsu ?", "Blessés", "Briefing complet : /incident kalsu-2024-04-19",
     "combien de blessés à Tower 22 ?", "Blessés : aucune source ne l'a rapporté", "combien de morts ?",
     "De quel incident parlez-vous ?"),
    ("¿cuántos heridos hubo en Kalsu?", "Heridos", "Informe completo: /incident kalsu-2024-04-19",
     "¿cuántos heridos hubo en Tower 22?", "Heridos: ninguna fuente lo ha informado", "¿quién lo hizo?",
     "¿A qué incidente se refiere?"),
    ("quantos feridos houve em Kalsu?", "Feridos", "Briefing completo: /incident kalsu-2024-04-19",
     "quantos feridos houve em Tower 22?", "Feridos: nenhuma fonte informou", "quantos mortos houve?",
     "A que incidente se refere?"),
    ("quanti feriti ci sono stati a Kalsu?", "Feriti", "Briefing completo: /incident kalsu-2024-04-19",
     "quanti feriti a Tower 22?", "Feriti: nessuna fonte lo ha riportato", "quanti morti?",
     "A quale incidente si riferisce?"),
    ("Wie viele Verletzte gab es in Kalsu?", "Verletzte", "Vollständiges Briefing: /incident kalsu-2024-04-19",
     "Wie viele Verletzte gab es bei Tower 22?", "Verletzte: bisher von keiner Quelle gemeldet", "Wie viele Tote?",
     "Welchen Vorfall meinen Sie?"),
    ("كم عدد الجرحى في Kalsu", "الجرحى", "الإحاطة الكاملة: /incident kalsu-2024-04-19",
     "كم عدد الجرحى في Tower 22", "الجرحى: لم يرد في أي مصدر", "كم عدد القتلى", "أي حادث تقصد؟"),
])
def test_answers_are_framed_in_the_language_asked(engine: Engine, field_q: str, label: str, pointer: str, none_q: str,
                                                   not_reported: str, which_q: str, which: str) -> None:
    answer = ask(engine, field_q).text or ""
    assert label in answer.splitlines()[1] and answer.splitlines()[-1] == pointer
    assert "Wounded" not in answer and "Full briefing" not in answer
    assert not_reported in (ask(engine, none_q).text or "")
    back = ask(engine, which_q)
    assert (back.text or "").startswith(which) and len(back.actions) >= 2
    assert all(a.args.split()[1] == answer_lang(which) for a in back.actions)  # a click answers in that language too


def answer_lang(which: str) -> str:
    return {"De": "fr", "¿A": "es", "A que": "pt", "A quale": "it", "Welchen": "de"}.get(
        next((k for k in ("A quale", "A que", "De", "¿A", "Welchen") if which.startswith(k)), ""), "ar")


def test_a_button_of_an_ask_back_answers_the_question_for_that_incident(engine: Engine) -> None:
    questions = Questions()
    back = ask(engine, "¿cuántos heridos?", questions)
    pick = next(a for a in back.actions if a.args.startswith("erbil-air-base-2025-06-10"))
    assert pick.label.startswith("Erbil Air Base") and len("briefbot:ask " + pick.args) <= 100  # Discord's limit
    chosen = questions.choose(pick.args, engine, caller=Caller("discord", "U-lang", "D-lang", is_dm=True))
    lines = (chosen.text or "").splitlines()
    assert lines[1].startswith("Heridos") and lines[-1] == "Informe completo: /incident erbil-air-base-2025-06-10"
    follow = ask(engine, "¿y los muertos?", questions)  # the pressed incident is the conversation's topic
    assert (follow.text or "").splitlines()[-1].endswith("/incident erbil-air-base-2025-06-10")
    assert questions.choose("no-such-incident-2020 en killed", engine, caller=Caller()).text


def test_incidents_at_one_place_the_others_are_buttons_asking_the_same(engine: Engine) -> None:
    reply = ask(engine, "how many were wounded at ain al-asad?")
    assert (reply.text or "").splitlines()[-1] == "Full briefing: /incident ain-al-asad-2024-08"
    assert [a.args for a in reply.actions] == ["ain-al-asad-2024-01-23 en wounded", "ain-al-asad-2024-01-05 en wounded"]
    assert [a.label for a in reply.actions] == ["Ain al-Asad · 2024-01-20 – 2024-01-23", "Ain al-Asad · 2024-01-05"]
