"""Distances from a named reference: "50 km (30 miles) south of Baghdad", "about 80 kilometers south of the Iraqi
capital", "30 miles north of Mosul" (→ 48 km). Only when a reference follows "of"/"from"."""
from __future__ import annotations

import re

from briefings.extract.numbers import NUMBER, QUALIFIER, mentions, parse_number
from briefings.extract.types import ClaimDraft

KM_PER_MILE = 1.609344
_GATE = ("km", "kilomet", "mile")  # no distance without one (also read by the sentence pre-filter, extract/cues.py)
_DIRECTION = (r"(?:(?:to\s+the\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|from|outside(?:\s+of)?|"
              r"away\s+from|(?:north|south|east|west)(?:-?(?:east|west))?\s+from|off|short\s+of)")
_DISTANCE = re.compile(
    rf"(?<![\w-])(?:(?P<q>{QUALIFIER})\s+)?(?P<n>\d+(?:\.\d+)?|{NUMBER})\s*-?\s*(?P<unit>km|kms|kilomet(?:er|re)s?|"
    rf"miles?|mi)\b\.?(?:\s*\((?P<alt>[^)]{{1,40}})\))?\s+{_DIRECTION}\s+(?P<ref>[^,;.()]+)", re.I)
_UNIT_GATE = re.compile(r"\d\s*-?\s*(?:km|kilomet|mi)|(?:km|kilomet\w*|miles?)\s+(?:\(|to|north|south|east|west|from|"
                        r"outside|away|off|short)", re.I)
_PLAIN_NUMBER, _LETTER, _SPACE_RUN = re.compile(r"\d+(?:\.\d+)?"), re.compile(r"[A-Za-z]"), re.compile(r"\s+")
_REF_CUT = re.compile(r"\s+(?:on|in|near|and|where|which|who|at|after|when|to|with|during|before|since|while|as|"
                      r"according|but|that)\b.*$", re.I)


def _number(raw: str) -> float | None:
    if _PLAIN_NUMBER.fullmatch(raw):
        return float(raw)
    value = parse_number(raw)
    return None if value is None else float(value)


def find_distances(text: str) -> list[ClaimDraft]:
    """Distance claims (field distance_km) with the reference as written; offsets relative to the sentence."""
    out: list[ClaimDraft] = []
    if not mentions(text, _GATE) or not _UNIT_GATE.search(text):
        return out
    for m in _DISTANCE.finditer(text):
        n = _number(m.group("n"))
        ref = " ".join(_REF_CUT.sub("", m.group("ref")).split()[:6]).strip(" ,")
        if n is None or not ref or not _LETTER.search(ref):
            continue
        extra: tuple[tuple[str, str], ...] = ()
        km = n
        if m.group("unit").lower().startswith("mi"):
            km = float(round(n * KM_PER_MILE))
            extra = (("miles", f"{n:g}"),)
        qualifier = _SPACE_RUN.sub(" ", m.group("q").lower()) if m.group("q") else None
        out.append(ClaimDraft("distance_km", f"{km:g}", km, qualifier, "", "asserts", m.start(), m.end(),
                              reference=ref, extra=extra))
    return out
