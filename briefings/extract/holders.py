"""Who holds a claim: reported speech ("X said", "according to X", "X told Y that") and anaphora across an article.

An Attribution covers the clause its holder governs, so one sentence can carry two holders ("two security
sources said … and a US official said …"). HolderMemory (holdermemory.py) resolves "the sources", "the
statement", pronouns and unattributed quote continuations to holders named earlier.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import NamedTuple

from briefings.extract.holdermemory import (  # noqa: F401  (PERSON_HEADS, HolderMemory: re-exported for callers)
    _SPEAKER_WORDS, _STATEMENT_HEADS, PERSON_HEADS, Attribution, HolderMemory, head_noun)
from briefings.extract.leading import Starts, WordSet, leading_literals, matches
from briefings.extract.numbers import fold
from briefings.extract.phrases import (_LEAD_CLAUSE, INTRO, STMT, TEMPORAL, TOKEN, adverb_tail, appositive_subject,
                                       clause_subject, clean_np, ends_with_char, left_np, right_np)
from briefings.extract.types import Sentence

AFTER_VERB = re.compile(rf"(?:\s*(?:,\s*)?(?:{STMT}|{TEMPORAL}|on\s+(?:X|Twitter|Telegram|Facebook|social\s+media)|"
                        r"in\s+a\s+(?:post|video|interview|briefing|press\s+conference))\b(?:\s*,)?)*\s*(?:that\b)?",
                        re.I)


_SPEECH = re.compile(
    r"\b(?P<verb>said|says|say|told|tells|stated|states|claimed|claims|confirmed|confirms|announced|announces|"
    r"reported|reports|added|adds|informed|informs|indicated|indicates|clarified|clarifies|explained|explains|"
    r"noted|notes|insisted|insists|asserted|alleged|alleges|acknowledged|revealed|wrote|writes|tweeted|posted|"
    r"affirmed|declared|maintained|warned|stressed|emphasi[sz]ed|pointed\s+out|admitted|admits|described|describes|"
    r"(?:issued|released|published|put\s+out)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:statement|rebuttal|communiqu[eé]|"
    r"release)\s+(?:saying|stating)|"
    r"(?:put|puts|placed|places|gave|gives|"
    r"estimated|estimates|raised|raises|lowered|lowers|revised|revises|updated|updates|set|sets)\s+(?:the|its|their)\s+"
    r"(?:(?:death|casualty|final|official)\s+)?(?:toll|figure|number\s+of\s+(?:\w+\s+){0,2}?(?:dead|killed|wounded|injured|"
    r"casualties|victims|deaths))\s+(?:at|to))\b")
_SPEECH_STARTS = Starts(_SPEECH)  # where a _SPEECH match may begin: its leading words, read from the pattern
_AS_BY_WORDS = tuple("reported stated announced claimed cited quoted carried confirmed".split())
_GIVEN_WORDS = tuple("given provided released issued compiled published".split())
_BY_VERBS = _AS_BY_WORDS + _GIVEN_WORDS  # every _AS_BY match holds one of them (the pattern is built from them)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_ACCORDING_WORDS = tuple(leading_literals(_ACCORDING) or ("",))  # one begins every match ("": not known, search)
_AS_BY = re.compile(rf"\b(?:as\s+)?(?P<v>{'|'.join(_AS_BY_WORDS)})\s+by\s+"
                    r"|\b(?:toll|figures?|count|tally|list)(?:\s+of\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+)?\s*(?:[,—–]\s*|\s-\s)?"
                    rf"(?P<g>{'|'.join(_GIVEN_WORDS)})\s+by\s+")  # "a list of patients issued by"
_TO_OUTLET = re.compile(r"\s+to\s+(?:the\s+)?(?P<outlet>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})$")
_THEN_SAID = re.compile(r"\s*(?:,\s*)?(?:said|says|told|added|stated|reported|claimed|confirmed)\b")
_COLON = re.compile(r"^\s*(?P<np>[^\s,;:“”\"](?:[^,;:“”\"]{0,78}[^\s,;:“”\"])?):\s*[“\"‘]")
_NOT_SPEECH = re.compile(r"\s+(?:responsibility|the\s+lives|lives|credit)\b")
_NOUNLIKE = frozenset({"reports", "claims", "states", "notes"})
_NOUN_BEFORE = frozenset("other many several some all both various these those their its his her our neighbouring "
                         "neighboring member federal arab gulf western eastern southern northern island frontline two "
                         "three four five of and such".split())
_NOUNLIKE_NEXT = re.compile(r"\s*(?:that\b|[:,.“\"]|$)")
_INVERTS = frozenset({"said", "says", "added", "stated", "wrote", "noted", "explained", "claimed", "confirmed",
                      "reported", "announced", "told", "insisted", "clarified"})
_BACKWARD_REST = re.compile(r"\s*(?:$|[,.;!?”\"’)\]])")
_NON_HOLDER = frozenset("balance toll tally count estimate estimates attack strike strikes attacks blast explosion".split())
_CLAUSE_NEXT = re.compile(r"\s*(?:that\b|:|[“\"]|(?:it|they|he|she|we|there)\b)", re.I)
_PARTICIPLE = re.compile(r"\s*(?:adding|saying|noting|citing|stressing|explaining|insisting|warning)\b")
_WHO_CLAUSE = re.compile(r"\bwho\s+(?:had\s+|has\s+|have\s+)?[a-z]+(?:ed|s|t)\s+(?:[\w'’-]+\s+){0,3}$")
_LISTENER = re.compile(r"\s+(?:(?:the|The)\s+)?(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*|reporters|journalists|"
                       r"(?:the\s+)?(?:media|press|newspaper|agency|channel|broadcaster)|an?\s+(?:\w+\s+)?"
                       r"(?:conference|briefing|interview))")
_SHORT_REST = re.compile(r"\s*(?:[\w'’-]+\s+){0,4}[\w'’-]+\s*[.!?”\"]*\s*$")  # "…, officials said at the time."
_STMT_BEFORE = re.compile(rf"\b{STMT}\s*,\s*$", re.I)
_SPEAKERS = WordSet(_SPEAKER_WORDS)
_HEADS = WordSet(_SPEAKER_WORDS | _STATEMENT_HEADS)  # a subject whose head_noun can speak has one of these words
log = logging.getLogger(__name__)
_SPACES, _WORDS = re.compile(r"\s+"), re.compile(r"[\w'’]+")
# A holder found in a sentence: phrase and span (hs, he), region holder+verb (rs, rend), direction, "in a statement".
_Anchor = NamedTuple("_Anchor", [("raw", str), ("hs", int), ("he", int), ("verb", str), ("rs", int), ("rend", int),
                                 ("forward", bool), ("statement", bool)])


def _speech_anchor(text: str, m: re.Match[str], earlier: list[_Anchor]) -> _Anchor | None:
    verb, (vs, ve) = m.group("verb"), m.span()
    verb = verb if verb.isalpha() else _SPACES.sub(" ", verb)
    before = text[:vs]
    prev = _last_word(before[-24:]).lower()
    if prev in {"to", "not", "was", "were", "is", "are", "be", "been", "being", "never", "the", "a", "an"}:
        return None
    if _NOT_SPEECH.match(text, ve) or verb in _NOUNLIKE and (not _NOUNLIKE_NEXT.match(text[ve:])
                                                             or prev in _NOUN_BEFORE):
        return None  # "tourists from other states.": a noun
    if verb in _INVERTS and ends_with_char(before, ",”\"’"):  # "…, said the spokesman."
        span = right_np(text, ve)
        if span and span[0] - ve < 3 and _BACKWARD_REST.match(text, span[1]):
            return _Anchor(text[span[0]:span[1]], span[0], span[1], verb, vs, span[1], False, False)
    tail = adverb_tail(before) if "statement" in before[-80:].lower() else None  # its only use: "in a statement"
    statement = bool(tail and "statement" in tail.group(0).lower())
    span = left_np(text, vs)
    if span is None and prev in ("and", "but") and not _CLAUSE_NEXT.match(text, ve):
        return None
    if span is None and prev in ("and", "but") and earlier:
        raw, hs, he, statement = earlier[-1].raw, vs, vs, statement or earlier[-1].statement
    else:
        if span is None and prev == "who":  # "a report from sources at a hospital who said …"
            span = left_np(text, before.rstrip().rfind("who"))
        elif span is None and prev in ("and", "but"):
            span = clause_subject(text)
        elif span is None:  # "A spokesman for X, the body that …, said"
            span = appositive_subject(text, vs)
        if span is None:
            return None
        rel = _WHO_CLAUSE.search(text, max(0, span[0] - 80), span[0]) \
            if "who" in text[max(0, span[0] - 80):span[0]] else None  # "Doctors who treated the victims said"
        outer = left_np(text, rel.start()) if rel else None
        span = (outer[0], span[1]) if outer else span
        raw, hs, he = text[span[0]:span[1]], span[0], span[1]
        if text[:hs].rstrip().endswith(" as"):  # "…, not by drones as the army had said": not its clause
            return None
        statement = statement or "statement" in fold(text[max(0, hs - 60):hs]) and bool(
            _STMT_BEFORE.search(text, max(0, hs - 60), hs))
    pos = ve
    if verb in ("told", "tells", "informed", "informs"):
        obj = _LISTENER.match(text, ve)
        pos = obj.end() if obj else ve
    after = AFTER_VERB.match(text, pos)
    statement = statement or "statement" in after.group(0).lower() or "statement" in verb
    rest = text[after.end():]
    trailing = ends_with_char(text[:min(hs, vs)], ",”\"’–—") and not after.group(0).endswith("that")
    forward = not (_BACKWARD_REST.match(rest) or _PARTICIPLE.match(rest) or trailing and _short_rest(rest))
    return _Anchor(raw, hs, he, verb, min(hs, vs), max(ve, pos), forward or rest.lstrip().startswith(":"), statement)


def _last_word(text: str) -> str:
    r"""The last [\w'’]+ run of the text ("" if none): its last whitespace-separated piece when that is one run."""
    piece = text.rstrip().rsplit(None, 1)[-1] if text and not text.isspace() else ""
    if piece and piece.replace("'", "").replace("’", "").isalnum():
        return piece
    words = _WORDS.findall(text)
    return words[-1] if words else ""


def _short_rest(rest: str) -> bool:
    """_SHORT_REST.match(rest): a match is at most five words and a run of marks, so at most six pieces."""
    return len(rest.split(None, 6)) <= 6 and _SHORT_REST.match(rest) is not None


def _anchors(text: str, said: list[re.Match[str]], according: bool, by: bool) -> list[_Anchor]:
    """The holders of a sentence in text order; `said` its _SPEECH matches, `according` and `by` False when those
    patterns cannot match."""
    anchors: list[_Anchor] = []
    if according:
        _cited(text, _ACCORDING, "according to", anchors)
    if by:
        _cited(text, _AS_BY, "reported by", anchors)
    if said:
        taken = [(a.rs, a.rend) for a in anchors]
        anchors.sort(key=_by_start)
        speech: list[_Anchor] = []
        for m in said:
            start = m.start()
            if taken and any(s <= start < e for s, e in taken):
                continue
            last = speech[-1] if speech else next((a for a in reversed(anchors) if a.rs < start), None)
            if a := _speech_anchor(text, m, [] if last is None else [last]):  # the anchor just before it
                speech.append(a)
        anchors += speech
    if not anchors:
        c = _COLON.match(text) if ":" in text else None
        if c and len(c.group("np").split()) <= 10:
            anchors.append(_Anchor(c.group("np"), c.start("np"), c.end("np"), "colon", c.start("np"), c.end(), True,
                                   False))
        return anchors
    return sorted(anchors, key=_by_start) if len(anchors) > 1 else anchors


def _by_start(a: _Anchor) -> int:
    return a.rs


def _cited(text: str, rx: re.Pattern[str], verb: str, anchors: list[_Anchor]) -> None:
    """Anchors of "according to X" / "as reported by X" / "figures given by X", appended in text order."""
    for m in rx.finditer(text):
        span = right_np(text, m.end())
        if not span:
            continue
        raw, hs, he, rs, rend = text[span[0]:span[1]], span[0], span[1], m.start(), span[1]
        v = m.groupdict().get("v")
        if v and (to := _TO_OUTLET.search(raw)) is not None:  # "confirmed by X to Reuters"
            raw = f"{raw[:to.start()]} (per {to.group('outlet')})"
        lead = INTRO.sub("", text[:m.start()].strip(" ,"))
        forward = (verb == "according to" or bool(m.groupdict().get("g"))) and not lead.strip(" ,")
        cited = v in ("cited", "quoted") and left_np(text, len(text[:m.start()].rstrip(" ,")))
        if cited:  # "a security source, cited by Reuters, said …": the source holds it, per the outlet
            per = f" (per {clean_np(raw)})"
            raw, hs, rs = text[cited[0]:cited[1]] + per, cited[0], cited[0]
            for a in [a for a in anchors if cited[0] <= a.he and a.hs <= cited[1]]:
                anchors.remove(a)
                raw, hs, rs, forward = a.raw + per, a.hs, a.rs, a.forward
            if (then := _THEN_SAID.match(text, rend)) is not None:
                rend = AFTER_VERB.match(text, then.end()).end()  # type: ignore[union-attr]
                forward = not _BACKWARD_REST.match(text, rend)
        anchors.append(_Anchor(raw, hs, he, verb, rs, rend, forward, False))


def find_attributions(sentence: Sentence, memory: HolderMemory) -> list[Attribution]:
    """Holders of the clauses of one sentence, in order, after those of the sentences the memory still waits with
    (HolderMemory.wait), read first in order. Updates the memory; calling twice is harmless (the second call
    returns the first's list)."""
    key = (sentence.start, sentence.text)
    done = memory._done.get(key)
    if done is not None:
        return done
    for earlier in memory.catch_up(sentence):
        if (earlier.start, earlier.text) not in memory._done:
            try:
                _attribute(earlier, memory)
            except Exception:  # as when it was read in its turn: that sentence's holders are lost, not this one's
                log.exception("attribution failed on a sentence read later")
    return _attribute(sentence, memory)


def _attribute(sentence: Sentence, memory: HolderMemory) -> list[Attribution]:
    """find_attributions of one sentence, the memory up to date with every sentence before it."""
    text, off, out = sentence.text, sentence.start, []
    anchors, subject_pos, subject_first = _read(text)
    backward_from = 0
    for i, (raw, hs, he, verb, rs, rend, forward, statement) in enumerate(anchors):
        holder = memory.resolve(raw)
        if not holder or head_noun(holder) in _NON_HOLDER:
            continue
        if statement and head_noun(holder) != "statement":
            holder = f"{holder} (statement)"
        nxt = anchors[i + 1].rs if i + 1 < len(anchors) else len(text)
        start = rend if forward else backward_from
        if not forward:
            backward_from = rend
        out.append(Attribution(holder, start + off, nxt + off, verb, hs + off, he + off, forward))
        memory.remember(holder)
    speaker = None if out else memory.continuing_speaker(sentence)
    if speaker:
        out.append(Attribution(speaker, sentence.start, sentence.end, "quote", sentence.start, sentence.start))
    starts = [a.holder_start - off for a in out]
    # the subject phrase begins at its clause's first word: a holder found there already makes note_subject drop it
    subject = None if subject_pos < 0 or subject_first in starts else _subject_phrase(text, subject_pos)
    memory.note_subject(sentence, subject, starts)
    memory.observe(sentence, out)
    memory._done[(sentence.start, text)] = out
    return out


@lru_cache(maxsize=4096)  # pure in the text; wire copies repeat sentences (bench: 1 in 6; the corpus: 1 in 100)
def _read(text: str) -> tuple[tuple[_Anchor, ...], int, int]:
    """What a sentence says by itself: its anchors; where the memory's subject phrase (clause_subject) would begin,
    -1 when note_subject would keep none; and the start of that clause's first token when it is a word, else -1.

    Cheap tests first. A speaker word among the first 120 characters' words (the rule note_subject has always
    had). The subject phrase ends before the first comma unless a bracket opens first, and note_subject keeps it
    only when its head is a word that can speak."""
    said = matches(_SPEECH, _SPEECH_STARTS, text)
    according = any(w in text for w in _ACCORDING_WORDS)
    by = "by" in text and any(w in text for w in _BY_VERBS)  # every _AS_BY match holds "by" and one of these
    anchors = _anchors(text, said, according, by) if said or according or by or ":" in text else []
    if not _SPEAKERS.in_prefix_and_text(text, 120):
        return tuple(anchors), -1, -1
    lead = _LEAD_CLAUSE.match(text)
    pos = lead.end() if lead else 0
    comma = text.find(",", pos)
    phrase = text[pos:comma] if comma >= 0 else text[pos:]
    if "(" not in phrase and not _HEADS.in_text(phrase):
        return tuple(anchors), -1, -1
    first = TOKEN.search(text, pos, min(len(text), pos + 300))
    word = first is not None and first.group()[0].isalnum()  # then right_np's phrase, if any, begins there
    return tuple(anchors), pos, first.start() if word and first is not None else -1


@lru_cache(maxsize=1024)
def _subject_phrase(text: str, pos: int) -> tuple[int, int] | None:
    return right_np(text, pos)  # clause_subject(text), its lead clause already skipped
