"""The word gates in front of the claim finders' patterns (required.py; denials.py, responsibility.py, means.py,
casualties.py) skip only scans that could find nothing: the words are read from each compiled pattern, every match
holds one word of each set, and a sentence holding each kind of cue still yields its claim through the router
(cues.py) as when the finder is called directly.

All sentences are invented."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract import arms, casualties, denials, means, responsibility
from briefings.extract.cues import FILTER
from briefings.extract.numbers import fold
from briefings.extract.required import passes, required

_DENIALS = (denials._ACCUSATION, denials._DENY_RE, denials._NOT_INVOLVED, denials._DID_NOT, denials._NOT_CAUSED,
             denials._JUSTIFIED, denials._NONE_OF_OURS, denials._NO_ACTIVITY, denials._EXIST)
_RESPONSIBILITY = (responsibility._RESPONSIBLE, responsibility._CLAIMED_BY, responsibility._MEANS_BY,
                   responsibility._BY_ADJ_MEANS, responsibility._FORCE_STRIKE, responsibility._CAUSED_BY)
_PATTERNS = (*_DENIALS, *_RESPONSIBILITY, *means._GATES, *casualties._GATES, *arms._GATES)
_SENTENCES = [
    "The harbour authority denied any involvement in the blast.",
    "The ministry rejected reports of a strike on the ferry terminal.",
    "The militia dismissed claims that its fighters were behind the raid.",
    "The council REFUTES the suggestion that it sold the grain.",
    "Valdoria had nothing to do with the fire at the depot, the envoy said.",
    "Officials said the navy played no role in the sinking.",
    "The air wing did not carry out any strikes near the river, a spokeswoman said.",
    "The crater could not have been the result of a Norvian missile, engineers said.",
    "The governor justified the raid by saying that smugglers used the warehouse.",
    "He said none of its units had been deployed to the valley.",
    "Witnesses saw no Korlan military activity near the pass.",
    "A pilot said there was no coordination with the coast guard.",
    "There was heavy fighting near the bridge, the mayor said.",
    "Troops fired on the crowd, a charge the army rejected.",
    "Nobody mentioned anything about the weather on Tuesday.",
    "The İnvolvement of the ſquad was deNIED by nobody.",
]


def test_gates_are_read_from_the_patterns() -> None:
    words = {text for texts in required(denials._NO_ACTIVITY) for text in texts}
    assert {"activity", "involvement", "presence"} <= words  # an AND of "no" and these: "no" alone is too common
    assert required(re.compile(r"\b(?:said|told)\s+(?:the\s+)?(?:reporters|press)\b", re.I)) == (
        frozenset({"reporters", "press"}), frozenset({"said", "told"}))
    assert required(re.compile(r"(?:a|b)?\d+")) == ()  # nothing literal is mandatory: no gate, the pattern runs


@given(st.lists(st.sampled_from(["denied", "killed", "were", "soldiers", "toll", "rose", "to", "Army", "drone", "strike",
                                 "by", "Russian", "missiles", "took", "responsibility", "caused", "blamed", "for", "Deny", "no", "role", "THERE", "was", "not", "did", "strikes", "of",
                                 "none", "its", "units", "were", "involved", "carry", "out", "any", "a", "the",
                                 "rejected", "claim", "that", "Norvian", "result", "could", "missile", "X", ","]),
                min_size=1, max_size=14))
@settings(max_examples=300, deadline=None)
def test_every_match_passes_its_gate(parts: list[str]) -> None:
    text = " ".join(parts)
    hits = FILTER.stems_in(text)
    for rx in _PATTERNS:
        if rx.search(text):
            assert passes(required(rx), hits), (rx.pattern, text)


def test_each_kind_of_denial_reaches_the_finder() -> None:
    kinds = []
    for text in _SENTENCES:
        hits = denials.STEMS.found(fold(text))
        for rx in _PATTERNS:
            if rx.search(text):
                assert passes(required(rx), hits), (rx.pattern, text)
        direct = denials.find_denials(text)
        routed = [d for d in FILTER.find_all(text) if d.field in ("denial", "note")]
        assert routed == [d for d in direct if d.field in ("denial", "note")]
        kinds.append(dict(direct[0].extra).get("denial", "note") if direct else None)
    assert kinds[:13] == ["involvement", "event", "involvement", "assertion", "involvement", "involvement",
                          "involvement", "involvement", "justification", "involvement", "involvement", "existence",
                          "note"]
    assert kinds[13] == "involvement" and kinds[14] is None


_OTHER_CUES = [  # (sentence, finder, field of what it finds)
    ("The Islamic Front took responsibility for the ambush on Sunday.", responsibility.find_responsibility, "perpetrator"),
    ("The depot was destroyed by a Norvian missile, the mayor said.", responsibility.find_responsibility, "perpetrator"),
    ("Two blasts were caused by insurgent rockets, police said.", responsibility.find_responsibility, "perpetrator"),
    ("An army drone strike hit the wedding party by mistake.", responsibility.find_responsibility, "perpetrator"),
    ("The ambush near the dam was claimed by the Valley Brigade.", responsibility.find_responsibility, "perpetrator"),
    ("Officials blamed the Red Hand for the bombing of the bridge.", means.find_perpetrators, "perpetrator"),
    ("The raid was carried out by the Coastal Legion, witnesses said.", means.find_perpetrators, "perpetrator"),
    ("It is not yet known who carried out the attack.", means.find_perpetrators, "perpetrator"),
    ("A drone strike hit the convoy at dawn.", means.find_weapons, "weapon"),
    ("Masked men opened fire on the ferry queue near the pier.", arms.find_arms, "weapon"),
    ("The attackers, armed with Kalashnikov rifles, stormed the depot.", arms.find_arms, "weapon"),
    ("A youth threw a hand grenade at the checkpoint.", arms.find_arms, "weapon"),
    ("The bomber wore an explosive vest, police said.", arms.find_arms, "weapon"),
    ("Artillery fire hit the outskirts overnight.", arms.find_arms, "weapon"),
    ("No drones were detected over the port, the coast guard said.", means.find_weapons, "weapon"),
    ("Seven fishermen were killed and four were wounded in the blast.", casualties.find_casualties, "killed"),
    ("The death toll rose to 31 on Friday.", casualties.find_casualties, "killed"),
    ("The shelling left several injuries among the guards.", casualties.find_casualties, "wounded"),
    ("No one was hurt in the fire, a spokesman said.", casualties.find_casualties, "wounded"),
]


def test_each_kind_of_other_cue_reaches_its_finder() -> None:
    for text, finder, field in _OTHER_CUES:
        hits = FILTER.stems_in(text)
        for rx in _PATTERNS:
            if rx.search(text):
                assert passes(required(rx), hits), (rx.pattern, text)
        direct = finder(text)
        assert field in {d.field for d in direct}, (text, direct)
        routed = FILTER.find_all(text)
        assert all(d in routed for d in direct), text
    assert responsibility.find_responsibility("An army drone strike hit the wedding party by mistake.")[0].extra == (
        ("mistaken", "yes"),)
