"""Who holds a claim: reported speech patterns, clause spans, anaphora and quote continuation."""
from __future__ import annotations

import pytest

from briefings.extract.holders import HolderMemory, find_attributions
from briefings.extract.types import Sentence

OFFSET = 1000


def _sentence(text: str, paragraph: int = 0) -> Sentence:
    return Sentence(text, OFFSET, OFFSET + len(text), paragraph)


def holder_of(text: str, phrase: str, memory: HolderMemory | None = None, paragraph: int = 0) -> str | None:
    """The holder whose clause covers `phrase` (innermost first), or None when nobody is quoted."""
    atts = find_attributions(_sentence(text, paragraph), memory or HolderMemory())
    pos = OFFSET + text.index(phrase)
    covering = sorted((a for a in atts if a.char_start <= pos < a.char_end), key=lambda a: a.char_end - a.char_start)
    return covering[0].holder if covering else None


@pytest.mark.parametrize("text,phrase,holder", [
    ("Three people were killed, according to police.", "Three", "police"),
    ("According to the Health Ministry, 12 civilians died in the shelling.", "12 civilians", "Health Ministry"),
    ("Five rockets hit the airport on Monday, according to airport officials.", "Five rockets", "airport officials"),
    ("The blast, according to witnesses, destroyed two houses.", "destroyed", "witnesses"),
    ("According to Iraqi sources, one soldier was killed.", "one soldier", "Iraqi sources"),
    ("At least 14 people died according to a local hospital director.", "At least 14", "a local hospital director"),
])
def test_according_to(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("Two soldiers were wounded, the army said.", "Two soldiers", "army"),
    ("The army said two soldiers were wounded.", "two soldiers", "army"),
    ("Police said on Sunday that the bomb had been planted overnight.", "the bomb", "Police"),
    ("Two soldiers were wounded, said the army spokesman.", "Two soldiers", "army spokesman"),
    ("The ministry says the attack killed four guards.", "the attack", "ministry"),
    ("Four guards died in the attack, the ministry says.", "Four guards", "ministry"),
    ("A senior Kurdish official also said the convoy had been ambushed.", "the convoy", "a senior Kurdish official"),
    ("Mr Hassan later said that the road was closed.", "the road", "Mr Hassan"),
])
def test_said_says_and_inversion(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("A police officer told Reuters that three men were arrested.", "three men", "a police officer"),
    ("Two militia sources in Iraq told The National that five strikes hit the town.", "five strikes",
     "Two militia sources in Iraq"),
    ("Three people were hurt, a medic told AFP.", "Three people", "a medic"),
    ("Security sources informed EFE that the base was hit twice.", "the base", "Security sources"),
    ("The base was hit twice, security sources informed EFE.", "The base", "security sources"),
    ("A local official told reporters the fire was under control.", "the fire", "a local official"),
])
def test_told_and_informed_hold_the_speaker_not_the_listener(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("Reuters reported that the convoy was hit by a drone.", "the convoy", "Reuters"),
    ("The convoy was hit by a drone, Reuters reported.", "The convoy", "Reuters"),
    ("The convoy was hit by a drone, as reported by the Saudi-owned Al-Arabiya channel.", "The convoy",
     "Saudi-owned Al-Arabiya channel"),
    ("Baghdad Today reported on January 5 that rockets struck the base.", "rockets", "Baghdad Today"),
    ("Local media reported two explosions near the airport.", "two explosions", "Local media"),
    ("Militants claimed that the drone was shot down.", "the drone", "Militants"),
    ("The Pentagon confirmed that two service members were injured.", "two service members", "Pentagon"),
    ("The ministry announced that the border crossing was closed.", "the border crossing", "ministry"),
    ("The governor stated that no civilians were harmed.", "no civilians", "governor"),
    ("The strike was precise, the spokesman added.", "The strike", "spokesman"),
])
def test_reported_claimed_confirmed_announced_stated_added(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("The PMF said in a statement that the blast killed one fighter.", "the blast", "PMF (statement)"),
    ("One fighter was killed, the PMF said in a statement.", "One fighter", "PMF (statement)"),
    ("In a statement, the interior ministry said six officers were hurt.", "six officers", "interior ministry (statement)"),
    ("The military confirmed in a statement that no aircraft were detected.", "no aircraft", "military (statement)"),
    ("Six officers were hurt, according to a statement from the interior ministry.", "Six officers",
     "interior ministry (statement)"),
    ("A statement by the Kurdish security council said two drones were downed.", "two drones",
     "Kurdish security council (statement)"),
    ("One member was killed and eight wounded, a military statement said on Saturday.", "One member",
     "a military statement"),
])
def test_statements(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("This is despite a report from two sources at a hospital in the nearby city of Hilla who said that one "
     "fighter was killed.", "one fighter", "two sources at a hospital in the nearby city of Hilla"),
    ("Doctors at a clinic in Mosul who treated the victims said four children were hurt.", "four children",
     "Doctors at a clinic in Mosul who treated the victims"),
    ("It cited sources at a hospital in Hilla who said that six were wounded.", "six were", "sources at a hospital in Hilla"),
    ("A report from medics who said three were dead contradicted the army.", "three were", "medics"),
    ("Residents who said they heard two blasts fled the area.", "two blasts", "Residents"),
])
def test_relative_who_said_keeps_the_descriptive_phrase(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("Security officials clarified: “We were not informed of the strike.”", "We were", "Security officials"),
    ("The defence minister: “Two of our soldiers died.”", "Two of", "defence minister"),
    ("“The blast caused damage and injuries,” PMF said in a statement, adding that a team was investigating.",
     "The blast", "PMF (statement)"),
    ("“We will respond,” the commander said.", "We will", "commander"),
    ("“The strikes will degrade their ability,” the spokesman told reporters.", "The strikes", "spokesman"),
])
def test_colon_and_quote_then_attribution(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("A security source, cited by Reuters, said five people were killed.", "five people", "a security source (per Reuters)"),
    ("Five people were killed, a security source quoted by AFP said.", "Five people", "a security source (per AFP)"),
    ("Five people were killed, according to a police officer cited by the state news agency.", "Five people",
     "a police officer (per state news agency)"),
    ("An official quoted by INA said the base was hit.", "the base", "an official (per INA)"),
    ("A medic, quoted by Al-Sumaria, said that nine were hurt.", "nine were", "a medic (per Al-Sumaria)"),
])
def test_cited_by_and_quoted_by(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text", [
    "Additionally, the strikes hit three depots.",
    "However, the strikes hit three depots.",
    "Meanwhile, the strikes hit three depots.",
    "Separately, the strikes hit three depots.",
    "Following the attack, the strikes hit three depots.",
])
def test_intro_words_are_not_holders(text: str) -> None:
    assert find_attributions(_sentence(text), HolderMemory()) == []


@pytest.mark.parametrize("text", [
    "The reported attack could not be verified.",
    "The attack was reported on Friday.",
    "It is not clear what was said at the meeting.",
    "The government has not confirmed any casualties.",
    "The group claimed responsibility for the attack.",
    "The sites used to store rockets were hit.",
])
def test_non_attributions(text: str) -> None:
    assert find_attributions(_sentence(text), HolderMemory()) == []


def test_two_clauses_two_holders() -> None:
    text = ("However, two security sources said it was not known who was responsible for the air strike and a US "
            "official said there had been no US military activity in Iraq.")
    assert holder_of(text, "not known") == "two security sources"
    assert holder_of(text, "no US military") == "a US official"
    text = "Police said two people died, while a hospital source said four were killed."
    assert holder_of(text, "two people") == "Police"
    assert holder_of(text, "four were") == "a hospital source"


def test_coordinated_verbs_share_the_subject() -> None:
    text = "The Multitude confirmed, in a statement, an explosion at its base, and stated that it caused victims."
    assert holder_of(text, "caused victims") == "Multitude (statement)"
    assert holder_of(text, "an explosion") == "Multitude (statement)"


def test_nested_reporting_innermost_holder_wins() -> None:
    text = "Iraqi officials said the base was hit by rockets, Reuters reported."
    assert holder_of(text, "the base") == "Iraqi officials"


@pytest.mark.parametrize("first,later,expected", [
    ("Two militia sources in Iraq told The National that strikes hit the town.",
     "Two fighters were killed, the militia sources said.", "Two militia sources in Iraq"),
    ("Security sources informed EFE that the base was hit.",
     "The attack targeted the base, the sources said.", "Security sources"),
    ("Twenty were killed, according to a statement from the Popular Mobilization Forces.",
     "The toll is likely to rise, the statement said.", "Popular Mobilization Forces (statement)"),
    ("A US defence official said the strike was ordered by the president.",
     "Two vehicles were destroyed, the official added.", "a US defence official"),
    ("The group said in a statement that its base had been hit.",
     "“A team is investigating,” added the note.", "group (statement)"),
    ("Iraqi sources said one man was killed.",
     "Additionally, the Iraqi sources claimed that a depot was attacked.", "Iraqi sources"),
])
def test_anaphora_resolves_to_the_earlier_holder(first: str, later: str, expected: str) -> None:
    memory = HolderMemory()
    find_attributions(_sentence(first), memory)
    atts = find_attributions(Sentence(later, 5000, 5000 + len(later), 1), memory)
    assert [a.holder for a in atts] == [expected]


def test_pronoun_resolves_to_latest_holder() -> None:
    memory = HolderMemory()
    find_attributions(_sentence("The interior ministry said the road was closed."), memory)
    later = "It said three officers were hurt."
    atts = find_attributions(Sentence(later, 5000, 5000 + len(later), 1), memory)
    assert atts[0].holder == "interior ministry"


def test_unattributed_quote_continues_the_speaker() -> None:
    memory = HolderMemory()
    first = "Security officials of the Iraqi administration clarified: “The US spokesperson spoke of cooperation.”"
    find_attributions(_sentence(first), memory)
    second = "“We strongly deny the existence of such cooperation."
    third = "On the contrary, the attack was carried out without our knowledge.”"
    a2 = find_attributions(Sentence(second, 3000, 3000 + len(second), 1), memory)
    a3 = find_attributions(Sentence(third, 3100, 3100 + len(third), 1), memory)
    assert [a.holder for a in a2] == ["Security officials of the Iraqi administration"]
    assert [a.holder for a in a3] == ["Security officials of the Iraqi administration"]
    after = "The ministry said nothing else."
    fourth = "“Nobody will be spared,” a banner read."
    find_attributions(Sentence(after, 3200, 3200 + len(after), 2), memory)
    assert find_attributions(Sentence(fourth, 3300, 3300 + len(fourth), 5), memory) == []


def test_calling_twice_is_harmless_and_lone_anaphora_keeps_the_phrase() -> None:
    memory = HolderMemory()
    s = _sentence("Two were hurt, the sources said.")
    assert find_attributions(s, memory) == find_attributions(s, memory)
    assert [a.holder for a in find_attributions(s, memory)] == ["sources"]


@pytest.mark.parametrize("text,phrase,holder", [
    ("Ali Hassan, a local official, said three were killed.", "three were", "Ali Hassan"),
    ("Three were killed, Ali Hassan, a local official, said.", "Three were", "Ali Hassan"),
    ("However, the army, which controls the area, said two died.", "two died", "army"),
    ("A spokesman for the PMF, the umbrella body of the militias, said none of its units were involved.", "none of",
     "a spokesman for the PMF"),
    ("The governor, Omar Salim, said the road was closed.", "the road", "governor"),
])
def test_appositive_between_subject_and_verb(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


@pytest.mark.parametrize("text,phrase,holder", [
    ("A rocket attack wounded several US personnel, US officials said at the time.", "several", "US officials"),
    ("Two guards were hurt, an official said on condition of anonymity.", "Two guards", "an official"),
    ("The road was closed, police said late on Monday.", "The road", "police"),
    ("The strike hit a depot, residents told reporters.", "The strike", "residents"),
    ("Nine were hurt, the governor said in a televised address.", "Nine were", "governor"),
])
def test_trailing_attribution_with_a_short_tail_governs_what_precedes(text: str, phrase: str, holder: str) -> None:
    assert holder_of(text, phrase) == holder


def test_as_x_said_inside_a_clause_is_not_its_holder() -> None:
    text = ("A police officer told the paper that the base had been hit by two missiles, and not by drones as the "
            "army had said.")
    assert holder_of(text, "two missiles") == "a police officer"
    text = "Security officials had put the toll at three dead, while the army said two died."
    assert holder_of(text, "three dead") == "Security officials"
    assert holder_of(text, "two died") == "army"


@pytest.mark.parametrize("first,later,expected", [
    ("Two security officials gave a higher toll.", "Three soldiers were killed, they told the Tigris Ledger.",
     "Two security officials"),
    ("The interior ministry issued a new figure.", "It said nine were hurt.", "interior ministry"),
    ("At least five died, two security sources in Salahuddin told the paper.",
     "The depot held rockets, one of the sources said.", "two security sources in Salahuddin"),
    ("Police sources described the scene.", "Both of the sources said the gate was destroyed.", "Police sources"),
    ("The counter-terrorism service gave a different account.", "“An explosive-laden drone targeted the airport.",
     "counter-terrorism service"),
])
def test_subjects_and_partitives_become_antecedents(first: str, later: str, expected: str) -> None:
    memory = HolderMemory()
    find_attributions(_sentence(first), memory)
    atts = find_attributions(Sentence(later, 5000, 5000 + len(later), 1), memory)
    assert [a.holder for a in atts] == [expected]


_VERBS = ["said", "says", "reported", "claimed", "confirmed", "announced", "stated", "added", "told reporters",
          "informed the agency", "insisted", "noted"]
_TEMPLATES = [  # (sentence with {h} holder and {v} verb, phrase inside the claim, expected holder)
    ("{h} {v} that three guards were killed.", "three guards", "{e}"),
    ("Three guards were killed, {h} {v}.", "Three guards", "{e}"),
    ("{h} {v} on Sunday that three guards were killed.", "three guards", "{e}"),
    ("However, {h} also {v} that three guards were killed.", "three guards", "{e}"),
    ("Three guards were killed in the raid near the border, {h} {v} late on Sunday.", "Three guards", "{e}"),
]
_HOLDERS = [("the provincial governor", "provincial governor"), ("Two Iraqi security sources", "Two Iraqi security sources"),
            ("A spokesman for the Kurdish ministry", "a spokesman for the Kurdish ministry"), ("Reuters", "Reuters"),
            ("The US-led coalition", "US-led coalition")]


@pytest.mark.parametrize("verb", _VERBS)
@pytest.mark.parametrize("template,phrase,_", _TEMPLATES)
def test_every_speech_verb_in_every_position(verb: str, template: str, phrase: str, _: str) -> None:
    for written, expected in _HOLDERS:
        common = written.split()[0] in ("The", "A", "Two")
        h = written if template.startswith("{h}") or not common else written[0].lower() + written[1:]
        text = template.format(h=h, v=verb)
        assert (holder_of(text, phrase) or "").lower() == expected.lower(), text
