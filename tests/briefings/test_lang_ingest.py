"""Reports in other languages through the engine: each report's language is stored (a header wins), figures in
French or Spanish join the English reports' incident and disagreements are found across languages, and a language
the engine cannot read is still listed, with "not analysed". Invented reports about a real place (Kerman)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from briefings import Engine
from briefings.db.models import Article
from briefings.render.text import render_text

EN = """url: https://example.org/en/depot
outlet: Example Wire
published: 2031-03-04
title: Blast at Kerman fuel depot
---
At least 12 people were killed and 30 wounded when a fuel depot exploded in Kerman on Tuesday, the provincial governor said.
"""
ES = """url: https://example.org/es/deposito
outlet: Diario Ejemplo
published: 2031-03-04
---
Al menos 19 personas murieron y otras 40 resultaron heridas el martes por la explosión de un depósito de combustible en Kerman, según los servicios de emergencia.
"""
FR = """url: https://example.org/fr/depot
outlet: Le Quotidien Exemple
published: 2031-03-05
---
L'explosion d'un dépôt de carburant à Kerman a fait au moins 19 morts, a indiqué un responsable des secours. Le gouvernement a démenti toute négligence.
"""
NL = """url: https://example.org/nl/depot
outlet: Voorbeeld Nieuws
published: 2031-03-04
---
Bij de explosie van een brandstofdepot in Kerman zijn dinsdag minstens vijftien mensen om het leven gekomen, meldde de gouverneur.
"""
DECLARED = """url: https://example.org/declared
outlet: Header Says
published: 2031-03-04
language: fr-FR
---
Fuel depot explosion in Kerman: 12 dead, officials said.
"""


def _ingest(tmp: Path, db_url: str, **docs: str) -> Engine:
    for name, text in docs.items():
        (tmp / f"{name}.txt").write_text(text, encoding="utf-8")
    eng = Engine(db_url)
    report = eng.ingest([tmp / f"{n}.txt" for n in docs])
    assert report.count("new") == len(docs)
    return eng


def test_each_report_stores_its_language_and_a_declared_one_wins(db_url: str, tmp_path: Path) -> None:
    eng = _ingest(tmp_path, db_url, en=EN, es=ES, nl=NL, declared=DECLARED)
    with eng.sessions() as s:
        langs = dict(s.execute(select(Article.url, Article.language)).all())
    assert langs == {"https://example.org/en/depot": "en", "https://example.org/es/deposito": "es",
                     "https://example.org/nl/depot": "nl", "https://example.org/declared": "fr"}
    eng.close()


def test_a_dispute_across_languages_is_found_and_quotes_stay_in_their_language(db_url: str, tmp_path: Path) -> None:
    eng = _ingest(tmp_path, db_url, en=EN, es=ES, fr=FR)
    inc = eng.incident("kerman").data["incident"]
    assert inc["status"] == "contested"
    killed = {c["value"]: c for c in inc["claims"] if c["field"] == "killed"}
    assert set(killed) == {12, 19}
    spanish = [c for c in inc["claims"] if c["url"] == "https://example.org/es/deposito" and c["field"] == "killed"]
    assert spanish[0]["quote"].startswith("Al menos 19 personas murieron")
    assert spanish[0]["attributed_to"] == "los servicios de emergencia" and spanish[0]["language"] == "es"
    disputed = {d["field"]: {v["value"] for v in d["values"]} for d in inc["disagreements"]}
    assert disputed["killed"] == {12, 19} and disputed["wounded"] == {30, 40}
    holders = {h["outlet"] for d in inc["disagreements"] if d["field"] == "killed" for v in d["values"]
               for h in v["holders"]}
    assert holders == {"Example Wire", "Diario Ejemplo", "Le Quotidien Exemple"}
    assert any(c["field"] == "denial" and c["value"] == "Le gouvernement" for c in inc["claims"])
    text = render_text(eng.incident("kerman"), full=True)  # the quotes are behind --full
    assert "(Diario Ejemplo, in Spanish, 2031-03-04): “Al menos 19 personas murieron" in text
    eng.close()


def test_a_language_the_engine_cannot_read_is_listed_not_analysed(db_url: str, tmp_path: Path) -> None:
    eng = _ingest(tmp_path, db_url, en=EN, nl=NL)
    inc = eng.incident("kerman").data["incident"]
    by_url = {a["url"]: a for a in inc["articles"]}
    assert by_url["https://example.org/nl/depot"]["language"] == "nl"
    assert by_url["https://example.org/nl/depot"]["analysed"] is False
    assert "Also reported in Dutch by Voorbeeld Nieuws (not analysed)." in inc["summary"]
    assert all(c["url"] != "https://example.org/nl/depot" for c in inc["claims"])  # no English rules over Dutch
    eng.close()
