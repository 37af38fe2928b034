"""All claims of one sentence in a language read from data (never the English rules): casualty figures with their
holders, responsibility claims, blame and denials, as ClaimDrafts like the English side's (briefings/extract/claims.py).
The quote span of every claim is the whole sentence, in its original language."""
from __future__ import annotations

from typing import Literal

from briefings.extract.lang.casualties import find_casualties
from briefings.extract.lang.places import find_distances
from briefings.extract.lang.rules import LangRules
from briefings.extract.lang.speakers import find_acts, find_holders, nearest
from briefings.extract.types import ClaimDraft, Sentence


def extract_foreign_claims(sentence: Sentence, rules: LangRules) -> list[ClaimDraft]:
    text = sentence.text
    holders = find_holders(text, rules)
    lang = (("language", rules.code),)
    heading = (("heading", "yes"),) if sentence.heading else ()
    out: list[ClaimDraft] = []
    preliminary = rules.preliminary.search(text) is not None  # "según cifras preliminares": as the English side marks
    for c in find_casualties(text, rules):
        value: str | None
        if c.field == "missing":
            field, value, num = "note", f"{c.figure.value} missing" if c.figure.value else "missing", None
        else:
            field, value = c.field, str(c.figure.value) if c.figure.value is not None else None
            num = float(c.figure.value) if c.figure.value is not None else None
        holder = nearest(holders, c.figure.start) or "outlet"
        qualifier = c.figure.qualifier or ("preliminary" if preliminary else None)
        pre = (("preliminary", "yes"),) if preliminary and c.figure.qualifier else ()
        out.append(ClaimDraft(field, value, num, qualifier, holder, "asserts", sentence.start, sentence.end,
                              c.victims, None, lang + heading + pre))
    for act in find_acts(text, rules):
        holder = act.holder or nearest(holders, act.start) or "outlet"
        stance: Literal["asserts", "denies"] = "denies" if act.kind == "denial" else "asserts"
        extra = lang + heading + ((("denial", "involvement"),) if act.kind == "denial" else ())
        out.append(ClaimDraft(act.kind, act.value, None, None, holder, stance, sentence.start, sentence.end,
                              None, None, extra))
    for km, qualifier, ref, pos in find_distances(text, rules):  # "à 80 km au sud de Bagdad"
        out.append(ClaimDraft("distance_km", f"{km:g}", km, qualifier, nearest(holders, pos) or "outlet", "asserts",
                              sentence.start, sentence.end, None, ref, lang + heading))
    names = rules.weapon_names
    about_attack = any(" ".join(m.group(0).lower().split()) not in names for m in rules.events.finditer(text))
    if out or about_attack:  # the means, in a sentence about the attack (not only naming a weapon), its toll
        # or who did it
        for m in rules.weapons.finditer(text):
            written = " ".join(m.group(0).lower().split())
            value = names.get(written) or next((v for k, v in names.items() if written.endswith(k)), None)
            if value:
                holder = nearest(holders, m.start()) or "outlet"
                out.append(ClaimDraft("weapon", value, None, None, holder, "asserts", sentence.start, sentence.end,
                                      None, None, lang + heading + (("as_written", m.group(0)),)))
    return out
