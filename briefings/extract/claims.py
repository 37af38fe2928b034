"""All claims of one sentence, each with its holder: the extractors find what is claimed, the attributions say who
claims it. The quote span of every claim is the whole sentence.

Extractor findings are ClaimDrafts with sentence-relative offsets where the finding sits, and:
- holder "" → the holder of the innermost attribution covering the finding, else "outlet";
- holder "X" → X makes the claim itself ("The US blamed …"); "X (per Y)" when Y reports it;
- extra "fallback_holder" → holder used only when no attribution covers the finding (Israel denied …);
- extra "value_from_holder" → the value is that holder ("X said it had nothing to do with the attack");
- extra "needs_attribution" → dropped unless someone is quoted (existential statements).
"""
from __future__ import annotations

import re

from briefings.extract import cues
from briefings.extract.holders import PERSON_HEADS, Attribution, HolderMemory, find_attributions, head_noun
from briefings.extract.types import ClaimDraft, Sentence

_GENERIC_ACTOR = frozenset({"group", "faction", "militia", "movement", "organisation", "organization", "armed group"})
_INTERNAL = frozenset({"fallback_holder", "value_from_holder", "needs_attribution"})


_COUNTS = ("killed", "wounded")
_RELATIVE = re.compile(r"\b(?:which|that)\s+(?:had\s+|has\s+|have\s+)?$")
_KILL_VERB = re.compile(r"(?:kill|wound|injur|claimed\s+the|execut|massacr|murder)", re.I)
_SUFFIX = re.compile(r"\s+\((?:statement|per [^)]*)\)$")
_SPEAKER_OF = re.compile(r"(?i)^(?:an?\s+|the\s+)?(?:senior\s+)?(?:spokes(?:man|woman|person)|representative|official|"
                         r"officials|leader|head|commander)\s+(?:for|of)\s+(?:the\s+)?(?P<org>.+)$")


def speaker_organisation(holder: str) -> str:
    """The organisation a speaker stands for: "a spokesman for the faction (statement)" → "faction"."""
    while (m := _SUFFIX.search(holder)) is not None:
        holder = holder[:m.start()]
    m = _SPEAKER_OF.match(holder)
    return m.group("org") if m else holder


def _covering(atts: list[Attribution], pos: int) -> tuple[Attribution | None, Attribution | None]:
    """Innermost attribution whose clause holds `pos` (forward ones win ties), and the next one out."""
    cands = sorted((a for a in atts if a.char_start <= pos < a.char_end),
                   key=lambda a: (a.char_end - a.char_start, not a.forward))
    return (cands[0] if cands else None), (cands[1] if len(cands) > 1 else None)


def _holder(found: ClaimDraft, inner: Attribution | None, outer: Attribution | None,
            extra: dict[str, str]) -> tuple[str | None, str | None]:
    """(holder, who reports the holder's words) of one finding; holder None drops the finding."""
    if found.holder:
        if inner is None or inner.holder == found.holder or inner.holder.startswith(found.holder + " ("):
            return found.holder, None
        return f"{found.holder} (per {inner.holder})", inner.holder
    if inner is not None:
        return (inner.holder, None) if outer is None else (f"{inner.holder} (per {outer.holder})", outer.holder)
    if "fallback_holder" in extra:
        return extra["fallback_holder"], None
    return (None if "needs_attribution" in extra else "outlet"), None


def extract_claims(sentence: Sentence, memory: HolderMemory) -> list[ClaimDraft]:
    """Every claim in one sentence, attributed; duplicates (same field, value, stance, holder) collapse."""
    text = sentence.text
    found = cues.FILTER.find_all(text)  # every finder whose cues occur in the sentence
    if not found:  # no claim here needs a holder; a later sentence's may still refer back to one named here
        memory.wait(sentence)
        return []
    atts = find_attributions(sentence, memory)
    out: list[ClaimDraft] = []
    seen: set[tuple] = set()
    for f in found:
        inner, outer = _covering(atts, sentence.start + f.char_start)
        if inner is not None and f.field in _COUNTS and _RELATIVE.search(text, max(0, f.char_start - 16), f.char_start) \
                and _KILL_VERB.match(text, f.char_start):
            inner = outer = None  # "X said it carried out bombings which killed 84": the report's figure, not X's
        extra = dict(f.extra)
        holder, via = _holder(f, inner, outer, extra)
        value = f.value
        if "value_from_holder" in extra:  # "organisation": only when the speaker is one ("the army said it struck")
            value = speaker_organisation(inner.holder) if inner is not None else None
            if extra["value_from_holder"] == "organisation" and value and head_noun(value) in PERSON_HEADS:
                value = None
        if holder is None or value is None and f.qualifier is None:
            continue
        if via:
            extra["via"] = via
        if sentence.heading:
            extra["heading"] = "yes"
        if f.field in ("perpetrator", "denial") and memory.actors:  # "The group denied any involvement."
            if (value or "").lower() in _GENERIC_ACTOR:
                extra["as_written"], value = value or "", memory.actors[-1]
            if holder.lower() in _GENERIC_ACTOR:
                holder = memory.actors[-1]
        if f.field == "perpetrator" and value and value != "unknown" and value.lower() not in _GENERIC_ACTOR:
            memory.actors.append(value)
        key = (f.field, (value or "").lower(), f.qualifier, f.stance, holder, f.victims)
        if key in seen:
            continue
        seen.add(key)
        out.append(ClaimDraft(f.field, value, f.value_num, f.qualifier, holder, f.stance, sentence.start, sentence.end,
                              f.victims, f.reference, tuple((k, v) for k, v in extra.items() if k not in _INTERNAL)))
    return out
