"""The word gates in front of the claim finders' patterns (required.py, denials.py) skip only scans that could find
nothing: the words are read from each compiled pattern, every match holds one word of each set, and a sentence
holding each kind of denial still yields its claim through the router (cues.py) as when called directly.

All sentences are invented."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract import denials
from briefings.extract.cues import FILTER
from briefings.extract.numbers import fold
from briefings.extract.required import passes, required

_PATTERNS = (denials._ACCUSATION, denials._DENY_RE, denials._NOT_INVOLVED, denials._DID_NOT, denials._NOT_CAUSED,
             denials._JUSTIFIED, denials._NONE_OF_OURS, denials._NO_ACTIVITY, denials._EXIST)
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


@given(st.lists(st.sampled_from(["denied", "Deny", "no", "role", "THERE", "was", "not", "did", "strikes", "of",
                                 "none", "its", "units", "were", "involved", "carry", "out", "any", "a", "the",
                                 "rejected", "claim", "that", "Norvian", "result", "could", "missile", "X", ","]),
                min_size=1, max_size=14))
@settings(max_examples=300, deadline=None)
def test_every_match_passes_its_gate(parts: list[str]) -> None:
    text = " ".join(parts)
    hits = denials.STEMS.found(fold(text))
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
