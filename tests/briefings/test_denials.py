"""Denials of involvement, of the event and of assertions; existential assertions kept as notes."""
from __future__ import annotations

import pytest

from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.types import Sentence


def denials(text: str, memory: HolderMemory | None = None) -> set[tuple[str | None, str]]:
    got = extract_claims(Sentence(text, 0, len(text), 0), memory or HolderMemory())
    return {(c.value, c.holder) for c in got if c.field == "denial" and c.stance == "denies"}


def notes(text: str) -> set[tuple[str | None, str]]:
    got = extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())
    return {(c.value, c.holder) for c in got if c.field == "note"}


@pytest.mark.parametrize("text,expected", [
    ("Israel denied participation in the bombing.", ("Israel", "Israel")),
    ("CNN reported that also Israel denied participation at bombing.", ("Israel", "CNN")),
    ("Tehran denied any involvement in the attack.", ("Tehran", "Tehran")),
    ("The group has denied responsibility for the blast.", ("group", "group")),
    ("Kataib Hezbollah rejected claims it was behind the strike, a spokesman said.", ("Kataib Hezbollah", "a spokesman")),
    ("The Turkish defence ministry denied any role in the raid.", ("Turkish defence ministry", "Turkish defence ministry")),
    ("Iran said it had nothing to do with the attack.", ("Iran", "Iran")),
    ("A US official said there had been no US military activity in Iraq.", ("US", "a US official")),
    ("The Pentagon said there was no American involvement.", ("American", "Pentagon")),
])
def test_denial_of_involvement(text: str, expected: tuple[str, str]) -> None:
    assert expected in denials(text)


@pytest.mark.parametrize("text,holder", [
    ("The US and Iraqi governments have not confirmed any casualties and denied the reports of targeting, saying it "
     "was military manoeuvres, Mawazan reported.", "US and Iraqi governments (per Mawazan)"),
    ("The army denied that the attack took place.", "army"),
    ("Local officials denied reports that the airport had been hit.", "Local officials"),
    ("The ministry dismissed the reports of a drone strike as fabricated.", "ministry"),
    ("Baghdad denied that any strike had occurred, state media said.", "Baghdad (per state media)"),
])
def test_denial_of_the_event(text: str, holder: str) -> None:
    assert ("the reported attack", holder) in denials(text)


def test_denial_of_an_assertion() -> None:
    got = denials("Following the US strike on January 4, the Iraqi government denied it was working with the US on "
                  "intelligence of the whereabouts of PMF officials.")
    assert len(got) == 1
    value, holder = next(iter(got))
    assert value and value.startswith("working with the US on intelligence") and holder == "Iraqi government"
    assert denials("The spokesman denied any wrongdoing.") == {("wrongdoing", "spokesman")}


def test_denial_inside_a_continued_quote() -> None:
    memory = HolderMemory()
    first = ("Security officials of the Iraqi administration clarified: “The spokesperson for the US Department of "
             "Defence stated yesterday that there was cooperation with the Iraqi side in the attack.”")
    got = extract_claims(Sentence(first, 0, len(first), 0), memory)
    assert ("note", "cooperation with the Iraqi side", "spokesperson for the US Department of Defence") in {
        (c.field, c.value, c.holder) for c in got}
    second = "“While we emphasise the seriousness of such statements, we strongly deny the existence of such cooperation."
    assert denials_in(second, memory) == {("cooperation", "Security officials of the Iraqi administration")}


def denials_in(text: str, memory: HolderMemory) -> set[tuple[str | None, str]]:
    got = extract_claims(Sentence(text, 500, 500 + len(text), 1), memory)
    return {(c.value, c.holder) for c in got if c.field == "denial"}


@pytest.mark.parametrize("text,expected", [
    ("The spokesman stated that there was cooperation with the Iraqi side in the attack.",
     ("cooperation with the Iraqi side", "spokesman")),
    ("Officials said there were signs of a second explosion.", ("signs of a second explosion", "Officials")),
    ("According to the report, there had been coordination with local forces.",
     ("coordination with local forces", "report")),
])
def test_existential_assertions_in_reported_speech_are_notes(text: str, expected: tuple[str, str]) -> None:
    assert expected in notes(text)


def test_existential_denial_needs_a_speaker() -> None:
    assert ("cooperation with the US side", "Officials") in denials("Officials said there was no cooperation with the US side.")
    assert denials("There was no cooperation with the US side.") == set()
    assert notes("There was cooperation with the US side.") == set()


@pytest.mark.parametrize("text", [
    "The ministry did not deny the report.",
    "The army neither confirmed nor denied the strike.",
    "The spokesman refused to deny that talks were held.",
    "There were no casualties, the army said.",
    "There was no immediate word of any casualties.",
    "There were no drones or fighter jets detected, the military said.",
])
def test_not_denials(text: str) -> None:
    assert denials(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("A US defence official said US forces had not carried out any strikes in Iraq on Sunday.",
     ("US forces", "a US defence official")),
    ("The ministry said Turkish jets did not conduct any raids on the village.", ("Turkish jets", "ministry")),
    ("The US-led coalition said in a statement that it had played no part in the incident.",
     ("US-led coalition", "US-led coalition (statement)")),
    ("A spokesman for the Popular Mobilization Forces said none of its units had been deployed near Dujail.",
     ("Popular Mobilization Forces", "a spokesman for the Popular Mobilization Forces")),
    ("“We have nothing to do with this attack,” a spokesman for the faction said in a statement.",
     ("faction", "a spokesman for the faction (statement)")),
    ("Officials blamed the faction for the strike, an accusation the group rejected.", ("group", "group")),
    ("The group has nothing to do with the attack, its spokesman said.", ("group", "its spokesman")),
    ("Officials said Tehran was not involved.", ("Tehran", "Officials")),
])
def test_more_involvement_denials(text: str, expected: tuple[str, str]) -> None:
    assert expected in denials(text)


@pytest.mark.parametrize("text", [
    "An Israeli military spokesperson declined to comment when asked about the accusation.",
    "The Pentagon would not comment on the report.",
    "The group has not commented.",
])
def test_no_comment_is_not_a_denial(text: str) -> None:
    assert denials(text) == set()


@pytest.mark.parametrize("text,expected", [
    ("The Northern Front justified the offensive by alleging that the army was using the camp as a military base.",
     ("the army was using the camp as a military base", "Northern Front")),
    ("The ministry defended the strike, saying militants had fired from the school.",
     ("militants had fired from the school", "ministry")),
])
def test_a_justification_rebuts_the_accusation(text: str, expected: tuple[str, str]) -> None:
    assert expected in denials(text)


def test_a_justification_of_something_else_is_no_rebuttal() -> None:
    assert not denials("He justified his absence by saying he was ill.")
