"""Weapons/means, perpetrators and blame, targets: what was used, who did it (as claimed), what was hit."""
from __future__ import annotations

import pytest

from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.means import find_perpetrators, find_targets, find_weapons
from briefings.extract.types import Sentence


def weapons(text: str, stance: str = "asserts") -> set[str]:
    return {c.value or "" for c in find_weapons(text) if c.stance == stance and c.field == "weapon"}


def perpetrators(text: str) -> set[str]:
    return {c.value or "" for c in find_perpetrators(text) if c.field == "perpetrator"}


def targets(text: str) -> set[str]:
    return {c.value or "" for c in find_targets(text)}


def claims(text: str) -> list:
    return extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())


@pytest.mark.parametrize("text,expected", [
    # carried out by …
    ("Iraqi media claimed that the attack was carried out by a number of drones targeting a base.", {"drones"}),
    ("According to Al-Hadath, the attack was carried out by three F-35 jets.", {"three F-35 jets"}),
    ("Two people died in an attack carried out this Friday in Iraq by “unknown aircraft” against a base.",
     {"unknown aircraft"}),
    ("The raid was conducted by Israeli warplanes, witnesses said.", {"Israeli warplanes"}),
    ("The assault was launched by several armed drones.", {"armed drones"}),
    # X strike / X attacks
    ("Thursday's US drone strike led to the death of the leader.", {"drone"}),
    ("A drone strike hit a car near the airport.", {"drone"}),
    ("Multiple rocket attacks have reportedly targeted US bases.", {"rockets"}),
    ("Rocket attacks hit the Green Zone overnight.", {"rockets"}),
    ("The drone and rocket attacks come amid heightened tensions.", {"drones", "rockets"}),
    ("A missile strike destroyed the depot.", {"missile"}),
    ("Mortar fire hit the camp.", {"mortars"}),
    # airstrikes
    ("One was killed in an airstrike on a military base.", {"airstrike"}),
    ("US forces conducted airstrikes on five facilities.", {"airstrike"}),
    ("An air strike destroyed the bridge.", {"airstrike"}),
    ("Air raids pounded the town.", {"airstrike"}),
    ("Israeli air-strikes hit the port.", {"airstrike"}),
    # subject + strike verb / hit by / with / fired
    ("One contractor was killed when ten missiles struck the base.", {"ten missiles"}),
    ("Two rockets landed near the embassy.", {"Two rockets"}),
    ("Pro-Iranian drones strike US military base in Iraq", {"drones"}),
    ("The convoy was hit by a missile near Tikrit.", {"missile"}),
    ("Turkish forces shelled the village with artillery overnight.", {"artillery"}),
    ("Militants fired three rockets at the embassy.", {"three rockets"}),
    ("The base was attacked with drones.", {"drones"}),
    # inherent means
    ("An IED exploded near a patrol.", {"IED"}),
    ("A car bomb went off in a market.", {"car bomb"}),
    ("A suicide bomber blew himself up at a checkpoint.", {"suicide bomber"}),
    ("A roadside bomb struck the convoy.", {"roadside bomb"}),
    ("The blast was caused by an explosion of stored munitions.", {"explosion"}),
])
def test_weapons(text: str, expected: set[str]) -> None:
    assert weapons(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("There were no drones or fighter jets detected in the air space of the Babylon area.", "drones or fighter jets"),
    ("No missiles were fired from Iraqi territory, the ministry said.", "missiles"),
    ("Radar did not detect any drones over the base.", "drones"),
    ("No aircraft were involved, officials insisted.", "aircraft"),
    ("There were no rockets or mortars used in the incident.", "rockets or mortars"),
])
def test_negated_means_is_a_denial(text: str, expected: str) -> None:
    assert weapons(text, "denies") == {expected}
    assert weapons(text) == set()


@pytest.mark.parametrize("text", [
    "They hit Kataib Hezbollah headquarters, storage and training sites for rockets, missiles and one-way attack drones.",
    "The newly official force began stockpiling missiles and drones.",
    "The groups have claimed responsibility for numerous drone and projectile attacks in recent months.",
    "There was a series of rocket attacks on the base.",
    "The Pentagon did not immediately disclose what weapons were used.",
    "Dozens of American and Israeli aircraft were reportedly flying in the vicinity of Iraq.",
    "The militia has a large arsenal of rockets and drones.",
    "Iraq has suffered scores of drone attacks since October.",
])
def test_not_means(text: str) -> None:
    assert weapons(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("US forces early on Wednesday struck three sites used by Iran-backed militias.", "US forces"),
    ("US forces conducted airstrikes on five facilities.", "US forces"),
    ("Israel struck a weapons depot near Damascus.", "Israel"),
    ("Turkish forces shelled the village with artillery.", "Turkish forces"),
    ("Militants fired three rockets at the embassy.", "Militants"),
    ("On January 2024, a US airstrike foiled an attack.", "US"),
    ("An Israeli strike hit the port.", "Israeli"),
    ("Thursday's US drone strike led to the death of the leader.", "US"),
    ("In 2020, an American strike killed Suleimani.", "American"),
    ("The attack was carried out by Iran-backed militias, officials said.", "Iran-backed militias"),
    ("The ambush was staged by Islamic State fighters.", "Islamic State fighters"),
    ("Officials said Kataib Hezbollah was behind the attack.", "Kataib Hezbollah"),
    ("Police said the Islamic State group was responsible for the bombing.", "Islamic State group"),
])
def test_perpetrators(text: str, expected: str) -> None:
    assert expected in perpetrators(text)


@pytest.mark.parametrize("text,perpetrator,holder", [
    ("The US blamed Friday's attack on Kataib Hezbollah, an Iranian-backed militia.", "Kataib Hezbollah", "US"),
    ("Washington blamed Kataib Hezbollah for the attack.", "Kataib Hezbollah", "Washington"),
    ("Police blamed the bombing on Islamic State militants.", "Islamic State militants", "Police"),
    ("Iraqi officials accused the Islamic State of carrying out the bombing.", "Islamic State", "Iraqi officials"),
    ("The government held the Islamic State group responsible for the blast.", "Islamic State group", "government"),
    ("Kataib Hezbollah claimed responsibility for the attack in a statement.", "Kataib Hezbollah", "Kataib Hezbollah"),
    ("Iran-backed groups are suspected by the US to have conducted the attack.", "Iran-backed groups", "US"),
])
def test_blame_is_held_by_the_blamer(text: str, perpetrator: str, holder: str) -> None:
    got = {(c.value, c.holder) for c in claims(text) if c.field == "perpetrator"}
    assert (perpetrator, holder) in got


def test_blame_reported_by_someone_else() -> None:
    got = {(c.value, c.holder) for c in claims("Officials said the US blamed Kataib Hezbollah for the attack.")
           if c.field == "perpetrator"}
    assert ("Kataib Hezbollah", "US (per Officials)") in got


@pytest.mark.parametrize("text,holder", [
    ("However, two security sources said it was not known who was responsible for the air strike.", "two security sources"),
    ("It was unclear who carried out the attack, police said.", "police"),
    ("It is not yet known who fired the rockets, according to the army.", "army"),
    ("Officials said it was not clear who was behind the blast.", "Officials"),
    ("It remains unknown who launched the drones.", "outlet"),
])
def test_unknown_perpetrator(text: str, holder: str) -> None:
    got = {(c.value, c.holder) for c in claims(text) if c.field == "perpetrator"}
    assert ("unknown", holder) in got


@pytest.mark.parametrize("text", [
    "For its part, the United States attacked bases and leaders of movements in recent months.",
    "The groups have claimed responsibility for numerous drone attacks in recent months.",
    "Iraq criticized the US attacks on its territory on several occasions.",
    "They hit the headquarters, Centcom said.",
    "More strikes hit the border town of Al Qaim.",
    "Ten missiles struck the base.",
    "Jurf Al Sakhar area south of Baghdad hit with no immediate reports of casualties",
    "Among those killed was militia commander Abu Ali Khazali.",
])
def test_no_perpetrator(text: str) -> None:
    assert perpetrators(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("Iraqi media claimed the attack was carried out by drones targeting a military base belonging to the militias.",
     "a military base belonging to the militias"),
    ("PMF sources said the strikes targeted a headquarters of the PMF at the Kalso military base.",
     "a headquarters of the PMF"),
    ("Two died in an attack by unknown aircraft against a military base of the group Popular Multitude, with the army.",
     "a military base of the group Popular Multitude"),
    ("They hit Kataib Hezbollah headquarters, storage and training sites for rockets, Centcom said.",
     "Kataib Hezbollah headquarters, storage and training sites"),
    ("US forces struck three sites used by Iran-backed militias in Iraq, Austin announced.",
     "three sites used by Iran-backed militias"),
    ("US forces conducted strikes on five facilities belonging to an Iran-backed militia in Iraq and Syria.",
     "five facilities belonging to an Iran-backed militia"),
    ("Ten missiles struck the base.", "the base"),
    ("Militants fired three rockets at the embassy.", "the embassy"),
    ("An earlier drone strike hit a PMF headquarters on Palestine Street, east of Baghdad.", "a PMF headquarters"),
    ("The attack targeted the Kalsu base, on the outskirts of the Babel governorate.", "the Kalsu base"),
])
def test_targets(text: str, expected: str) -> None:
    assert expected in targets(text)


@pytest.mark.parametrize("text", [
    "A base in al-Qaim was one of the targeted locations.",
    "The strikes hit targets in the town.",
    "The militias say their attacks against US troops are a response.",
    "Scores of attacks against American forces have been recorded.",
    "The US blamed Friday's attack on Kataib Hezbollah.",
    "The Nasr Coalition called the attack an American aggression against Iraqi sovereignty.",
    "The strikes will degrade their ability to conduct future attacks against coalition forces.",
    "The base was hit by a missile.",
])
def test_no_target(text: str) -> None:
    assert targets(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("Two drones carrying explosives hit a hangar and a guard tower.", {"Two drones"}),
    ("Drones and rockets hit the base overnight.", {"Drones", "rockets"}),
    ("The base had been hit by two short-range missiles fired from farmland.", {"two short-range missiles"}),
    ("Officials said the drones had been launched from farmland near Dujail.", {"drones"}),
    ("The army said the attack had been carried out with drones.", {"drones"}),
    ("Residents said they had heard what sounded like a low-flying, unidentified aircraft.", {"unidentified aircraft"}),
    ("Residents said they heard jets over the town.", {"jets"}),
    ("The army said its drones struck the convoy.", {"drones"}),
])
def test_more_means_phrasings(text: str, expected: set[str]) -> None:
    assert weapons(text) == expected


@pytest.mark.parametrize("text,denied", [
    ("The explosions were caused by poor storage, not by an air strike, the military said.", "airstrike"),
    ("The depot was destroyed by a fire rather than a drone strike.", "drone"),
    ("Investigators found no trace of rockets; it was not a rocket attack.", "rocket"),
])
def test_means_said_not_to_be_used(text: str, denied: str) -> None:
    assert denied in weapons(text, "denies")
    assert denied not in weapons(text)


@pytest.mark.parametrize("text", [
    "The command did not confirm that an air strike had taken place.",
    "It was unclear whether a drone was used.",
    "Officials are investigating whether rockets were fired.",
    "Drones and rockets have hit the airport area several times since 2020.",
    "The group may have used drones in earlier attacks.",
])
def test_means_in_doubt_or_habit(text: str) -> None:
    assert weapons(text) == set()


def test_accidental_cause_is_a_means_with_a_note() -> None:
    text = "The explosions that destroyed the depot were caused by poor storage and high temperatures."
    got = find_weapons(text)
    assert {(c.field, c.value) for c in got} == {("weapon", "explosion"), ("note", "cause: poor storage and high temperatures")}
    assert weapons("The blast was caused by an electrical fault, police said.") == {"explosion"}
    assert weapons("The blast was caused by a drone strike.") == {"drone"}


@pytest.mark.parametrize("text,perpetrator", [
    ("A lawmaker blamed the United States, accusing it of protecting the aggressor.", "United States"),
    ("A commander of the brigade blamed Israel for the strike.", "Israel"),
    ("Investigators suspected Kataib Hizballah.", "Kataib Hizballah"),
    ("Iraqi security officials blamed an Iran-aligned armed faction for Friday night's drone strike on Balad Air Base.",
     "an Iran-aligned armed faction"),
    ("The ministry blamed militias paid from the state budget for the attack.", "militias paid from the state budget"),
])
def test_more_blame(text: str, perpetrator: str) -> None:
    assert perpetrators(text) == {perpetrator}


def test_generic_actor_words_resolve_to_the_latest_perpetrator() -> None:
    memory = HolderMemory()
    texts = ["Officials said investigators suspected Kataib Hizballah.", "The group denied any involvement."]
    got = [c for i, t in enumerate(texts) for c in extract_claims(Sentence(t, i * 100, i * 100 + len(t), i), memory)]
    assert ("denial", "Kataib Hizballah", "Kataib Hizballah") in {(c.field, c.value, c.holder) for c in got}


@pytest.mark.parametrize("text,expected", [
    ("Rockets struck the grounds of Erbil International Airport late on Tuesday.",
     "the grounds of Erbil International Airport"),
    ("A drone attack on Tower 22, a small US outpost, killed three soldiers.", "Tower 22"),
    ("Two drones hit a hangar and a guard tower shortly before midnight.", "a hangar and a guard tower"),
    ("Casualties in the attack on Balad air base have risen to four.", "Balad air base"),
    ("Drones targeted the Ain al-Asad base 180 km west of Baghdad.", "the Ain al-Asad base"),
])
def test_target_phrase_ends_where_the_clause_goes_on(text: str, expected: str) -> None:
    assert targets(text) == {expected}


@pytest.mark.parametrize("text,expected", [
    ("The Israeli military said it struck Hamas militants.", {("Israeli military", "Israeli military")}),
    ("Kataib Hezbollah said it was behind the attack.", {("Kataib Hezbollah", "Kataib Hezbollah")}),
    ("A militia spokesman insisted it had hit its target.", set()),  # "it" is the drone, not the speaker
    ("A witness said it hit a car.", set()),
])
def test_it_struck_is_the_speaking_organisation(text: str, expected: set) -> None:
    assert {(c.value, c.holder) for c in claims(text) if c.field == "perpetrator"} == expected
    assert "a roadside bomb" not in targets("Five soldiers died after their vehicle hit a roadside bomb.")


def test_quote_marks_are_blanked_as_the_translation_tables_say() -> None:
    """Weapon, target and blame patterns read sentences with their quote marks turned into spaces (the apostrophe
    kept for names like "Hezbollah’s"); the fast way gives exactly what str.translate gives, mark for mark."""
    from briefings.extract.heads import BLANK_QUOTES, BLANK_QUOTES_KEEP_APOSTROPHE, blanked

    sentences = ["The militia’s “drone strike” hit a depot, officials said.",
                 '"No rockets were fired," the army\'s ‘spokesman’ said.',
                 "Plain text with no quote marks at all.", "’‘“”\"", ""]
    for text in sentences:
        for table in (BLANK_QUOTES, BLANK_QUOTES_KEEP_APOSTROPHE):
            assert blanked(text, table) == text.translate(table)
    assert blanked(sentences[2], BLANK_QUOTES) is sentences[2]  # nothing to blank: no copy
    assert blanked("the group’s drones", BLANK_QUOTES_KEEP_APOSTROPHE) == "the group’s drones"
    assert blanked("the group’s drones", BLANK_QUOTES) == "the group s drones"
    assert blanked("a “drone”", {ord("“"): "<", ord("”"): ">"}) == "a <drone>"  # any other table: translated
