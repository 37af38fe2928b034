"""The actor alias table: every spelling of an actor folds to one id; longest match wins."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.knowledge.actors import KINDS, Actors


@pytest.fixture(scope="module")
def actors() -> Actors:
    return Actors.default()


def found(actors: Actors, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.actor.id) for m in actors.find(text)]


def ids(actors: Actors, text: str) -> list[str]:
    return [m.actor.id for m in actors.find(text)]


def test_package_data_is_consistent(actors: Actors) -> None:
    assert len(actors) > 50
    for a in actors:
        assert a.kind in KINDS, a.id
        assert a.parent is None or actors.get(a.parent) is not None, a.id
    for key, rules in actors._index._by_key.items():
        top = rules[0][0].priority
        assert len({a.target for a, _ in rules if a.priority == top}) == 1, key


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("A base used by Iraq's Popular Mobilization Forces (PMF) was hit.", "Popular Mobilization Forces"),
        ("Iraq's Popular Mobilisation Forces said on Saturday that the blast was an attack.", "Popular Mobilisation Forces"),
        ("Two PMF sources claimed the strikes did not lead to casualties.", "PMF"),
        ("Fighters of the Hashd al-Shaabi gathered at the funeral.", "Hashd al-Shaabi"),
        ("The al-Hashd al-Shaabi umbrella group condemned the strike.", "al-Hashd al-Shaabi"),
        ("The base hosts Popular Crowd fighters, as well as Iraqi police.", "Popular Crowd"),
        ("The influential pro-Iranian Shiite group Popular Multitude was targeted.", "Popular Multitude"),
        ("The Multitude confirmed, in a statement, an explosion at its headquarters.", "The Multitude"),
        ("Al Nujba and Kataib Hezbollah, which are part of the Multitude, were attacked.", "the Multitude"),
        ("A PMU spokesman denied the report.", "PMU"),
        ("Hashd al-Sha'bi leaders met on Sunday.", "Hashd al-Sha'bi"),
    ],
)
def test_pmf_forms(actors: Actors, sentence: str, text: str) -> None:
    assert (text, "pmf") in found(actors, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "A popular crowd gathered outside the stadium.",
        "A multitude of factors explain the rise.",
        "The plan has popular mobilization behind it.",
    ],
)
def test_pmf_common_words_are_not_the_pmf(actors: Actors, sentence: str) -> None:
    assert "pmf" not in ids(actors, sentence)


@pytest.mark.parametrize(
    "sentence, text, actor_id",
    [
        ("Strikes hit sites used by the Iranian-backed Kataib Hezbollah militia group.", "Kataib Hezbollah", "kataib-hezbollah"),
        ("Kata'ib Hizballah denied involvement.", "Kata'ib Hizballah", "kataib-hezbollah"),
        ("The attacks that KH uses to plan were degraded.", "KH", "kataib-hezbollah"),
        ("The strikes will degrade KH's ability to conduct attacks.", "KH", "kataib-hezbollah"),
        ("The Hezbollah Brigades vowed revenge.", "Hezbollah Brigades", "kataib-hezbollah"),
        ("Hezbollah fired rockets into northern Israel.", "Hezbollah", "hezbollah"),
        ("Lebanese Hezbollah said it was not involved.", "Lebanese Hezbollah", "hezbollah"),
        ("A Hizbollah commander was killed in Tyre.", "Hizbollah", "hezbollah"),
    ],
)
def test_kataib_hezbollah_is_not_hezbollah(actors: Actors, sentence: str, text: str, actor_id: str) -> None:
    result = found(actors, sentence)
    assert (text, actor_id) in result
    assert len({a for _, a in result} & {"kataib-hezbollah", "hezbollah"}) == 1  # never both Hezbollahs


@pytest.mark.parametrize(
    "sentence, text, actor_id",
    [
        ("The US blamed Friday's attack on Kataib Hezbollah.", "US", "united-states"),
        ("A U.S. official said there had been no U.S. military activity in Iraq.", "U.S.", "united-states"),
        ("An American official claimed the attack was conducted outside Iran's territory.", "American", "united-states"),
        ("The United States attacked bases and alleged leaders of such movements.", "United States", "united-states"),
        ("Attacks against Washington positions continued.", "Washington", "united-states"),
        ("Iraq, an ally of Washington, criticised the strikes.", "Washington", "united-states"),
        ("US forces early on Wednesday struck three sites.", "US forces", "us-military"),
        ("The US military's Central Command said the strikes occurred at 12:15am.", "US military", "us-military"),
        ("They hit headquarters and storage sites, Centcom said on X.", "Centcom", "us-military"),
        ("The Pentagon did not immediately disclose what weapons were used.", "Pentagon", "us-military"),
        ("A statement from the US Department of Defense said five facilities were hit.", "US Department of Defense", "us-military"),
        ("The spokesperson for the US Department of Defence stated yesterday there was cooperation.",
         "US Department of Defence", "us-military"),
        ("Attacks on American forces in Iraq and Syria continued.", "American forces", "us-military"),
        ("A US defence official confirmed the attack.", "US defence official", "us-military"),
    ],
)
def test_united_states_forms(actors: Actors, sentence: str, text: str, actor_id: str) -> None:
    assert (text, actor_id) in found(actors, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Let us know what happened.",
        "He spoke in Washington on Tuesday.",
        "Suleimani was killed on a trip to Baghdad.",
        "The strike hit a base south of Baghdad.",
        "the us army of volunteers",  # lower case: not the acronym
    ],
)
def test_not_an_actor_mention(actors: Actors, sentence: str) -> None:
    assert not {"united-states", "iraq", "us-military"} & set(ids(actors, sentence))


@pytest.mark.parametrize(
    "sentence, text, actor_id",
    [
        ("Harakat al-Nujaba claimed the attack.", "Harakat al-Nujaba", "nujaba"),
        ("Abu Taqwa al-Saedi, a military official in the Al-Nujaba Movement, was killed.", "Al-Nujaba Movement", "nujaba"),
        ("Movements such as Al Nujba were attacked.", "Al Nujba", "nujaba"),
        ("Nujaba Movement fighters were seen.", "Nujaba Movement", "nujaba"),
        ("Harakat Hezbollah al-Nujaba threatened US forces.", "Harakat Hezbollah al-Nujaba", "nujaba"),
        ("The Islamic Resistance in Iraq has launched more than 160 attacks.", "Islamic Resistance in Iraq",
         "islamic-resistance-iraq"),
        ("Asaib Ahl al-Haq denied the report.", "Asaib Ahl al-Haq", "asaib-ahl-al-haq"),
        ("Kataib Sayyid al-Shuhada said it was ready.", "Kataib Sayyid al-Shuhada", "kataib-sayyid-al-shuhada"),
        ("The Badr Organisation leader spoke.", "Badr Organisation", "badr"),
        ("The IRGC said Israel would pay.", "IRGC", "irgc"),
        ("Islamic Revolutionary Guard Corps commanders were killed.", "Islamic Revolutionary Guard Corps", "irgc"),
        ("The Quds Force is the IRGC's foreign arm.", "Quds Force", "quds-force"),
        ("Tehran denied any role in the attack.", "Tehran", "iran"),
        ("The IDF said it struck Hezbollah targets.", "IDF", "israel"),
        ("The Israel Defense Forces declined to comment.", "Israel Defense Forces", "israel"),
        ("CNN reported that also Israel denied participation.", "Israel", "israel"),
        ("Dozens of Israeli aircraft were reportedly flying nearby.", "Israeli", "israel"),
        ("The Iraqi government denied it was working with the US.", "Iraqi government", "iraq-government"),
        ("The Iraqi Security Media Cell said the strikes occurred at 7 pm.", "Iraqi Security Media Cell", "iraq-military"),
        ("The Joint Operations Command said an investigation had started.", "Joint Operations Command", "iraq-military"),
        ("The Iraqi army and police share the barracks.", "Iraqi army", "iraq-military"),
        ("The Counter-Terrorism Service raided the house.", "Counter-Terrorism Service", "iraq-military"),
        ("The Kurdistan Regional Government condemned the attack.", "Kurdistan Regional Government", "krg"),
        ("Peshmerga forces repelled the assault.", "Peshmerga forces", "peshmerga"),
        ("Washington's support for Israel in its fight against Hamas.", "Hamas", "hamas"),
        ("The Houthis fired a missile.", "Houthis", "houthis"),
        ("Ansar Allah claimed the attack.", "Ansar Allah", "houthis"),
        ("After ISIS's defeat in Iraq, the militia became official.", "ISIS", "islamic-state"),
        ("The mission against the Islamic State (IS) terrorist group ends.", "Islamic State", "islamic-state"),
        ("Daesh remnants attacked a checkpoint.", "Daesh", "islamic-state"),
        ("The SDF said the Syrian army shelled its positions.", "SDF", "sdf"),
        ("The People's Protection Units withdrew.", "People's Protection Units", "ypg"),
        ("The Iraqi prime minister's office announced a committee.", "Iraqi prime minister's office", "iraq-government"),
        ("The SDF said the Syrian army shelled its positions.", "Syrian army", "syria-government"),
        ("Moscow condemned the strikes.", "Moscow", "russia"),
        ("Turkish forces shelled Sinjar.", "Turkish forces", "turkey"),
        ("Jordan said its air defences intercepted drones.", "Jordan", "jordan"),
        ("The strikes will degrade attacks on OIR coalition personnel.", "OIR coalition", "coalition"),
        ("US officials from the Combined Joint Task Force said on Saturday.", "Combined Joint Task Force", "coalition"),
        ("Iraqi bases hosting US-led coalition personnel were attacked.", "US-led coalition", "coalition"),
        ("The international coalition's mission against the Islamic State.", "international coalition", "coalition"),
    ],
)
def test_actor_families(actors: Actors, sentence: str, text: str, actor_id: str) -> None:
    assert (text, actor_id) in found(actors, sentence)


def test_bare_is_is_never_islamic_state(actors: Actors) -> None:
    assert "islamic-state" not in ids(actors, "IS this the end? THE PLAN IS SIMPLE.")
    assert "islamic-state" in ids(actors, "The IS group claimed the attack.")


@pytest.mark.parametrize(
    "outlet, actor_id",
    [
        ("Al-Hadath", "al-hadath"), ("Al Arabiya", "al-arabiya"), ("Al Jazeera", "al-jazeera"), ("CNN", "cnn"),
        ("Reuters", "reuters"), ("AP", "ap"), ("the Associated Press", "ap"), ("AFP", "afp"), ("EFE", "efe"),
        ("INA", "ina"), ("the Iraqi News Agency", "ina"), ("Baghdad Today", "baghdad-today"), ("Mawazin", "mawazin"),
        ("Mawazan", "mawazin"), ("Rudaw", "rudaw"), ("Shafaq News", "shafaq"), ("Sabereen News", "sabereen"),
        ("Kurdistan24", "kurdistan24"), ("The National", "the-national"), ("The Jerusalem Post", "jpost"),
    ],
)
def test_media_outlets(actors: Actors, outlet: str, actor_id: str) -> None:
    mentions = actors.find(f"Two militia sources told {outlet} that at least five strikes hit.")
    assert [m.actor.id for m in mentions] == [actor_id]
    assert mentions[0].actor.kind == "media"


def test_outlet_names_are_not_read_from_ordinary_words(actors: Actors) -> None:
    assert ids(actors, "He said in Baghdad today that the national team won.") == []


def test_spans_are_absolute_and_do_not_overlap(actors: Actors) -> None:
    article = "Intro. The Iraqi Security Media Cell and Kataib Hezbollah spoke."
    start = article.index("The Iraqi")
    ms = actors.find(article[start:], offset=start)
    assert [article[m.char_start : m.char_end] for m in ms] == ["Iraqi Security Media Cell", "Kataib Hezbollah"]
    assert ms[0].char_end <= ms[1].char_start


@pytest.mark.parametrize(
    "phrase, actor_id",
    [
        ("the US", "united-states"), ("US forces", "us-military"), ("Centcom", "us-military"), ("Israel", "israel"),
        ("Popular Crowd", "pmf"), ("popular crowd", "pmf"), ("Kataib Hezbollah militia group", "kataib-hezbollah"),
        ("two PMF sources", "pmf"), ("a US official", "united-states"), ("Iraqi Security Media Cell", "iraq-military"),
        ("pmf", "pmf"),
    ],
)
def test_canonical(actors: Actors, phrase: str, actor_id: str) -> None:
    assert actors.canonical(phrase).id == actor_id


def test_canonical_unknown(actors: Actors) -> None:
    assert actors.canonical("two sources at a hospital") is None
    assert actors.canonical("") is None


@pytest.mark.parametrize(
    "actor_id, top",
    [("us-military", "united-states"), ("irgc", "iran"), ("quds-force", "iran"), ("iraq-military", "iraq"),
     ("peshmerga", "iraq"), ("pmf", "pmf"), ("united-states", "united-states")],
)
def test_rollup(actors: Actors, actor_id: str, top: str) -> None:
    assert actors.rollup(actors.get(actor_id)).id == top


def test_extension_files_add_actors_and_aliases(tmp_path: Path) -> None:
    js = tmp_path / "more.json"
    js.write_text(json.dumps({"actors": [{"id": "pmf", "aliases": ["Hashd Shaabi Authority"]}]}), encoding="utf-8")
    toml = tmp_path / "more.toml"
    toml.write_text(
        '[[actor]]\nid = "saraya-awliya-al-dam"\nname = "Saraya Awliya al-Dam"\nkind = "armed_group"\n'
        'country = "Iraq"\naliases = ["Guardians of Blood Brigade"]\n',
        encoding="utf-8",
    )
    actors = Actors.default([js, toml])
    assert ids(actors, "The Guardians of Blood Brigade claimed it.") == ["saraya-awliya-al-dam"]
    assert ids(actors, "The Hashd Shaabi Authority said so.") == ["pmf"]
    assert actors.get("pmf").name == "Popular Mobilization Forces"


def test_bad_extension_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "x", "name": "X", "kind": "alien"}]))
    with pytest.raises(ValueError, match="unknown kind"):
        Actors.default([bad])
