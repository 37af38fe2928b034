"""Free text (a DM, or a console line without a slash) → a command name and argument text.

The rules look for what a person asks for: help, sources, disputes, a digest, a list of incidents;
anything else is treated as an incident query with the question words taken off
("what happened at kalsu?" → /incident kalsu). Dates stay in the arguments: `dispatch` reads them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DmCommand:
    name: str
    args: str = ""


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE)


HELP = _rx(r"^(?:/?help|\?+|h|commands|usage|menu|hi|hello|hey|start)$",
           r"^(?:what|how)\s+(?:can|do|should)\s+(?:you|i)\s+(?:do|ask|use)\b",
           r"^how\s+does\s+(?:this|it|briefbot)\s+work", r"^what\s+(?:commands|can i ask)")
SLASH = re.compile(r"^/(\w+)\s*(.*)$", re.DOTALL)
SOURCES = tuple(re.compile(p, re.IGNORECASE) for p in (
              r"^(?:show\s+(?:me\s+)?|list\s+|give\s+me\s+|what\s+are\s+)?(?:the\s+)?(?:sources?|reports?|articles?|outlets?|coverage|links?)"
              r"\s+(?:for|on|about|of|behind|covering)\s+(?P<q>.+)$",
              r"^(?:who|which\s+outlets?|which\s+papers?|what\s+outlets?)\s+(?:has\s+|have\s+)?(?:reported|covered|wrote|written)\s+(?:on\s+|about\s+)?(?P<q>.+)$",
              r"^where\s+(?:did|do)\s+you\s+(?:read|hear|get\s+(?:it|that|this))\s+(?:about|on|for)\s+(?P<q>.+)$",
              r"^(?P<q>.+?)\s+(?:sources|reports|articles|coverage)$"))
DISPUTES = _rx(r"\bdisput\w*", r"\bdisagree\w*", r"\bcontested\b", r"\bconflicting\b", r"\bcontradict\w*",
               r"\bcontroversial\b", r"\bdon'?t\s+agree\b")
DIGEST = _rx(r"\bdigest\b", r"\bround-?up\b", r"\bcatch\s+me\s+up\b", r"\bwhat\s+did\s+i\s+miss\b", r"\bwhat'?s\s+new\b",
             r"\bwhats\s+new\b", r"^(?:daily\s+|the\s+)?(?:summary|briefing)$", r"\bsummar(?:y|ise|ize)\b.*\b(?:news|day|week|today)\b",
             r"^brief\s+me$")
INCIDENTS = _rx(r"\bincidents\b", r"\b(?:list|show)\s+(?:all\s+|the\s+|recent\s+)*(?:events|attacks|strikes)\b",
                r"\ball\s+(?:events|attacks|strikes)\b")
TIME = _rx(r"\bsince\s+.+$", r"\b(?:in|over|during|for|within)\s+the\s+(?:last|past)\s+.+$",
           r"\b(?:this|last|past)\s+(?:week|month|day|\d+\s+\w+)\b", r"\b(?:the\s+)?(?:last|past)\s+\d+\s*\w+\b",
           r"\btoday\b", r"\byesterday\b", r"\b\d+\s*[hdw]\b")
LEAD = _rx(r"^(?:so\s+|and\s+|ok(?:ay)?\s+|please\s+|hey\s+|hi\s+)+",
           r"^(?:what|what's|whats)\s+(?:happened|happens|is\s+happening|went\s+on|is\s+going\s+on|has\s+happened)"
           r"(?:\s+(?:at|in|near|around|on|to|with))?\s+",
           r"^(?:tell|show|give)\s+(?:me\s+)?(?:about|on|the\s+briefing\s+(?:for|on)|a\s+briefing\s+(?:for|on)|everything\s+about)?\s*",
           r"^(?:what|what's|whats)(?:\s+is)?\s+(?:do\s+we\s+know|is\s+known|the\s+(?:latest|news|story|situation))\s+(?:about|on|at|in|from)\s+",
           r"^(?:any\s+)?(?:news|updates?|info(?:rmation)?|details?|briefing|latest)\s+(?:on|about|from|for|at|in)\s+",
           r"^(?:brief\s+me|fill\s+me\s+in|update\s+me)\s+(?:on|about)\s+",
           r"^(?:who\s+(?:was|is|were)\s+(?:behind|responsible\s+for)|who\s+did|what\s+about)\s+",
           r"^how\s+many\s+(?:people\s+)?(?:were\s+|got\s+)?(?:killed|died|dead|wounded|injured|casualties)\s+(?:at|in|near|on)\s+",
           r"^(?:was\s+anyone|were\s+people|was\s+anybody)\s+(?:killed|hurt|wounded|injured)\s+(?:at|in|near|on)\s+",
           r"^(?:incident|/incident)\s+", r"^the\s+")
ABOUT = re.compile(r"\b(?:at|in|about|over|on|for|regarding|around)\s+(?P<q>.+)$", re.IGNORECASE)
TRAIL = re.compile(r"[\s?!.,;:]+$")


def _time_phrase(text: str) -> str:
    match = TIME.search(text)
    return match.group(0).strip() if match else ""


def _strip_lead(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, LEAD.sub("", text, count=1).strip()
    return text


def parse_dm(text: str) -> DmCommand | None:
    """The command a free-text message asks for; None when the message is blank."""
    text = " ".join(text.split())
    if text and set(text) <= {"?"}:
        return DmCommand("help")
    text = TRAIL.sub("", text)
    if not text:
        return None
    if match := SLASH.match(text):
        return DmCommand(match[1].lower(), match[2].strip())
    if HELP.search(text):
        return DmCommand("help")
    if match := next((m for m in (p.search(text) for p in SOURCES) if m), None):
        return DmCommand("sources", _strip_lead(TRAIL.sub("", match["q"])))
    if DISPUTES.search(text):
        when = _time_phrase(text)
        about = ABOUT.search(text.replace(when, "").strip()) if when else ABOUT.search(text)
        if about:  # "were the figures disputed at qaim?" asks about one incident
            return DmCommand("incident", _strip_lead(TRAIL.sub("", about["q"])))
        return DmCommand("disputes", when)
    if DIGEST.search(text):
        return DmCommand("digest", _time_phrase(text))
    when = _time_phrase(text)
    if INCIDENTS.search(text):
        return DmCommand("incidents", when)
    query = _strip_lead(text)
    if when and not _strip_lead(query.replace(when, "").strip()) and not re.search(r"\d{4}", when):
        return DmCommand("incidents", when)  # "what happened yesterday?": no place, only a time
    return DmCommand("incident", query or text)
