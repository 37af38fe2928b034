"""Event segmentation: background paragraphs attach to their own events, not to the article's main one."""
from __future__ import annotations

import re
from datetime import date

import pytest

from briefings.extract.frames import Segmenter
from briefings.extract.types import ClaimDraft, DateRef, Place, PlaceMention, Sentence

IRAQ = Place("iq", "Iraq", "country", "Iraq")
IRAN = Place("ir", "Iran", "country", "Iran")
BABIL = Place("iq-babil", "Babil", "province", "Iraq", parent="iq")
TOWN = Place("iq-town", "Hilltown", "town", "Iraq", "Babil", parent="iq-babil")
BASE = Place("iq-base", "Camp Alpha", "site", "Iraq", "Babil", parent="iq-babil")
OTHER = Place("iq-other", "Rivertown", "town", "Iraq", "Anbar", parent="iq")
ALL = {p.id: p for p in (IRAQ, IRAN, BABIL, TOWN, BASE, OTHER)}
PUB = date(2024, 4, 20)  # a Saturday


def encloses(outer: Place, inner: Place) -> bool:
    p = inner
    while p.parent:
        p = ALL[p.parent]
        if p.id == outer.id:
            return True
    return False


class Article:
    def __init__(self) -> None:
        self.seg = Segmenter(PUB, lambda a, b: a.id == b.id or encloses(a, b) or encloses(b, a))
        self.i = 0
        self.pos = 0

    def say(self, text: str, dates: list[tuple[str, date, date, str]] = (), places: list[tuple[str, Place]] = (),
            claims: list[tuple[str, str]] = (), role: str = "event") -> None:
        s = Sentence(text, self.pos, self.pos + len(text), self.i)
        drefs = []
        for word, start, end, precision in dates:
            k = text.index(word)
            drefs.append(DateRef(start, end, precision, word, self.pos + k, self.pos + k + len(word), role))
        mentions = [PlaceMention(p, w, self.pos + text.index(w), self.pos + text.index(w) + len(w)) for w, p in places]
        drafts = [ClaimDraft(f, v, float(v) if v.isdigit() else None, None, "police", "asserts", s.start, s.end) for f, v in claims]
        self.seg.feed(self.i, s, drefs, mentions, drafts)
        self.i += 1
        self.pos += len(text) + 1

    def frames(self):  # type: ignore[no-untyped-def]
        return self.seg.result()


FRI = date(2024, 4, 19)


def test_lead_sets_the_main_event_and_places_accumulate() -> None:
    a = Article()
    a.say("Two were killed in a drone strike on Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)], [("killed", "2")])
    a.say("The base lies near Hilltown in Babil, where the blast was heard.", [], [("Hilltown", TOWN), ("Babil", BABIL)])
    (main,) = a.frames()
    assert main.main and main.start == FRI and {p.id for p in main.places} >= {"iq-base", "iq-town"}
    assert [c.value for c in main.claims] == ["2"]


def test_a_report_date_does_not_move_the_event() -> None:
    a = Article()
    a.say("Two were killed in an attack on Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)], [("killed", "2")])
    a.say("Police said on Saturday that three were wounded in the attack.", [("Saturday", PUB, PUB, "day")], [], [("wounded", "3")], role="report")
    (main,) = a.frames()
    assert {c.field for c in main.claims} == {"killed", "wounded"}


def test_background_paragraph_with_another_date_and_place_is_its_own_frame() -> None:
    a = Article()
    a.say("Rockets struck Camp Alpha on Friday, killing four.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)], [("killed", "4")])
    jan = date(2024, 1, 10)
    a.say("On January 10, an attack on Rivertown wounded seven people.", [("January 10", jan, jan, "day")], [("Rivertown", OTHER)], [("wounded", "7")])
    a.say("Police blamed a local militia for that attack.", [], [], [("perpetrator", "a local militia")])
    main, bg = a.frames()
    assert [c.value for c in main.claims] == ["4"]
    assert bg.start == jan and bg.places[0].id == "iq-other"
    assert [c.value for c in bg.claims] == ["7", "a local militia"]


def test_year_only_background_is_context_not_an_incident() -> None:
    a = Article()
    a.say("An airstrike hit Camp Alpha on Friday, killing one.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)], [("killed", "1")])
    a.say("In 2020, a strike killed 10 people in Rivertown.", [("2020", date(2020, 1, 1), date(2020, 12, 31), "year")], [("Rivertown", OTHER)], [("killed", "10")])
    a.say("Officials said 12 more died later.", [], [], [("killed", "12")])
    frames = a.frames()
    assert len(frames) == 1 and [c.value for c in frames[0].claims] == ["1"]


def test_an_earlier_strike_takes_the_date_that_follows() -> None:
    a = Article()
    a.say("Rockets hit Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)])
    a.say("The attack followed an earlier drone strike on Rivertown.", [], [("Rivertown", OTHER)])
    wed = date(2024, 4, 17)
    a.say("Wednesday's strike killed two people.", [("Wednesday", wed, wed, "day")], [], [("killed", "2")])
    frames = a.frames()
    bg = next(f for f in frames if not f.main)
    assert bg.start == wed and bg.places[0].id == "iq-other" and [c.value for c in bg.claims] == ["2"]


def test_a_following_clause_opens_a_new_frame_for_what_comes_after() -> None:
    a = Article()
    a.say("Strikes hit Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)])
    tue = date(2024, 4, 16)
    a.say("The strikes came after an attack on Tuesday at Rivertown.", [("Tuesday", tue, tue, "day")], [("Rivertown", OTHER)])
    a.say("That attack wounded five people.", [], [], [("wounded", "5")])
    a.say("The latest strikes killed three, police said.", [], [], [("killed", "3")])
    main, bg = a.frames()
    assert [c.value for c in bg.claims] == ["5"] and bg.start == tue
    assert [c.value for c in main.claims] == ["3"]


def test_a_sentence_set_in_another_country_is_not_attached() -> None:
    a = Article()
    a.say("Two died in an attack on Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE), ], [("killed", "2")])
    a.say("The attack took place near Somewhere, located in Iran, where 9 were hurt.", [], [("Iran", IRAN)], [("wounded", "9")])
    (main,) = a.frames()
    assert [c.value for c in main.claims] == ["2"]


def test_habitual_statements_are_not_claims() -> None:
    a = Article()
    a.say("Two died in an attack on Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)], [("killed", "2")])
    a.say("The group has claimed numerous drone attacks in recent months.", [], [], [("weapon", "drone")])
    (main,) = a.frames()
    assert [c.field for c in main.claims] == ["killed"]


def test_undated_article_main_frame_takes_publication_date_and_undated_background_is_dropped() -> None:
    a = Article()
    a.say("A blast at Camp Alpha wounded six.", [], [("Camp Alpha", BASE)], [("wounded", "6")])
    a.say("An earlier explosion at Rivertown wounded two.", [], [("Rivertown", OTHER)], [("wounded", "2")])
    (main,) = a.frames()
    assert main.start == PUB and [c.value for c in main.claims] == ["6"]


def test_holder_location_is_not_the_event_place() -> None:
    a = Article()
    a.say("Two were killed at Camp Alpha on Friday, sources at a hospital in Rivertown said.", [("Friday", FRI, FRI, "day")],
          [("Camp Alpha", BASE), ("Rivertown", OTHER)], [("killed", "2")])
    (main,) = a.frames()
    assert [p.id for p in main.places] == ["iq-base"]


def test_a_holder_place_is_the_fallback_place_of_its_own_sentences_event() -> None:
    a = Article()
    a.say("Two died in an attack on Camp Alpha on Friday.", [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE)], [("killed", "2")])
    jan = date(2024, 1, 10)
    a.say("On January 10, a blast wounded seven, doctors at a hospital in Rivertown said.",
          [("January 10", jan, jan, "day")], [("Rivertown", OTHER)], [("wounded", "7")])
    main, bg = a.frames()
    assert [p.id for p in main.places] == ["iq-base"]
    assert bg.start == jan and [p.id for p in bg.places] == ["iq-other"] and [c.value for c in bg.claims] == ["7"]


# --- the cue stems --------------------------------------------------------------------------------------

def test_sentences_holding_each_kind_of_cue_still_reach_the_cue_patterns() -> None:
    """events.cues skips its patterns when the folded sentence holds none of their stems (one automaton pass)."""
    from briefings.extract.events import cues

    sentences = {
        "A drone struck a fuel depot near the river.": "types",
        "Gunmen opened fire on a minibus, witnesses said.": "types",
        "Katyusha rockets landed near the airport.": "types",
        "Such raids have happened repeatedly in the valley.": "generic",
        "An earlier raid hit the same bridge.": "earlier",
        "The shelling came after talks collapsed.": "follow_at",
        "The latest strikes hit the eastern districts.": "latest",
        "The incident occurred near a school.": "occurred",
        "THE BLAST TOOK PLACE AT NOON.": "occurred",  # capitals are folded before the pre-test
    }
    for sentence, field in sentences.items():
        found = cues(sentence)
        assert getattr(found, field) not in (None, False, ()), (sentence, field)


def test_sentences_without_any_cue_stem_get_the_empty_cues_the_patterns_would_give() -> None:
    from briefings.extract.events import cues

    for sentence in ("The governor visited the provincial council on Monday.",
                     "Traders in the old market complained about prices.",
                     "Officials promised to reopen the bridge within a week.", ""):
        assert cues(sentence).types == () and cues(sentence).follow_at is None


# --- the per-sentence gates of the place checks ------------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "Two were killed at Camp Alpha on Friday, the worst since the Rivertown bombing.",  # "since"
        "Two were killed at Camp Alpha on Friday, more than the Rivertown raid had claimed.",  # "than"
        "Two were killed at Camp Alpha on Friday as families fled to Rivertown.",
        "Two were killed at Camp Alpha on Friday on the road to Rivertown.",
        "Two were killed at Camp Alpha on Friday on the highway from Rivertown.",  # "highway" holds "way"
        "Two were killed at Camp Alpha on Friday on the ROUTE BETWEEN Rivertown and the border.",
        "Two were killed at Camp Alpha on Friday, and the convoy turned toward Rivertown.",
        "Two were killed at Camp Alpha on Friday, a spokesman in Rivertown said.",  # a holder word
        "Two were killed at Camp Alpha on Friday, medics at the clinic in Rivertown said.",
    ],
)
def test_a_sentence_holding_a_gate_word_still_keeps_the_other_place_off_the_event(sentence: str) -> None:
    a = Article()
    a.say(sentence, [("Friday", FRI, FRI, "day")], [("Camp Alpha", BASE), ("Rivertown", OTHER)], [("killed", "2")])
    (main,) = a.frames()
    assert [p.id for p in main.places] == ["iq-base"]


def test_without_gate_words_both_places_of_the_event_sentence_count() -> None:
    a = Article()
    a.say("Two were killed at Camp Alpha and in Rivertown on Friday.", [("Friday", FRI, FRI, "day")],
          [("Camp Alpha", BASE), ("Rivertown", OTHER)], [("killed", "2")])
    (main,) = a.frames()
    assert {p.id for p in main.places} == {"iq-base", "iq-other"}


@pytest.mark.parametrize(
    "before",
    ["Gunmen staged the attack in ", "after the Drone Strike ON ", "a series of blasts near the ", "the raids at\t",
     "the bombing in", "the attack in the city of ", "strikes in  ", "explosions ínto ", "AMBUSHES IN THE ",
     "the shooting İn ", "massacre in\u00a0", "the killings on the ", "he lives in ", "", "   ", "raids at the\n"],
)
def test_the_event_place_gate_answers_as_the_event_pattern(before: str) -> None:
    """names_event_place looks at the last word before running its pattern: never a different answer."""
    from briefings.extract import events

    assert events.names_event_place(before) == bool(events._EVENT_AT.search(before[-60:]))


@pytest.mark.parametrize(
    "text",
    ["Officials in Hilltown said the earlier drone strike followed clashes on the road to Rivertown.",
     "The deadliest shelling since the 2019 bombing was worse than feared, a hospital source said.",
     "In recent weeks, rockets were fired; the latest airstrikes took place near a checkpoint.",
     "Residents fled toward the highway after the blast.", "Nothing of note happened today.", "ÍNTO the night.",
     "Moscow denied any involvement; Kyiv warns, Tehran BLAMES and Ankara sAID nothing.", "Its role by Baku."],
)
def test_one_stem_pass_per_sentence_feeds_every_gate(text: str) -> None:
    """The segmenter finds the event cues' stems and its own gate words in one pass: each gate still sees its words,
    and the cues equal those read from the sentence alone."""
    from briefings.extract import events, frames, weighing
    from briefings.extract.numbers import fold, has

    low = fold(text)
    words = frames._SENTENCE_STEMS.found(low)
    assert events.cues(text, low, words & frames._EVENT_SET) == events.cues(text)
    for gate, stems in ((frames._COMPARED_SET, frames._COMPARED_WORDS), (frames._HOLDER_SET, frames._HOLDER_WORDS),
                        (frames._TOWARDS_SET, frames._TOWARDS_WORDS), (weighing.ACTOR_SET, weighing.ACTOR_WORDS)):
        assert (not gate.isdisjoint(words)) == has(low, stems)


@pytest.mark.parametrize(
    "text",
    ["Moscow denied any involvement.", "The involvement of Islamabad was denied.", "Tehran has warned again.",
     "A hand by Kabul.", "Traders in Basra said prices rose.", "Kyiv, officials said, was calm.", "Riyadh insists."],
)
def test_a_capital_is_an_actor_only_in_a_sentence_with_an_actor_word(text: str) -> None:
    """The actor test (a capital standing for its government) can only say yes where the gate words are."""
    from briefings.extract import weighing
    from briefings.extract.numbers import fold, has

    city = Place("x-city", "City", "city", "X")
    for m in re.finditer(r"[A-Z]\w+", text):
        mention = PlaceMention(city, m.group(), m.start(), m.end())
        if weighing.actor_place(text, mention, 0):
            assert has(fold(text), weighing.ACTOR_WORDS), (text, m.group())


def test_place_relations_are_asked_once_per_pair_in_an_article() -> None:
    """The segmenter asks whether two places are related once per pair, and answers the same every time."""
    asked: list[tuple[str, str]] = []

    def related(a: Place, b: Place) -> bool:
        asked.append((a.id, b.id))
        return a.id == b.id or encloses(a, b) or encloses(b, a)

    seg = Segmenter(PUB, related)
    seg.main.add_places([TOWN])
    for _ in range(3):
        assert seg._places_compatible(seg.main, [BASE]) is False
        assert seg._places_compatible(seg.main, [TOWN]) is True
    assert asked == [("iq-town", "iq-base"), ("iq-town", "iq-town")]
