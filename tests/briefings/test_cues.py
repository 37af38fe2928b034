"""The sentence pre-filter (extract/cues.py) skips only sentences from which no finder could take a claim.

Sentences are our own invented ones: plain background, claims of every field, quote marks and non-ASCII text.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract import cues, distance
from briefings.extract.claims import extract_claims
from briefings.extract.holders import HolderMemory
from briefings.extract.types import Sentence

CLAIMS = [
    "At least 14 people were killed and 30 wounded when a car bomb exploded near the market, police said.",
    "The ministry blamed the rebel group for the ambush on the convoy.",
    "The army denied any involvement in the strike.",
    "Gunmen opened fire on worshippers leaving the mosque.",
    "The village lies about 40 km (25 miles) south of the provincial capital.",
    "A drone hit a fuel depot on the outskirts of the city overnight.",
    "The movement claimed responsibility for the bombing in a statement on Telegram.",
    "“Nine bodies were recovered,” a rescuer told reporters.",
    "Officials said the death toll had risen to 31.",
    "İki kişi öldü: two people died and five were hurt, the İl governor said.",
]
QUIET = [
    "The city is known for its spice bazaars and a university founded in 1901.",  # "known": a gate stem, passes
    "Markets reopened on Monday.",
    "The talks resume in Geneva next week.",
    "She teaches history at a secondary school.",
    "Rainfall this spring was the highest on record.",
    "The minister arrived for a two-day visit.",
    "Él llegó ayer por la mañana.",
]


def test_every_finder_of_extract_claims_has_a_known_gate() -> None:
    """A finder added to extract_claims without a gate in cues.GATES would switch the filter off: register it."""
    assert cues.unknown_finders(extract_claims) == []
    assert cues.FILTER is not None


def test_sentences_with_claims_pass_and_skipped_ones_hold_none() -> None:
    f = cues.FILTER
    assert f is not None
    for text in CLAIMS + QUIET:
        claims = extract_claims(Sentence(text, 0, len(text), 0), HolderMemory())
        if not f.may_claim(text):
            assert claims == [], text
    assert all(f.may_claim(t) for t in CLAIMS)
    skipped = [t for t in QUIET if not f.may_claim(t)]
    assert len(skipped) >= 4, skipped  # the filter does skip plain background


def test_the_filter_reads_what_each_finder_reads() -> None:
    """Stems are found in lower case, in folded non-ASCII text and with quote marks blanked."""
    f = cues.CueFilter(("killed", "no "))
    assert f.may_claim("Three were KILLED.")
    assert f.may_claim("There was “no”casualty.")  # blanked quote marks make "no "
    assert not f.may_claim("Nothing happened.")
    assert cues.CueFilter(("km",)).may_claim("It is 5 KM away")


def test_without_the_automaton_the_plain_loop_agrees(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import builtins

    real = builtins.__import__

    def no_ahocorasick(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "ahocorasick":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ahocorasick)
    stems = [s for gate in cues.GATES.values() for s in gate]
    slow, fast = cues.CueFilter(stems), cues.FILTER
    assert slow._automaton is None and fast is not None
    for text in CLAIMS + QUIET:
        assert slow.may_claim(text) == fast.may_claim(text), text


ROUTED = CLAIMS + QUIET + [
    "Rockets struck the base and “no one” was hurt, a spokesman said.",  # quote marks blanked for some finders
    "KİLLED: the ministry said two İraqi soldiers died and a drone was shot down.",  # folded non-ASCII
    "The group, blamed by officials, denied carrying out the raid with ten drones, 30 km from the border.",
    "Witnesses heard what sounded like aircraft before the blast; the toll rose to 9, mostly women.",
]


def test_the_router_runs_each_finder_that_can_claim_and_hands_on_the_same_answers() -> None:
    """find_all (what extract_claims runs) equals every finder run alone on the sentence, in table order: a finder
    skipped by the router finds nothing, and the stems it is handed change nothing."""
    f = cues.FILTER
    assert f is not None
    for text in ROUTED:
        alone = [c for finder in cues.GATES for c in finder(text)]
        assert f.find_all(text) == alone, text
        routed = set(f.finders(text))
        assert all(finder(text) == [] for finder in cues.GATES if finder not in routed), text


_PIECES = ["killed", "were", "wounded", "no", "one", "caused", "by", "opened", "fire", "on", "the", "toll", "rose", "to",
           "31", "drone", "strike", "hit", "denied", "any", "involvement", "army", "blamed", "rebels", "for", "many",
           "of", "them", "lost", "their", "lives", "shot", "dead", "30", "km", "from", "town", "claimed", "responsibility",
           "İraqi", "KİLLED", "ſoldiers", "dıed", "“", "”", "\"", "‘", "’", "’s", ",", "."]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16), st.sampled_from(["", " "]))
@settings(max_examples=400, deadline=None)
def test_a_finder_told_its_gate_passed_finds_what_it_finds_alone(parts: list[str], glue: str) -> None:
    """The router tells a finder its gate passed (`gated`) only when the finder's own test would pass: with quote
    marks (blanked to spaces in some forms, also between the words of a stem such as "caused by") and with
    text that folding changes, the routed and the lone findings agree."""
    text = " ".join(parts) if glue else "".join(p if p in "“”\"‘’,." else f" {p}" for p in parts).strip()
    alone = [c for finder in cues.GATES for c in finder(text)]
    assert cues.FILTER.find_all(text) == alone, text


def test_the_router_tells_the_finders_when_their_gates_passed() -> None:
    f = cues.FILTER
    assert set(f._gated) == {finder for finder in cues.GATES if finder is not distance.find_distances}
    assert f._read("Two were killed.")[2] == 2 and f._read("Two were “killed”.")[2] == 1
    assert f._read("KİLLED: two were killed.")[2] == 0
