"""Casualty claims in one sentence: killed/wounded figures with qualifier and victim group, zeros ("no one was
killed"), vague amounts ("several were injured"), named dead (a note, not a count) and "no word of casualties"
(a note, never a zero).

Findings are ClaimDrafts with offsets relative to the sentence and holder "" (claims.py assigns holders).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from briefings.extract.numbers import find_quantities, fold, has, mentions
from briefings.extract.types import ClaimDraft, Quantity
from briefings.extract.zeros import UNCERTAIN as _UNCERTAIN
from briefings.extract.zeros import ZEROS as _ZEROS

_KILL = r"killed|dead|died|slain|perished|martyred|lost\s+(?:their|his|her)\s+li(?:ves|fe)"
_WOUND = r"wounded|injured|hurt"
_NOT_VICTIM = (r"(?:or|but|were|was|are|is|have|has|had|been|be|being|who|that|which|could|would|might|may|should|"
               r"will|can|must|to|not|no|never|did|do|does|than|while|when|after|before|if|according|said|in|on|at|"
               r"during|by|as|from|near|with|including|inside|across|since|reportedly|also|" + _KILL + "|" + _WOUND + r")\b")
_WORD = r"[\w'’().-]+"
_PASSIVE = re.compile(
    rf"(?P<victims>(?:\s+(?!{_NOT_VICTIM}|and\s+[^A-Z])(?:{_WORD})){{0,8}}?)\s+(?:of\s+(?:them|whom|those)\s+)?"
    r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|have|has|had|got|reportedly|also|later|subsequently|initially|"
    rf"allegedly|all|both|each|seriously|critically|slightly|lightly|badly)\s+)*(?P<verb>{_KILL}|{_WOUND})\b", re.I)
_ACTIVE = re.compile(r"\b(?P<verb>killing|killed|kills|kill|wounding|wounded|wounds|injuring|injured|injures|injure|"
                     r"(?:claimed|claiming|took|taking)\s+the\s+lives\s+of)\s+", re.I)
_AFTER_VICTIMS = re.compile(rf"(?P<victims>(?:\s+(?!{_NOT_VICTIM}|and\b)[\w'’-]+){{0,6}})")
_BODIES = re.compile(r"\s+bodies\s+(?:were|have\s+been|had\s+been)\s+(?:recovered|found|retrieved|pulled)", re.I)
_TOLL = re.compile(r"\b(?:(?:(?:death|casualty|fatality)\s+)?toll|number\s+of\s+(?:[\w-]+\s+){0,2}?(?P<what>killed|dead|"
                   r"deaths|fatalities|wounded|injured|injuries))\b[^.;:]{0,90}?\s(?:rose|risen|climbed|reached|jumped|"
                   r"increased|stood|stands|is|was|of|at|to|hit)\s+(?:to\s+|at\s+)?", re.I)
_AFTER_DEAD = re.compile(r"(?:\s+(?:people\s+)?(?:dead|killed))?")
_DEATHS = re.compile(r"\s+(?P<what>deaths|fatalities|casualties)\b", re.I)
_UNITS = re.compile(r"(?:days?|weeks?|months?|years?|hours?|minutes?|km|kilomet\w+|miles?|times|percent|per)\b", re.I)
_VAGUE = re.compile(r"\b(?:caused|causing|resulted\s+in|resulting\s+in|led\s+to|leading\s+to|left|leaving|inflicted|"
                    r"inflicting)\s+(?:(?!no\b|any\b)[\w-]+\s+){0,4}?(?P<what>injuries|casualties|victims|deaths|"
                    r"fatalities)\b", re.I)
_AMONG = [
    re.compile(r"\bamong\s+(?:those|the\s+people|the\s+victims)\s+killed\s+(?:was|were)\s+(?P<np>[^,.;]+)", re.I),
    re.compile(r"\bamong\s+the\s+(?:dead|killed|victims|fatalities)\s+(?:was|were)\s+(?P<np>[^,.;]+)", re.I),
    re.compile(r"(?P<np>(?:(?:[A-Z][\w'’-]*|militia|commander|leader|senior|top|a|the)\s+){1,6})(?:was|were)\s+"
               r"among\s+(?:the\s+dead|those\s+killed|the\s+victims|the\s+fatalities|the\s+killed)"),
]
_TITLES = (r"(?:senior|top|militia|military|commander|leader|general|colonel|chief|head|deputy|spokesman|cleric|"
           r"officer|official|founder|former|prominent|local|key|field|security|Hamas|Hezbollah)")
_NAMED_OBJ = re.compile(rf"(?P<np>(?:an?|the)\s+(?:[\w'’-]+\s+){{0,7}}?[\w'’-]+|(?:{_TITLES}\s+){{0,3}}(?:[A-Z][\w'’-]+\s+){{0,3}}"
                        r"[A-Z][\w'’-]+)"
                        r"(?=\s*(?:$|[,.;]|\s(?:in|on|at|near|after|before|during|who|when|while|along|together|and|"
                        r"with|as|last|this|early|late)\b))")
_DEATH_OF = re.compile(r"\b(?:(?:led\s+to|leading\s+to|resulted\s+in|resulting\s+in|caused|causing)\s+the\s+deaths?|"
                       r"bodies)\s+of\s+", re.I)
_COMPANIONS = re.compile(r"[^.;]{0,120}?\b(?:along|together)\s+with\s+", re.I)
_COMPANION_NOUN = re.compile(r"\s+(?:of\s+(?:his|her|their)\s+)?(?:companions|guards|bodyguards|aides|associates|"
                             r"others|members|escorts|relatives|colleagues|sons|family\s+members|comrades)\b", re.I)
_WHO_KILLED = re.compile(r"\b(?P<np>an?\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+(?:who|that)\s+(?:was|had\s+been|has\s+been)"
                         r"\s+killed\b", re.I)
_A_KILLED = re.compile(rf"(?:^|[,;]\s*|\b(?:and|but|when|after)\s+)(?P<np>(?:An?|an?)\s+(?:(?!{_NOT_VICTIM})[\w'’-]+\s+)"
                       rf"{{0,3}}?(?!{_NOT_VICTIM})[\w'’-]+)\s+(?:was|has\s+been|had\s+been)\s+(?:also\s+)?"
                       rf"(?P<verb>killed|wounded|injured|hurt)\b")
_NAME_KILLED = re.compile(r"(?:^|[,;]\s*)(?P<np>(?:[A-Z][\w'’-]+\s+){1,4})(?:was|has\s+been|had\s+been)\s+killed\b")
_TOLL_RISE = re.compile(r"\btoll\b[^.;]{0,40}?\b(?:likely|expected|feared|could|may)\s+(?:to\s+)?(?:rise|increase|"
                        r"climb|grow)", re.I)
_MATERIAL = re.compile(r"\bmaterial\s+(?:damage|losses)", re.I)
_PRELIMINARY = re.compile(r"\b(?:preliminary|initial)\s+(?:balance|toll|count|tally|figures?|death\s+toll|report|"
                          r"assessment)", re.I)
_BAD_VICTIMS = re.compile(rf"\b(?:the|a|an|of|his|her|their|its)\s*$|\d|\b(?:{_KILL}|{_WOUND}|injuries|casualties)\b", re.I)
_GATE = ("kill", "dead", "died", "dies", "death", "wound", "injur", "hurt", "casualt", "victim", "bodies", "lives",
         "toll", "harm", "fatal", "material", "slain", "perish", "martyr")
_MODAL_BEFORE = re.compile(r"\b(?:to|could|would|might|may|threaten\w*)\s+$", re.I)
_NOT_COUNT = re.compile(r"\b(?:no|not|any)\s+$", re.I)
_EARLIER = re.compile(r"\b(?:earlier|previous|initial|old|first)\s+(?:death\s+)?toll\b", re.I)
_NO_BEFORE = re.compile(r"\b(?:no|without|any)\s+(?:\w+\s+)?$", re.I)
_NAME_END = re.compile(r",?\s+(?:along|together)\s+with\b|\s+and\s+(?:injur|wound)|[.;]|$")
_WOUND_VERB = re.compile(r"wound|injur|hurt", re.I)
_SPACE_RUN = re.compile(r"\s+")
_OF_THEM = re.compile(r"^(?:of\s+(?:the|them|those|my|our|his|her|their|its)\s*)")
_MORE = re.compile(r"^(?:more|other|others|people\s+and)\s+(?=\w)")
_COMMA = re.compile(r",\s*")
_BOTH_WHAT, _KILLED_WHAT = re.compile(r"casualties|victims|harm"), re.compile(r"death|fatal|dead|killed|loss")
_NOT_ONE = re.compile(r"an?\s+(?:number|total|few|handful)\b", re.I)
_NP_CUT = re.compile(r"\s+(?:according|said|in|on)\b")
_OF_AFTER = re.compile(r"\s+of\b")


_KILLED = ("killed", "wounded", "injured", "hurt")
_GATES: dict[re.Pattern[str], tuple[str, ...]] = {  # every match of the pattern holds one of these words (folded)
    _UNCERTAIN[0][0]: ("word", "report", "information", "details", "news", "indication", "confirmation", "figure"),
    _UNCERTAIN[1][0]: ("confirm", "disclose", "report", "give", "provide", "release", "reveal"),
    _UNCERTAIN[2][0]: ("clear", "known"), _ZEROS[0]: ("lead", "result", "cause"), _ZEROS[2]: ("without",),
    _ZEROS[1]: ("casualties", "deaths", "injuries", "fatalities", "victims", "dead", "wounded", "injured", "harm", "loss"),
    _ZEROS[3]: _KILLED + ("harmed",), _ACTIVE: ("kill", "wound", "injur", "lives"), _DEATH_OF: ("death", "bodies"),
    _TOLL: ("toll", "number"), _A_KILLED: _KILLED, _WHO_KILLED: ("killed",), _NAME_KILLED: ("killed",),
    _AMONG[0]: ("among",), _AMONG[1]: ("among",), _AMONG[2]: ("among",), _MATERIAL: ("material",),
    _VAGUE: ("injuries", "casualties", "victims", "deaths", "fatalities"),
}
_GATE_OF = {id(rx): words for rx, words in _GATES.items()}  # by id: hashing a compiled pattern hashes all its code


def _field(verb: str) -> str:
    return "wounded" if _WOUND_VERB.match(verb) else "killed"


def _victims(raw: str) -> str | None:
    v = _OF_THEM.sub("", _SPACE_RUN.sub(" ", raw).strip(" ,"))
    v = _MORE.sub("", v)
    return None if v.lower() in ("", "others", "other", "more", "of them", "each") else v


def _count(field: str, q: Quantity, start: int, end: int, victims: str | None, pre: bool) -> ClaimDraft:
    value = None if q.value is None else str(q.value)
    qualifier = q.qualifier or ("preliminary" if pre else None)
    extra = (("preliminary", "yes"),) if pre and q.qualifier else ()
    return ClaimDraft(field, value, None if q.value is None else float(q.value), qualifier, "", "asserts", start, end,
                      victims, None, extra)


def _note(text: str, start: int, end: int) -> ClaimDraft:
    return ClaimDraft("note", text, None, None, "", "asserts", start, end)


def _plain(field: str, value: int | None, qualifier: str | None, start: int, end: int) -> ClaimDraft:
    return ClaimDraft(field, None if value is None else str(value), None if value is None else float(value),
                      qualifier, "", "asserts", start, end)


def _named(np: str) -> str:
    parts = [p.strip() for p in _COMMA.split(np.strip(" ,")) if p.strip()]
    return ", ".join(parts[:2])


@dataclass
class _Scan:
    """Working state while one sentence is scanned: findings, numbers already used, spans no zero may claim."""

    text: str
    quants: list[Quantity]
    pre: bool  # "according to a preliminary toll"
    out: list[ClaimDraft] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    low: str = ""  # fold(text), for the gates

    def at(self, pos: int) -> Quantity | None:
        return next((q for q in self.quants if q.char_start == pos), None)

    def found(self, rx: re.Pattern[str]) -> Iterator[re.Match[str]] | tuple[()]:
        """rx.finditer(text), or nothing when the sentence lacks every gate word of rx."""
        return rx.finditer(self.text) if has(self.low, _GATE_OF[id(rx)]) else ()


def find_casualties(text: str) -> list[ClaimDraft]:
    """All casualty claims and casualty notes of one sentence (offsets relative to the sentence)."""
    if not mentions(text, _GATE):
        return []
    low = fold(text)
    scan = _Scan(text, find_quantities(text), has(low, ("preliminary", "initial")) and bool(_PRELIMINARY.search(text)),
                 low=low)
    for step in (_unknowns_and_zeros, _active_counts, _deaths_of, _tolls, _passive_counts, _singles_and_names,
                 _vague_and_notes):
        step(scan)
    return scan.out


def _unknowns_and_zeros(scan: _Scan) -> None:
    """ "no word of casualties" is a note and blocks the zero patterns; "no one was killed" is a zero."""
    text = scan.text
    for rx, note in _UNCERTAIN:
        for m in scan.found(rx):
            scan.out.append(_note(note, m.start(), m.end()))
            scan.blocked.append(m.span())
    for m in (m for rx in _ZEROS for m in scan.found(rx)):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in scan.blocked):
            continue
        what = m.group("what").lower()
        fields = (("killed", "wounded") if _BOTH_WHAT.match(what)
                  else ("killed",) if _KILLED_WHAT.match(what) else ("wounded",))
        victims = m.groupdict().get("victims") or m.groupdict().get("v2")
        scan.out.extend(replace(_plain(f, 0, None, m.start(), m.end()), victims=victims) for f in fields)
        scan.blocked.append(m.span())


def _active_counts(scan: _Scan) -> None:
    """ "killing two fighters", "injured four US personnel"; "killed a commander" is a named victim."""
    text = scan.text
    for m in scan.found(_ACTIVE):
        if _MODAL_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        q, field_ = scan.at(m.end()), _field(m.group("verb"))
        if q is not None:
            v = _AFTER_VICTIMS.match(text, q.char_end)
            if not _UNITS.match(v.group("victims").strip()):
                scan.used.add(q.char_start)
                scan.out.append(_count(field_, q, m.start(), v.end(), _victims(v.group("victims")), scan.pre))
        elif field_ == "killed" and m.group("verb").lower().startswith("kill"):
            n = _NAMED_OBJ.match(text, m.end())
            if n and n.group("np").split()[0].lower() not in ("them", "him", "her", "it", "us"):
                _named_dead(scan, n.group("np"), n.start(), n.end())


def _deaths_of(scan: _Scan) -> None:
    """ "led to the death of the leader …, along with one of his companions", "the bodies of seven fighters"."""
    text = scan.text
    for m in scan.found(_DEATH_OF):
        q = scan.at(m.end())
        if q is not None:
            scan.used.add(q.char_start)
            v = _AFTER_VICTIMS.match(text, q.char_end)
            scan.out.append(_count("killed", q, m.start(), v.end(), _victims(v.group("victims")), scan.pre))
        elif not m.group(0).lower().startswith("bodies"):
            end = _NAME_END.search(text, m.end()).start()
            _named_dead(scan, text[m.end():end], m.end(), end)


def _tolls(scan: _Scan) -> None:
    """ "the death toll rose to 7", "put the toll at three dead", "the number of wounded rose to 30"."""
    for m in scan.found(_TOLL):
        q = scan.at(m.end())
        if q is not None and q.value is not None:
            scan.used.add(q.char_start)
            end = _AFTER_DEAD.match(scan.text, q.char_end).end()
            found = _count(_field(m.group("what") or "killed"), q, q.char_start, end, None, scan.pre)
            if _EARLIER.search(scan.text, max(0, m.start() - 30), m.start() + 6):  # "revising an earlier toll of three"
                found = replace(found, extra=found.extra + (("superseded", "yes"),))
            scan.out.append(found)


def _passive_counts(scan: _Scan) -> None:
    """ "One was killed and six were wounded", "eight wounded", "14 bodies were recovered", "40 deaths"."""
    text = scan.text
    for q in scan.quants:
        if q.char_start in scan.used or _NOT_COUNT.search(text, max(0, q.char_start - 12), q.char_start):
            continue
        m = _PASSIVE.match(text, q.char_end)
        if m and not _UNITS.match(m.group("victims").strip()) and not _BAD_VICTIMS.search(m.group("victims")):
            scan.out.append(_count(_field(m.group("verb")), q, q.char_start, m.end(), _victims(m.group("victims")),
                                   scan.pre))
        elif b := _BODIES.match(text, q.char_end):
            scan.out.append(_count("killed", q, q.char_start, b.end(), None, scan.pre))
        elif d := _DEATHS.match(text, q.char_end):
            if d.group("what").lower() == "casualties":  # killed and wounded together: not a figure for either
                scan.out.append(_note(f"casualties: {q.value if q.value is not None else q.qualifier}",
                                      q.char_start, d.end()))
            else:
                scan.out.append(_count("killed", q, q.char_start, d.end(), None, scan.pre))


def _singles_and_names(scan: _Scan) -> None:
    """ "A soldier was killed" counts one; "a fighter who was killed", "Abu X was killed", "among the dead" are notes."""
    text = scan.text
    for m in scan.found(_A_KILLED):
        if not _NOT_ONE.match(m.group("np")):
            q = Quantity(1, None, m.group("np"), m.start("np"), m.end("np"))
            scan.out.append(_count(_field(m.group("verb")), q, m.start("np"), m.end(), _victims(m.group("np")[2:]),
                                   scan.pre))
    for m in (m for rx in (_WHO_KILLED, _NAME_KILLED) for m in scan.found(rx)):
        np = m.group("np").strip()
        if scan.at(m.start("np")) is None and np.split()[0] not in ("The", "It", "He"):
            scan.out.append(_note(f"killed: {np}", m.start("np"), m.end()))
    for m in (m for rx in _AMONG for m in scan.found(rx)):
        np = _NP_CUT.split(m.group("np"))[0].strip()
        scan.out.append(_note(f"among the dead: {np}", m.start(), m.end()))


def _vague_and_notes(scan: _Scan) -> None:
    """ "caused injuries" (no figure), "caused victims" (casualties, no figure), toll likely to rise, damage."""
    text = scan.text
    for m in scan.found(_VAGUE):
        if any(s <= m.start("what") < e for s, e in scan.blocked) or _OF_AFTER.match(text[m.end():]):
            continue
        what = m.group("what").lower()
        if what == "injuries":
            scan.out.append(_plain("wounded", None, "unspecified", m.start(), m.end()))
        elif what in ("deaths", "fatalities"):
            scan.out.append(_plain("killed", None, "unspecified", m.start(), m.end()))
        else:
            scan.out.append(_note("casualties reported, no figure", m.start(), m.end()))
    if "toll" in scan.low and (m := _TOLL_RISE.search(text)):
        scan.out.append(_note("toll likely to rise", m.start(), m.end()))
    m = next((m for m in scan.found(_MATERIAL) if not _NO_BEFORE.search(text, max(0, m.start() - 25), m.start())),
             None)
    if m:
        scan.out.append(_note("material damage", m.start(), m.end()))


def _named_dead(scan: _Scan, np: str, start: int, end: int) -> None:
    """A named victim: a note; with "along with N of his companions" also a count of N+1."""
    scan.out.append(_note(f"killed: {_named(np)}", start, end))
    c = _COMPANIONS.match(scan.text, end)
    q = scan.at(c.end()) if c else None
    noun = _COMPANION_NOUN.match(scan.text, q.char_end) if q is not None and q.value is not None else None
    if q is not None and q.value is not None and noun:
        scan.used.add(q.char_start)
        total = Quantity(q.value + 1, q.qualifier, q.text, q.char_start, q.char_end)
        scan.out.append(_count("killed", total, start, noun.end(), None, False))
