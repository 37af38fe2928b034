"""Event segmentation: which sentences of an article speak of which event.

An article has a main event and often background paragraphs about older ones ("the strikes came after
an attack on Tuesday at Ain al-Asad", "In 2020, an American strike killed Suleimani"). Each sentence
either stays with the current frame, switches to another (a different date, an "earlier" strike at
another place), returns to the main one ("the latest strikes"), or is context (another year, another
country, a habitual statement) whose facts are attached to nothing.
"""
from __future__ import annotations

import re
from datetime import date

from briefings.extract.events import STEMS as EVENT_STEMS
from briefings.extract.events import Cues, cues
from briefings.extract.frame import RANK, Frame  # noqa: F401 - RANK and Frame are imported from here elsewhere
from briefings.extract.numbers import fold
from briefings.extract.stems import Stems
from briefings.extract.types import ClaimDraft, DateRef, Place, PlaceMention, Sentence
# How a sentence's places are weighed (extract/weighing.py), and its gate words (the tests read them here too).
from briefings.extract.weighing import ACTOR_WORDS
from briefings.extract.weighing import COMPARED_SET as _COMPARED_SET  # noqa: F401
from briefings.extract.weighing import COMPARED_WORDS as _COMPARED_WORDS
from briefings.extract.weighing import HOLDER_SET as _HOLDER_SET  # noqa: F401
from briefings.extract.weighing import HOLDER_WORDS as _HOLDER_WORDS
from briefings.extract.weighing import MODIFIER as _MODIFIER
from briefings.extract.weighing import TOWARDS_SET as _TOWARDS_SET  # noqa: F401
from briefings.extract.weighing import TOWARDS_WORDS as _TOWARDS_WORDS
from briefings.extract.weighing import focus_of, weigh

STALE_DAYS = 45  # a date this long before publication does not date the report's main event...
RECENT_DAYS = 7  # ...nor, outside the lead, one this long before it (nor, in an undated report, any date outside it)
LEAD_SENTENCES = 3
_EVENT_SET = frozenset(EVENT_STEMS)
# The event cues' stems and the gate words above: one automaton pass per sentence finds both.
_SENTENCE_STEMS = Stems(EVENT_STEMS + _COMPARED_WORDS + _HOLDER_WORDS + _TOWARDS_WORDS + ACTOR_WORDS)
_TODAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.I)  # the report's own day
_LOCATED_IN = re.compile(r"\b(?:located|situated|inside|deep) in\s+$|\bin\s+$", re.I)


def _overlap_days(a: Frame, start: date, end: date) -> int:
    """Days between two date ranges (0 when they overlap)."""
    assert a.start is not None and a.end is not None
    if end < a.start:
        return (a.start - end).days
    if start > a.end:
        return (start - a.end).days
    return 0


class Segmenter:
    """Runs over an article's sentences in order and builds its frames."""

    def __init__(self, published: date | None, related) -> None:  # type: ignore[no-untyped-def]
        self.published = published
        self.related = related  # (a: Place, b: Place) -> bool: same, nested or near
        self._related: dict[tuple[int, int], tuple[bool, Place, Place]] = {}  # by identity, the places kept alive
        self.main = Frame(0, main=True)
        self.frames: list[Frame] = [self.main]
        self.cur = self.main
        self.context = Frame(-1, main=False, context=True)
        self._idx = 0  # the sentence being fed
        self._focus: set[str] = set()  # the fed sentence's "attack in X" places
        self._main_today = False  # the main frame is dated by the report's own day ("today") only

    # -- helpers -----------------------------------------------------------------------------
    def _places_compatible(self, frame: Frame, places: list[Place]) -> bool:
        mine, theirs = frame.specific(), [p for p in places if RANK.get(p.kind, 0) >= 3]
        if not mine or not theirs:
            return True
        return any(self._is_related(a, b) for a in mine for b in theirs)

    def _is_related(self, a: Place, b: Place) -> bool:
        """self.related(a, b), asked once per pair of place objects in an article (the same places meet often)."""
        key = (id(a), id(b))
        known = self._related.get(key)
        if known is None:
            known = self._related[key] = (self.related(a, b), a, b)
        return known[0]

    def _new_frame(self, d: DateRef | None, places: list[Place], earlier: bool = False) -> Frame:
        f = Frame(len(self.frames), main=False, earlier=earlier)
        if d is not None:
            f.start, f.end, f.precision = d.start, d.end, d.precision
        f.add_places(places)
        self.frames.append(f)
        return f

    def _frame_for_date(self, d: DateRef, places: list[Place]) -> Frame:
        assert d.start is not None and d.end is not None
        if d.precision == "year":
            ref = self.main.start or self.published
            if ref is None or d.start.year != ref.year:
                return self.context
        if not self.main.dated():
            age = (self.published - d.end).days if self.published is not None else None
            lead = self._idx < LEAD_SENTENCES
            if (age is not None and age > (STALE_DAYS if lead else RECENT_DAYS)) or (age is None and not lead
                                                                                        and not d.relative):
                return self._new_frame(d, places)  # "the 2002 siege", "the attack of October 11": background
            before = self.published is not None and d.end < self.published
            if self.cur is not self.main and self.cur.earlier and not self.cur.dated() and before:
                return self._fill(self.cur, d)
            self.main.start, self.main.end, self.main.precision = d.start, d.end, d.precision
            self._main_today = d.relative and d.start == self.published and bool(_TODAY.search(d.text))
            return self.main
        if self._redates_main(d, places):  # "crews today sifted through …", then "Sunday's strike killed 40"
            self._main_today = False
            return self._fill(self.main, d)
        # an undated "earlier" frame takes the first earlier date it meets
        if self.cur.earlier and not self.cur.dated():
            ref = self.main.start
            if ref is not None and d.end < ref:
                return self._fill(self.cur, d)
        order = [self.cur, self.main] + [f for f in self.frames if f is not self.cur and f is not self.main]
        for f in order:
            if f.dated() and _overlap_days(f, d.start, d.end) <= 1 and self._places_compatible(f, places):
                if f.precision == d.precision and f.start and f.end:  # "overnight Friday into Saturday"
                    lo, hi = min(f.start, d.start), max(f.end, d.end)
                    if (hi - lo).days <= 2:
                        f.start, f.end = lo, hi
                return f
        inherit = list(self.cur.places) if not places and not self.cur.main else []
        return self._new_frame(d, places or inherit)

    def _redates_main(self, d: DateRef, places: list[Place]) -> bool:
        """The main event dated only by the report's "today" (the aftermath) takes the first date written as the
        event's own ("Sunday's strike") that falls in the days before."""
        main = self.main
        if not self._main_today or not d.text.endswith(("'s", "’s")) or main.start is None or d.end is None:
            return False
        return d.end < main.start and (main.start - d.end).days <= RECENT_DAYS and self._places_compatible(main, places)

    @staticmethod
    def _fill(f: Frame, d: DateRef) -> Frame:
        f.start, f.end, f.precision = d.start, d.end, d.precision
        return f

    # -- the walk ----------------------------------------------------------------------------
    def _choose(self, c: Cues, dates: list[DateRef], places: list[PlaceMention], foreign: bool) -> Frame:
        locs = [m.place for m in places]
        if c.generic:
            return self.context
        if dates:
            return self._frame_for_date(dates[0], locs)
        if c.earlier and (c.types or locs):
            specific = [p for p in locs if RANK.get(p.kind, 0) >= 3]
            if specific and not self._places_compatible(self.main, specific):
                return self._new_frame(None, locs, earlier=True)
            if not specific and self.cur is self.main:
                return self._new_frame(None, locs, earlier=True)
        if foreign:
            return self.context
        if self.cur is not self.main:
            specific = [p for p in locs if RANK.get(p.kind, 0) >= 3]
            back = specific and self.main.specific() and self._places_compatible(self.main, specific)
            if back and (self.cur.context or not self._places_compatible(self.cur, specific)):
                return self.main
            if c.latest and c.types:
                return self.main
        return self.cur

    def feed(
        self,
        idx: int,
        sentence: Sentence,
        dates: list[DateRef],
        places: list[PlaceMention],
        claims: list[ClaimDraft],
    ) -> None:
        text = sentence.text
        self._idx = idx
        low = fold(text)
        words = _SENTENCE_STEMS.found(low)  # the event cues' stems and the gate words, in one pass
        c = cues(text, low, words & _EVENT_SET if words else words)
        event_dates = [d for d in dates if d.role == "event" and d.start is not None] if dates else dates
        locs, weak = weigh(text, sentence.start, places, words) if places else ([], [])
        weak = weak if (c.types or claims) else []
        foreign = False
        if locs:  # most sentences name no place: nothing to weigh
            self._focus = focus_of(text, sentence.start, locs)
            foreign = self._foreign(text, locs, sentence.start)
            if foreign:
                locs = [m for m in locs if m.place.kind != "country"]
        elif self._focus:
            self._focus = set()
        split = c.follow_at
        if split is not None and split > 0 or (split == 0 and len(text) > 12):
            cut = sentence.start + (split or 0)
            head_d = [d for d in event_dates if d.char_start < cut]
            tail_d = [d for d in event_dates if d.char_start >= cut]
            head_p = [m for m in locs if m.char_start < cut]
            tail_p = [m for m in locs if m.char_start >= cut]
            tail_specific = [m for m in tail_p if RANK.get(m.place.kind, 0) >= 3]
            if tail_d or tail_specific:
                tail_c = cues(text[split or 0:])
                head_c = cues(text[: split or 0])
                head = self._choose(head_c, head_d, head_p, False) if (head_d or head_p or head_c.types) else self.cur
                self._attach(head, idx, head_c, head_p, [k for k in claims if self._pos(k, text) < (split or 0)])
                self._weak(head, weak)
                self.cur = head if not head.context else self.cur
                tail = self._choose(tail_c, tail_d, tail_p, foreign)
                self._attach(tail, idx, tail_c, tail_p, [k for k in claims if self._pos(k, text) >= (split or 0)])
                if not tail.context:
                    self.cur = tail
                return
        frame = self._choose(c, event_dates, locs, foreign)
        if dates and not frame.context:
            frame.loose.extend(d.text for d in dates if d.role == "event" and d.start is None)
        self._attach(frame, idx, c, locs, claims)
        if weak:
            self._weak(frame, weak)
        if frame is self.context:
            if dates and not c.generic:
                self.cur = self.context  # e.g. "In 2020, …": the next sentences stay with that story
            return
        self.cur = frame

    @staticmethod
    def _weak(frame: Frame, places: list[Place]) -> None:
        """Holder and route places go to the frame the sentence was given to, never to another event's."""
        if not frame.context:
            frame.weak.extend(p for p in places if p not in frame.weak)

    @staticmethod
    def _pos(claim: ClaimDraft, text: str) -> int:
        if claim.value:
            i = text.lower().find(claim.value.lower().split(" ")[0])
            if i >= 0:
                return i
        return 0

    def _attach(self, frame: Frame, idx: int, c: Cues, locs: list[PlaceMention], claims: list[ClaimDraft]) -> None:
        if frame.context:
            return
        if locs and (c.types or claims or c.occurred):
            frame.add_places([m.place for m in locs])
        if locs and self._focus and (c.types or claims or c.occurred or frame.dated()):
            frame.focus.update(m.place.id for m in locs if m.place.id in self._focus)
        if c.types:
            frame.types.extend(c.types)
        if claims:
            frame.claims.extend(claims)
        frame.sentences.append(idx)

    def _foreign(self, text: str, locs: list[PlaceMention], offset: int) -> bool:
        """A sentence set in another country than the main event ("near Osfia, located in Iran")."""
        if all(m.place.kind != "country" for m in locs):  # cheaper than the main frame's country: ask it last
            return False
        home = self.main.country()
        if home is None:
            return False
        here = [m for m in locs if m.place.kind == "country" and m.place.country != home]
        if not here:
            return False
        if any(m.place.country == home and RANK.get(m.place.kind, 0) >= 3 for m in locs):
            return False
        return any(_LOCATED_IN.search(text[max(0, m.char_start - offset - 20): m.char_start - offset]) for m in here)

    def headline(self, title: str, places: list[PlaceMention]) -> None:
        """A title outside the text names the main event's place: it counts for places, never for claims."""
        locs = [m.place for m in places if m.role == "location" and not _MODIFIER.match(title[m.char_end:])]
        if locs and cues(title).types:
            self.main.add_places(locs)

    def result(self) -> list[Frame]:
        """Frames worth resolving into incidents (undated main frames take the publication date)."""
        if not self.main.dated() and self.published is not None:
            self.main.start = self.main.end = self.published
            self.main.precision = "day"
            self.main.assumed = True
        out = []
        for f in self.frames:
            if not f.specific() and f.weak:
                f.add_places([p for p in f.weak if RANK.get(p.kind, 0) >= 3][:1])
            if not f.places:
                continue
            if not (f.types or f.claims):
                continue
            if not f.main:
                if not f.dated():
                    continue
                if not f.claims and not f.specific():
                    continue
            out.append(f)
        return out


