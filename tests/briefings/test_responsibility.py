"""Who did it and with what, as reports word it: claims of responsibility, attackers named by their means or forces,
mistaken strikes, guns and thrown or worn explosives, and denials ("issued a rebuttal statement saying …")."""
from __future__ import annotations

import pytest

from briefings.extract.arms import find_arms
from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.responsibility import find_responsibility
from briefings.extract.types import ClaimDraft, Sentence


def claims(text: str) -> list[ClaimDraft]:
    return extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())


def perpetrators(text: str) -> set[tuple[str | None, str]]:
    return {(c.value, c.holder) for c in claims(text) if c.field == "perpetrator"}


@pytest.mark.parametrize("text,actor", [
    ("The Free Mountain Front took responsibility for the attack on its Telegram channel.", "Free Mountain Front"),
    ("Banned terror organisation Free Mountain Front took responsibility for the attack.", "Free Mountain Front"),
    ("The banned Southern Liberation Army (SLA) has since claimed responsibility for the blast.",
     "Southern Liberation Army (SLA)"),
    ("The Eastern Brigade, an offshoot of the outlawed Unity Party, claimed responsibility.", "Eastern Brigade"),
    ("The Coastal Resistance, known to be linked to a larger militia, has claimed responsibility for the raid.",
     "Coastal Resistance"),
])
def test_claims_of_responsibility_in_any_wording(text: str, actor: str) -> None:
    assert (actor, actor) in perpetrators(text)


def test_claimed_by_names_the_claimant() -> None:
    text = "The ambush, claimed by the Northern Liberation Movement, took place at dawn."
    assert ("Northern Liberation Movement", "Northern Liberation Movement") in perpetrators(text)
    assert perpetrators("The figures claimed by the ministry could not be verified.") == set()
    assert perpetrators("No group has claimed responsibility for the attack.") == set()


@pytest.mark.parametrize("text,actor", [
    ("The first bomb by the Zamrian Army exploded without warning.", "Zamrian Army"),
    ("The market was destroyed by a Russian missile on Sunday.", "Russian"),
    ("A failed launch by the Crescent Brigades caused the blast, the army said.", "Crescent Brigades"),
])
def test_attackers_named_by_their_means(text: str, actor: str) -> None:
    assert actor in {v for v, _ in perpetrators(text)}


def test_a_mistaken_strike_is_still_the_forces_and_marked_so() -> None:
    found = find_responsibility("Villagers were mistakenly killed in a military drone strike on Sunday.")
    assert [(c.value, dict(c.extra).get("mistaken")) for c in found] == [("military", "yes")]
    found = find_responsibility("An army air strike hit the depot.")
    assert [(c.value, dict(c.extra).get("mistaken")) for c in found] == [("army", None)]


def test_what_is_not_a_perpetrator() -> None:
    assert find_responsibility("Twenty missiles were shot down by Ukrainian air defences.") == []
    assert find_responsibility("The region has seen deadly attacks by armed groups for years.") == []


def test_causes_named_by_the_kind_of_attack() -> None:
    assert [c.value for c in find_responsibility("Officials said the blasts were caused by terrorist attacks.")] \
        == ["terrorists"]


@pytest.mark.parametrize("text,weapons", [
    ("Gunmen opened fire on the crowd outside the cinema.", {"gunfire"}),
    ("Four men, three of them armed with assault rifles and a fourth with incendiary devices, stormed the hall.",
     {"assault rifles", "incendiary devices"}),
    ("The attackers threw a grenade or incendiary bomb into the foyer.", {"grenade", "incendiary bomb"}),
    ("Two bombers activated their explosive vests near the gate.", {"explosive vests"}),
    ("Witnesses saw people gunned down with Kalashnikov automatic weapons.", {"gunfire", "Kalashnikov automatic weapons"}),
    ("The assault included heavy shelling and sniper fire.", {"heavy shelling", "gunfire"}),
    ("The impact of the missile, a Kh-22, destroyed 72 flats.", {"Kh-22 missile"}),
])
def test_guns_thrown_and_worn_explosives_and_models(text: str, weapons: set) -> None:
    assert {c.value for c in find_arms(text)} == weapons


@pytest.mark.parametrize("text", [
    "The police received new rifles last year.",
    "Residents said no shots were fired.",
    "It is not clear whether the attackers opened fire.",
])
def test_no_weapon_without_use(text: str) -> None:
    assert find_arms(text) == []


def test_a_rebuttal_statement_is_a_denial_by_its_issuer() -> None:
    text = "However, in a swift reaction, the Zamrian Air Force issued a rebuttal statement saying it was not responsible."
    got = [(c.field, c.value, c.holder, c.stance) for c in claims(text) if c.field == "denial"]
    assert got == [("denial", "Zamrian Air Force", "Zamrian Air Force (statement)", "denies")]


def test_could_not_have_been_their_strike_is_a_denial() -> None:
    text = "The army said the blast could not have been the result of a Zamrian airstrike."
    got = [(c.value, c.holder, c.stance) for c in claims(text) if c.field == "denial"]
    assert got == [("Zamrian", "army", "denies")]


@pytest.mark.parametrize("text", ["Hamas never took responsibility for the blast.",
                                  "The group did not claim responsibility, and no one has."])
def test_a_negated_claim_of_responsibility_names_no_perpetrator(text: str) -> None:
    assert not [c for c in find_responsibility(text) if c.field == "perpetrator"]

