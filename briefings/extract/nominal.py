"""Casualty figures written as nouns and periphrases rather than verbs: "injuries to seven others", "with six
others sustaining injuries", "the deaths of 80 people", "the massacre of 300 civilians", "executions that targeted
up to 300 people", "casualties totalling 85".

Runs on the sentence scan after the verb forms (casualties.py), on the numbers they left unused.
"""
from __future__ import annotations

import re

from briefings.extract.counts import Scan, casualties_note, count, victims_of

_INJURIES_TO = re.compile(r"\binjur(?:ies|y)\s+to\s+", re.I)
_SUSTAINING = re.compile(r"(?P<victims>(?:\s+(?!were\b|was\b|have\b|had\b)[\w'’-]+){0,3}?)\s+(?:(?:have|has|had|were|was)\s+)?"
                         r"(?:sustain|suffer|receiv|incurr?)(?:ed|ing|s)?\s+(?:[\w-]+\s+){0,2}?(?:injuries|wounds|burns)\b",
                         re.I)
_DEATHS_OF = re.compile(r"\bthe\s+(?:deaths?|killings?|massacre|murders?|executions?)\s+of\s+|"
                        r"\b(?:executions?|massacres?|killings?)\s+(?:that|which)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:targeted|claimed|killed)\s+(?:the\s+lives\s+of\s+)?", re.I)
_CLAIMING = re.compile(r"\b(?:claim(?:ed|ing|s)?|cost|costing|costs)\s+(?:the\s+)?", re.I)
_LIVES = re.compile(r"\s+(?:[\w-]+\s+)?lives\b", re.I)
_TOTALLING = re.compile(r"\bcasualties\b[^.;:]{0,80}?\btotall?(?:ing|ed)\s+", re.I)
_AFTER = re.compile(r"(?P<victims>(?:\s+(?!and\b|in\b|on\b|at\b|after\b|when\b|according\b|was\b|were\b|is\b|are\b|"
                    r"has\b|have\b|had\b|will\b|would\b|shocked\b|sparked\b|prompted\b|drew\b|caused\b|led\b|"
                    r"triggered\b|outraged\b|outside\b|near\b|inside\b|by\b|during\b|from\b|with\b)[\w'’-]+){0,4})")
# The gate of each pattern below (casualties.STEMS holds them all: a gate tested with scan.found is listed here).
GATES = (("injur",), ("sustain", "suffer", "receiv", "incur"), ("death", "killing", "massacr", "murder", "execution"),
          ("casualties",), ("lives",))


def nominal_counts(scan: Scan) -> None:
    """Add the noun-phrase casualty figures of the sentence to the scan."""
    text = scan.text
    for m in scan.found(_INJURIES_TO, GATES[0]):
        q = scan.at(m.end())
        if q is not None and q.char_start not in scan.used:
            scan.take(q)
            v = _AFTER.match(text, q.char_end)
            scan.out.append(count("wounded", q, m.start(), v.end(), victims_of(v.group("victims")), scan.pre))
    if any(g in scan.low for g in GATES[1]):
        for q in scan.quants:
            if q.char_start in scan.used or q.value is None and q.qualifier is None:
                continue
            s = _SUSTAINING.match(text, q.char_end)
            if s:
                scan.take(q)
                scan.out.append(count("wounded", q, q.char_start, s.end(), victims_of(s.group("victims")), scan.pre))
    for m in scan.found(_DEATHS_OF, GATES[2]):
        q = scan.at(m.end())
        if q is not None and q.char_start not in scan.used:
            scan.take(q)
            v = _AFTER.match(text, q.char_end)
            scan.out.append(count("killed", q, m.start(), v.end(), victims_of(v.group("victims")), scan.pre))
    for m in scan.found(_CLAIMING, GATES[4]):  # "has claimed over 30,000 lives", "cost 12 civilian lives"
        q = scan.at(m.end())
        if q is not None and q.char_start not in scan.used and (lives := _LIVES.match(text, q.char_end)):
            scan.take(q)
            scan.out.append(count("killed", q, m.start(), lives.end(), None, scan.pre))
    for m in scan.found(_TOTALLING, GATES[3]):
        q = scan.at(m.end())
        if q is not None and q.char_start not in scan.used and q.value is not None:
            scan.take(q)  # killed, or killed and wounded: the report decides (across.py)
            scan.out.append(casualties_note(q, m.start(), q.char_end))
