"""Places in other languages: a distance or direction makes a place the reference, not where it happened, and
gives a distance claim from it (invented sentences; Kalsu and Baghdad are in the packaged gazetteer)."""
from __future__ import annotations

import pytest

from briefings.extract.article import Knowledge, extract_article

KN = Knowledge.default()


@pytest.mark.parametrize("lang,text,km,qualifier,ref", [
    ("fr", "Une explosion a frappé la base de Kalsu, à 80 km au sud de Bagdad, tuant deux soldats.", "80", None,
     "Baghdad"),
    ("es", "Un dron atacó la base de Kalsu, a unos 50 kilómetros al sur de Bagdad; murieron tres personas.", "50",
     "about", "Baghdad"),
    # a name the gazetteer does not hold stays as written
    ("pt", "Um drone atingiu a base de Kalsu, a 70 km a sul de Bagdade, e matou dois soldados.", "70", None, "Bagdade"),
    ("it", "Un'esplosione ha colpito la base di Kalsu, a 90 chilometri a sud di Baghdad: almeno due morti.", "90", None,
     "Baghdad"),
    ("de", "Eine Explosion erschütterte den Stützpunkt Kalsu, etwa 60 km südlich von Bagdad; zwei Soldaten wurden "
           "getötet.", "60", "about", "Baghdad"),
])
def test_a_reference_city_is_not_the_event_place(lang: str, text: str, km: str, qualifier: str | None,
                                                 ref: str) -> None:
    frames = extract_article(text, None, KN, None, lang)
    main = [f for f in frames if f.main]
    assert main and [p.name for p in main[0].places] == ["Kalsu"]
    distances = [(c.value, c.qualifier, c.reference) for c in main[0].claims if c.field == "distance_km"]
    assert distances == [(km, qualifier, ref)]


def test_near_a_place_is_still_that_place() -> None:
    frames = extract_article("Tres personas murieron en un ataque con cohetes cerca de Kalsu.", None, KN, None, "es")
    assert [p.name for f in frames if f.main for p in f.places] == ["Kalsu"]
