"""Casualty claims in one sentence: killed/wounded figures with qualifier and victim group, zeros ("no one was
killed"), vague amounts ("several were injured"), named dead (a note, not a count) and "no word of casualties"
(a note, never a zero).

Findings are ClaimDrafts with offsets relative to the sentence and holder "" (claims.py assigns holders).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace

from briefings.extract.counts import Scan, casualties_note, count, field_of, note, plain, relabel, victims_of
from briefings.extract.nominal import GATES as NOMINAL_GATES
from briefings.extract.nominal import nominal_counts
from briefings.extract.numbers import QUANTITY, find_quantities, fold, lowered, mentions
from briefings.extract.required import Gate, passes, required, stems
from briefings.extract.types import ClaimDraft, Quantity
from briefings.extract.zeros import UNCERTAIN as _UNCERTAIN
from briefings.extract.scope import rescope
from briefings.extract.stems import Stems
from briefings.extract.zeros import ZEROS as _ZEROS

_KILL = (r"killed|dead|died|slain|perished|martyred|executed|massacred|murdered|shot\s+dead|gunned\s+down|"
         r"lost\s+(?:their|his|her)\s+li(?:ves|fe)")
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
                     r"executing|executed|massacring|massacred|murdering|murdered|(?:shooting|shot|gunning|gunned)\s+"
                     r"(?:dead|down)|(?:claimed|claiming|claims|took|taking|takes)\s+the\s+lives\s+of)\s+", re.I)
_AFTER_VICTIMS = re.compile(rf"(?P<victims>(?:\s+(?!{_NOT_VICTIM}|and\b)[\w'’-]+){{0,6}})")
_BODIES = re.compile(r"\s+bodies\s+(?:were|have\s+been|had\s+been)\s+(?:recovered|found|retrieved|pulled)", re.I)
_TOLL = re.compile(r"\b(?:(?:(?:death|casualty|fatality)\s+)?toll|number\s+of\s+(?:[\w-]+\s+){0,2}?(?P<what>killed|dead|"
                   r"deaths|fatalities|wounded|injured|injuries|casualties|victims)|(?:put|puts|putting|placed|places|gave|"
                   r"gives)\s+(?:the|their|its|that)\s+(?P<figure>figure|number|tally|count))\b[^.;:]{0,160}?\s(?:rose|"
                   r"risen|rises|climbed|climbs|reached|reaches|jumped|jumps|increased|increases|stood|stands|is|was|of|"
                   rf"at|to|hit|hits|totall?(?:ed|ing))\s+(?P<from>from\s+)?(?:to\s+|at\s+)?(?=(?:{QUANTITY}))", re.I)
_AND_WOUNDED = re.compile(r"\s+and\s+(?:the\s+)?(?:number\s+of\s+)?(?:wounded|injured)\s+(?:at|to)\s+", re.I)
_FROM_TO = re.compile(r"\s+to\s+", re.I)
_EITHER_BEFORE = re.compile(r"\b(?:killed|killing|kill|dead|died)\s+(?:or|and/or|and)\s+$", re.I)
_EITHER_AFTER = re.compile(r"\s+(?:or|and/or)\s+(?:were\s+|was\s+)?(?:injured|wounded|hurt|killed|dead)\b", re.I)
_AFTER_DEAD = re.compile(r"(?:\s+(?:people\s+)?(?:dead|killed))?")
_DEATHS = re.compile(r"\s+(?P<what>deaths?|fatalit(?:ies|y)|casualties|injuries|injury)\b", re.I)
_ASIDE = re.compile(r"\s*[—–]\s*[^—–.;:]{1,60}?\s*[—–]\s*")
_OTHERS_HURT = re.compile(r"\bothers?\b[^.;]{0,40}?\b(?:injur|wound|hurt)", re.I)
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
         "toll", "harm", "fatal", "material", "slain", "perish", "martyr", "execut", "massacr", "murder", "gunned",
         "number of", "figure at", "number at", "tally at", "count at", "lost their", "lost his", "lost her")
_MODAL_BEFORE = re.compile(r"\b(?:to|could|would|might|may|threaten\w*)\s+$", re.I)
_NOT_COUNT = re.compile(r"\b(?:no|not|any)\s+$", re.I)
_EARLIER = re.compile(r"\b(?:earlier|previous|initial|old|first)\s+(?:death\s+)?toll\b", re.I)
_NO_BEFORE = re.compile(r"\b(?:no|without|any)\s+(?:\w+\s+)?$", re.I)
_NAME_END = re.compile(r",?\s+(?:along|together)\s+with\b|\s+and\s+(?:injur|wound)|[.;]|$")
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
    _ZEROS[3]: _KILLED + ("harmed",), _ACTIVE: ("kill", "wound", "injur", "lives", "execut", "massacr", "murder", "dead", "down"),
    _DEATH_OF: ("death", "bodies"), _TOLL: ("toll", "number", "figure", "tally", "count"), _A_KILLED: _KILLED, _WHO_KILLED: ("killed",), _NAME_KILLED: ("killed",),
    _AMONG[0]: ("among",), _AMONG[1]: ("among",), _AMONG[2]: ("among",), _MATERIAL: ("material",),
    _VAGUE: ("injuries", "casualties", "victims", "deaths", "fatalities"),
}
_GATE_OF = {id(rx): frozenset(words) for rx, words in _GATES.items()}  # by id: hashing a pattern hashes its code
# And the words read from each pattern itself (required.py), several of which a match needs together.
_NEEDS: dict[int, Gate] = {id(rx): required(rx) for rx in _GATES}
_PRE_GATE = ("preliminary", "initial")
_TWIN_OF = {id(rx): lowered(rx) for rx in (*(u[0] for u in _UNCERTAIN), *_ZEROS[:3], _ACTIVE, _DEATH_OF, _TOLL,
                                           _MATERIAL, _VAGUE)}  # read as spans and lower-cased groups only
_PLAN = {key: (gate, _NEEDS[key], _TWIN_OF.get(key)) for key, gate in _GATE_OF.items()}
#: Every gate stem the scan's steps test (here and in nominal.py): found once per sentence, each gate a set test.
STEMS = Stems({stem for words in (*_GATES.values(), *NOMINAL_GATES, _PRE_GATE) for stem in words}
              | stems(_NEEDS.values()))


def _named(np: str) -> str:
    parts = [p.strip() for p in _COMMA.split(np.strip(" ,")) if p.strip()]
    return ", ".join(parts[:2])


def _found(scan: Scan, rx: re.Pattern[str]) -> Iterator[re.Match[str]] | tuple[()]:
    """Scan.found with this module's gates, and also nothing when the sentence lacks a word rx needs. With the
    sentence's stems known (always, from find_casualties) the gates are tested here: one lookup per pattern."""
    gate, needs, twin = _PLAN[id(rx)]
    hits = scan.hits
    if hits is None:
        return scan.found(rx, gate, twin)
    if hits.isdisjoint(gate) or not passes(needs, hits):
        return ()
    return rx.finditer(scan.text) if twin is None or scan.ascii_low is None else twin.finditer(scan.ascii_low)


def find_casualties(text: str, hits: AbstractSet[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """All casualty claims and casualty notes of one sentence (offsets relative to the sentence). `hits`: the STEMS
    in the sentence, when the caller found them already (cues.py; more is harmless).
    `gated`: the caller found one of the stems of the first gate (cues.py): not tested again."""
    if not gated and not mentions(text, _GATE):
        return []
    low = fold(text)
    hits = STEMS.found(low) if hits is None else hits
    if "—" in text or "–" in text:  # "28 people—mostly tourists—were killed": the aside hides the verb
        text = _ASIDE.sub(lambda m: " " * len(m.group()), text)
    scan = Scan(text, find_quantities(text), not hits.isdisjoint(_PRE_GATE) and bool(_PRELIMINARY.search(text)),
                low=low, hits=hits, ascii_low=text.lower() if text.isascii() else None)  # asides blanked
    for step in (_unknowns_and_zeros, _active_counts, _deaths_of, _tolls, nominal_counts, _passive_counts,
                 _singles_and_names, _vague_and_notes):
        step(scan)
    return rescope(text, scan.out)


def _unknowns_and_zeros(scan: Scan) -> None:
    """ "no word of casualties" is a note and blocks the zero patterns; "no one was killed" is a zero."""
    for rx, label in _UNCERTAIN:
        for m in _found(scan, rx):
            scan.out.append(note(label, m.start(), m.end()))
            scan.blocked.append(m.span())
    for m in (m for rx in _ZEROS for m in _found(scan, rx)):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in scan.blocked):
            continue
        what = m.group("what").lower()
        fields = (("killed", "wounded") if _BOTH_WHAT.match(what)
                  else ("killed",) if _KILLED_WHAT.match(what) else ("wounded",))
        victims = m.groupdict().get("victims") or m.groupdict().get("v2")
        scan.out.extend(replace(plain(f, 0, None, m.start(), m.end()), victims=victims) for f in fields)
        scan.blocked.append(m.span())


def _active_counts(scan: Scan) -> None:
    """ "killing two fighters", "injured four US personnel"; "killed a commander" is a named victim."""
    text = scan.text
    for m in _found(scan, _ACTIVE):
        verb = m.group("verb").lower()
        if not verb.endswith(("ing", "ed", "s", "dead", "down")) and _MODAL_BEFORE.search(text, max(0, m.start() - 30),
                                                                                           m.start()):
            continue  # "threatened to kill", "could injure" (but "admitted to killing")
        q, field_ = scan.at(m.end()), field_of(verb)
        if q is not None and _EITHER_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            scan.take(q)  # "killing or injuring 30": a casualty total, neither field alone
            scan.out.append(note(f"casualties (killed or wounded): {q.value}", m.start(), q.char_end))
        elif q is not None:
            v = _AFTER_VICTIMS.match(text, q.char_end)
            if not _UNITS.match(v.group("victims").strip()):
                scan.used.add(q.char_start)
                scan.out.append(count(field_, q, m.start(), v.end(), victims_of(v.group("victims")), scan.pre))
        elif field_ == "killed" and verb.startswith("kill"):
            n = _NAMED_OBJ.match(text, m.end())
            np = n.group("np") if n else ""
            if (np[:2].lower() == "a " or np[:3].lower() == "an ") and not _NOT_ONE.match(np):  # "killed a member of"
                one = Quantity(1, None, np, n.start(), n.end())  # type: ignore[union-attr]
                scan.out.append(count("killed", one, m.start(), n.end(), victims_of(np.split(" ", 1)[1]), scan.pre))  # type: ignore[union-attr]
            if n and np.split()[0].lower() not in ("them", "him", "her", "it", "us"):
                _named_dead(scan, np, n.start(), n.end())


def _deaths_of(scan: Scan) -> None:
    """ "led to the death of the leader …, along with one of his companions", "the bodies of seven fighters"."""
    text = scan.text
    for m in _found(scan, _DEATH_OF):
        q = scan.at(m.end())
        if q is not None:
            scan.used.add(q.char_start)
            v = _AFTER_VICTIMS.match(text, q.char_end)
            scan.out.append(count("killed", q, m.start(), v.end(), victims_of(v.group("victims")), scan.pre))
        elif not m.group(0).lower().startswith("bodies"):
            end = _NAME_END.search(text, m.end()).start()
            _named_dead(scan, text[m.end():end], m.end(), end)


def _tolls(scan: Scan) -> None:
    """ "the death toll rose to 7", "put the toll at three dead", "the number of wounded rose to 30"."""
    for m in _found(scan, _TOLL):
        q = scan.at(m.end())
        if q is not None and m.group("from") and (to := _FROM_TO.match(scan.text, q.char_end)):
            scan.take(q)  # "increased from 30 to 35": 30 is superseded by the report itself
            scan.out.append(note(f"earlier figure: {q.value}", q.char_start, q.char_end))
            q = scan.at(to.end())
        if q is not None and q.value is not None:
            scan.used.add(q.char_start)
            end = _AFTER_DEAD.match(scan.text, q.char_end).end()
            what = (m.group("what") or "").lower()
            if what in ("casualties", "victims"):  # killed, or killed and wounded: the report decides (across.py)
                scan.out.append(casualties_note(q, q.char_start, end))
                continue
            if m.group("figure"):  # "… while others put the figure at 500": the field of the figure before it
                what = next((c.field for c in reversed(scan.out) if c.field in ("killed", "wounded")), "killed")
            found = count(field_of(what or "killed"), q, q.char_start, end, None, scan.pre)
            if found.field == "killed" and (w := _AND_WOUNDED.match(scan.text, end)) and (q2 := scan.at(w.end())):
                scan.take(q2)  # "put the dead at 8 and the wounded at 3"
                scan.out.append(count("wounded", q2, q2.char_start, q2.char_end, None, scan.pre))
            if _EARLIER.search(scan.text, max(0, m.start() - 30), m.start() + 6):  # "revising an earlier toll of three"
                found = relabel(found, "earlier figure")
            scan.out.append(found)


def _passive_counts(scan: Scan) -> None:
    """ "One was killed and six were wounded", "eight wounded", "14 bodies were recovered", "40 deaths"."""
    text = scan.text
    for q in scan.quants:
        if q.char_start in scan.used or _NOT_COUNT.search(text, max(0, q.char_start - 12), q.char_start):
            continue
        m = _PASSIVE.match(text, q.char_end)
        if m and not _UNITS.match(m.group("victims").strip()) and not _BAD_VICTIMS.search(m.group("victims")):
            if _EITHER_AFTER.match(text, m.end()):  # "nine were killed or injured": a casualty total
                scan.out.append(note(f"casualties (killed or wounded): {q.value}", q.char_start, m.end()))
                continue
            scan.out.append(count(field_of(m.group("verb")), q, q.char_start, m.end(), victims_of(m.group("victims")),
                                   scan.pre))
        elif b := _BODIES.match(text, q.char_end):
            scan.out.append(count("killed", q, q.char_start, b.end(), None, scan.pre))
        elif d := _DEATHS.match(text, q.char_end):
            what = d.group("what").lower()
            if what == "casualties" and _OTHERS_HURT.search(text, d.end()):  # "471 casualties, with 300 others injured"
                scan.out.append(count("killed", q, q.char_start, d.end(), None, scan.pre))
            elif what == "casualties":  # killed and wounded together, unless the report says otherwise (across.py)
                scan.out.append(casualties_note(q, q.char_start, d.end()))
            else:
                scan.out.append(count(field_of(what), q, q.char_start, d.end(), None, scan.pre))


def _singles_and_names(scan: Scan) -> None:
    """ "A soldier was killed" counts one; "a fighter who was killed", "Abu X was killed", "among the dead" are notes."""
    for m in _found(scan, _A_KILLED):
        if not _NOT_ONE.match(m.group("np")):
            q = Quantity(1, None, m.group("np"), m.start("np"), m.end("np"))
            scan.out.append(count(field_of(m.group("verb")), q, m.start("np"), m.end(), victims_of(m.group("np")[2:]),
                                   scan.pre))
    for m in (m for rx in (_WHO_KILLED, _NAME_KILLED) for m in _found(scan, rx)):
        np = m.group("np").strip()
        if scan.at(m.start("np")) is None and np.split()[0] not in ("The", "It", "He"):
            scan.out.append(note(f"killed: {np}", m.start("np"), m.end()))
    for m in (m for rx in _AMONG for m in _found(scan, rx)):
        np = _NP_CUT.split(m.group("np"))[0].strip()
        scan.out.append(note(f"among the dead: {np}", m.start(), m.end()))


def _vague_and_notes(scan: Scan) -> None:
    """ "caused injuries" (no figure), "caused victims" (casualties, no figure), toll likely to rise, damage."""
    text = scan.text
    for m in _found(scan, _VAGUE):
        if any(s <= m.start("what") < e for s, e in scan.blocked) or _OF_AFTER.match(text[m.end():]) \
                or any(m.start() <= q.char_start < m.start("what") for q in scan.quants):  # "resulting in 3 injuries"
            continue
        what = m.group("what").lower()
        if what == "injuries":
            scan.out.append(plain("wounded", None, "unspecified", m.start(), m.end()))
        elif what in ("deaths", "fatalities"):
            scan.out.append(plain("killed", None, "unspecified", m.start(), m.end()))
        else:
            scan.out.append(note("casualties reported, no figure", m.start(), m.end()))
    if "toll" in scan.low and (m := _TOLL_RISE.search(text)):
        scan.out.append(note("toll likely to rise", m.start(), m.end()))
    m = next((m for m in _found(scan, _MATERIAL) if not _NO_BEFORE.search(text, max(0, m.start() - 25), m.start())),
             None)
    if m:
        scan.out.append(note("material damage", m.start(), m.end()))


def _named_dead(scan: Scan, np: str, start: int, end: int) -> None:
    """A named victim: a note; with "along with N of his companions" also a count of N+1."""
    scan.out.append(note(f"killed: {_named(np)}", start, end))
    c = _COMPANIONS.match(scan.text, end)
    q = scan.at(c.end()) if c else None
    noun = _COMPANION_NOUN.match(scan.text, q.char_end) if q is not None and q.value is not None else None
    if q is not None and q.value is not None and noun:
        scan.used.add(q.char_start)
        total = Quantity(q.value + 1, q.qualifier, q.text, q.char_start, q.char_end)
        scan.out.append(count("killed", total, start, noun.end(), None, False))
