"""Weapon, perpetrator and target claims in the forms the press writes them (issue 13), each with a trap."""
from __future__ import annotations

import pytest

from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.types import Sentence


def found(text: str, field: str) -> set[str | None]:
    return {c.value for c in extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())
            if c.field == field and c.stance == "asserts"}


@pytest.mark.parametrize("text,weapon", [
    ("The provincial governor added that the incident was a suicide blast.", "suicide bomber"),
    ("A mortar explosion tore through the crowded bus terminal.", "mortar"),
    ('The group said two of its fighters "detonated their explosives vests" near the gate.', "explosives vests"),
    ("Police said the attacker wore a suicide belt.", "suicide belt"),
    ("Rescuers dug through a tower block destroyed by a Russian missile.", "missile"),
    ("Families returned to a school wrecked by an Israeli drone.", "drone"),
])
def test_means_as_written(text: str, weapon: str) -> None:
    assert weapon in found(text, "weapon")


@pytest.mark.parametrize("text", [
    "The blast was heard across the old town.",  # an explosion is no means
    "Engineers tested a new explosives detector at the airport.",
])
def test_no_means_without_one(text: str) -> None:
    assert not found(text, "weapon")


@pytest.mark.parametrize("text,actor", [
    ("Militants stormed a police post near the border crossing.", "Militants"),
    ("The rebels overran the garrison town after a night of fighting.", "rebels"),
    ("Gunmen ambushed a convoy of fuel tankers on the highway.", "Gunmen"),
    ("The Northern Shield Forces (NSF) seized control of the Alpha refugee camp after a two-day assault.",
     "Northern Shield Forces (NSF)"),
    ("Members of the Delta Front killed six guards at the depot.", "Members of the Delta Front"),
])
def test_attackers_named_by_what_they_did(text: str, actor: str) -> None:
    assert actor in found(text, "perpetrator")


@pytest.mark.parametrize("text", [
    # a place in a phrase after the head is no actor: the subject is a building
    "The blast came a week after a bomb near a school and a hospital in the Northern province's Kadra district "
    "killed nine people.",
    "Customs officers seized 40 kilograms of explosives at the port.",
])
def test_no_attacker_in_a_place_or_a_seizure(text: str) -> None:
    assert not found(text, "perpetrator")


@pytest.mark.parametrize("text,target", [
    ("Thirty people, mostly pilgrims, were killed.", "pilgrims"),
    ("The bomb killed 12 people — mainly women and children — in the market.", "women and children"),
    ("At least 40 people were wounded, most of them students from the university.", "students"),
    ("Survivors said the gunmen checked identity papers and executed non-Muslims at close range.", "non-Muslims"),
    ("Witnesses said the attackers singled out foreigners in the hotel lobby.", "foreigners"),
])
def test_who_the_victims_were(text: str, target: str) -> None:
    assert target in found(text, "target")


@pytest.mark.parametrize("text", [
    "The town, mostly farmers, was quiet on Sunday.",  # no casualties: a population, not victims
    "The commander said his men executed the operation flawlessly.",  # an operation is no target
    "Forty people were killed, mostly in villages near the border.",  # where, not who
])
def test_no_victims_without_casualties_or_people(text: str) -> None:
    assert not found(text, "target")


@pytest.mark.parametrize("text,holder", [
    ("According to a list of patients issued by Medical Superintendent Dr Amal Rehan, 38 people were wounded.",
     "Medical Superintendent Dr Amal Rehan"),
    ("According to a list of the injured — issued by hospital director Dr Omar Haddad — 41 people were wounded.",
     "hospital director Dr Omar Haddad"),
    ("Nineteen people were killed, as confirmed by sources at a hospital in Kandar to Reuters.",
     "sources at a hospital in Kandar (per Reuters)"),
    ("Six died, as reported by a doctor to the Associated Press.", "a doctor (per Associated Press)"),
    ("Official sources confirmed that 12 people had died.", "Official sources"),
])
def test_holders_of_lists_and_confirmations(text: str, holder: str) -> None:
    got = {c.holder for c in extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())
           if c.field in ("killed", "wounded")}
    assert got == {holder}


def test_a_list_named_without_its_author_holds_the_figure_itself() -> None:  # trap: no author, no invented one
    text = "According to the list, 9 people died."
    assert {c.holder for c in extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())} == {"list"}


@pytest.mark.parametrize("text", [
    "Twenty-two of the wounded have been brought to the District Hospital, a doctor said.",  # one hospital's share
    "About 300 worshippers were inside the mosque when the bomb went off.",  # people inside, not victims
])
def test_a_share_or_a_crowd_is_no_toll(text: str) -> None:
    got = extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())
    assert not [c for c in got if c.field in ("killed", "wounded") and c.value_num is not None]
