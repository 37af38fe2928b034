"""The regional gazetteer: place mentions in sentences, roles, user look-up, hierarchy, extensions."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from briefings.knowledge.places import Gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def ids(gaz: Gazetteer, text: str) -> list[str]:
    return [m.place.id for m in gaz.find(text)]


def roles(gaz: Gazetteer, text: str) -> dict[str, str]:
    return {m.place.id: m.role for m in gaz.find(text)}


# --- data ------------------------------------------------------------------------------------


def test_package_data_is_consistent(gaz: Gazetteer) -> None:
    places = list(gaz)
    assert len(places) > 150
    for p in places:
        assert p.kind in {"site", "city", "town", "district", "province", "region", "country"}
        assert p.parent is None or gaz.get(p.parent) is not None, p.id
        assert (p.lat is None) == (p.lon is None), p.id
        if p.lat is not None:  # the region: Yemen to Turkey, Egypt to Iran
            assert 10 < p.lat < 43 and 28 < p.lon < 62, p.id
        if p.kind == "country":
            assert p.parent is None and p.country == p.name
    # two entries sharing a spelling must be told apart by kind (city beats province)
    for key, rules in gaz.regional._index._by_key.items():
        top = rules[0][0].priority
        assert len({a.target for a, _ in rules if a.priority == top}) == 1, key


@pytest.mark.parametrize(
    "alias, place_id",
    [
        ("Babil", "iq-babil-gov"), ("Babel", "iq-babil-gov"), ("Babylon", "iq-babil-gov"),
        ("Anbar", "iq-anbar-gov"), ("Al Anbar", "iq-anbar-gov"), ("Ninawa", "iq-nineveh-gov"),
        ("Nineveh", "iq-nineveh-gov"), ("Salah al-Din", "iq-salahaddin-gov"), ("Saladin", "iq-salahaddin-gov"),
        ("Dhi Qar", "iq-dhi-qar-gov"), ("Kurdistan Region", "iq-kurdistan"), ("Diyala", "iq-diyala-gov"),
        ("Hilla", "iq-hilla"), ("Al Hillah", "iq-hilla"), ("Iskandariya", "iq-iskandariya"),
        ("Iskandariyah", "iq-iskandariya"), ("Musayyib", "iq-musayyib"), ("Mahmudiyah", "iq-mahmudiyah"),
        ("Jurf al-Sakhar", "iq-jurf-al-sakhar"), ("Jurf al-Nasr", "iq-jurf-al-sakhar"), ("Jurf Al Sakhar", "iq-jurf-al-sakhar"),
        ("Husaybah", "iq-al-qaim"), ("Rutba", "iq-rutba"), ("Ramadi", "iq-ramadi"), ("Fallujah", "iq-fallujah"),
        ("Haditha", "iq-haditha"), ("Mosul", "iq-mosul"), ("Tal Afar", "iq-tal-afar"), ("Sinjar", "iq-sinjar"),
        ("Tikrit", "iq-tikrit"), ("Samarra", "iq-samarra"), ("Balad", "iq-balad"), ("Baqubah", "iq-baqubah"),
        ("Muqdadiyah", "iq-muqdadiyah"), ("Khanaqin", "iq-khanaqin"), ("Kirkuk", "iq-kirkuk"), ("Arbil", "iq-erbil"),
        ("Hawler", "iq-erbil"), ("Sulaymaniyah", "iq-sulaymaniyah"), ("Duhok", "iq-duhok"), ("Basra", "iq-basra"),
        ("Umm Qasr", "iq-umm-qasr"), ("Nasiriyah", "iq-nasiriyah"), ("Amarah", "iq-amarah"), ("Kut", "iq-kut"),
        ("Diwaniyah", "iq-diwaniyah"), ("Samawah", "iq-samawah"), ("Najaf", "iq-najaf"), ("Karbala", "iq-karbala"),
        ("Sadr City", "iq-sadr-city"), ("Jadriya", "iq-jadriya"), ("Karrada", "iq-karrada"), ("the Green Zone", "iq-green-zone"),
        ("Baghdad airport", "iq-baghdad-airport"), ("Palestine Street", "iq-palestine-street"),
        ("Kalsu base", "iq-kalsu-base"), ("Kalso", "iq-kalsu-base"), ("Ain al-Asad", "iq-ain-al-asad"),
        ("Ain Al Asad airbase", "iq-ain-al-asad"), ("Ain Al-Assad", "iq-ain-al-asad"), ("Al Asad air base", "iq-ain-al-asad"),
        ("Ayn al-Asad", "iq-ain-al-asad"), ("Harir base", "iq-harir-base"), ("K1 base", "iq-k1-base"), ("K-1", "iq-k1-base"),
        ("Balad air base", "iq-balad-air-base"), ("Camp Taji", "iq-camp-taji"), ("Victory base", "iq-victory-base"),
        ("Union III", "iq-union-iii"), ("Erbil air base", "iq-erbil-air-base"), ("Camp Speicher", "iq-camp-speicher"),
        ("Damascus", "sy-damascus"), ("Aleppo", "sy-aleppo"), ("Homs", "sy-homs"), ("Hama", "sy-hama"), ("Idlib", "sy-idlib"),
        ("Latakia", "sy-latakia"), ("Tartus", "sy-tartus"), ("Deir ez-Zor", "sy-deir-ez-zor"), ("Deir al-Zour", "sy-deir-ez-zor"),
        ("Al-Bukamal", "sy-abu-kamal"), ("Abu Kamal", "sy-abu-kamal"), ("Albu Kamal", "sy-abu-kamal"), ("Mayadin", "sy-mayadin"),
        ("Raqqa", "sy-raqqa"), ("Hasakah", "sy-hasakah"), ("Qamishli", "sy-qamishli"), ("Palmyra", "sy-palmyra"),
        ("Daraa", "sy-daraa"), ("Suwayda", "sy-suwayda"), ("Quneitra", "sy-quneitra"), ("al-Tanf garrison", "sy-tanf"),
        ("the Conoco gas field", "sy-conoco"), ("al-Omar oil field", "sy-al-omar"), ("Shaddadi", "sy-shaddadi"),
        ("Rmeilan", "sy-rmeilan"), ("Amman", "jo-amman"), ("Zarqa", "jo-zarqa"), ("Irbid", "jo-irbid"), ("Aqaba", "jo-aqaba"),
        ("Mafraq", "jo-mafraq"), ("Ruwaished", "jo-ruwaished"), ("Tower 22", "jo-tower-22"),
        ("Muwaffaq Salti air base", "jo-muwaffaq-salti"), ("Tehran", "ir-tehran"), ("Isfahan", "ir-isfahan"),
        ("Kerman", "ir-kerman"), ("Kermanshah", "ir-kermanshah"), ("Ahvaz", "ir-ahvaz"), ("Tabriz", "ir-tabriz"),
        ("Shiraz", "ir-shiraz"), ("Mashhad", "ir-mashhad"), ("Beirut", "lb-beirut"), ("Tyre", "lb-tyre"), ("Sidon", "lb-sidon"),
        ("Baalbek", "lb-baalbek"), ("Nabatieh", "lb-nabatieh"), ("Kuwait City", "kw-kuwait-city"), ("Riyadh", "sa-riyadh"),
        ("Jeddah", "sa-jeddah"), ("Abqaiq", "sa-abqaiq"), ("Ankara", "tr-ankara"), ("Istanbul", "tr-istanbul"),
        ("Gaziantep", "tr-gaziantep"), ("Şırnak", "tr-sirnak"), ("Tel Aviv", "il-tel-aviv"), ("Jerusalem", "il-jerusalem"),
        ("Haifa", "il-haifa"), ("Eilat", "il-eilat"), ("Gaza", "ps-gaza-strip"), ("Rafah", "ps-rafah"),
        ("Khan Younis", "ps-khan-younis"), ("Sanaa", "ye-sanaa"), ("Hodeidah", "ye-hodeidah"), ("Aden", "ye-aden"),
        ("Iraq", "iq"), ("Syria", "sy"), ("Jordan", "jo"), ("Iran", "ir"), ("Lebanon", "lb"), ("Kuwait", "kw"),
        ("Saudi Arabia", "sa"), ("Turkey", "tr"), ("Türkiye", "tr"), ("Israel", "il"), ("Yemen", "ye"),
    ],
)
def test_every_listed_place_is_found_in_a_sentence(gaz: Gazetteer, alias: str, place_id: str) -> None:
    assert ids(gaz, f"Fighting was reported in {alias} on Monday, officials said.") == [place_id]


def test_same_name_city_beats_province_but_province_forms_find_the_province(gaz: Gazetteer) -> None:
    assert ids(gaz, "A rocket hit Kirkuk on Friday.") == ["iq-kirkuk"]
    assert ids(gaz, "An attack on the K1 military base in Kirkuk province.") == ["iq-k1-base", "iq-kirkuk-gov"]
    assert ids(gaz, "Clashes in the province of Anbar and in Baghdad governorate.") == ["iq-anbar-gov", "iq-baghdad-gov"]


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, place_id",
    [
        ("An explosion hit the Kalso military base 50 km (30 miles) south of Baghdad, a statement said.", "iq-baghdad"),
        ("The base lies about 80 kilometers south of the Iraqi capital, sources said.", "iq-baghdad"),
        ("One was killed in an airstrike on a base to the south of Baghdad on Friday.", "iq-baghdad"),
        ("Militants attacked a checkpoint north-west of Mosul overnight.", "iq-mosul"),
        ("At least five strikes hit targets in the town of Jurf Al Sakhar, south of Baghdad.", "iq-baghdad"),
        ("Waves of bombings to the south of the city Baghdad destroyed an arsenal.", "iq-baghdad"),
        ("The convoy was stopped some 20 miles from Kirkuk.", "iq-kirkuk"),
        ("A village 12 km southwest of Tikrit was shelled.", "iq-tikrit"),
        ("The Kalsu base, north of Babel, was hit.", "iq-babil-gov"),
    ],
)
def test_reference_points(gaz: Gazetteer, sentence: str, place_id: str) -> None:
    assert roles(gaz, sentence)[place_id] == "reference"


@pytest.mark.parametrize(
    "sentence, place_id",
    [
        ("A drone strike in Baghdad killed a commander.", "iq-baghdad"),
        ("On January 4, the US killed a militia commander in eastern Baghdad.", "iq-baghdad"),
        ("A headquarters in east Baghdad was destroyed.", "iq-baghdad"),
        ("An explosion took place at its command post at the Kalso military base.", "iq-kalsu-base"),
        ("The attack targeted the Kalsu base, on the outskirts of the Babel governorate.", "iq-babil-gov"),
        ("Protests spread in the south of Iraq on Sunday.", "iq"),
        ("The strikes targeted a headquarters near the town of Iskandariya.", "iq-iskandariya"),
        ("Two sources at a hospital in the nearby city of Hilla said one fighter was killed.", "iq-hilla"),
    ],
)
def test_locations(gaz: Gazetteer, sentence: str, place_id: str) -> None:
    assert roles(gaz, sentence)[place_id] == "location"


@pytest.mark.parametrize(
    "phrase, capital",
    [
        ("about 80 kilometers south of the Iraqi capital", "iq-baghdad"),
        ("a drone hit Iraq's capital overnight", "iq-baghdad"),
        ("protests in the Syrian capital on Friday", "sy-damascus"),
        ("talks in the capital of Jordan", "jo-amman"),
        ("sirens sounded in the Lebanese capital", "lb-beirut"),
    ],
)
def test_capital_phrases_mention_the_capital(gaz: Gazetteer, phrase: str, capital: str) -> None:
    found = gaz.find(phrase)
    assert [m.place.id for m in found] == [capital]
    assert "capital" in found[0].text


# --- matching rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The strikes hit hard and rockets hit the base.", []),
        ("Hit by rockets, the base was evacuated.", []),
        ("US Strikes Hit Militia Targets", []),
        ("Fighting raged in Hit on Monday.", ["iq-hit"]),
        ("Families fled the town of Hit after the raid.", ["iq-hit"]),
        ("A convoy was ambushed near Hit.", ["iq-hit"]),
        ("troops entered baghdad and kirkuk", []),
        ("Troops entered Baghdad and KIRKUK.", ["iq-baghdad", "iq-kirkuk"]),
        ("a sour mood in Tyre", ["lb-tyre"]),
        ("Sour relations persisted.", []),
        ("Al Mayadeen reported the attack.", []),
        ("A strike in Mayadeen killed three.", ["sy-mayadin"]),
    ],
)
def test_single_word_names_need_capitals_and_common_words_need_a_cue(
    gaz: Gazetteer, sentence: str, expected: list[str]
) -> None:
    assert ids(gaz, sentence) == expected


@pytest.mark.parametrize("form", ["al-Qaim", "Al Qaim", "al-Qa'im", "Al-Qa’im", "Qaim", "al Qaim", "Al-Qaim"])
def test_article_and_apostrophe_variants(gaz: Gazetteer, form: str) -> None:
    sentence = f"More strikes hit the border town of {form} in western Iraq."
    found = gaz.find(sentence)
    assert [m.place.id for m in found] == ["iq-al-qaim", "iq"]
    assert found[0].text == form  # the article belongs to the mention


def test_longest_match_wins_and_mentions_do_not_overlap(gaz: Gazetteer) -> None:
    assert ids(gaz, "The PMF headquarters on Palestine Street was hit.") == ["iq-palestine-street"]
    assert ids(gaz, "Flights to Kuwait City resumed.") == ["kw-kuwait-city"]
    assert ids(gaz, "Rockets struck Ain al-Asad air base in Anbar.") == ["iq-ain-al-asad", "iq-anbar-gov"]
    found = gaz.find("The Jerusalem Post and Baghdad Today reported strikes in Jurf al-Sakhar.")
    assert [m.place.id for m in found] == ["iq-jurf-al-sakhar"]  # outlet names are not places


def test_spans_are_absolute(gaz: Gazetteer) -> None:
    article = "Intro sentence. Rockets hit the Harir base in Kurdistan."
    start = article.index("Rockets")
    found = gaz.find(article[start:], offset=start)
    assert [article[m.char_start : m.char_end] for m in found] == ["Harir base", "Kurdistan"]


def test_find_on_a_thousand_sentences(gaz: Gazetteer) -> None:
    """Correctness only (speed is measured by benchmarks): generated sentences, known answers."""
    rng = random.Random(7)
    names = [("Kalso military base", "iq-kalsu-base"), ("Jurf al-Nasr", "iq-jurf-al-sakhar"), ("Al Qaim", "iq-al-qaim"),
             ("Ain Al-Assad airbase", "iq-ain-al-asad"), ("Hilla", "iq-hilla"), ("Deir ez-Zor", "sy-deir-ez-zor"),
             ("Tower 22", "jo-tower-22"), ("Sadr City", "iq-sadr-city"), ("Abu Kamal", "sy-abu-kamal")]
    refs = [("Baghdad", "iq-baghdad"), ("Mosul", "iq-mosul"), ("Erbil", "iq-erbil"), ("the Iraqi capital", "iq-baghdad")]
    fillers = "sources said on Saturday that the attack caused material damage and injuries according to a statement".split()
    for _ in range(1000):
        (name, pid), (ref, rid) = rng.choice(names), rng.choice(refs)
        km = rng.randint(5, 200)
        pad = " ".join(rng.sample(fillers, rng.randint(3, 12)))
        sentence = f"An explosion hit {name}, {km} km north of {ref}, {pad}."
        found = gaz.find(sentence, offset=1000)
        assert [(m.place.id, m.role) for m in found] == [(pid, "location"), (rid, "reference")], sentence
        assert found[0].char_end <= found[1].char_start
        assert sentence[found[0].char_start - 1000 : found[0].char_end - 1000] == name


# --- search, hierarchy, capitals -------------------------------------------------------------


@pytest.mark.parametrize(
    "query, place_id",
    [
        ("kalso", "iq-kalsu-base"), ("Kalsu base", "iq-kalsu-base"), ("kalsoo", "iq-kalsu-base"), ("kals", "iq-kalsu-base"),
        ("qaim", "iq-al-qaim"), ("al-Qaim", "iq-al-qaim"), ("jurf", "iq-jurf-al-sakhar"),
        ("jurf al-nasr", "iq-jurf-al-sakhar"), ("ain al assad", "iq-ain-al-asad"), ("ain al", "iq-ain-al-asad"),
        ("babylon", "iq-babil-gov"), ("iskandariyah", "iq-iskandariya"), ("iskanderiya", "iq-iskandariya"),
        ("harir air base", "iq-harir-base"), ("baghdad", "iq-baghdad"), ("camp taji", "iq-camp-taji"),
        ("albukamal", "sy-abu-kamal"), ("Deir Ezzor", "sy-deir-ez-zor"),
    ],
)
def test_search_best_first(gaz: Gazetteer, query: str, place_id: str) -> None:
    results = gaz.search(query)
    assert results and results[0][0].id == place_id
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)


def test_search_scores_exact_over_prefix_over_fuzzy(gaz: Gazetteer) -> None:
    exact, prefix, fuzzy = gaz.search("kalsu")[0][1], gaz.search("kals")[0][1], gaz.search("kalzu")[0][1]
    assert exact == 1.0 and exact > prefix > fuzzy
    assert gaz.search("base") == [] and gaz.search("  ") == []
    assert gaz.search("zzzzqqq") == []


def test_ancestors(gaz: Gazetteer) -> None:
    chain = lambda pid: [p.id for p in gaz.ancestors(gaz.get(pid))]  # noqa: E731
    assert chain("iq-kalsu-base") == ["iq-babil-gov", "iq"]
    assert chain("iq-harir-base") == ["iq-erbil-gov", "iq-kurdistan", "iq"]
    assert chain("iq-palestine-street") == ["iq-baghdad", "iq-baghdad-gov", "iq"]
    assert chain("iq") == []
    kalsu = gaz.get("iq-kalsu-base")
    assert kalsu.admin1 == "Babil" and kalsu.country == "Iraq" and "Kalso" in kalsu.aliases


def test_capital_of(gaz: Gazetteer) -> None:
    assert gaz.capital_of("Iraqi").id == "iq-baghdad"
    assert gaz.capital_of("Iraq").id == "iq-baghdad"
    assert gaz.capital_of("syrian").id == "sy-damascus"
    assert gaz.capital_of("Kurdistan Region").id == "iq-erbil"
    assert gaz.capital_of("Narnian") is None


# --- user extensions -------------------------------------------------------------------------


def test_json_extension_adds_a_place_and_an_alias(tmp_path: Path) -> None:
    ext = tmp_path / "mine.json"
    ext.write_text(json.dumps({"places": [
        {"id": "iq-camp-new", "name": "Camp Zulu", "kind": "site", "country": "Iraq", "parent": "iq-anbar-gov",
         "aliases": ["Zulu base"]},
        {"id": "iq-kalsu-base", "aliases": ["Kalsoo"]},
    ]}), encoding="utf-8")
    gaz = Gazetteer.default([ext])
    assert ids(gaz, "Rockets hit Camp Zulu and the Kalsoo base.") == ["iq-camp-new", "iq-kalsu-base"]
    assert gaz.get("iq-camp-new").admin1 == "Anbar"  # derived from the parent
    assert gaz.search("zulu")[0][0].id == "iq-camp-new"
    assert "Kalso" in gaz.get("iq-kalsu-base").aliases and "Kalsoo" in gaz.get("iq-kalsu-base").aliases


def test_toml_extension_and_user_alias_wins(tmp_path: Path) -> None:
    ext = tmp_path / "mine.toml"
    ext.write_text(
        '[[place]]\nid = "iq-hawr"\nname = "Hawr al-Hammar"\nkind = "region"\ncountry = "Iraq"\n'
        'parent = "iq-dhi-qar-gov"\naliases = ["Hammar marshes", "Basra"]\n',
        encoding="utf-8",
    )
    gaz = Gazetteer.default([ext])
    assert ids(gaz, "Boats crossed the Hammar marshes.") == ["iq-hawr"]
    assert ids(gaz, "Flooding in Basra.") == ["iq-hawr"]  # the user's file decides a shared spelling


def test_bad_extension_files_are_rejected_clearly(tmp_path: Path) -> None:
    bad_parent = tmp_path / "a.json"
    bad_parent.write_text(json.dumps([{"id": "x", "name": "X", "kind": "town", "country": "Iraq", "parent": "nope"}]))
    with pytest.raises(ValueError, match="unknown parent"):
        Gazetteer.default([bad_parent])
    no_kind = tmp_path / "b.json"
    no_kind.write_text(json.dumps([{"id": "y", "name": "Y", "country": "Iraq"}]))
    with pytest.raises(ValueError, match="lacks kind"):
        Gazetteer.default([no_kind])
    broken = tmp_path / "c.toml"
    broken.write_text("[[place]\n")
    with pytest.raises(ValueError, match="c.toml"):
        Gazetteer.default([broken])
