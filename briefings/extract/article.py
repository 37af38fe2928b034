"""One article in, its event frames (with their claims) out. Pure: no database."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date

from briefings.extract import cues
from briefings.extract.across import revise
from briefings.extract.claims import extract_claims
from briefings.extract.dateline import dateline_end
from briefings.extract.dates import find_dates_in
from briefings.extract.frames import Frame, Segmenter
from briefings.extract.holders import HolderMemory
from briefings.extract.lang.dates import find_foreign_dates
from briefings.extract.lang.detect import LanguageDetector
from briefings.extract.lang.fallback import event_types, whole_report_frame
from briefings.extract.lang.foreign import extract_foreign_claims
from briefings.extract.lang.places import place_roles
from briefings.extract.lang.rules import LangRules, rules_for, strip_leading
from briefings.extract.sentences import split_sentences
from briefings.extract.types import ClaimDraft, Place, PlaceMention, Sentence
from briefings.knowledge.actors import Actors
from briefings.knowledge.learned import mention_of
from briefings.knowledge.places import Gazetteer

log = logging.getLogger(__name__)
_BYLINE = re.compile(r"^(?:by\s|updated:|published:|posted:|last updated|photo:|image:|©)", re.I)
_ACTOR_FIELDS = {"perpetrator", "denial"}


@dataclass(frozen=True)
class Knowledge:
    """The run-time knowledge the extractor needs; built once per engine and passed in."""

    places: Gazetteer
    actors: Actors
    languages: LanguageDetector = field(default_factory=LanguageDetector, compare=False, repr=False)

    @classmethod
    def default(cls, places_files: tuple = (), actors_files: tuple = ()) -> "Knowledge":  # type: ignore[type-arg]
        return cls(Gazetteer.default(places_files), Actors.default(actors_files))

    def encloses(self, outer: Place, inner: Place) -> bool:
        return any(a.id == outer.id for a in self.places.ancestors(inner))

    def related(self, a: Place, b: Place) -> bool:
        """Same place, one inside the other, or two specific places close enough to be one event's."""
        return a.id == b.id or self.encloses(a, b) or self.encloses(b, a) or near(a, b)


NEAR_KM = 30.0


def near(a: Place, b: Place, km: float = NEAR_KM) -> bool:
    if None in (a.lat, a.lon, b.lat, b.lon) or "country" in (a.kind, b.kind) or "province" in (a.kind, b.kind):
        return False
    from math import asin, cos, radians, sin, sqrt

    la1, lo1, la2, lo2 = map(radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h)) <= km


def extract_article(text: str, published: date | None, kn: Knowledge, title: str | None = None,
                    language: str | None = None) -> list[Frame]:
    """Frames of one article. English rules read English (or an unknown language); a language with a data file
    (briefings/data/lang) is read by the data-driven rules; any other language yields places and dates, no claims.
    Places are read in two passes: first what every sentence may name, then each name in the light of the
    countries the whole report is about (a namesake abroad is not the place meant)."""
    foreign: LangRules | None = rules_for(language)
    english = language in (None, "en")
    seg = Segmenter(published, kn.related)
    memory = HolderMemory()
    sentences = [s for s in split_sentences(text) if not (s.heading and _BYLINE.match(s.text))]
    scans = [kn.places.scan(s.text, language, s.start) for s in sentences]
    head = title.strip() if title and title.strip() and title.strip() not in text[:500] else None
    head_scan = kn.places.scan(head, language) if head else None
    context = kn.places.context(scans + ([head_scan] if head_scan else []))  # the countries the report is about
    dateline = dateline_end(text)
    mentions: list[PlaceMention] = []
    found: list[ClaimDraft] = []
    if head and head_scan:
        mentions = kn.places.resolve(head_scan, head, 0, context)
        seg.headline(head, mentions)
        mentions = list(mentions)
    resolved = [kn.places.resolve(sc, s.text, s.start, context) for s, sc in zip(sentences, scans)]
    if dateline:  # where the report was filed is no parent for a place learned in its first sentence
        resolved = [[replace(m, role="dateline") if m.char_end <= dateline else m for m in places]
                    if s.start < dateline else places for s, places in zip(sentences, resolved)]
    for s, places in zip(sentences, resolved):
        for item in kn.places.learn(s.text, places, s.start, context):
            m = mention_of(item, s.text, s.start)
            if m is not None:
                places.append(m)
    if dateline and resolved and sentences[0].start >= dateline:  # the splitter left the dateline out
        resolved[0] = [replace(m, role="dateline") for m in kn.places.find(text[:dateline], 0, context)] + resolved[0]
    countries = {p.country for cc in context if (p := kn.places.country_place(cc)) is not None}
    claims = [_claims(i, s, memory, english, foreign) for i, s in enumerate(sentences)]
    if english:
        try:
            revise(sentences, claims, memory)
        except Exception:  # the sentences' own claims stand
            log.exception("report-level revision failed")
    dates_of = find_dates_in(text, sentences, published) if english else None  # one anchor scan of the text
    for i, (s, places, found_claims) in enumerate(zip(sentences, resolved, claims)):
        places = kn.places.learned.with_mentions(s.text, s.start, countries, places, scans[i].words)
        if dateline and s.start < dateline:
            places = [replace(m, role="dateline") if m.char_end <= dateline else m for m in places]
        dates = dates_of[i] if dates_of is not None else find_foreign_dates(s.text, s.start, published, foreign)
        if dateline and s.start < dateline:  # "Islamabad, Apr 26 (V7N) -": when it was filed, not when it happened
            dates = [d for d in dates if d.start is not None or d.char_start >= dateline]
        if not english:  # "à 80 km au sud de Bagdad": a reference, not where it happened
            places = place_roles(s.text, s.start, places, foreign)
        found_here = [_normalise(c, kn, foreign, countries) for c in found_claims] if found_claims else found_claims
        seg.feed(i, s, dates, places, found_here)
        if not english:
            mentions.extend(places)
            found.extend(found_here)
    frames = seg.result()
    if not english and foreign is not None:  # the segmenter's event words are English: the language's own name them
        for f in frames:
            if f.main and not f.types:
                f.types.extend(event_types((title or "") + "\n" + text, foreign))
    if not english and not any(f.main for f in frames):  # no English event cue put a place on the main frame
        main = seg.main
        frame = whole_report_frame(mentions, main.claims if frames else found,
                                   event_types((title or "") + "\n" + text, foreign), main)
        return [frame, *frames] if frame is not None else frames
    return frames


def _claims(i: int, s: Sentence, memory: HolderMemory, english: bool, foreign: LangRules | None) -> list[ClaimDraft]:
    try:
        if english and cues.FILTER is not None and not cues.FILTER.may_claim(s.text):
            memory.wait(s)  # no finder can claim anything here; its holders are read if a later claim needs them
            return []
        return (extract_claims(s, memory) if english else
                extract_foreign_claims(s, foreign) if foreign is not None else [])
    except Exception:  # one odd sentence must never lose the article
        log.exception("claim extraction failed on sentence %d", i)
        return []


def _normalise(c: ClaimDraft, kn: Knowledge, rules: LangRules | None = None,
               countries: set[str] | None = None) -> ClaimDraft:
    """Canonical actor names for blame and denials ("le groupe État islamique" -> Islamic State, with the
    language's leading articles and group words dropped first); reference places for distances."""
    if rules is not None and c.field in _ACTOR_FIELDS and c.value and not _names_an_actor(c.value, kn):
        bare = strip_leading(c.value, rules.words("actor_fillers"))
        if bare != c.value and _names_an_actor(bare, kn):
            c = replace(c, value=bare, extra=c.extra + (("as_written", c.value),))
    if c.field in _ACTOR_FIELDS and c.value and _names_an_actor(c.value, kn):
        actor = kn.actors.canonical(c.value)
        if actor is not None:
            top = kn.actors.rollup(actor)
            name = top.name if top.kind in ("state",) or actor.kind in ("military", "government") else actor.name
            return replace(c, value=name, extra=c.extra + (("as_written", c.value),))
    if c.field == "distance_km" and c.reference:
        cap = kn.places.capital_of(c.reference.replace("the ", "").replace(" capital", "").strip())
        if cap is not None and "capital" in c.reference.lower():
            return replace(c, reference=cap.name)
        found = kn.places.find(c.reference)
        if found and (kn.places.regional.get(found[0].place.id) is not None or countries is None
                      or found[0].place.country in countries):  # a namesake abroad: keep the name as written
            return replace(c, reference=found[0].place.name)
    return c


_QUALIFIED = re.compile(r"^-(?:backed|aligned|affiliated|sponsored|linked|allied)", re.I)
_WORD = re.compile(r"[\w'-]+")
_FILLER = {"the", "a", "an", "its", "their", "forces", "force", "military", "government", "officials", "official",
           "group", "militia", "army", "troops", "also"}


def _names_an_actor(phrase: str, kn: Knowledge) -> bool:
    """True when the phrase is an actor's name ("the US", "Israeli forces"), not a description that merely
    contains one ("Iran-backed groups", "working with the US on intelligence")."""
    mentions = kn.actors.find(phrase)
    if not mentions:
        return False
    if any(_QUALIFIED.match(phrase[m.char_end:]) for m in mentions):
        return False
    rest = phrase
    for m in sorted(mentions, key=lambda m: -m.char_start):
        rest = rest[: m.char_start] + " " + rest[m.char_end:]
    return all(w.lower() in _FILLER for w in _WORD.findall(rest))
