"""Who holds a claim: reported speech ("X said", "according to X", "X told Y that") and anaphora across an article.

An Attribution covers the clause its holder governs, so one sentence can carry two holders ("two security
sources said … and a US official said …"). HolderMemory (holdermemory.py) resolves "the sources", "the
statement", pronouns and unattributed quote continuations to holders named earlier.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from briefings.extract.holdermemory import (  # noqa: F401  (PERSON_HEADS, HolderMemory: re-exported for callers)
    _SPEAKER_WORDS, PERSON_HEADS, Attribution, HolderMemory, head_noun)
from briefings.extract.numbers import fold, words
from briefings.extract.phrases import (INTRO, STMT, TEMPORAL, adverb_tail, appositive_subject, clause_subject, clean_np,
                                       ends_with_char, left_np, right_np)
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
_SPEECH_WORDS = frozenset(  # the first word of every _SPEECH match: a sentence without one has none
    "said says say told tells stated states claimed claims confirmed confirms announced announces reported reports "
    "added adds informed informs indicated indicates clarified clarifies explained explains noted notes insisted "
    "insists asserted alleged alleges acknowledged revealed wrote writes tweeted posted affirmed declared maintained "
    "warned stressed emphasised emphasized pointed put puts placed places gave gives estimated estimates raised raises "
    "admitted admits described describes issued released published "
    "lowered lowers revised revises updated updates set sets".split())
_AS_BY_WORDS = frozenset("reported stated announced claimed cited quoted carried confirmed".split())
_GIVEN_WORDS = frozenset("given provided released issued compiled published".split())
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_AS_BY = re.compile(r"\b(?:as\s+)?(?P<v>reported|stated|announced|claimed|cited|quoted|carried|confirmed)\s+by\s+"
                    r"|\b(?:toll|figures?|count|tally|list)(?:\s+of\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+)?\s*(?:[,—–]\s*|\s-\s)?"
                    r"(?P<g>given|provided|released|issued|compiled|published)\s+by\s+")  # "a list of patients issued by"
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
_SPACES, _WORDS = re.compile(r"\s+"), re.compile(r"[\w'’]+")
# A holder found in a sentence: phrase and span (hs, he), region holder+verb (rs, rend), direction, "in a statement".
_Anchor = NamedTuple("_Anchor", [("raw", str), ("hs", int), ("he", int), ("verb", str), ("rs", int), ("rend", int),
                                 ("forward", bool), ("statement", bool)])


def _speech_anchor(text: str, m: re.Match[str], earlier: list[_Anchor]) -> _Anchor | None:
    verb, (vs, ve) = _SPACES.sub(" ", m.group("verb")), m.span()
    before = text[:vs]
    words = _WORDS.findall(before[-24:])
    prev = words[-1].lower() if words else ""
    if prev in {"to", "not", "was", "were", "is", "are", "be", "been", "being", "never", "the", "a", "an"}:
        return None
    if _NOT_SPEECH.match(text, ve) or verb in _NOUNLIKE and (not _NOUNLIKE_NEXT.match(text[ve:])
                                                             or prev in _NOUN_BEFORE):
        return None  # "tourists from other states.": a noun
    if verb in _INVERTS and ends_with_char(before, ",”\"’"):  # "…, said the spokesman."
        span = right_np(text, ve)
        if span and span[0] - ve < 3 and _BACKWARD_REST.match(text, span[1]):
            return _Anchor(text[span[0]:span[1]], span[0], span[1], verb, vs, span[1], False, False)
    tail = adverb_tail(before)
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
    forward = not (_BACKWARD_REST.match(rest) or _PARTICIPLE.match(rest) or trailing and _SHORT_REST.match(rest))
    return _Anchor(raw, hs, he, verb, min(hs, vs), max(ve, pos), forward or rest.lstrip().startswith(":"), statement)


def _anchors(text: str, ws: set[str]) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    for rx, verb, gate in ((_ACCORDING, "according to", "according" in ws),
                           (_AS_BY, "reported by", "by" in ws and not (_AS_BY_WORDS.isdisjoint(ws) and _GIVEN_WORDS.isdisjoint(ws)))):
        for m in rx.finditer(text) if gate else ():
            span = right_np(text, m.end())
            if not span:
                continue
            raw, hs, he, rs, rend = text[span[0]:span[1]], span[0], span[1], m.start(), span[1]
            if (to := _TO_OUTLET.search(raw)) is not None and m.groupdict().get("v"):  # "confirmed by X to Reuters"
                raw = f"{raw[:to.start()]} (per {to.group('outlet')})"
            lead = INTRO.sub("", text[:m.start()].strip(" ,"))
            forward = (verb == "according to" or bool(m.groupdict().get("g"))) and not lead.strip(" ,")
            cited = m.groupdict().get("v") in ("cited", "quoted") and left_np(text, len(text[:m.start()].rstrip(" ,")))
            if cited:  # "a security source, cited by Reuters, said …": the source holds it, per the outlet
                per = f" (per {clean_np(raw)})"
                raw, hs, rs = text[cited[0]:cited[1]] + per, cited[0], cited[0]
                for a in [a for a in anchors if cited[0] <= a.he and a.hs <= cited[1]]:
                    anchors.remove(a)
                    raw, hs, rs, forward = a.raw + per, a.hs, a.rs, a.forward
                if (then := _THEN_SAID.match(text, rend)) is not None:
                    rend = AFTER_VERB.match(text, then.end()).end()
                    forward = not _BACKWARD_REST.match(text, rend)
            anchors.append(_Anchor(raw, hs, he, verb, rs, rend, forward, False))
    taken = [(a.rs, a.rend) for a in anchors]
    anchors.sort(key=lambda a: a.rs)
    speech: list[_Anchor] = []
    for m in _SPEECH.finditer(text) if not _SPEECH_WORDS.isdisjoint(ws) else ():
        if not any(s <= m.start() < e for s, e in taken):
            earlier = [a for a in anchors if a.rs < m.start()] + speech
            if a := _speech_anchor(text, m, earlier[-1:]):
                speech.append(a)
    anchors += speech
    c = _COLON.match(text) if not anchors and ":" in text else None
    if c and len(c.group("np").split()) <= 10:
        anchors.append(_Anchor(c.group("np"), c.start("np"), c.end("np"), "colon", c.start("np"), c.end(), True, False))
    return sorted(anchors, key=lambda a: a.rs)


def find_attributions(sentence: Sentence, memory: HolderMemory) -> list[Attribution]:
    """Holders of the clauses of one sentence, in order. Updates the memory; calling twice is harmless."""
    key = (sentence.start, sentence.text)
    if key in memory._done:
        return memory._done[key]
    text, off, out = sentence.text, sentence.start, []
    ws = words(text)
    anchors = _anchors(text, ws)
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
    head_words = ws if len(text) <= 120 else words(text[:120])
    subject = clause_subject(text) if not _SPEAKER_WORDS.isdisjoint(head_words) else None  # cheap test first
    memory.note_subject(sentence, subject, [a.holder_start - off for a in out])
    memory.observe(sentence, out)
    memory._done[key] = out
    return out
