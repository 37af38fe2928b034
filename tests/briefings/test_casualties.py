"""Casualty figures: every common news form, zeros, vague amounts, named dead, and what must never count."""
from __future__ import annotations

import pytest

from briefings.extract.casualties import find_casualties
from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.types import Sentence


def figures(text: str) -> set[tuple[str, str | None, str | None]]:
    return {(c.field, c.value, c.qualifier) for c in find_casualties(text) if c.field in ("killed", "wounded")}


def notes(text: str) -> set[str]:
    return {c.value or "" for c in find_casualties(text) if c.field == "note"}


def victims(text: str, field: str) -> set[str | None]:
    return {c.victims for c in find_casualties(text) if c.field == field}


@pytest.mark.parametrize("text,expected", [
    # passive voice, number words
    ("One was killed and six were wounded in an airstrike.", {("killed", "1", None), ("wounded", "6", None)}),
    ("Three people were killed and 12 injured when the car bomb exploded.",
     {("killed", "3", None), ("wounded", "12", None)}),
    ("Twenty-five people were killed and 51 injured, according to a statement.",
     {("killed", "25", None), ("wounded", "51", None)}),
    ("One member of the brigade was killed and eight wounded in an explosion.",
     {("killed", "1", None), ("wounded", "8", None)}),
    ("Four others were hurt in the blast.", {("wounded", "4", None)}),
    ("Nine soldiers were seriously injured.", {("wounded", "9", None)}),
    # active voice
    ("The attack killed two fighters and wounded two others, police said.",
     {("killed", "2", None), ("wounded", "2", None)}),
    ("More strikes hit the town, killing two fighters and wounding two others.",
     {("killed", "2", None), ("wounded", "2", None)}),
    ("It was a strike that killed 4 and injured 10.", {("killed", "4", None), ("wounded", "10", None)}),
    ("Another attack on Saturday injured four US personnel.", {("wounded", "4", None)}),
    ("The explosion claimed the lives of five soldiers.", {("killed", "5", None)}),
    ("US airstrikes kill 25 militia fighters in Iraq and Syria", {("killed", "25", None)}),
    # died / dead / lost their lives / bodies / tolls
    ("At least two people died and three others were injured.", {("killed", "2", "at least"), ("wounded", "3", None)}),
    ("The bombing left three dead and 12 wounded.", {("killed", "3", None), ("wounded", "12", None)}),
    ("3 killed, 10 wounded in Kirkuk blast", {("killed", "3", None), ("wounded", "10", None)}),
    ("Eleven civilians lost their lives in the shelling.", {("killed", "11", None)}),
    ("Rescuers said 14 bodies were recovered from the rubble.", {("killed", "14", None)}),
    ("The death toll rose to 7 on Sunday.", {("killed", "7", None)}),
    ("The death toll has now reached 31.", {("killed", "31", None)}),
    # qualifiers
    ("More than 40 people were killed in the raid.", {("killed", "40", "more than")}),
    ("About 80 were wounded.", {("wounded", "80", "about")}),
    ("Up to ten civilians were killed, monitors said.", {("killed", "10", "up to")}),
    ("Dozens were injured in the stampede.", {("wounded", "12", "dozens")}),
    ("The attack killed at least 12 people.", {("killed", "12", "at least")}),
])
def test_counts(text: str, expected: set) -> None:
    assert figures(text) == expected


def test_victim_groups() -> None:
    assert victims("One US civilian contractor was killed when ten missiles struck the base.", "killed") == {
        "US civilian contractor"}
    assert victims("At least two Iraqi policemen were killed.", "killed") == {"Iraqi policemen"}
    assert victims("killing two fighters and wounding two others", "killed") == {"fighters"}
    assert victims("One member of Iraq's Popular Mobilisation Forces was killed.", "killed") == {
        "member of Iraq's Popular Mobilisation Forces"}
    assert victims("Twenty-five people were killed.", "killed") == {"people"}
    assert victims("Another attack injured four US personnel.", "wounded") == {"US personnel"}


def test_named_leader_with_companions_counts_them_all() -> None:
    text = ("Thursday's US drone strike led to the death of the leader of the PMF, Abu Taqwa Al-Saedi, a military "
            "official in the Al-Nujaba Movement, along with one of his companions, and injured four others.")
    assert figures(text) == {("killed", "2", None), ("wounded", "4", None)}
    assert any(n.startswith("killed: the leader of the PMF, Abu Taqwa Al-Saedi") for n in notes(text))
    assert figures("The raid killed commander Abu Hamza along with three of his bodyguards.") == {("killed", "4", None)}
    assert figures("The strike resulted in the deaths of six soldiers.") == {("killed", "6", None)}


@pytest.mark.parametrize("text,expected", [
    ("Two PMF sources claimed that the strikes did not lead to casualties.", {("killed", "0", None), ("wounded", "0", None)}),
    ("No one was killed in the attack.", {("killed", "0", None)}),
    ("There were no casualties.", {("killed", "0", None), ("wounded", "0", None)}),
    ("The rocket caused no injuries.", {("wounded", "0", None)}),
    ("No deaths were reported.", {("killed", "0", None)}),
    ("Nobody was hurt, the mayor said.", {("wounded", "0", None)}),
    ("The shells landed in an empty field without causing any casualties.",
     {("killed", "0", None), ("wounded", "0", None)}),
])
def test_zero(text: str, expected: set) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "There was no immediate word of any casualties.",
    "The governments have not confirmed any casualties or injuries.",
    "There were no reports of casualties so far.",
    "The army did not disclose casualties.",
    "It was not clear whether anyone was hurt.",
    "Jurf Al Sakhar was hit with no immediate reports of casualties",
])
def test_uncertain_is_a_note_never_a_zero(text: str) -> None:
    assert figures(text) == set()
    assert notes(text) & {"no word of casualties yet", "casualties not confirmed", "unclear whether anyone was hurt"}


def test_vague_amounts() -> None:
    text = "Several US and Iraqi service members were also injured, US officials said."
    assert figures(text) == {("wounded", None, "several")}
    assert victims(text, "wounded") == {"US and Iraqi service members"}
    assert figures("The blast has caused material damage and injuries.") == {("wounded", None, "unspecified")}
    assert "material damage" in notes("The blast has caused material damage and injuries.")
    assert "casualties reported, no figure" in notes("It stated that it caused victims and material losses.")
    assert "casualties reported, no figure" in notes("The shelling caused heavy casualties.")
    assert figures("Many were wounded in the crush.") == {("wounded", None, "many")}


@pytest.mark.parametrize("text,note", [
    ("In 2020, an American strike killed Suleimani on a trip to Baghdad.", "killed: Suleimani"),
    ("Mourners attend the funeral of a fighter who was killed in an earlier strike.", "killed: a fighter"),
    ("Among those killed was militia commander Abu Ali Khazali, according to the PMF.",
     "among the dead: militia commander Abu Ali Khazali"),
    ("Abu Ali Khazali was among the dead.", "among the dead: Abu Ali Khazali"),
    ("Among the dead was a senior commander, officials said.", "among the dead: a senior commander"),
])
def test_named_victims_are_notes_not_counts(text: str, note: str) -> None:
    assert figures(text) == set()
    assert note in notes(text)


def test_toll_notes_and_preliminary() -> None:
    assert "toll likely to rise" in notes("The death toll is likely to rise, the statement said.")
    assert "toll likely to rise" in notes("Officials fear the toll could rise further.")
    pre = find_casualties("Five were killed, according to a preliminary toll.")
    assert [(c.value, c.qualifier) for c in pre if c.field == "killed"] == [("5", "preliminary")]
    both = find_casualties("At least five were killed, according to a preliminary count.")
    assert [(c.qualifier, c.extra) for c in both if c.field == "killed"] == [("at least", (("preliminary", "yes"),))]


@pytest.mark.parametrize("text", [
    "US forces struck three sites used by Iran-backed militias.",
    "Two militia sources said that at least five strikes hit targets in the town.",
    "With 900 troops in Syria and 2,500 more in Iraq, the US claimed their mission is to advise.",
    "The PMF is numbered more than 100,000 fighters.",
    "The group has launched more than 160 attacks.",
    "Dozens of American and Israeli aircraft were reportedly flying in the vicinity of Iraq.",
    "Ten missiles struck the base.",
    "The base lies 50 km south of Baghdad.",
    "During the attack, two separate waves of strikes were conducted.",
    "The attack was carried out by three F-35 jets.",
    "He was killed in 2020.",
    "The strikes occurred at 12:15am on Wednesday and at 7 pm on Sunday.",
    "A base was one of the targeted locations.",
    "Two soldiers could have been killed.",
    "Two soldiers were not hurt.",
    "The militia threatened to kill two hostages.",
    "The five locations included weapon storage facilities.",
])
def test_must_not_produce_casualties(text: str) -> None:
    assert figures(text) == set()


def test_casualties_get_their_holder() -> None:
    text = "More strikes hit the border town, killing two fighters and wounding two others, the militia sources said."
    memory = HolderMemory()
    first = "Two militia sources in Iraq told The National that strikes hit Jurf al-Sakhar."
    extract_claims(Sentence(first, 0, len(first), 0), memory)
    claims = extract_claims(Sentence(text, 200, 200 + len(text), 1), memory)
    got = {(c.field, c.value, c.holder) for c in claims if c.field in ("killed", "wounded")}
    assert got == {("killed", "2", "Two militia sources in Iraq"), ("wounded", "2", "Two militia sources in Iraq")}
    assert all((c.char_start, c.char_end) == (200, 200 + len(text)) for c in claims)
    lone = "Three people were killed in the blast."
    assert {c.holder for c in extract_claims(Sentence(lone, 0, len(lone), 0), HolderMemory())} == {"outlet"}


@pytest.mark.parametrize("text,expected", [
    ("Sources said the bodies of seven fighters had been brought in after the strike.", {("killed", "7", None)}),
    ("The number of soldiers killed in Friday's drone attack has risen to four after two of the wounded died.",
     {("killed", "4", None)}),
    ("The number of injured rose to 30 on Monday.", {("wounded", "30", None)}),
    ("The military reported two dead, while security officials had put the toll at three dead.",
     {("killed", "2", None), ("killed", "3", None)}),
    ("The death toll stands at 12, the ministry said.", {("killed", "12", None)}),
])
def test_tolls_and_bodies(text: str, expected: set) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "The dead and wounded were brought in, and two of the wounded were in a critical condition.",
    "Three of the injured remain in hospital.",
    "One of the dead was a child.",
    "After two of the wounded died in hospital, funerals were held.",
])
def test_subsets_of_the_casualties_are_not_new_totals(text: str) -> None:
    assert figures(text) == set()


@pytest.mark.parametrize("text,victims_", [
    ("A US defence official said no American personnel were hurt.", "American personnel"),
    ("The coalition said none of its personnel had been hurt.", "its personnel"),
    ("No civilians were killed, the army said.", "civilians"),
])
def test_zero_for_a_group_names_the_group(text: str, victims_: str) -> None:
    zeros = [c for c in find_casualties(text) if c.value == "0"]
    assert zeros and {c.victims for c in zeros} == {victims_}


def test_perfect_tense_and_superseded_tolls() -> None:
    assert figures("At least 1,200 civilians have died in the fighting since March.") == {("killed", "1200", "at least")}
    got = find_casualties("Five soldiers died, officials said, revising an earlier toll of three dead.")
    assert {c.value for c in got if c.field == "killed"} == {"5"}  # the superseded figure is not a claim …
    assert "earlier figure: killed 3" in {c.value for c in got if c.field == "note"}  # … but shown, labelled


@pytest.mark.parametrize("text", [
    "A note from the clinic — signed by its director, Dr Lena Moss — said 12 people were injured.",
    "A note from the clinic said 12 people were injured.",
    "A NOTE FROM THE CLINIC SAID 12 PEOPLE WERE INJURED.",
    "A note from the clinic in Zürich said 12 people were injured.",
    "The blast injured — the clinic said in a note — 12 people.",
    "The blast injured 12 people, the clinic said.",
])
def test_a_figure_is_placed_where_it_stands_whatever_the_case_dashes_or_accents(text: str) -> None:
    """The casualty patterns may run on the lower-cased sentence: the figure must still be read, and its span must
    be its place in the sentence as written (after an aside set off by dashes too)."""
    found = [c for c in find_casualties(text) if c.field == "wounded"]
    assert [c.value for c in found] == ["12"]
    assert found[0].char_start <= text.index("12") < found[0].char_end
